package board_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

// TestSnapshotOfALongLedger restores the snapshot of a ledger of several thousand random
// entries (pledges, receipts, allocations, disbursements, reversals), packed in many chunks. The state restored must equal the state snapshotted, down to the ledger's indexes.
func TestSnapshotOfALongLedger(t *testing.T) {
	defer board.SetSnapshotSizes(1000, 4096)()
	defer board.SetBalanceEvery(100)()
	w := ledgerWorld(t)
	g := &ledgerGen{r: rand.New(rand.NewSource(9)), w: w}
	at := ts("2026-02-02T00:00:00Z")
	for steps := 0; w.state.Treasury.Ledger.Len() < 12*1000+7; steps++ {
		if steps > 100000 {
			t.Fatalf("only %d entries after %d acts", w.state.Treasury.Ledger.Len(), steps)
		}
		at = at.Add(time.Duration(1+g.pick(600)) * time.Minute)
		by, body := g.act()
		_ = w.do(t, at, by, body) // refusals are part of the mix
	}
	// Years of receipts, past the first-year window's end (R5).
	if end := w.rules.PermanentSeat.Window.After(board.Day(w.state.InForce)); !w.state.Last.After(end) {
		t.Fatalf("the ledger ends %s, within the first-year window", w.state.Last)
	}
	if err := checkFirstYearCash(w); err != nil {
		t.Fatal(err)
	}
	if err := checkLedger(w.state); err != nil {
		t.Fatal(err)
	}
	data, err := w.state.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	got, err := restore(data)
	if err != nil {
		t.Fatal(err)
	}
	want := w.state
	for i := range want.Treasury.Ledger.Len() {
		if g, e := got.Treasury.Ledger.Entry(i), want.Treasury.Ledger.Entry(i); !reflect.DeepEqual(g, e) {
			t.Fatalf("entry %d: restored\n%+v\nwant\n%+v", i, g, e)
		}
	}
	sameState(t, got, want)
	if err := checkLedger(got); err != nil {
		t.Fatalf("restored: %v", err)
	}
	for _, cut := range []int{1, 100, len(data) / 2, len(data) - 10} {
		if _, err := restore(data[:len(data)-cut]); err == nil {
			t.Fatalf("restored a snapshot without its last %d bytes", cut)
		}
	}
	// A stream that ends before the length it was said to have.
	if _, err := board.RestoreState(bytes.NewReader(data[:len(data)-100]), int64(len(data))); err == nil {
		t.Fatal("restored a snapshot from a stream 100 bytes short")
	}
	r := rand.New(rand.NewSource(1))
	for range 50 {
		damaged := slices.Clone(data)
		i := r.Intn(len(damaged))
		damaged[i] ^= byte(1 + r.Intn(255))
		if _, err := restore(damaged); err == nil {
			t.Fatalf("restored a snapshot with byte %d of %d changed", i, len(data))
		}
	}
}

// restore restores a snapshot from its bytes, read as a stream.
func restore(data []byte) (*board.State, error) {
	return board.RestoreState(bytes.NewReader(data), int64(len(data)))
}

// TestSnapshotOfDecisions restores the comments and ballots of decisions, in several chunks
// each.
func TestSnapshotOfDecisions(t *testing.T) {
	defer board.SetSnapshotSizes(1000, 3)()
	w := onAgenda(t, nil, 12, "p1", "p2", "p3")
	w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
	w.castVotes(t, "p1", choices("y y y y n n n a a y y y")...)
	for i := range 15 {
		w.must(t, openAt.Add(time.Duration(20+i)*time.Minute), board.StateActor(states[i%10]),
			&board.Comment{Proposal: []board.DecisionID{"p2", "p3"}[i/10], Text: fmt.Sprintf("Comment %d.", i)})
	}
	data, err := w.state.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	got, err := restore(data)
	if err != nil {
		t.Fatal(err)
	}
	for id, d := range w.state.Decisions {
		if !reflect.DeepEqual(got.Decisions[id], d) {
			t.Fatalf("%s: restored\n%+v\nwant\n%+v", id, got.Decisions[id], d)
		}
	}
	if len(w.state.Decisions["p1"].Ballots) != 12 || len(w.state.Decisions["p2"].Comments) != 10 {
		t.Fatalf("the test's acts made %d ballots and %d comments", len(w.state.Decisions["p1"].Ballots), len(w.state.Decisions["p2"].Comments))
	}
	sameState(t, got, w.state)
}

// sameState fails t unless got equals want, naming the fields of State that differ.
func sameState(t *testing.T, got, want *board.State) {
	t.Helper()
	gv, wv := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			t.Errorf("restored %s differs from the one snapshotted", gv.Type().Field(i).Name)
		}
	}
}
