package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/workload"
	"github.com/peaceboard/peaceboard/record"
)

// liveServer serves the API over an engine with the writer's clock, as "serve" runs it, on a new
// record of the test keyring where the delegations given are members and the proposal
// "comments" is open for comment: set up as history, before the clock's time. Its client keeps a
// connection open for each of up to 64 submitters.
func liveServer(t *testing.T, now func() time.Time, delegations []board.StateCode) (*testServer, *client.Client) {
	t.Helper()
	s := newServer(t, "", api.Config{Now: now}, engine.WithClock(now, 0))
	if _, err := (workload.Plan{Count: 4, Delegations: delegations}).Setup(context.Background(), s.engine); err != nil {
		t.Fatal(err)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	c := client.New(s.srv.URL)
	c.HTTP = &http.Client{Transport: tr}
	return s, c
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
	s, c := liveServer(t, time.Now, delegations)
	e, ctx := s.engine, context.Background()
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
	err := e.ReadEntries(ctx, before, e.Len(), func(en record.Entry) error {
		if !en.Live || !en.At.After(last) {
			return fmt.Errorf("entry %d recorded at %s (live %t), after %s", en.Index, en.At, en.Live, last)
		}
		last = en.At
		return nil
	})
	if err != nil {
		t.Errorf("recorded instants: %v; want strictly increasing, live", err)
	}
	if _, err := engine.Verify(ctx, &client.Log{URL: s.srv.URL}, e.LogKey().Verifier, engine.VerifyOptions{}); err != nil {
		t.Errorf("verify the log served: %v", err)
	}
}

// TestLiveActTimes: over HTTP, an act whose time is further than the clock skew from the
// server's clock is refused as 422 refused, naming the skew and both instants, and changes
// nothing; at the skew exactly it is recorded, at the server's clock, which the receipt's leaf
// carries.
func TestLiveActTimes(t *testing.T) {
	now := time.Date(2026, 12, 7, 17, 33, 33, 0, time.UTC)
	delegations := workload.Delegations(3)
	by := board.StateActor(delegations[0])
	s, c := liveServer(t, func() time.Time { return now }, delegations)
	e, ctx := s.engine, context.Background()
	before := e.Len()
	far := now.Add(engine.DefaultClockSkew + time.Second)
	_, err := c.Submit(ctx, sign(t, far, by, &board.Comment{Proposal: "comments", Text: "Too far ahead."}), "")
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
	r, err := c.Submit(ctx, sign(t, claim, by, &board.Comment{Proposal: "comments", Text: "Five minutes late."}), "")
	if err != nil {
		t.Fatalf("an act at exactly the skew: %v", err)
	}
	leaf, err := record.ParseLeaf(r.Leaf)
	if err != nil || !leaf.Recorded.Equal(now) {
		t.Errorf("the receipt's leaf records %s (%v), want the server's clock %s", leaf.Recorded, err, now)
	}
}

// TestReadAsOfNowSeesActOfThisSecond: a read with no as_of, in the second an act was recorded
// in, answers with the act: "now" is the end of the current second, not its start (acts are
// recorded to the nanosecond, live at the server's clock).
func TestReadAsOfNowSeesActOfThisSecond(t *testing.T) {
	now := time.Date(2026, 12, 7, 17, 33, 33, 500_000_000, time.UTC)
	delegations := workload.Delegations(3)
	by := board.StateActor(delegations[0])
	_, c := liveServer(t, func() time.Time { return now }, delegations)
	ctx := context.Background()
	before, err := c.Decision(ctx, "comments", client.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Submit(ctx, sign(t, now, by, &board.Comment{Proposal: "comments", Text: "Said this second."}), ""); err != nil {
		t.Fatal(err)
	}
	after, err := c.Decision(ctx, "comments", client.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Comments) != len(before.Comments)+1 {
		t.Errorf("a read as of now, in the second the comment was recorded (%s), has %d comments, want %d",
			now.Format(time.RFC3339Nano), len(after.Comments), len(before.Comments)+1)
	}
}
