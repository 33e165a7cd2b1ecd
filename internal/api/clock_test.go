package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/workload"
	"github.com/peaceboard/peaceboard/record"
)

// liveServer serves the API over an engine with the writer's clock, as "serve" runs it, on a new
// SQLite record of the test keyring where the delegations given are members and the proposal
// "comments" is open for comment: set up as history, before the clock's time. Its client keeps a
// connection open for each of up to 64 submitters.
func liveServer(t *testing.T, now func() time.Time, delegations []board.StateCode) (*engine.Engine, *sqlite.DB, *client.Client) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "live.db"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:" + ring.Seed, Origin: "test"},
		engine.WithClock(now, 0))
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	if _, err := (workload.Plan{Count: 4, Delegations: delegations}).Setup(ctx, e); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	metrics := api.NewMetrics(e)
	mux := http.NewServeMux()
	api.New(e, api.Config{Now: now, Log: log, Metrics: metrics}).Register(mux)
	api.NewLog(e, log).Register(mux)
	srv := httptest.NewServer(api.Observe(mux, log, metrics))
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		e.Close()
		db.Close()
	})
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	c := client.New(srv.URL)
	c.HTTP = &http.Client{Transport: tr}
	return e, db, c
}

// TestRedTeamConcurrentSubmitters (issue 17, finding 2): delegations submitting at once, each
// stamping its acts with its own clock as "peaceboard act" does, were refused whenever an act
// arrived after one stamped later ("earlier than the last act in the record"): 69% of them with
// 16 submitters. Recorded live, at the server's clock, none is refused, and the recorded
// instants strictly increase in the record's order.
func TestRedTeamConcurrentSubmitters(t *testing.T) {
	const submitters, each = 16, 200
	if testing.Short() {
		t.Skip("submits 3,200 acts over HTTP")
	}
	delegations := workload.Delegations(submitters)
	e, db, c := liveServer(t, time.Now, delegations)
	ctx := context.Background()
	before := e.Len()
	var refused atomic.Int64
	var firstErr atomic.Pointer[error]
	var wg sync.WaitGroup
	for _, d := range delegations {
		by := board.StateActor(d)
		wg.Go(func() {
			for i := range each {
				act := board.Act{At: time.Now().UTC(), By: by, Body: &board.Comment{Proposal: "comments",
					Text: fmt.Sprintf("Comment %d of %s.", i, d)}}
				sa, err := client.Sign(act, key(by))
				if err == nil {
					_, err = c.Submit(ctx, sa, "")
				}
				if err != nil {
					refused.Add(1)
					firstErr.CompareAndSwap(nil, &err)
				}
			}
		})
	}
	wg.Wait()
	if n := refused.Load(); n > 0 {
		t.Errorf("%d of %d acts refused; the first: %v", n, submitters*each, *firstErr.Load())
	}
	if got := e.Len() - before; got != submitters*each {
		t.Errorf("%d acts recorded, want %d", got, submitters*each)
	}
	var last time.Time
	err := db.Entries(ctx, before, func(en record.Entry) error {
		if !en.Live || !en.At.After(last) {
			return fmt.Errorf("entry %d recorded at %s (live %t), after %s", en.Index, en.At, en.Live, last)
		}
		last = en.At
		return nil
	})
	if err != nil {
		t.Errorf("recorded instants: %v; want strictly increasing, live", err)
	}
	if _, err := engine.Verify(ctx, engine.StoreSource{Store: db}, e.LogKey().Verifier, engine.VerifyOptions{}); err != nil {
		t.Errorf("verify: %v", err)
	}
}

// TestLiveActTimes: over HTTP, an act whose time is further than the clock skew from the
// server's clock is refused as 422 refused, naming the skew and both instants, and changes
// nothing; at the skew exactly it is recorded, at the server's clock, which the receipt's leaf
// carries.
func TestLiveActTimes(t *testing.T) {
	now := time.Date(2026, 12, 7, 17, 33, 33, 0, time.UTC)
	e, _, c := liveServer(t, func() time.Time { return now }, workload.Delegations(3))
	ctx := context.Background()
	before := e.Len()
	far := now.Add(engine.DefaultClockSkew + time.Second)
	_, err := c.Submit(ctx, sign(t, far, "state:AAA", &board.Comment{Proposal: "comments", Text: "Too far ahead."}), "")
	p := problem(t, err, http.StatusUnprocessableEntity, board.Refused)
	for _, want := range []string{"5m0s", far.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano)} {
		if !strings.Contains(p.Problem.Detail, want) {
			t.Errorf("refusal %q does not name %s", p.Problem.Detail, want)
		}
	}
	if e.Len() != before {
		t.Errorf("the refused act changed the record: %d entries, want %d", e.Len(), before)
	}
	claim := now.Add(-engine.DefaultClockSkew)
	r, err := c.Submit(ctx, sign(t, claim, "state:AAA", &board.Comment{Proposal: "comments", Text: "Five minutes late."}), "")
	if err != nil {
		t.Fatalf("an act at exactly the skew: %v", err)
	}
	leaf, err := record.ParseLeaf(r.Leaf)
	if err != nil || !leaf.Recorded.Equal(now) {
		t.Errorf("the receipt's leaf records %s (%v), want the server's clock %s", leaf.Recorded, err, now)
	}
}
