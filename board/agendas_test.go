package board_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

func TestR10CommentPeriod(t *testing.T) {
	tests := []struct {
		name   string
		period string
		at     time.Time
		ok     bool
	}{
		{"the day proposed", "7d", proposedAt.Add(time.Hour), false},
		{"the comment period's last day, at its start", "7d", commentLastDay, false},
		{"the comment period's last instant", "7d", agendaAt.Add(-time.Nanosecond), false},
		{"the day after the comment period", "7d", agendaAt, true},
		{"a 14-day period: its last day", "14d", ts("2026-02-15T12:00:00Z"), false},
		{"a 14-day period: the day after", "14d", ts("2026-02-16"), true},
		{"no comment period: the same day", "0d", proposedAt.Add(time.Minute), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rulesWith(func(r *charter.Rules) { r.Agenda.CommentPeriod, _ = charter.ParsePeriod(tt.period) })
			w := meetingWorld(t, r, 3)
			w.must(t, proposedAt, rubio, &board.Propose{ID: "p1", Type: board.KindBudget, Title: "Budget"})
			err := w.do(t, tt.at, rubio, &board.SetAgenda{Meeting: "washington", Proposals: []board.DecisionID{"p1"}})
			if !tt.ok {
				wantRefusal(t, err, board.Refused, "R10")
				w.wantDecision(t, "p1", tt.at, board.DecisionDraft)
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			v := w.wantDecision(t, "p1", tt.at, board.DecisionOnAgenda)
			if v.Meeting == nil || v.Meeting.ID != "washington" || !slices.Equal(v.Meeting.Agenda, []board.DecisionID{"p1"}) || v.Meeting.AgendaBy != rubio {
				t.Errorf("meeting %+v; want washington with p1 on its agenda, set by %s", v.Meeting, rubio)
			}
		})
	}
	t.Run("every proposal on the agenda must have had its comment period", func(t *testing.T) {
		w := meetingWorld(t, nil, 3)
		w.must(t, proposedAt, rubio, &board.Propose{ID: "p1", Type: board.KindBudget, Title: "Budget"})
		w.must(t, ts("2026-02-05"), rubio, &board.Propose{ID: "p2", Type: board.KindBudget, Title: "Late"})
		err := w.do(t, agendaAt, rubio, &board.SetAgenda{Meeting: "washington", Proposals: []board.DecisionID{"p1", "p2"}})
		wantRefusal(t, err, board.Refused, "R10")
		if err != nil && !strings.Contains(err.Error(), "p2") {
			t.Errorf("refusal %q does not name p2", err)
		}
		w.wantDecision(t, "p1", agendaAt, board.DecisionDraft)
	})
}

func TestR10Agenda(t *testing.T) {
	propose := func(t *testing.T, w *world, ids ...board.DecisionID) {
		t.Helper()
		for _, id := range ids {
			w.must(t, proposedAt, rubio, &board.Propose{ID: id, Type: board.KindBudget, Title: string(id)})
		}
	}
	agenda := func(ids ...board.DecisionID) *board.SetAgenda {
		return &board.SetAgenda{Meeting: "washington", Proposals: ids}
	}
	t.Run("set by the Executive Board, approved by the Chairman", func(t *testing.T) {
		w := meetingWorld(t, nil, 3)
		propose(t, w, "p1", "p2")
		w.must(t, agendaAt, rubio, agenda("p1", "p2"))
		v := w.wantDecision(t, "p2", agendaAt, board.DecisionOnAgenda)
		if !v.Meeting.Approved.IsZero() {
			t.Errorf("agenda approved at %s before the Chairman approved it", v.Meeting.Approved)
		}
		w.must(t, agendaAt.Add(time.Hour), board.Chairman, &board.ApproveAgenda{Meeting: "washington"})
		if v := w.decision(t, "p2", agendaAt.Add(time.Hour)); !v.Meeting.Approved.Equal(agendaAt.Add(time.Hour)) {
			t.Errorf("agenda approved at %s, want %s", v.Meeting.Approved, agendaAt.Add(time.Hour))
		}
	})
	t.Run("set again before approval: the new agenda replaces the old", func(t *testing.T) {
		w := meetingWorld(t, nil, 3)
		propose(t, w, "p1", "p2")
		w.must(t, agendaAt, rubio, agenda("p1", "p2"))
		w.must(t, agendaAt.Add(time.Hour), executive("kushner"), agenda("p2"))
		w.wantDecision(t, "p1", agendaAt.Add(time.Hour), board.DecisionDraft)
		v := w.wantDecision(t, "p2", agendaAt.Add(time.Hour), board.DecisionOnAgenda)
		if !slices.Equal(v.Meeting.Agenda, []board.DecisionID{"p2"}) || v.Meeting.AgendaBy != executive("kushner") {
			t.Errorf("agenda %v set by %s; want [p2] by executive:kushner", v.Meeting.Agenda, v.Meeting.AgendaBy)
		}
	})
	tests := []struct {
		name  string
		setup func(t *testing.T, w *world)
		by    board.ActorID
		body  board.Body
		kind  board.ErrorKind
		rule  string
	}{
		{"a State cannot set an agenda", nil, "state:USA", agenda("p1"), board.Forbidden, "R10"},
		{"the Chairman cannot set an agenda", nil, board.Chairman, agenda("p1"), board.Forbidden, "R10"},
		{"an Executive Board member cannot approve an agenda", func(t *testing.T, w *world) {
			w.must(t, agendaAt, rubio, agenda("p1"))
		}, rubio, &board.ApproveAgenda{Meeting: "washington"}, board.Forbidden, "R10"},
		{"approving an agenda not yet set", nil, board.Chairman, &board.ApproveAgenda{Meeting: "washington"}, board.Refused, "R10"},
		{"approving an agenda twice", func(t *testing.T, w *world) {
			w.must(t, agendaAt, rubio, agenda("p1"))
			w.must(t, agendaAt, board.Chairman, &board.ApproveAgenda{Meeting: "washington"})
		}, board.Chairman, &board.ApproveAgenda{Meeting: "washington"}, board.Conflict, "R10"},
		{"changing an approved agenda", func(t *testing.T, w *world) {
			w.must(t, agendaAt, rubio, agenda("p1"))
			w.must(t, agendaAt, board.Chairman, &board.ApproveAgenda{Meeting: "washington"})
		}, rubio, agenda("p1", "p2"), board.Conflict, "R10"},
		{"a proposal on another meeting's agenda", func(t *testing.T, w *world) {
			w.must(t, agendaAt, board.Chairman, &board.Convene{ID: "later", Type: board.MeetingVoting, Date: ts("2026-03-19"), Place: "Davos"})
			w.must(t, agendaAt, rubio, &board.SetAgenda{Meeting: "later", Proposals: []board.DecisionID{"p1"}})
		}, rubio, agenda("p1"), board.Conflict, "R10"},
		{"a reporting meeting has no proposals on its agenda", func(t *testing.T, w *world) {
			w.must(t, agendaAt, board.ChiefExecutive, &board.Convene{ID: "q1", Type: board.MeetingReporting, Date: ts("2026-04-15"), Place: "Cairo"})
		}, rubio, &board.SetAgenda{Meeting: "q1", Proposals: []board.DecisionID{"p1"}}, board.Refused, "R12"},
		{"a directive is not put on an agenda", func(t *testing.T, w *world) {
			w.must(t, proposedAt, board.Chairman, &board.Directive{ID: "d1", Title: "A directive"})
		}, rubio, agenda("d1"), board.Refused, "R15"},
		{"an unknown meeting", nil, rubio, &board.SetAgenda{Meeting: "nowhere", Proposals: []board.DecisionID{"p1"}}, board.NotFound, ""},
		{"an unknown proposal", nil, rubio, agenda("p1", "p9"), board.NotFound, ""},
		{"a proposal named twice", nil, rubio, agenda("p1", "p1"), board.Invalid, ""},
		{"an empty agenda", nil, rubio, agenda(), board.Invalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := meetingWorld(t, nil, 3)
			propose(t, w, "p1", "p2")
			if tt.setup != nil {
				tt.setup(t, w)
			}
			wantRefusal(t, w.do(t, agendaAt.Add(time.Hour), tt.by, tt.body), tt.kind, tt.rule)
		})
	}
	t.Run("a proposal left over from a past meeting may go on a later agenda", func(t *testing.T) {
		w := onAgenda(t, nil, 3, "p1")
		w.must(t, ts("2026-02-20"), board.Chairman, &board.Convene{ID: "march", Type: board.MeetingVoting, Date: ts("2026-03-19"), Place: "Davos"})
		w.must(t, ts("2026-02-20"), rubio, &board.SetAgenda{Meeting: "march", Proposals: []board.DecisionID{"p1"}})
		if v := w.decision(t, "p1", ts("2026-02-20")); v.Meeting.ID != "march" {
			t.Errorf("p1 on the agenda of %s, want march", v.Meeting.ID)
		}
	})
}
