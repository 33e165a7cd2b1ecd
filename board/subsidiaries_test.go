package board_test

import (
	"slices"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

func TestR14Subsidiaries(t *testing.T) {
	gaza := &board.CreateSubsidiary{ID: "gaza", Name: "Gaza Executive Board", Mandate: "Gaza", Members: []string{"Nickolay Mladenov"}}

	t.Run("only the Chairman creates", func(t *testing.T) {
		for _, by := range []board.ActorID{"state:USA", executive("rubio"), board.Secretariat, board.ChiefExecutive} {
			w := newWorld(nil)
			w.withExecutives(t, appointedAt, "rubio")
			w.join(t, eif, states[:3]...)
			wantRefusal(t, w.do(t, ts("2026-02-01"), by, gaza), board.Forbidden, "R14")
			if len(w.state.Subsidiaries) != 0 {
				t.Errorf("by %s: %d subsidiaries after a refusal, want 0", by, len(w.state.Subsidiaries))
			}
		}
		w := newWorld(nil)
		w.must(t, ts("2026-02-01"), board.Chairman, gaza)
		sub := w.state.Subsidiaries["gaza"]
		if sub == nil || sub.Name != gaza.Name || sub.Mandate != "Gaza" || !sub.Created.Equal(ts("2026-02-01")) {
			t.Errorf("subsidiary %+v; want gaza created 2026-02-01", sub)
		}
	})

	modify := &board.ModifySubsidiary{ID: "gaza", Name: "Gaza Board", Members: []string{"Ali Shaath"}}
	dissolve := &board.DissolveSubsidiary{ID: "gaza"}
	tests := []struct {
		name  string
		setup []step
		by    board.ActorID
		body  board.Body
		kind  board.ErrorKind
		rule  string
	}{
		{"a duplicate id is refused", nil, board.Chairman, &board.CreateSubsidiary{ID: "gaza", Name: "Other"}, board.Conflict, ""},
		{"the Chairman modifies", nil, board.Chairman, modify, "", ""},
		{"a modification that changes nothing is invalid", nil, board.Chairman, &board.ModifySubsidiary{ID: "gaza"}, board.Invalid, ""},
		{"only the Chairman modifies", nil, "state:USA", modify, board.Forbidden, "R14"},
		{"only the Chairman dissolves", nil, "state:USA", dissolve, board.Forbidden, "R14"},
		{"modify after dissolve is refused", []step{{board.Chairman, dissolve, "", ""}}, board.Chairman, modify, board.Refused, "R14"},
		{"dissolve after dissolve is refused", []step{{board.Chairman, dissolve, "", ""}}, board.Chairman, dissolve, board.Refused, "R14"},
		{"a dissolved subsidiary's id is not reused", []step{{board.Chairman, dissolve, "", ""}}, board.Chairman, gaza, board.Conflict, ""},
		{"an unknown subsidiary is not found", nil, board.Chairman, &board.ModifySubsidiary{ID: "west-bank", Name: "x"}, board.NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(nil)
			w.join(t, eif, states[:3]...)
			w.must(t, ts("2026-02-01"), board.Chairman, gaza)
			last := w.run(t, ts("2026-03-01"), tt.setup)
			err := w.do(t, last.Add(time.Hour), tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			sub := w.state.Subsidiaries["gaza"]
			if sub.Name != "Gaza Board" || sub.Mandate != "Gaza" || !slices.Equal(sub.Members, []string{"Ali Shaath"}) {
				t.Errorf("after modify: %+v; want name and members changed, mandate kept", sub)
			}
		})
	}
	t.Run("the Chairman dissolves", func(t *testing.T) {
		w := newWorld(nil)
		w.must(t, ts("2026-02-01"), board.Chairman, gaza)
		w.must(t, ts("2026-03-01"), board.Chairman, dissolve)
		if got := w.state.Subsidiaries["gaza"].Dissolved; !got.Equal(ts("2026-03-01")) {
			t.Errorf("dissolved = %s, want 2026-03-01", got)
		}
	})
}
