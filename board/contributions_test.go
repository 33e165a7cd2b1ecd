package board_test

import (
	"slices"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

// TestNewestContributions: pages of the newest contributions, newest first, are those of
// Contributions reversed, at instants between pledges, the receipts that pay them in part and
// a reversal: a pledge's open rest counts the receipts recorded by the instant, even those on
// an earlier page.
func TestNewestContributions(t *testing.T) {
	w := treasury(t, nil, 20)
	steps := []struct {
		at   string
		by   board.ActorID
		body board.Body
	}{
		{"2026-02-19T17:00:00Z", "org:fifa", &board.Pledge{Amount: usd("75000000"), Fund: "gaza-reconstruction"}},
		{"2026-02-20T10:00:00Z", "state:USA", &board.Pledge{Amount: usd("1000000"), Fund: "gaza-reconstruction"}},
		{"2026-03-01T10:00:00Z", board.Secretariat, &board.Receive{Contributor: "org:fifa", Amount: usd("25000000"),
			ValueDate: ts("2026-03-01"), Form: board.FormCash, Fund: "gaza-reconstruction"}},
		{"2026-03-02T10:00:00Z", board.Secretariat, &board.Receive{Contributor: "state:USA", Amount: usd("400000"),
			ValueDate: ts("2026-03-02"), Form: board.FormCash, Fund: "gaza-reconstruction"}},
		{"2026-03-03T10:00:00Z", board.Secretariat, &board.Receive{Contributor: "org:fifa", Amount: usd("10000000"),
			ValueDate: ts("2026-03-03"), Form: board.FormCash, Fund: "gaza-reconstruction"}},
		{"2026-03-04T10:00:00Z", board.Secretariat, &board.Reverse{Entry: "e5", Reason: "bounced"}},
		{"2026-03-05T10:00:00Z", "org:fifa", &board.Pledge{Amount: usd("5000000"), Fund: "gaza-reconstruction"}},
	}
	var instants []time.Time
	for _, s := range steps {
		at := ts(s.at)
		w.must(t, at, s.by, s.body)
		instants = append(instants, at, at.Add(-time.Second), at.Add(time.Hour))
	}
	if lines := w.state.Contributions("org:fifa", ts("2026-03-05T09:00:00Z")); len(lines) != 4 || lines[0].Open != usd("50000000") {
		t.Fatalf("FIFA's contributions before the last act = %+v; want its pledge with USD 50m open (the second receipt reversed), two receipts and the reversal", lines)
	}
	for _, at := range instants {
		for _, c := range []board.ActorID{"", "org:fifa", "state:USA", "state:QAT"} {
			all := w.state.Contributions(c, at)
			if err := checkContributionsAfter(w.state, c, at); err != nil {
				t.Fatal(err)
			}
			if _, _, ok := w.state.ContributionsAfter("state:USA", at, "e1", 2); ok { // e1 is FIFA's pledge
				t.Fatal("state:USA's contributions after FIFA's pledge: answered")
			}
			slices.Reverse(all)
			for skip := 0; skip <= len(all); skip++ {
				for n := 1; n <= len(all)+1; n++ {
					got, total := w.state.NewestContributions(c, at, skip, n), w.state.ContributionCount(c, at)
					want := all[skip:min(skip+n, len(all))]
					if total != len(all) || len(got) != len(want) {
						t.Fatalf("%q as of %s, skipping %d, at most %d: %d lines of %d; want %d of %d", c, at, skip, n, len(got), total, len(want), len(all))
					}
					for i := range got {
						if g, w := got[i], want[i]; g.Entry.ID != w.Entry.ID || g.ReversedBy != w.ReversedBy || g.Open != w.Open {
							t.Fatalf("%q as of %s, skipping %d: line %d = %s (reversed by %q, open %v); want %s (%q, %v)",
								c, at, skip, i, g.Entry.ID, g.ReversedBy, g.Open, w.Entry.ID, w.ReversedBy, w.Open)
						}
					}
				}
			}
		}
	}
}
