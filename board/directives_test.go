package board_test

import (
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

func TestR15Directive(t *testing.T) {
	directive := &board.Directive{ID: "d1", Title: "Rules of procedure", Text: "Meetings open at 9:00."}
	at := ts("2026-02-03T10:00:00Z")
	tests := []struct {
		name string
		by   board.ActorID
		body *board.Directive
		kind board.ErrorKind
		rule string
	}{
		{"the Chairman adopts a directive, without a vote", board.Chairman, directive, "", ""},
		{"a member State cannot", "state:USA", directive, board.Forbidden, "R15"},
		{"an Executive Board member cannot", rubio, directive, board.Forbidden, "R15"},
		{"the secretariat cannot", board.Secretariat, directive, board.Forbidden, "R15"},
		{"the chief executive cannot", board.ChiefExecutive, directive, board.Forbidden, "R15"},
		{"an organization cannot", "org:fifa", directive, board.Forbidden, "R15"},
		{"the id of a proposal is a conflict", board.Chairman, &board.Directive{ID: "p1", Title: "x"}, board.Conflict, "R15"},
		{"no title", board.Chairman, &board.Directive{ID: "d1"}, board.Invalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := meetingWorld(t, nil, 3)
			w.must(t, proposedAt, rubio, &board.Propose{ID: "p1", Type: board.KindBudget, Title: "Budget"})
			err := w.do(t, at, tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				if _, err := w.asOf(at).Decision("d1", at); board.ErrorKindOf(err) != board.NotFound {
					t.Errorf("Decision(d1) after a refusal: %v; want not found", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			v := w.wantDecision(t, "d1", at, board.DecisionDirective)
			if v.Kind != board.KindDirective || v.By != board.Chairman || !v.Proposed.Equal(at) || v.Title != tt.body.Title || v.Text != tt.body.Text || !v.Opened.IsZero() {
				t.Errorf("directive view %+v", v)
			}
		})
	}
	t.Run("a repeated id is a conflict", func(t *testing.T) {
		w := meetingWorld(t, nil, 3)
		w.must(t, at, board.Chairman, directive)
		wantRefusal(t, w.do(t, at, board.Chairman, directive), board.Conflict, "R15")
	})
	t.Run("a directive is not voted on or approved", func(t *testing.T) {
		w := meetingWorld(t, nil, 3)
		w.must(t, at, board.Chairman, directive)
		for _, a := range []struct {
			by   board.ActorID
			body board.Body
		}{
			{board.Secretariat, &board.OpenVote{Proposal: "d1"}},
			{"state:USA", &board.Vote{Proposal: "d1", Choice: board.ChoiceYes}},
			{board.Secretariat, &board.CloseVote{Proposal: "d1"}},
			{board.Chairman, &board.Approve{Proposal: "d1"}},
			{board.Chairman, &board.CastingVote{Proposal: "d1", Choice: board.ChoiceYes}},
		} {
			wantRefusal(t, w.do(t, openAt, a.by, a.body), board.Refused, "R15")
		}
		w.wantDecision(t, "d1", openAt, board.DecisionDirective)
	})
}
