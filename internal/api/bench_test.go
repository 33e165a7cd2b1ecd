package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
)

// The API's benchmarks: reads and signed writes over HTTP on loopback, against a record of
// benchActs acts, through the whole server stack (Observe's request ids, log lines and
// metrics; the API's handlers; JSON). A Go load generator in the benchmark sends requests at a
// fixed rate (open loop: latency is measured from when each request was due, so a slow answer
// delays none of the next ones' clocks), or as fast as 32 clients can (closed loop). See
// docs/benchmarks.md, "JSON API (issue 6)".

const (
	benchActs      = 100_000
	benchDelegates = 100 // member States, each with its own key
)

// benchClients is how many clients the closed-loop runs use.
var benchClients = 32

var benchAt = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

type benchFixture struct {
	engine *engine.Engine
	srv    *httptest.Server
	http   *http.Client
	dir    string
}

var (
	benchOnce sync.Once
	bench     *benchFixture
	benchErr  error
)

// TestMain removes the benchmarks' record once every benchmark has run.
func TestMain(m *testing.M) {
	code := m.Run()
	if bench != nil {
		bench.srv.Close()
		bench.engine.Close()
		os.RemoveAll(bench.dir)
	}
	if streamsCleanup != nil {
		streamsCleanup()
	}
	os.Exit(code)
}

// benchServer returns the server over the benchmarks' record, built once per process:
// benchDelegates member States, a proposal, and benchActs signed comments submitted
// concurrently through Engine.Submit, as delegations would send them.
func benchServer(b *testing.B) *benchFixture {
	b.Helper()
	benchOnce.Do(func() { bench, benchErr = buildBench() })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return bench
}

func codes(n int) []board.StateCode {
	out := make([]board.StateCode, n)
	for i, c := range charter.Default().States.Codes.Codes()[:n] {
		out[i] = board.StateCode(c)
	}
	return out
}

func buildBench() (*benchFixture, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "peaceboard-api-bench")
	if err != nil {
		return nil, err
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, "bench.db"))
	if err != nil {
		return nil, err
	}
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:" + ring.Seed, Origin: "bench"})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := benchMembers(ctx, e); err != nil {
		return nil, err
	}
	acts := signedComments(e, benchActs, 0)
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	for range 64 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(acts)); i = next.Add(1) - 1 {
				if _, err := e.Submit(ctx, acts[i]); err != nil {
					failed.Store(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err, ok := failed.Load().(error); ok {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	metrics := api.NewMetrics(e)
	mux := http.NewServeMux()
	api.New(e, api.Config{Log: log, Metrics: metrics}).Register(mux)
	srv := httptest.NewServer(api.Observe(mux, log, metrics))
	fmt.Fprintf(os.Stderr, "api bench: a record of %d entries built in %s\n", e.Len(), time.Since(start).Round(time.Millisecond))
	return &benchFixture{engine: e, srv: srv, dir: dir, http: &http.Client{Transport: &http.Transport{
		MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: time.Minute}}}, nil
}

// benchMembers makes benchDelegates States members of e's record, and opens proposal p1 for
// their comments.
func benchMembers(ctx context.Context, e *engine.Engine) error {
	at := benchAt.Add(-time.Hour)
	for _, c := range codes(benchDelegates) {
		if _, err := e.SubmitDev(ctx, board.Act{At: at, By: board.Chairman, Body: &board.Invite{State: c}}); err != nil {
			return err
		}
		if _, err := e.SubmitDev(ctx, board.Act{At: at, By: board.StateActor(c), Body: &board.Consent{Instrument: "signature"}}); err != nil {
			return err
		}
	}
	_, err := e.SubmitDev(ctx, board.Act{At: at, By: board.Chairman, Body: &board.Propose{ID: "p1", Type: "initiative", Title: "Benchmark proposal"}})
	return err
}

// signedWrites returns n new comments, signed, as requests of POST /api/v1/acts to f's server,
// for load.
func signedWrites(f *benchFixture, n int) func(i int) (*http.Request, int) {
	acts := signedComments(f.engine, n, int(f.engine.Len()))
	bodies := make([][]byte, len(acts))
	for i, sa := range acts {
		canonical, _ := sa.Act.Canonical()
		bodies[i], _ = json.Marshal(apiv1.SignedAct{Canonical: canonical, KeyID: string(sa.KeyID), Signature: sa.Signature})
	}
	return func(i int) (*http.Request, int) {
		r, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/api/v1/acts", bytes.NewReader(bodies[i]))
		r.Header.Set("Content-Type", "application/json")
		return r, http.StatusCreated
	}
}

// signedComments returns n comments on p1, signed by the delegations in turn, numbered from
// offset so that texts differ between calls.
func signedComments(e *engine.Engine, n, offset int) []engine.SignedAct {
	cs := codes(benchDelegates)
	out := make([]engine.SignedAct, n)
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			for i := w; i < n; i += 2 {
				c := cs[i%len(cs)]
				sa, err := e.SignDev(board.Act{At: benchAt, By: board.StateActor(c), Body: &board.Comment{
					Proposal: "p1", Text: fmt.Sprintf("Comment %d by %s on the reconstruction framework: agreed in principle.", offset+i, c)}})
				if err != nil {
					panic(err)
				}
				out[i] = sa
			}
		})
	}
	wg.Wait()
	return out
}

// load sends b.N requests made by req(i), paced at rate per second (open loop), or as fast as
// 32 concurrent clients can when rate is 0 (closed loop), and reports p50 and p99 latency in
// milliseconds and the throughput achieved.
func load(b *testing.B, f *benchFixture, rate float64, req func(i int) (*http.Request, int)) {
	b.Helper()
	lat := make([]time.Duration, b.N)
	var errs atomic.Int64
	var firstErr atomic.Value
	do := func(i int, due time.Time) {
		r, want := req(i)
		resp, err := f.http.Do(r)
		if err == nil {
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err == nil && resp.StatusCode != want && !(want == answered && (resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusNotFound)) {
				err = fmt.Errorf("%s %s: %s, want %d", r.Method, r.URL.Path, resp.Status, want)
			}
		}
		lat[i] = time.Since(due)
		if err != nil {
			errs.Add(1)
			firstErr.CompareAndSwap(nil, err)
		}
	}
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	if rate > 0 {
		interval := time.Duration(float64(time.Second) / rate)
		sem := make(chan struct{}, 512)
		for i := range b.N {
			due := start.Add(time.Duration(i) * interval)
			if d := time.Until(due); d > 0 {
				time.Sleep(d)
			}
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				do(i, due)
			})
		}
	} else {
		var next atomic.Int64
		for range benchClients {
			wg.Go(func() {
				for i := int(next.Add(1) - 1); i < b.N; i = int(next.Add(1) - 1) {
					do(i, time.Now())
				}
			})
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if n := errs.Load(); n > 0 {
		b.Fatalf("%d of %d requests failed; the first: %v", n, b.N, firstErr.Load())
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(0, "ns/op") // per-request time is p50/p99; ns/op would be 1/throughput
}

// answered is the status a request of load wants when it takes 200 and 404 alike.
const answered = -1

func getReq(url string) func(int) (*http.Request, int) {
	return func(int) (*http.Request, int) {
		r, _ := http.NewRequest(http.MethodGet, url, nil)
		return r, http.StatusOK
	}
}

// BenchmarkAPIReads measures GET /api/v1/members (the list, 100 States, one page; answered
// from the read cache but once a second, and, as members-uncached, at a new instant each time:
// computed for every request), GET
// /api/v1/entries/{i}/receipt (a random entry's leaf, read from the store, with its inclusion
// proof in the latest checkpoint), GET /api/v1/proofs/inclusion?index=i (the proof alone, from
// the tree in memory, with the latest checkpoint) and GET /api/v1/status, at 2,000 requests a second and at the most 32 clients can get.
func BenchmarkAPIReads(b *testing.B) {
	f := benchServer(b)
	if v := os.Getenv("BENCH_CLIENTS"); v != "" {
		fmt.Sscan(v, &benchClients)
	}
	n := f.engine.Len()
	endpoints := []struct {
		name string
		req  func(int) (*http.Request, int)
	}{
		{"members", getReq(f.srv.URL + "/api/v1/members")},
		{"members-uncached", func(i int) (*http.Request, int) {
			// A new instant each time: the read cache never answers.
			at := benchAt.Add(time.Hour + time.Duration(i)*time.Microsecond).Format(time.RFC3339Nano)
			r, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/api/v1/members?as_of="+at, nil)
			return r, http.StatusOK
		}},
		{"receipt", func(i int) (*http.Request, int) {
			idx := rand.Uint64N(n)
			r, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/entries/%d/receipt", f.srv.URL, idx), nil)
			return r, http.StatusOK
		}},
		{"proof", func(i int) (*http.Request, int) {
			idx := rand.Uint64N(n)
			r, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/proofs/inclusion?index=%d", f.srv.URL, idx), nil)
			return r, http.StatusOK
		}},
		{"status", getReq(f.srv.URL + "/api/v1/status")},
	}
	for _, ep := range endpoints {
		b.Run(ep.name+"/rate=2000", func(b *testing.B) { load(b, f, 2000, ep.req) })
		b.Run(ep.name+"/max", func(b *testing.B) { load(b, f, 0, ep.req) })
	}
}

// BenchmarkAPISignedWrites measures POST /api/v1/acts: comments signed beforehand by the
// delegations' keys (as clients sign them), each answered 201 with its receipt once durable,
// at 500 acts a second and at the most 32 clients can get (the writer commits what is waiting
// as one group); and the same while 32 other clients read the member list as of now in a loop
// (readers=32; the record grows with every commit, so the read cache seldom answers), which
// also reports the reads' rate and latency.
func BenchmarkAPISignedWrites(b *testing.B) {
	f := benchServer(b)
	for _, c := range []struct {
		name    string
		rate    float64
		readers int
	}{{"rate=500", 500, 0}, {"max", 0, 0}, {"rate=500-readers=32", 500, 32}, {"max-readers=32", 0, 32}} {
		b.Run(c.name, func(b *testing.B) {
			b.StopTimer()
			writes := signedWrites(f, b.N)
			stop := readLoop(b, f, c.readers)
			b.StartTimer()
			load(b, f, c.rate, writes)
			stop()
		})
	}
}

// readLoop starts readers clients that GET the member list as of now in a loop, until stop is
// called; stop then reports their rate and latency (read-p50, read-p99).
func readLoop(b *testing.B, f *benchFixture, readers int) (stop func()) {
	if readers == 0 {
		return func() {}
	}
	done := make(chan struct{})
	lat := make([][]time.Duration, readers)
	var failed atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for r := range lat {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				t := time.Now()
				resp, err := f.http.Get(f.srv.URL + "/api/v1/members")
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("GET /api/v1/members: %s", resp.Status)
					}
				}
				if err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
				lat[r] = append(lat[r], time.Since(t))
			}
		})
	}
	return func() {
		close(done)
		wg.Wait()
		if err, ok := failed.Load().(error); ok {
			b.Fatal(err)
		}
		all := slices.Concat(lat...)
		b.ReportMetric(float64(len(all))/time.Since(start).Seconds(), "reads/s")
		slices.Sort(all)
		if len(all) > 0 {
			b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "read-p50-ms")
			b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "read-p99-ms")
		}
	}
}
