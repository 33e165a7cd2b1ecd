package examples_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/scenario"
)

// replayFile parses the scenario at path and its rules file (a path relative to the scenario),
// replays it into a new SQLite database and returns the engine.
func replayFile(t *testing.T, path string) (*engine.Engine, replay.Result) {
	t.Helper()
	ctx := context.Background()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(filepath.Base(path), data)
	if err != nil {
		t.Fatal(err)
	}
	rulesPath := filepath.Join(filepath.Dir(path), sc.Rules)
	text, err := os.ReadFile(rulesPath)
	if err != nil {
		t.Fatalf("rules: %v", err)
	}
	if _, err := charter.Parse(filepath.Base(rulesPath), string(text)); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e, err := engine.Create(ctx, db, engine.Meta{Rules: string(text), Keyring: "dev:test", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := replay.Run(ctx, e, sc, replay.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e, res
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// view calls fn with the state as of the start of day d.
func view(t *testing.T, e *engine.Engine, d string, fn func(s *board.State, r *charter.Rules)) {
	t.Helper()
	err := e.View(context.Background(), day(d), func(s *board.State, r *charter.Rules) error {
		fn(s, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// member returns code's view as of the start of day d.
func member(t *testing.T, e *engine.Engine, code board.StateCode, d string) board.MemberView {
	t.Helper()
	var v board.MemberView
	view(t, e, d, func(s *board.State, r *charter.Rules) {
		var ok bool
		if v, ok = s.Member(r, code, day(d)); !ok {
			t.Fatalf("%s as of %s: never invited", code, d)
		}
	})
	return v
}

func TestCoalitionRules(t *testing.T) {
	text, err := os.ReadFile("coalition.toml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := charter.Parse("coalition.toml", string(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		key       string
		got, want any
	}{
		{"id", r.ID, "coastal-security-coalition"},
		{"organization.name.en", r.Name("en"), "Coastal Security Coalition"},
		{"organization.languages", len(r.Organization.Languages), 1},
		{"organization.chairman", r.Organization.Chairman, "Helena Marin"},
		{"membership.term_from", r.Membership.TermFrom, charter.TermFromJoining},
		{"membership.term", r.Membership.Term, charter.Period{Years: 2}},
		{"renewal.length", r.Renewal.Length, charter.Period{Years: 1}},
		{"removal.veto_fraction", r.Removal.VetoFraction, charter.Fraction{Num: 3, Den: 5}},
		{"removal.veto_window", r.Removal.VetoWindow, charter.Period{Days: 14}},
		{"entry_into_force.consents", r.EntryIntoForce.Consents, 2},
		{"executive_board.term", r.ExecutiveBoard.Term, charter.Period{Years: 1}},
		{"dissolution.by", r.Dissolution.By, "chairman"},
		{"funds", len(r.Funds), 1},
		{"accounts", len(r.Accounts), 1},
		{"mandates", len(r.Mandates), 0},
		// Left out of the file: the Board of Peace value.
		{"withdrawal.notice", r.Withdrawal.Notice, charter.Default().Withdrawal.Notice},
		{"permanent_seat.threshold", r.PermanentSeat.Threshold, charter.Default().PermanentSeat.Threshold},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.key, c.got, c.want)
		}
	}
}

// TestCoalitionReplayR4R7R8R17R20 replays coalition.yaml and checks that the coalition's own
// parameters, not the Board of Peace's, decided what happened.
func TestCoalitionReplayR4R7R8R17R20(t *testing.T) {
	e, res := replayFile(t, "coalition.yaml")
	if res.Refused != 3 {
		t.Errorf("refused as expected: %d acts, want 3", res.Refused)
	}

	t.Run("R8 in force from the second consent", func(t *testing.T) {
		if v := member(t, e, "MLT", "2027-01-20"); v.Status != board.StatusSignatory {
			t.Errorf("MLT on 2027-01-20: status %q, want %q (one consent of two)", v.Status, board.StatusSignatory)
		}
		view(t, e, "2027-02-01", func(s *board.State, r *charter.Rules) {
			if got, want := s.InForce, day("2027-02-01"); !got.Equal(want) {
				t.Errorf("entry into force %s, want %s", got, want)
			}
		})
		for _, code := range []board.StateCode{"MLT", "CYP"} {
			v := member(t, e, code, "2027-02-01")
			if v.Status != board.StatusMember || !v.Joined.Equal(day("2027-02-01")) {
				t.Errorf("%s on 2027-02-01: status %q joined %s, want member joined 2027-02-01", code, v.Status, v.Joined)
			}
		}
	})

	t.Run("R4 terms counted from joining", func(t *testing.T) {
		for _, c := range []struct {
			state           board.StateCode
			joined, termEnd string
		}{
			{"MLT", "2027-02-01", "2029-02-01"}, // consented before entry into force: joined then
			{"CYP", "2027-02-01", "2029-02-01"},
			{"GRC", "2027-03-10", "2029-03-10"}, // under the Board of Peace file: 2030-02-01 (3y from entry into force)
			{"HRV", "2027-04-05", "2029-04-05"},
			{"ITA", "2027-06-01", "2029-06-01"},
		} {
			v := member(t, e, c.state, "2028-11-19")
			if !v.Joined.Equal(day(c.joined)) || !v.TermEnd.Equal(day(c.termEnd)) {
				t.Errorf("%s: joined %s, term end %s; want joined %s, term end %s (joining + 2y)",
					c.state, v.Joined.Format(time.DateOnly), v.TermEnd.Format(time.DateOnly), c.joined, c.termEnd)
			}
		}
	})

	t.Run("R4 renewal adds renewal.length", func(t *testing.T) {
		v := member(t, e, "MLT", "2028-11-20")
		if want := day("2030-02-01"); !v.TermEnd.Equal(want) {
			t.Errorf("MLT after renewal: term end %s, want %s (2029-02-01 + 1y)", v.TermEnd.Format(time.DateOnly), want.Format(time.DateOnly))
		}
	})

	t.Run("R7 a three-fifths veto blocks a removal", func(t *testing.T) {
		view(t, e, "2027-07-14", func(s *board.State, r *charter.Rules) {
			rm := s.Removals["remove-ita"]
			if rm == nil {
				t.Fatal("no removal remove-ita")
			}
			if rm.Base != 5 || rm.Needed != 3 || len(rm.Vetoes) != 3 {
				t.Errorf("remove-ita: base %d, needed %d, vetoes %d; want 5, 3 (ceil(3/5 × 5)), 3", rm.Base, rm.Needed, len(rm.Vetoes))
			}
			if !rm.Blocked.Equal(day("2027-07-14")) {
				t.Errorf("remove-ita blocked on %s, want 2027-07-14 (the third veto)", rm.Blocked)
			}
		})
		if v := member(t, e, "ITA", "2027-07-13"); v.Status != board.StatusRemovalPending {
			t.Errorf("ITA with two vetoes of three: status %q, want %q", v.Status, board.StatusRemovalPending)
		}
		if v := member(t, e, "ITA", "2027-08-01"); v.Status != board.StatusMember {
			t.Errorf("ITA after its window (blocked): status %q, want %q", v.Status, board.StatusMember)
		}
	})

	t.Run("R7 too few vetoes within the 14-day window", func(t *testing.T) {
		view(t, e, "2027-09-15", func(s *board.State, r *charter.Rules) {
			rm := s.Removals["remove-prt"]
			if rm == nil {
				t.Fatal("no removal remove-prt")
			}
			if !rm.WindowEnd.Equal(day("2027-09-15")) || rm.Needed != 3 || len(rm.Vetoes) != 2 || !rm.Blocked.IsZero() {
				t.Errorf("remove-prt: window end %s, needed %d, vetoes %d, blocked %s; want 2027-09-15, 3, 2, never",
					rm.WindowEnd, rm.Needed, len(rm.Vetoes), rm.Blocked)
			}
		})
		if v := member(t, e, "PRT", "2027-09-14"); v.Status != board.StatusRemovalPending {
			t.Errorf("PRT on the window's last day: status %q, want %q", v.Status, board.StatusRemovalPending)
		}
		v := member(t, e, "PRT", "2027-09-15")
		if v.Status != board.StatusFormer || v.EndReason != board.EndRemoved || !v.Ended.Equal(day("2027-09-15")) {
			t.Errorf("PRT on 2027-09-15: %q %q ended %s; want former, removed on 2027-09-15", v.Status, v.EndReason, v.Ended)
		}
	})

	t.Run("R17 one-year Executive Board term", func(t *testing.T) {
		view(t, e, "2028-02-10", func(s *board.State, r *charter.Rules) {
			x := s.Executives["harbour"]
			if x == nil {
				t.Fatal("no executive harbour")
			}
			if want := day("2028-02-10"); !x.TermEnd.Equal(want) || x.ServingAt(want) {
				t.Errorf("harbour: term end %s, serving on it %v; want 2028-02-10, false", x.TermEnd, x.ServingAt(want))
			}
		})
	})

	t.Run("R20 dissolution by the Chairman ends every membership", func(t *testing.T) {
		dissolved := day("2029-01-15")
		view(t, e, "2029-01-15", func(s *board.State, r *charter.Rules) {
			if !s.Dissolved.Equal(dissolved) {
				t.Errorf("dissolved %s, want 2029-01-15", s.Dissolved)
			}
			if o := s.Overview(r, dissolved); o.InForce || o.Members != 0 {
				t.Errorf("after dissolution: in force %v, %d members; want false, 0", o.InForce, o.Members)
			}
		})
		for _, code := range []board.StateCode{"MLT", "CYP", "GRC", "HRV", "ITA"} {
			if v := member(t, e, code, "2029-01-14"); v.Status != board.StatusMember {
				t.Errorf("%s the day before: status %q, want member", code, v.Status)
			}
			v := member(t, e, code, "2029-01-15")
			if v.Status != board.StatusFormer || v.EndReason != board.EndDissolved || !v.Ended.Equal(dissolved) {
				t.Errorf("%s: %q %q ended %s; want former, dissolved on 2029-01-15", code, v.Status, v.EndReason, v.Ended)
			}
		}
		if v := member(t, e, "PRT", "2029-01-15"); v.EndReason != board.EndRemoved {
			t.Errorf("PRT, removed before: end reason %q, want %q", v.EndReason, board.EndRemoved)
		}
	})
}
