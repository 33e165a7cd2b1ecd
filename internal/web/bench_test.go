package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/web"
	"github.com/peaceboard/peaceboard/scenario"
)

// Page render benchmarks: the server's time for a page, from the request to the last byte
// written, over the demo (about 250 acts) and over a record of 100,000 acts (the demo, then
// proposals and the member States' comments on them). Figures and the command are in
// docs/benchmarks.md.

// bigActs is the size of the large record.
const bigActs = 100_000

// big is the large record, built once per process: building it takes seconds.
var big struct {
	once sync.Once
	dir  string
	e    *engine.Engine
	err  error
}

// bigEngine returns an engine on a record of bigActs acts.
func bigEngine(b *testing.B) *engine.Engine {
	b.Helper()
	big.once.Do(func() { big.e, big.dir, big.err = buildBig() })
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.e
}

func TestMain(m *testing.M) {
	code := m.Run()
	if big.e != nil {
		big.e.Close()
		os.RemoveAll(big.dir)
	}
	os.Exit(code)
}

// buildBig replays the demo, then has the Chairman put 100 proposals, and the 22 member States
// comment on them until the record holds bigActs acts. The comments are signed beforehand and
// submitted concurrently, so that the writer commits them in groups.
func buildBig() (*engine.Engine, string, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "peaceboard-web-bench-")
	if err != nil {
		return nil, "", err
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, "big.db"))
	if err != nil {
		return nil, dir, err
	}
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:bench", Origin: "bench"})
	if err != nil {
		return nil, dir, err
	}
	if _, err := replay.Run(ctx, e, scenario.Demo(), replay.Options{}); err != nil {
		return nil, dir, err
	}
	at := time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)
	var members []board.StateCode
	err = e.View(ctx, at, func(s *board.State, r *charter.Rules) error {
		for _, m := range s.Members(r, at) {
			if m.Status == board.StatusMember {
				members = append(members, m.State)
			}
		}
		return nil
	})
	if err != nil {
		return nil, dir, err
	}
	const proposals = 100
	for i := range proposals {
		id := board.DecisionID(fmt.Sprintf("bench-%03d", i))
		if _, err := e.SubmitDev(ctx, board.Act{At: at, By: board.Chairman, Body: &board.Propose{ID: id, Type: board.KindInitiative, Title: fmt.Sprintf("Benchmark proposal %d", i)}}); err != nil {
			return nil, dir, err
		}
	}
	// Each member State's first comment registers nothing: its key is in the record already.
	n := bigActs - int(e.Len())
	acts := make([]engine.SignedAct, n)
	var wg sync.WaitGroup
	var signErr atomic.Value
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				code := members[i%len(members)]
				sa, err := e.SignDev(board.Act{At: at.Add(time.Hour), By: board.StateActor(code), Body: &board.Comment{
					Proposal: board.DecisionID(fmt.Sprintf("bench-%03d", i%proposals)),
					Text:     fmt.Sprintf("Comment %d by %s: agreed in principle, with a request for quarterly reporting.", i, code)}})
				if err != nil {
					signErr.Store(err)
					return
				}
				acts[i] = sa
			}
		})
	}
	wg.Wait()
	if err, ok := signErr.Load().(error); ok {
		return nil, dir, err
	}
	var next atomic.Int64
	errs := make(chan error, 64)
	for range 64 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				if _, err := e.Submit(ctx, acts[i]); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		return nil, dir, err
	}
	if e.Len() != bigActs {
		return nil, dir, fmt.Errorf("the record holds %d acts, want %d", e.Len(), bigActs)
	}
	return e, dir, nil
}

// benchPages are the pages measured, by name.
var benchPages = []struct{ name, path string }{
	{"members", "/members?lang=fr"},
	{"members-as-of", "/members?lang=fr&as_of=2026-02-22"},
	{"overview", "/?lang=fr"},
	{"member", "/members/KAZ?lang=fr"},
	{"decisions", "/decisions?lang=fr"},
	{"treasury", "/treasury?lang=fr"},
	{"executive", "/executive?lang=fr"},
	{"timeline", "/timeline?lang=fr"},
	{"record", "/record?lang=fr"},
}

func benchPortal(e *engine.Engine) http.Handler {
	mux := http.NewServeMux()
	clock := func() time.Time { return now }
	web.New(e, clock, slog.New(slog.NewTextHandler(io.Discard, nil)), &url.URL{Scheme: "https", Host: "board.example.org"}).Register(mux)
	return mux
}

// benchmarkPages measures each page of a running server: one request before the timing warms
// what a server keeps between requests (parsed templates, the index of each State's entries).
// "member-cold" measures a State's page on a server that has just started, which reads the
// whole record once to index it.
func benchmarkPages(b *testing.B, e *engine.Engine) {
	h := benchPortal(e)
	serve := func(b *testing.B, h http.Handler, path string) {
		r := httptest.NewRequest("GET", path, nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("%s: status %d", path, w.Code)
		}
	}
	for _, p := range benchPages {
		b.Run(p.name, func(b *testing.B) {
			serve(b, h, p.path)
			for b.Loop() {
				serve(b, h, p.path)
			}
		})
	}
	b.Run("member-cold", func(b *testing.B) {
		for b.Loop() {
			serve(b, benchPortal(e), "/members/KAZ?lang=fr")
		}
	})
}

func BenchmarkPagesDemo(b *testing.B) {
	benchmarkPages(b, demoEngine(b))
}

func BenchmarkPages100k(b *testing.B) {
	benchmarkPages(b, bigEngine(b))
}
