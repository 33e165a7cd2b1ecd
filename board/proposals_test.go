package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

func TestR9Propose(t *testing.T) {
	body := func(id board.DecisionID, kind board.DecisionKind, title string) *board.Propose {
		return &board.Propose{ID: id, Type: kind, Title: title, Text: "text"}
	}
	tests := []struct {
		name string
		by   board.ActorID
		body *board.Propose
		kind board.ErrorKind
		rule string
	}{
		{"by a serving Executive Board member", rubio, body("p2", board.KindBudget, "Budget"), "", ""},
		{"by the Chairman", board.Chairman, body("p2", board.KindAgreement, "Agreement"), "", ""},
		{"each kind of R9: appointment", rubio, body("p2", board.KindAppointment, "Envoy"), "", ""},
		{"each kind of R9: subsidiary", rubio, body("p2", board.KindSubsidiary, "A fund board"), "", ""},
		{"each kind of R9: other", rubio, body("p2", board.KindOther, "Other"), "", ""},
		{"by a member State is forbidden", "state:USA", body("p2", board.KindBudget, "Budget"), board.Forbidden, "R9"},
		{"by the secretariat is forbidden", board.Secretariat, body("p2", board.KindBudget, "Budget"), board.Forbidden, "R9"},
		{"by someone not on the Executive Board is forbidden", executive("nobody"), body("p2", board.KindBudget, "Budget"), board.Forbidden, "R17"},
		{"a repeated id is a conflict", rubio, body("p1", board.KindBudget, "Budget"), board.Conflict, "R9"},
		{"the id of a directive is a conflict", rubio, body("d1", board.KindBudget, "Budget"), board.Conflict, "R9"},
		{"a directive is not a kind of proposal", rubio, body("p2", board.KindDirective, "Budget"), board.Invalid, ""},
		{"an unknown kind", rubio, body("p2", "treaty", "Budget"), board.Invalid, ""},
		{"no title", rubio, body("p2", board.KindBudget, " "), board.Invalid, ""},
		{"an id that is not a slug", rubio, body("P 2", board.KindBudget, "Budget"), board.Invalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := meetingWorld(t, nil, 3)
			w.must(t, proposedAt, rubio, &board.Propose{ID: "p1", Type: board.KindInitiative, Title: "First"})
			w.must(t, proposedAt, board.Chairman, &board.Directive{ID: "d1", Title: "A directive"})
			at := proposedAt.Add(time.Hour)
			err := w.do(t, at, tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				if got := len(w.asOf(at).DecisionList(at)); got != 2 {
					t.Errorf("after a refusal: %d decisions, want 2", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			v := w.wantDecision(t, "p2", at, board.DecisionDraft)
			if v.By != tt.by || !v.Proposed.Equal(at) || v.Kind != tt.body.Type || v.Title != tt.body.Title || v.Text != "text" {
				t.Errorf("view %+v: want proposed by %s at %s, as written", v, tt.by, at)
			}
		})
	}
	t.Run("a proposal about a subsidiary entity creates none (R14)", func(t *testing.T) {
		w := meetingWorld(t, nil, 3)
		w.must(t, proposedAt, rubio, body("fund-board", board.KindSubsidiary, "A fund board"))
		if n := len(w.state.Subsidiaries); n != 0 {
			t.Errorf("%d subsidiaries, want 0", n)
		}
	})
}

func TestR10Comment(t *testing.T) {
	tests := []struct {
		name    string
		by      board.ActorID
		body    *board.Comment
		setup   func(t *testing.T, w *world)
		kind    board.ErrorKind
		rule    string
		comment bool
	}{
		{"a member State comments", "state:ARG", &board.Comment{Proposal: "p1", Text: "We agree."}, nil, "", "", true},
		{"a State that is not a member cannot", "state:FRA", &board.Comment{Proposal: "p1", Text: "Non."}, nil, board.Refused, "R10", false},
		{"an Executive Board member cannot", rubio, &board.Comment{Proposal: "p1", Text: "x"}, nil, board.Forbidden, "R10", false},
		{"an unknown proposal", "state:ARG", &board.Comment{Proposal: "p9", Text: "x"}, nil, board.NotFound, "", false},
		{"an empty comment", "state:ARG", &board.Comment{Proposal: "p1", Text: ""}, nil, board.Invalid, "", false},
		{"a directive takes no comments", "state:ARG", &board.Comment{Proposal: "d1", Text: "x"}, func(t *testing.T, w *world) {
			w.must(t, proposedAt, board.Chairman, &board.Directive{ID: "d1", Title: "A directive"})
		}, board.Refused, "R15", false},
		{"comments close when the vote opens", "state:ARG", &board.Comment{Proposal: "p1", Text: "Late."}, func(t *testing.T, w *world) {
			w.must(t, agendaAt, rubio, &board.SetAgenda{Meeting: "washington", Proposals: []board.DecisionID{"p1"}})
			w.must(t, agendaAt, board.Chairman, &board.ApproveAgenda{Meeting: "washington"})
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
		}, board.Refused, "R10", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := meetingWorld(t, nil, 3)
			w.must(t, proposedAt, rubio, &board.Propose{ID: "p1", Type: board.KindBudget, Title: "Budget"})
			if tt.setup != nil {
				tt.setup(t, w)
			}
			at := openAt.Add(time.Minute)
			err := w.do(t, at, tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
			} else if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			v := w.decision(t, "p1", at)
			if got := len(v.Comments); tt.comment != (got == 1) {
				t.Fatalf("%d comments, want comment recorded = %v", got, tt.comment)
			}
			if tt.comment && (v.Comments[0].By != tt.by || v.Comments[0].Text != tt.body.Text || !v.Comments[0].At.Equal(at)) {
				t.Errorf("comment %+v, want %q by %s at %s", v.Comments[0], tt.body.Text, tt.by, at)
			}
		})
	}
}
