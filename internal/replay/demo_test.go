package replay_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/scenario"
)

// replayInto replays sc into a new SQLite database under rules and returns the engine.
func replayInto(t *testing.T, sc *scenario.Scenario, rules string) *engine.Engine {
	t.Helper()
	e := newEngine(t, rules)
	if _, err := replay.Run(context.Background(), e, sc, replay.Options{}); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestDemoReplays(t *testing.T) {
	replayInto(t, scenario.Demo(), charter.Default().Source)
}

// viewAsOf calls fn with e's state as of the end of day (YYYY-MM-DD), and that instant.
func viewAsOf(t *testing.T, e *engine.Engine, day string, fn func(s *board.State, r *charter.Rules, at time.Time)) {
	t.Helper()
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatal(err)
	}
	at := board.EndOfDay(d)
	if err := e.View(context.Background(), at, func(s *board.State, r *charter.Rules) error {
		fn(s, r, at)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// demoAsOf returns, as of the end of day, e's overview and each invited State's view.
func demoAsOf(t *testing.T, e *engine.Engine, day string) (board.Overview, map[board.StateCode]board.MemberView) {
	t.Helper()
	var o board.Overview
	var views map[board.StateCode]board.MemberView
	viewAsOf(t, e, day, func(s *board.State, r *charter.Rules, at time.Time) {
		o, views = s.Overview(r, at), memberViews(s, r, at)
	})
	return o, views
}

// memberViews returns each invited State's view as of at.
func memberViews(s *board.State, r *charter.Rules, at time.Time) map[board.StateCode]board.MemberView {
	views := map[board.StateCode]board.MemberView{}
	for _, v := range s.Members(r, at) {
		views[v.State] = v
	}
	return views
}

func countStatus(views map[board.StateCode]board.MemberView, st board.Status) int {
	n := 0
	for _, v := range views {
		if v.Status == st {
			n++
		}
	}
	return n
}

func wantStatus(t *testing.T, day string, views map[board.StateCode]board.MemberView, st board.Status, codes ...board.StateCode) {
	t.Helper()
	for _, c := range codes {
		if got := views[c].Status; got != st {
			t.Errorf("as of %s: %s is %q, want %q", day, c, got, st)
		}
	}
}

// TestDemoTimeline checks the demo against the real 2026 timeline (facts-2026.md).
func TestDemoTimeline(t *testing.T) {
	e := replayInto(t, scenario.Demo(), charter.Default().Source)
	davos := []board.StateCode{"USA", "ARG", "ARM", "AZE", "BHR", "BGR", "HUN", "IDN", "JOR", "KAZ",
		"XKX", "MNG", "MAR", "PAK", "PRY", "QAT", "SAU", "TUR", "ARE", "UZB"}
	declined := []board.StateCode{"FRA", "NOR", "SWE", "DEU", "SVN", "ESP", "IRL", "HRV", "NZL",
		"AUT", "VAT", "GBR"}

	t.Run("2026-01-16", func(t *testing.T) {
		o, views := demoAsOf(t, e, "2026-01-16")
		// Only the UK has been offered a seat (13 January).
		if o.InForce || len(views) != 1 || views["GBR"].Status != board.StatusInvited {
			t.Errorf("in force %v, invited %v; want not in force, only GBR invited", o.InForce, views)
		}
		var people []string
		for _, x := range o.ExecutiveBoard {
			people = append(people, x.Person)
		}
		if len(people) != 7 {
			t.Errorf("Executive Board %v, want the 7 announced on 16 January", people)
		}
		err := e.View(context.Background(), board.EndOfDay(time.Date(2026, 1, 16, 0, 0, 0, 0, time.UTC)),
			func(s *board.State, _ *charter.Rules) error {
				sub := s.Subsidiaries["gaza-executive-board"]
				if sub == nil || len(sub.Members) != 10 {
					t.Errorf("Gaza Executive Board %+v, want it with 10 members", sub)
				}
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("2026-01-21", func(t *testing.T) {
		o, views := demoAsOf(t, e, "2026-01-21")
		if o.InForce || !o.EntryIntoForce.IsZero() || o.Members != 0 {
			t.Errorf("in force %v since %v with %d members; want not in force", o.InForce, o.EntryIntoForce, o.Members)
		}
		wantStatus(t, "2026-01-21", views, board.StatusSignatory, "KAZ")
		if !views["KAZ"].Founding {
			t.Error("KAZ is not founding")
		}
		if n := countStatus(views, board.StatusSignatory); n != 1 {
			t.Errorf("%d signatories, want 1 (at most 2 consents before Davos)", n)
		}
		wantStatus(t, "2026-01-21", views, board.StatusDeclined, "FRA", "NOR", "SWE", "DEU", "SVN")
		wantStatus(t, "2026-01-21", views, board.StatusInvited, "GBR", "CAN", "MAR", "BHR", "USA")
	})

	t.Run("2026-01-22", func(t *testing.T) {
		o, views := demoAsOf(t, e, "2026-01-22")
		want := time.Date(2026, 1, 22, 0, 0, 0, 0, time.UTC)
		if !o.InForce || !o.EntryIntoForce.Equal(want) {
			t.Errorf("in force %v since %v, want in force since 2026-01-22", o.InForce, o.EntryIntoForce)
		}
		if o.Members != 20 {
			t.Errorf("%d members, want 20", o.Members)
		}
		wantStatus(t, "2026-01-22", views, board.StatusMember, davos...)
		for _, c := range davos {
			if board.Day(views[c].Joined) != want {
				t.Errorf("%s joined %v, want 2026-01-22", c, views[c].Joined)
			}
		}
		// Bahrain's signature is the 2nd consent, Morocco's the 3rd: entry into force.
		for _, c := range []struct {
			at      time.Time
			inForce bool
		}{
			{time.Date(2026, 1, 22, 10, 0, 30, 0, time.UTC), false},
			{time.Date(2026, 1, 22, 10, 1, 0, 0, time.UTC), true},
		} {
			err := e.View(context.Background(), c.at, func(s *board.State, r *charter.Rules) error {
				if o := s.Overview(r, c.at); o.InForce != c.inForce {
					t.Errorf("as of %v: in force %v, want %v", c.at, o.InForce, c.inForce)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		wantStatus(t, "2026-01-22", views, board.StatusInvitationWithdrawn, "CAN")
		wantStatus(t, "2026-01-22", views, board.StatusDeclined, "GBR", "IRL")
		wantStatus(t, "2026-01-22", views, board.StatusInvited, "ESP", "SLV", "ISR")
	})

	t.Run("2026-02-22", func(t *testing.T) {
		o, views := demoAsOf(t, e, "2026-02-22")
		if o.Members != 22 {
			t.Errorf("%d members, want 22", o.Members)
		}
		wantStatus(t, "2026-02-22", views, board.StatusMember, append(davos, "SLV", "ISR")...)
		wantStatus(t, "2026-02-22", views, board.StatusInvitationWithdrawn, "CAN")
		wantStatus(t, "2026-02-22", views, board.StatusDeclined, append(declined, "ITA", "SVK")...)
		// The 22 Feb snapshot: 6 intend to accept and 15 have not answered, all still invited.
		wantStatus(t, "2026-02-22", views, board.StatusInvited,
			"ALB", "BLR", "KHM", "EGY", "KWT", "VNM",
			"AUS", "BRA", "CHN", "IND", "JPN", "NLD", "OMN", "PHL", "PRT", "RUS", "SGP", "KOR", "CHE", "THA", "UKR")
		counts := map[board.Status]int{}
		for _, v := range views {
			counts[v.Status]++
		}
		want := map[board.Status]int{
			board.StatusMember:              22,
			board.StatusInvited:             21,
			board.StatusDeclined:            14,
			board.StatusInvitationWithdrawn: 1,
		}
		if len(views) != 58 || !maps.Equal(counts, want) {
			t.Errorf("%d States invited, by status %v; want 58, %v", len(views), counts, want)
		}
	})
}
