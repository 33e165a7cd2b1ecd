package replay_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/scenario"
)

// A scenario is what a replay runs.
var _ replay.Script = (*scenario.Scenario)(nil)

// newEngine returns an engine on a new SQLite database under rules (the Board of Peace's when
// "").
func newEngine(t *testing.T, rules string) *engine.Engine {
	t.Helper()
	e, _ := newEngineDB(t, rules)
	return e
}

// newEngineDB is newEngine, with the database.
func newEngineDB(t *testing.T, rules string) (*engine.Engine, *sqlite.DB) {
	t.Helper()
	if rules == "" {
		rules = charter.Default().Source
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e, err := engine.Create(ctx, db, engine.Meta{Rules: rules, Keyring: "dev:test", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return e, db
}

// parse parses a scenario file's text, named x.yaml.
func parse(t *testing.T, text string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Parse("x.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestRunExpect: "expect: refused" is checked both ways, and "expect: refused R7" checks the
// rule; a step that does not go as the file says stops the replay with its line and rule.
func TestRunExpect(t *testing.T) {
	const invite = "acts:\n  - {at: 2026-01-19, by: chairman, act: invite, state: KAZ}\n" // line 2
	// Line 3: KAZ's consent is lawful; ARM's (never invited) is refused under R2.
	const kaz = "  - {at: 2026-01-20, by: \"state:KAZ\", act: consent, instrument: signature"
	const arm = "  - {at: 2026-01-20, by: \"state:ARM\", act: consent, instrument: signature"
	for _, c := range []struct {
		name, text string
		want       replay.Result
		line       int    // 0: no error
		rule       string // the rule on the error
		msg        string
	}{
		{name: "all accepted", text: invite + kaz + "}\n", want: replay.Result{Accepted: 2}},
		{name: "refused as expected", text: invite + arm + ", expect: refused}\n" + kaz + "}\n", want: replay.Result{Accepted: 2, Refused: 1}},
		{name: "refused under the rule expected", text: invite + arm + ", expect: refused R2}\n", want: replay.Result{Accepted: 1, Refused: 1}},
		{name: "refused, not expected", text: invite + arm + "}\n" + kaz + "}\n", want: replay.Result{Accepted: 1},
			line: 3, rule: "R2", msg: "act 2 (consent by state:ARM): refused: R2: ARM has not been invited"},
		{name: "accepted, expected refused", text: invite + kaz + ", expect: refused}\n", want: replay.Result{Accepted: 1},
			line: 3, msg: "act 2 (consent by state:KAZ): accepted, but the scenario expects it to be refused"},
		{name: "refused under another rule", text: invite + arm + ", expect: refused R7}\n", want: replay.Result{Accepted: 1},
			line: 3, rule: "R2", msg: `refused as expected, but under "R2", not R7`},
		{name: "refused as invalid, expected", text: invite + "  - {at: 2026-01-20, by: \"state:KAZ\", act: consent, instrument: handshake, expect: refused}\n",
			want: replay.Result{Accepted: 1, Refused: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := replay.Run(context.Background(), newEngine(t, ""), parse(t, c.text), replay.Options{})
			if res != c.want {
				t.Errorf("result = %+v, want %+v", res, c.want)
			}
			if c.line == 0 {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			se, ok := errors.AsType[*scenario.StepError](err)
			if !ok {
				t.Fatalf("err = %v (%T), want *scenario.StepError", err, err)
			}
			if se.Line != c.line || se.Rule != c.rule {
				t.Errorf("line %d rule %q, want line %d rule %q", se.Line, se.Rule, c.line, c.rule)
			}
			if prefix := fmt.Sprintf("x.yaml:%d: ", c.line); !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("err = %q, want %q…%q", err, prefix, c.msg)
			}
		})
	}
}

const twoInvitations = "acts:\n" +
	"  - {at: 2026-01-19, by: chairman, act: invite, state: KAZ}\n" +
	"  - {at: 2026-01-19, by: chairman, act: invite, state: ARM}\n"

func TestRunProgressAndCancel(t *testing.T) {
	sc := parse(t, twoInvitations)
	var done []int
	if _, err := replay.Run(context.Background(), newEngine(t, ""), sc, replay.Options{Progress: func(n int) { done = append(done, n) }}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(done) != "[1 2]" {
		t.Errorf("progress = %v, want [1 2]", done)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	e := newEngine(t, "")
	if res, err := replay.Run(ctx, e, sc, replay.Options{}); !errors.Is(err, context.Canceled) || res.Accepted != 0 || e.Len() != 0 {
		t.Errorf("cancelled replay: %+v, %v, %d entries; want context.Canceled and nothing recorded", res, err, e.Len())
	}
}

// TestRunReceipts: each accepted act's receipt is handed over with its step, and the
// callback's error stops the replay.
func TestRunReceipts(t *testing.T) {
	sc := parse(t, twoInvitations)
	var steps []int
	if _, err := replay.Run(context.Background(), newEngine(t, ""), sc, replay.Options{Accepted: func(step int, _ engine.Accepted) error {
		steps = append(steps, step)
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(steps) != "[1 2]" {
		t.Errorf("receipts of steps %v, want [1 2]", steps)
	}

	errStop := errors.New("stop")
	res, err := replay.Run(context.Background(), newEngine(t, ""), sc, replay.Options{Accepted: func(int, engine.Accepted) error { return errStop }})
	if !errors.Is(err, errStop) || res.Accepted != 1 {
		t.Errorf("a failing receipt callback: %+v, %v; want errStop after one act", res, err)
	}
}

// TestRedTeamSameDayReinvitation (issue 17, finding 13): a State declines and is invited again
// the same day. The second invitation repeats the first word for word, and the replay stopped
// there, refused as "already in the record". Each step is an act of its own: the repeat is
// recorded a nanosecond later, with the step after it, and the record verifies; the same signed
// bytes submitted again are still refused.
func TestRedTeamSameDayReinvitation(t *testing.T) {
	const text = "acts:\n" +
		"  - {at: 2026-01-19, by: chairman, act: invite, state: KAZ}\n" +
		"  - {at: 2026-01-19, by: \"state:KAZ\", act: decline}\n" +
		"  - {at: 2026-01-19, by: chairman, act: invite, state: KAZ}\n" +
		"  - {at: 2026-01-19, by: \"state:KAZ\", act: consent, instrument: signature}\n" +
		"  - {at: 2026-01-20, by: chairman, act: invite, state: ARM}\n"
	ctx := context.Background()
	e, db := newEngineDB(t, "")
	var entries []engine.Accepted
	res, err := replay.Run(ctx, e, parse(t, text), replay.Options{Accepted: func(_ int, a engine.Accepted) error {
		entries = append(entries, a)
		return nil
	}})
	if err != nil || res.Accepted != 5 {
		t.Fatalf("replay: %+v, %v; want 5 acts accepted", res, err)
	}
	day := time.Date(2026, 1, 19, 0, 0, 0, 0, time.UTC)
	for i, want := range []time.Time{day, day, day.Add(time.Nanosecond), day.Add(time.Nanosecond), day.AddDate(0, 0, 1)} {
		if got := entries[i].Entry.At; !got.Equal(want) || entries[i].Entry.Live {
			t.Errorf("step %d recorded at %s (live %t), want %s, at its own time", i+1, got, entries[i].Entry.Live, want)
		}
	}
	var status board.Status
	if err := e.View(ctx, day.AddDate(0, 0, 1), func(s *board.State, r *charter.Rules) error {
		v, _ := s.Member(r, "KAZ", day.AddDate(0, 0, 1))
		status = v.Status
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if status == board.StatusInvited || status == board.StatusDeclined || status == "" {
		t.Errorf("KAZ is %q after consenting to its second invitation", status)
	}
	if _, err := engine.Verify(ctx, engine.StoreSource{Store: db}, e.LogKey().Verifier, engine.VerifyOptions{}); err != nil {
		t.Errorf("verify: %v", err)
	}

	// The first invitation's signed bytes, submitted again, are the same act.
	first, err := e.SignDev(board.Act{At: day, By: board.Chairman, Body: &board.Invite{State: "KAZ"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Submit(ctx, first); board.ErrorKindOf(err) != board.Conflict || !strings.Contains(err.Error(), "already in the record") {
		t.Errorf("the first invitation again: %v; want a conflict, already in the record", err)
	}
}
