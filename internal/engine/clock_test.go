package engine_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/record"
)

// A testClock is a writer's clock that a test sets.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// clockNow is the writer's clock at the start of the tests of live operation: after every act
// the tests record as history (day(n) is in January 2026).
var clockNow = time.Date(2026, 12, 7, 17, 33, 33, 0, time.UTC)

// openLive opens an engine with a clock at clockNow and skew (the default if 0) on a new SQLite
// database whose record is established, with the Chairman's key registered, as history on
// day(1).
func openLive(t *testing.T, skew time.Duration) (*engine.Engine, *testClock, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pb.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &testClock{now: clockNow}
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:test", Origin: "test"}, engine.WithClock(clock.Now, skew))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	mustSubmit(t, e, day(1), board.Chairman, &board.Directive{ID: "first", Title: "First", Text: "Recorded as history."})
	return e, clock, path
}

// submitLive signs an act with the development keyring and submits it with Submit, live on an
// engine with a clock.
func submitLive(t *testing.T, e *engine.Engine, at time.Time, by board.ActorID, body board.Body) (engine.Accepted, error) {
	t.Helper()
	sa, err := e.SignDev(board.Act{At: at, By: by, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return e.Submit(context.Background(), sa)
}

func directive(id board.DecisionID) *board.Directive {
	return &board.Directive{ID: id, Title: "Directive " + string(id), Text: "For the record."}
}

// TestLiveRecordedInstants: an act submitted live is recorded at the writer's clock, which the
// leaf carries; the act's own time stays in the signed act, as a claim. Recorded instants
// strictly increase whatever the clock does (it stands still, or goes back), and SubmitDev
// still records history at its own time.
func TestLiveRecordedInstants(t *testing.T) {
	e, clock, _ := openLive(t, 0)
	claim := clockNow.Add(-2 * time.Minute)
	a, err := submitLive(t, e, claim, board.Chairman, directive("one"))
	if err != nil {
		t.Fatal(err)
	}
	if !a.Entry.At.Equal(clockNow) || !a.Entry.Live {
		t.Errorf("entry at %s (live %t), want %s live", a.Entry.At, a.Entry.Live, clockNow)
	}
	leaf, err := record.ParseLeaf(a.Receipt.Leaf)
	if err != nil || !leaf.Recorded.Equal(clockNow) {
		t.Errorf("the receipt's leaf records %s (%v), want %s", leaf.Recorded, err, clockNow)
	}
	act, err := board.ParseCanonical(leaf.Act)
	if err != nil || !act.At.Equal(claim) {
		t.Errorf("the signed act says %s (%v), want the claim %s", act.At, err, claim)
	}

	// The clock stands still, then goes back a minute: each act is a nanosecond after the last.
	want := clockNow
	for i, id := range []board.DecisionID{"two", "three"} {
		if i == 1 {
			clock.Set(clockNow.Add(-time.Minute))
		}
		a, err := submitLive(t, e, claim, board.Chairman, directive(id))
		want = want.Add(time.Nanosecond)
		if err != nil || !a.Entry.At.Equal(want) {
			t.Errorf("act %s recorded at %s (%v), want %s", id, a.Entry.At, err, want)
		}
	}

	// History submitted to a live engine is recorded at its own time, in order.
	clock.Set(clockNow.Add(time.Hour))
	h, err := e.SubmitDev(context.Background(), board.Act{At: clockNow.Add(time.Minute), By: board.Chairman, Body: directive("history")})
	if err != nil || h.Entry.Live || !h.Entry.At.Equal(clockNow.Add(time.Minute)) {
		t.Errorf("SubmitDev: entry at %s (live %t, %v), want at its own time, not live", h.Entry.At, h.Entry.Live, err)
	}
	if leaf, _ := record.ParseLeaf(h.Receipt.Leaf); leaf.Live() {
		t.Error("the leaf of an act of history carries a recorded instant")
	}
}

// TestLiveDecidedAsOfRecordedInstant: an act is decided, and placed in as-of views, at its
// recorded instant, not at the time its actor gave it.
func TestLiveDecidedAsOfRecordedInstant(t *testing.T) {
	e, _, path := openLive(t, 0)
	claim := clockNow.Add(-4 * time.Minute)
	if _, err := submitLive(t, e, claim, board.Chairman, &board.Invite{State: "KAZ"}); err != nil {
		t.Fatal(err)
	}
	if got := status(t, e, "KAZ", clockNow.Add(-time.Minute)); got != "" {
		t.Errorf("as of a minute before the invitation was recorded: %q, want no status", got)
	}
	if got := status(t, e, "KAZ", clockNow); got != board.StatusInvited {
		t.Errorf("as of its recorded instant: %q, want %q", got, board.StatusInvited)
	}
	var invited time.Time
	if err := e.View(context.Background(), clockNow, func(s *board.State, r *charter.Rules) error {
		invited = s.Last
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !invited.Equal(clockNow) {
		t.Errorf("the state's last act is at %s, want the recorded instant %s", invited, clockNow)
	}

	// Reopened, the record rebuilds the same state from the stored instants, and verifies.
	e.Close()
	again, _ := open(t, path)
	if got := status(t, again, "KAZ", clockNow.Add(-time.Minute)); got != "" {
		t.Errorf("reopened, as of a minute before the invitation: %q, want no status", got)
	}
	if _, err := verifyDB(t, path); err != nil {
		t.Errorf("verify: %v", err)
	}
}

// TestLiveClockSkew: the time an actor gives a live act may be up to the skew away from the
// writer's clock, either way, and not a second more; a refusal names the skew and both instants,
// and changes nothing.
func TestLiveClockSkew(t *testing.T) {
	for _, c := range []struct {
		name   string
		skew   time.Duration // 0: the default
		offset time.Duration
		ok     bool
	}{
		{"exactly the skew ahead", 0, 5 * time.Minute, true},
		{"exactly the skew behind", 0, -5 * time.Minute, true},
		{"a second more ahead", 0, 5*time.Minute + time.Second, false},
		{"a second more behind", 0, -5*time.Minute - time.Second, false},
		{"a nanosecond more ahead", 0, 5*time.Minute + 1, false},
		{"within a larger skew", 10 * time.Minute, 9 * time.Minute, true},
		{"beyond a larger skew", 10 * time.Minute, 10*time.Minute + time.Second, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, _, _ := openLive(t, c.skew)
			before := e.Len()
			claim := clockNow.Add(c.offset)
			a, err := submitLive(t, e, claim, board.Chairman, directive("skewed"))
			if c.ok {
				if err != nil || !a.Entry.At.Equal(clockNow) {
					t.Errorf("recorded at %s (%v), want accepted at %s", a.Entry.At, err, clockNow)
				}
				return
			}
			skew := c.skew
			if skew == 0 {
				skew = engine.DefaultClockSkew
			}
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			for _, want := range []string{skew.String(), claim.Format(time.RFC3339Nano), clockNow.Format(time.RFC3339Nano)} {
				if !strings.Contains(msg, want) {
					t.Errorf("refusal %q does not name %s", msg, want)
				}
			}
			if board.ErrorKindOf(err) != board.Refused {
				t.Errorf("kind %q, want refused", board.ErrorKindOf(err))
			}
			if e.Len() != before {
				t.Errorf("the refused act changed the record: %d entries, want %d", e.Len(), before)
			}
		})
	}
}

// TestLiveRecordAheadOfClock: a record whose last act (history) is after the writer's clock
// records a live act a nanosecond after it, as long as that is within the skew of the act's own
// time; further ahead, the act is refused with a sentence that says why.
func TestLiveRecordAheadOfClock(t *testing.T) {
	e, _, path := openLive(t, 0)
	ahead := clockNow.Add(3 * time.Minute)
	mustSubmit(t, e, ahead, board.Chairman, directive("ahead"))
	a, err := submitLive(t, e, clockNow, board.Chairman, directive("live"))
	if err != nil || !a.Entry.At.Equal(ahead.Add(time.Nanosecond)) {
		t.Errorf("recorded at %s (%v), want a nanosecond after %s", a.Entry.At, err, ahead)
	}
	if _, err := verifyDB(t, path); err != nil {
		t.Errorf("verify: %v", err)
	}

	far := clockNow.Add(time.Hour)
	mustSubmit(t, e, far, board.Chairman, directive("far-ahead"))
	_, err = submitLive(t, e, clockNow, board.Chairman, directive("refused"))
	if board.ErrorKindOf(err) != board.Refused || err == nil || !strings.Contains(err.Error(), "the record's last act is recorded at "+far.Format(time.RFC3339Nano)) {
		t.Errorf("live act behind the record: %v; want refused, naming the record's last instant", err)
	}
}

// TestLiveAndHistoryVerify: a record of history and live acts, reopened, verifies; one written
// with a larger skew than the verifier's fails, naming the entry, and verifies with the skew it
// was written with.
func TestLiveAndHistoryVerify(t *testing.T) {
	live, _, path := openLive(t, 10*time.Minute)
	ctx := context.Background()
	if _, err := submitLive(t, live, clockNow.Add(-time.Minute), board.Chairman, directive("near")); err != nil {
		t.Fatal(err)
	}
	wide, err := submitLive(t, live, clockNow.Add(-8*time.Minute), board.Chairman, directive("wide"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := live.SubmitDev(ctx, board.Act{At: clockNow.Add(time.Second), By: board.Chairman, Body: directive("history")}); err != nil {
		t.Fatal(err)
	}
	live.Close()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	reopened, err := engine.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	if reopened.Len() != live.Len() {
		t.Errorf("reopened with %d entries, want %d", reopened.Len(), live.Len())
	}
	_, err = engine.Verify(ctx, engine.StoreSource{Store: db}, live.LogKey().Verifier, engine.VerifyOptions{})
	if ve, ok := errors.AsType[*engine.VerifyError](err); !ok || ve.Index != wide.Entry.Index || !strings.Contains(err.Error(), "more than 5m0s from its own time") {
		t.Errorf("verify with the default skew: %v; want entry %d recorded too far from its time", err, wide.Entry.Index)
	}
	if _, err := engine.Verify(ctx, engine.StoreSource{Store: db}, live.LogKey().Verifier, engine.VerifyOptions{ClockSkew: 10 * time.Minute}); err != nil {
		t.Errorf("verify with the skew the record was written with: %v", err)
	}
}
