package api_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/storetest"
)

// countingServer is a test server over a store that counts its entries read.
func countingServer(t *testing.T, cfg api.Config) (*testServer, *storetest.Counting) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	store := &storetest.Counting{Store: db}
	meta := engine.Meta{Rules: charter.Default().Source, Keyring: "dev:" + ring.Seed, Origin: "test"}
	e, err := engine.Create(ctx, store, meta)
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	cfg.Now = testNow
	cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	mux := http.NewServeMux()
	api.New(e, cfg).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		e.Close()
		db.Close()
	})
	return &testServer{t: t, engine: e, srv: srv, client: client.New(srv.URL), meta: meta}, store
}

// stream opens GET /api/v1/events with Last-Event-ID last (none if ""), and returns the
// response once its first comment has come: the stream is open.
func stream(t *testing.T, ctx context.Context, url, last string) (*http.Response, *bufio.Reader) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/api/v1/events", nil)
	if last != "" {
		req.Header.Set("Last-Event-ID", last)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(resp.Body)
	if resp.StatusCode == http.StatusOK {
		if line, err := br.ReadString('\n'); err != nil || !strings.HasPrefix(line, ": peaceboard events") {
			t.Fatalf("the stream's first line = %q, %v", line, err)
		}
	}
	return resp, br
}

// TestRedTeamSSEFanOut is issue 17's finding 6: each event stream read each new entry from the
// store, so that with 1,000 streams 100 writes cost 16 s of server CPU. With N streams open,
// M new entries must be read from the store M times, not N×M, and every stream gets them all.
func TestRedTeamSSEFanOut(t *testing.T) {
	const streams, acts = 100, 40
	s, store := countingServer(t, api.Config{Heartbeat: time.Minute})
	s.establish(t0, board.Chairman)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	last := strconv.FormatUint(s.engine.Len()-1, 10)
	var got sync.WaitGroup
	var mu sync.Mutex
	counts := make([]int, streams)
	for i := range streams {
		resp, br := stream(t, ctx, s.srv.URL, last)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("stream %d = %d", i, resp.StatusCode)
		}
		defer resp.Body.Close()
		got.Go(func() {
			for counts[i] < acts {
				line, err := br.ReadString('\n')
				if err != nil {
					t.Errorf("stream %d: %v after %d events", i, err, counts[i])
					return
				}
				if strings.HasPrefix(line, "id: ") {
					mu.Lock()
					counts[i]++
					mu.Unlock()
				}
			}
		})
	}
	read, kept := store.During(func() {
		for i := range acts {
			s.submit(t0, board.Chairman, &board.Directive{ID: board.DecisionID(fmt.Sprintf("d%d", i)), Title: "A directive"})
		}
		got.Wait()
	})
	t.Logf("%d streams, %d new entries: %d rows read from the store, %d kept", streams, acts, read, kept)
	if kept != acts || read > 2*acts {
		t.Errorf("%d streams, %d new entries: %d rows read from the store, %d kept; want %d kept, each entry once", streams, acts, read, kept, acts)
	}
}

// TestRedTeamLastEventID is issue 17's finding 9, for the event stream: Last-Event-ID
// 18446744073709551615 wrapped to a replay from entry 0. A Last-Event-ID that is not an entry's
// index, or names one beyond the log, is refused 400; ?from= beyond the log too.
func TestRedTeamLastEventID(t *testing.T) {
	s := newServer(t, "", api.Config{Heartbeat: time.Minute})
	s.establish(t0, board.Chairman)
	n := s.engine.Len()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, c := range []struct {
		last, from string
		want       int
		start      uint64 // the first entry an accepted stream gives
	}{
		{"18446744073709551615", "", http.StatusBadRequest, 0},
		{"18446744073709551616", "", http.StatusBadRequest, 0},
		{strconv.FormatUint(n, 10), "", http.StatusBadRequest, 0},
		{"-1", "", http.StatusBadRequest, 0},
		{"1e3", "", http.StatusBadRequest, 0},
		{"x", "", http.StatusBadRequest, 0},
		{"", "18446744073709551615", http.StatusBadRequest, 0},
		{"", strconv.FormatUint(n+1, 10), http.StatusBadRequest, 0},
		{strconv.FormatUint(n-1, 10), "", http.StatusOK, n},
		{"0", "", http.StatusOK, 1},
		{"", strconv.FormatUint(n, 10), http.StatusOK, n},
	} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.srv.URL+"/api/v1/events", nil)
		if c.last != "" {
			req.Header.Set("Last-Event-ID", c.last)
		}
		if c.from != "" {
			req.URL.RawQuery = "from=" + c.from
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		first := ""
		if resp.StatusCode == http.StatusOK {
			first, _ = bufio.NewReader(resp.Body).ReadString('\n') // ": peaceboard events from N"
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("Last-Event-ID %q, from %q: %d %q; want %d", c.last, c.from, resp.StatusCode, first, c.want)
		} else if want := fmt.Sprintf(": peaceboard events from %d\n", c.start); c.want == http.StatusOK && first != want {
			t.Errorf("Last-Event-ID %q, from %q: the stream starts %q; want %q", c.last, c.from, first, want)
		}
	}
}
