package api_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
)

// BenchmarkWritesWithSubscribers measures POST /api/v1/acts (comments signed beforehand, as in
// BenchmarkAPISignedWrites) at a fixed rate, open loop, with 0 and with 1,000 clients following
// GET /api/v1/events, each reading every event as it comes (in the same process, on the same
// cores). Issue 17 asks that the write p99 with 1,000 streams stay under twice the p99 without:
// the streams share one reader of the log (engine.Feed). See docs/benchmarks.md.
func BenchmarkWritesWithSubscribers(b *testing.B) {
	f := streamsFixture(b)
	for _, rate := range []float64{100, 500} {
		for _, n := range []int{0, 1000} {
			b.Run(fmt.Sprintf("rate=%g/subscribers=%d", rate, n), func(b *testing.B) {
				b.StopTimer()
				stop := subscribe(b, f, n)
				defer stop()
				writes := signedWrites(f, b.N)
				b.StartTimer()
				load(b, f, rate, writes)
			})
		}
	}
}

var (
	streamsOnce    sync.Once
	streamsBench   *benchFixture
	streamsErr     error
	streamsCleanup func()
)

// streamsFixture returns a server over a small record (100 member States, a proposal), built
// once per process (TestMain removes it), with the rate limit off and room for 2,000 event
// streams.
func streamsFixture(b *testing.B) *benchFixture {
	b.Helper()
	streamsOnce.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "peaceboard-streams-bench")
		if err != nil {
			streamsErr = err
			return
		}
		db, err := sqlite.Open(ctx, filepath.Join(dir, "bench.db"))
		if err != nil {
			streamsErr = err
			return
		}
		e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:" + ring.Seed, Origin: "bench"})
		if err != nil {
			streamsErr = err
			return
		}
		if streamsErr = benchMembers(ctx, e); streamsErr != nil {
			return
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		metrics := api.NewMetrics(e)
		mux := http.NewServeMux()
		v1 := api.New(e, api.Config{Log: log, Metrics: metrics, MaxStreams: 2000})
		v1.Register(mux)
		srv := httptest.NewServer(api.Observe(mux, log, metrics))
		streamsBench = &benchFixture{engine: e, srv: srv, dir: dir, http: &http.Client{Transport: &http.Transport{
			MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: time.Minute}}}
		streamsCleanup = func() {
			v1.CloseStreams()
			srv.Close()
			e.Close()
			db.Close()
			os.RemoveAll(dir)
		}
	})
	if streamsErr != nil {
		b.Fatal(streamsErr)
	}
	return streamsBench
}

// subscribe opens n event streams from the next act on, each read to the end by a goroutine,
// and returns once every stream is open; stop closes them and waits for their readers.
func subscribe(b *testing.B, f *benchFixture, n int) (stop func()) {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	tr := &http.Transport{MaxConnsPerHost: 0, MaxIdleConnsPerHost: n + 1}
	hc := &http.Client{Transport: tr}
	var wg sync.WaitGroup
	open := make(chan error, n)
	for range n {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL+"/api/v1/events", nil)
			resp, err := hc.Do(req)
			if err != nil {
				open <- err
				return
			}
			defer resp.Body.Close()
			br := bufio.NewReader(resp.Body)
			line, err := br.ReadString('\n')
			if err == nil && (resp.StatusCode != http.StatusOK || !strings.HasPrefix(line, ": peaceboard events")) {
				err = fmt.Errorf("events: %s %q", resp.Status, line)
			}
			open <- err
			if err == nil {
				io.Copy(io.Discard, br)
			}
		})
	}
	for range n {
		if err := <-open; err != nil {
			cancel()
			wg.Wait()
			b.Fatal(err)
		}
	}
	return func() {
		cancel()
		wg.Wait()
		tr.CloseIdleConnections()
	}
}
