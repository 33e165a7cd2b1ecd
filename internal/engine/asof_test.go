package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/workload"
	"github.com/peaceboard/peaceboard/money"
	"github.com/peaceboard/peaceboard/record"
	"github.com/peaceboard/peaceboard/scenario"
)

// TestViewOfThePastFromTheLatestState asks views as of instants between votes, comments,
// pledges, receipts and reversals, the acts board.AppendOnly lets the latest state answer for:
// every view equals the one a state rebuilt from the record up to the instant gives. Before an
// act that changed more (here, a rate set, then another), the state is rebuilt.
func TestViewOfThePastFromTheLatestState(t *testing.T) {
	ctx := context.Background()
	e, _ := open(t, filepath.Join(t.TempDir(), "pb.db"))
	delegations := workload.Delegations(5)
	if _, err := (workload.Plan{Count: 60, Delegations: delegations}).Setup(ctx, e); err != nil {
		t.Fatal(err)
	}
	at := workload.At
	var times []time.Time
	do := func(by board.ActorID, body board.Body) {
		t.Helper()
		at = at.Add(time.Duration(1+len(times)%3) * 17 * time.Minute)
		if _, err := e.SubmitDev(ctx, board.Act{At: at, By: by, Body: body}); err != nil {
			t.Fatalf("%s by %s: %v", body.Kind(), by, err)
		}
		times = append(times, at)
	}
	usd := func(minor int64) money.Amount { return money.Amount{Currency: "USD", Minor: minor} }
	tail := func(round int) {
		for i, d := range delegations {
			by := board.StateActor(d)
			do(by, &board.Vote{Proposal: board.DecisionID(fmt.Sprintf("p%d", round+1)), Choice: []board.Choice{board.ChoiceYes, board.ChoiceNo, board.ChoiceAbstain}[i%3]})
			do(by, &board.Comment{Proposal: "comments", Text: fmt.Sprintf("Comment %d of %s.", round, d)})
			pledge := board.EntryID(fmt.Sprintf("pledge-%d-%d", round, i))
			do(by, &board.Pledge{ID: pledge, Amount: usd(int64(1000 + i)), Fund: "general"})
			receipt := board.EntryID(fmt.Sprintf("receipt-%d-%d", round, i))
			do(board.Secretariat, &board.Receive{ID: receipt, Contributor: by, Amount: usd(int64(600 + i)), ValueDate: board.Day(at), Form: "cash", Fund: "general"})
			if i == 1 {
				do(board.Secretariat, &board.Reverse{Entry: receipt, Reason: "returned"})
				do(board.Secretariat, &board.Reverse{Entry: pledge, Reason: "withdrawn"})
			}
		}
	}
	tail(0)
	do(board.Secretariat, &board.SetRate{Date: board.Day(at), Currency: "EUR", USDRate: "1.08", Source: "test"})
	tail(1)
	do(board.Secretariat, &board.SetRate{Date: board.Day(at), Currency: "GBP", USDRate: "1.27", Source: "test"})
	reshaped := at
	tail(2)
	last := at

	// An instant at each act, just before it, and between: every one of them before the last act.
	var instants []time.Time
	for _, at := range times[:len(times)-1] {
		instants = append(instants, at.Add(-time.Nanosecond), at, at.Add(time.Minute))
	}
	views := func(view viewFunc, t0 time.Time) string { return asOfViews(t, view, t0) }
	byFold := func(ctx context.Context, t0 time.Time, fn func(*board.State, *charter.Rules) error) error {
		return engine.ViewByFold(ctx, e, t0, fn)
	}
	folds := engine.PastFolds(e)
	for _, t0 := range instants {
		if got, want := views(e.View, t0), views(byFold, t0); got != want {
			t.Fatalf("as of %s (the last act at %s, the last that reshaped the state at %s), the view of the latest state\n%s\ndiffers from the view of the state rebuilt up to then\n%s",
				t0.Format(time.RFC3339Nano), last.Format(time.RFC3339), reshaped.Format(time.RFC3339), got, want)
		}
	}
	// The views before the second rate needed the state rebuilt; those after did not.
	var before int
	for _, t0 := range instants {
		if t0.Before(reshaped) {
			before++
		}
	}
	if got := engine.PastFolds(e) - folds; got != uint64(before) {
		t.Errorf("%d views rebuilt the state; want %d (those before the second rate)", got, before)
	}
}

type viewFunc func(context.Context, time.Time, func(*board.State, *charter.Rules) error) error

// asOfViews returns, as JSON, every view as of t0 of the state view gives for t0.
func asOfViews(t *testing.T, view viewFunc, t0 time.Time) string {
	t.Helper()
	var out []any
	err := view(context.Background(), t0, func(s *board.State, r *charter.Rules) error {
		out = append(out, s.Members(r, t0), s.Overview(r, t0), s.DecisionList(t0), s.Compliance(r, t0), s.TreasuryAt(r, t0),
			s.Contributions("", t0), s.Acts, s.MeetingList(), s.Executives, s.Subsidiaries, s.Removals)
		for _, code := range slices.Sorted(maps.Keys(s.States)) {
			out = append(out, s.FirstYearCash(r, code, t0), s.Contributor(board.StateActor(code), t0),
				s.Contributions(board.StateActor(code), t0))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestViewOfThePastOfTheDemo asks every view as of instants around each act of the demo, whose
// acts of every kind are interleaved: the state made by applying again the acts that were not
// board.AppendOnly, with the latest ballots, comments and ledger, gives the views the state
// rebuilt from every act up to the instant gives.
func TestViewOfThePastOfTheDemo(t *testing.T) {
	ctx := context.Background()
	e, _ := open(t, filepath.Join(t.TempDir(), "pb.db"))
	if _, err := replay.Run(ctx, e, scenario.Demo(), replay.Options{}); err != nil {
		t.Fatal(err)
	}
	var times []time.Time
	if err := e.ReadEntries(ctx, 0, e.Len(), func(en record.Entry) error {
		if len(times) == 0 || !en.At.Equal(times[len(times)-1]) {
			times = append(times, en.At)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	byFold := func(ctx context.Context, t0 time.Time, fn func(*board.State, *charter.Rules) error) error {
		return engine.ViewByFold(ctx, e, t0, fn)
	}
	folds := engine.PastFolds(e)
	var asked int
	answers := map[time.Time]string{}
	for _, at := range times[:len(times)-1] {
		for _, t0 := range []time.Time{at.Add(-time.Nanosecond), at, at.Add(3 * time.Hour)} {
			asked++
			got, want := asOfViews(t, e.View, t0), asOfViews(t, byFold, t0)
			if got != want {
				t.Fatalf("as of %s, the state of the acts that reshaped it, grafted, gives\n%s\nthe state rebuilt from every act gives\n%s",
					t0.Format(time.RFC3339Nano), got, want)
			}
			answers[t0] = got
		}
	}
	if got := engine.PastFolds(e) - folds; got == 0 || got > uint64(asked) {
		t.Errorf("%d of %d views applied the acts again; want some", got, asked)
	}
	t.Logf("%d instants, %d of them answered by applying the acts again", asked, engine.PastFolds(e)-folds)
	// Asked again, each view is answered from the states the first views made (past.go), which
	// grafting left as they were: the same answers, and no act applied again.
	reapplied := engine.Reapplied(e)
	for t0, want := range answers {
		if got := asOfViews(t, e.View, t0); got != want {
			t.Fatalf("as of %s, asked again:\n%s\nfirst:\n%s", t0.Format(time.RFC3339Nano), got, want)
		}
	}
	if got := engine.Reapplied(e) - reapplied; got != 0 {
		t.Errorf("asked again, the views applied %d acts again; want none (the states made are kept)", got)
	}
}

// BenchmarkViewOfThePast asks the member list as of the middle of a record of 100 rounds of 100
// comments and pledges each followed by a rate set (an act that reshapes the state): from the
// rate sets and setup alone, applied again and grafted with the latest ballots, comments and
// ledger, and from every act up to the instant.
func BenchmarkViewOfThePast(b *testing.B) {
	ctx := context.Background()
	e, _ := benchEngine(b, 20)
	codes := workload.Delegations(20)
	const rounds, perRound = 100, 100
	var mid time.Time
	for r := range rounds {
		at := benchAt.Add(time.Duration(r) * time.Minute)
		var wg sync.WaitGroup
		errs := make(chan error, perRound)
		for i := range perRound {
			wg.Go(func() {
				by := board.StateActor(codes[i%len(codes)])
				var body board.Body = &board.Comment{Proposal: "p1", Text: fmt.Sprintf("Round %d, comment %d.", r, i)}
				if i%2 == 1 {
					body = &board.Pledge{ID: board.EntryID(fmt.Sprintf("pledge-%d-%d", r, i)), Amount: money.Amount{Currency: "USD", Minor: 1000}, Fund: "general"}
				}
				if _, err := e.SubmitDev(ctx, board.Act{At: at, By: by, Body: body}); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
		if r == rounds/2 {
			mid = at.Add(10 * time.Second)
		}
		rate := &board.SetRate{Date: board.Day(at), Currency: "EUR", USDRate: fmt.Sprintf("1.%03d", r), Source: "bench"}
		if _, err := e.SubmitDev(ctx, board.Act{At: at.Add(30 * time.Second), By: board.Secretariat, Body: rate}); err != nil {
			b.Fatal(err)
		}
	}
	members := func(s *board.State, r *charter.Rules) error {
		if len(s.Members(r, mid)) != len(codes) {
			return fmt.Errorf("%d members", len(s.Members(r, mid)))
		}
		return nil
	}
	b.Run("reshaping acts again", func(b *testing.B) {
		for b.Loop() {
			if err := e.View(ctx, mid, members); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("every act again", func(b *testing.B) {
		for b.Loop() {
			if err := engine.ViewByFold(ctx, e, mid, members); err != nil {
				b.Fatal(err)
			}
		}
	})
}
