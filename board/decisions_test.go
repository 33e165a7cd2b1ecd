package board_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// The decisions acts and events join the samples that the canonical-bytes and event round-trip
// tests walk (act_test.go), each with every field set.
func init() {
	sampleBodies = append(sampleBodies,
		&board.Convene{ID: "washington", Type: board.MeetingVoting, Date: ts("2026-02-19T14:00:00Z"), Place: "Washington, D.C."},
		&board.Propose{ID: "gaza-framework", Type: board.KindInitiative, Title: "Gaza reconstruction framework", Text: "The framework & its <annexes>"},
		&board.Comment{Proposal: "gaza-framework", Text: "We support it, with reservations."},
		&board.SetAgenda{Meeting: "washington", Proposals: []board.DecisionID{"gaza-framework", "budget-2026"}},
		&board.ApproveAgenda{Meeting: "washington"},
		&board.OpenVote{Proposal: "gaza-framework"},
		&board.Vote{Proposal: "gaza-framework", Choice: board.ChoiceYes},
		&board.CloseVote{Proposal: "gaza-framework"},
		&board.CastingVote{Proposal: "gaza-framework", Choice: board.ChoiceNo},
		&board.Approve{Proposal: "gaza-framework", Reason: "as agreed"},
		&board.WithholdApproval{Proposal: "gaza-framework", Reason: "premature"},
		&board.Directive{ID: "d1", Title: "Rules of procedure", Text: "Meetings open at 9:00."},
		&board.Recommend{Meeting: "q1", Text: "Publish the accounts."},
		&board.Report{Meeting: "q1", Text: "First quarter report."},
		&board.ReportMandate{Mandate: "unsc-2803", Text: "First progress report."},
	)
	sampleEvents = append(sampleEvents,
		&board.MeetingConvened{ID: "washington", Kind: board.MeetingVoting, Date: ts("2026-02-19"), Place: "Washington, D.C.", By: board.Chairman},
		&board.Proposed{ID: "gaza-framework", Kind: board.KindInitiative, Title: "Gaza reconstruction framework", Text: "Text", By: "executive:kushner"},
		&board.Commented{Proposal: "gaza-framework", State: "IDN", Text: "Agreed."},
		&board.AgendaSet{Meeting: "washington", Proposals: []board.DecisionID{"gaza-framework"}, By: "executive:rubio"},
		&board.AgendaApproved{Meeting: "washington"},
		&board.VoteOpened{Proposal: "gaza-framework", Meeting: "washington", Electorate: []board.StateCode{"ARG", "USA"}},
		&board.Voted{Proposal: "gaza-framework", State: "USA", Choice: board.ChoiceYes},
		&board.VoteClosed{Proposal: "gaza-framework", Yes: 2, No: 1, Abstain: 1, Electorate: 5, QuorumNeeded: 3,
			Result: board.ResultRejected, Reason: board.ReasonNoQuorum, ApprovalDeadline: ts("2026-03-21"), ApprovalDefault: board.DefaultApproved},
		&board.CastingVoteCast{Proposal: "gaza-framework", Choice: board.ChoiceYes, ApprovalDeadline: ts("2026-03-21"), ApprovalDefault: board.DefaultPending},
		&board.ApprovalGiven{Proposal: "gaza-framework", Reason: "as agreed"},
		&board.ApprovalWithheld{Proposal: "gaza-framework", Reason: "premature"},
		&board.DirectiveAdopted{ID: "d1", Title: "Rules of procedure", Text: "Text"},
		&board.Recommended{Meeting: "q1", State: "KAZ", Text: "Publish the accounts."},
		&board.Reported{Meeting: "q1", By: "executive:blair", Text: "First quarter report."},
		&board.MandateReported{Mandate: "unsc-2803", By: board.Secretariat, Text: "First progress report."},
	)
}

var (
	// proposedAt is when the test proposals are made; with the default 7-day comment period,
	// commentLastDay is the period's last day and agendaAt the first instant they may go on an
	// agenda.
	proposedAt     = ts("2026-02-02T09:00:00Z")
	commentLastDay = ts("2026-02-08")
	agendaAt       = ts("2026-02-09")
	// meetingDate is the first meeting's day (Washington, 19 February 2026); the vote opens at
	// openAt and closes at closeAt.
	meetingDate = ts("2026-02-19")
	openAt      = ts("2026-02-19T14:00:00Z")
	closeAt     = ts("2026-02-19T16:00:00Z")

	rubio = executive("rubio")
)

// meetingWorld returns a world under rules r in which the charter entered into force with the
// first n States, Rubio sits on the Executive Board, and the Chairman convened the voting
// meeting "washington" for meetingDate.
func meetingWorld(t *testing.T, r *charter.Rules, n int) *world {
	t.Helper()
	w := founded(t, r, n)
	w.withExecutives(t, ts("2026-01-23"), "rubio", "kushner")
	w.must(t, ts("2026-01-30"), board.Chairman, &board.Convene{ID: "washington", Type: board.MeetingVoting, Date: meetingDate, Place: "Washington, D.C."})
	return w
}

// onAgenda is meetingWorld with proposals ids, made at proposedAt by Rubio, on the approved
// agenda of "washington".
func onAgenda(t *testing.T, r *charter.Rules, n int, ids ...board.DecisionID) *world {
	t.Helper()
	w := meetingWorld(t, r, n)
	for _, id := range ids {
		w.must(t, proposedAt, rubio, &board.Propose{ID: id, Type: board.KindInitiative, Title: "Proposal " + string(id)})
	}
	w.must(t, agendaAt, rubio, &board.SetAgenda{Meeting: "washington", Proposals: ids})
	w.must(t, agendaAt.Add(time.Hour), board.Chairman, &board.ApproveAgenda{Meeting: "washington"})
	return w
}

// opened is onAgenda with the vote on each proposal opened at openAt.
func opened(t *testing.T, r *charter.Rules, n int, ids ...board.DecisionID) *world {
	t.Helper()
	w := onAgenda(t, r, n, ids...)
	for _, id := range ids {
		w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: id})
	}
	return w
}

// castVotes has states[i] vote choices[i] on id, a minute apart from openAt; "" skips a State.
func (w *world) castVotes(t *testing.T, id board.DecisionID, choices ...board.Choice) {
	t.Helper()
	for i, c := range choices {
		if c != "" {
			w.must(t, openAt.Add(time.Duration(i+1)*time.Minute), board.StateActor(states[i]), &board.Vote{Proposal: id, Choice: c})
		}
	}
}

// decision returns a decision's view as of at.
func (w *world) decision(t *testing.T, id board.DecisionID, at time.Time) board.DecisionView {
	t.Helper()
	v, err := w.asOf(at).Decision(id, at)
	if err != nil {
		t.Fatalf("Decision(%s) as of %s: %v", id, at.Format(time.RFC3339), err)
	}
	return v
}

func (w *world) wantDecision(t *testing.T, id board.DecisionID, at time.Time, want board.DecisionStatus) board.DecisionView {
	t.Helper()
	v := w.decision(t, id, at)
	if v.Status != want {
		t.Errorf("%s as of %s: status %q, want %q", id, at.Format(time.RFC3339), v.Status, want)
	}
	return v
}

func choices(s string) []board.Choice {
	var out []board.Choice
	for _, c := range strings.Fields(s) {
		switch c {
		case "y":
			out = append(out, board.ChoiceYes)
		case "n":
			out = append(out, board.ChoiceNo)
		case "a":
			out = append(out, board.ChoiceAbstain)
		case "-":
			out = append(out, "")
		default:
			panic("choices: " + c)
		}
	}
	return out
}

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

func TestR10Convene(t *testing.T) {
	today := ts("2026-02-01T10:00:00Z")
	convene := func(kind board.MeetingKind, date time.Time, place string) *board.Convene {
		return &board.Convene{ID: "m1", Type: kind, Date: date, Place: place}
	}
	tests := []struct {
		name string
		by   board.ActorID
		body *board.Convene
		kind board.ErrorKind
		rule string
	}{
		{"the Chairman convenes a voting meeting", board.Chairman, convene(board.MeetingVoting, meetingDate, "Washington"), "", ""},
		{"for later the same day", board.Chairman, convene(board.MeetingVoting, ts("2026-02-01T15:00:00Z"), "Washington"), "", ""},
		{"for earlier the same day", board.Chairman, convene(board.MeetingVoting, ts("2026-02-01"), "Washington"), "", ""},
		{"the chief executive convenes a reporting meeting", board.ChiefExecutive, convene(board.MeetingReporting, ts("2026-04-15"), "Cairo"), "", ""},
		{"the chief executive cannot convene a voting meeting", board.ChiefExecutive, convene(board.MeetingVoting, meetingDate, "Washington"), board.Forbidden, "R10"},
		{"the Chairman cannot set a reporting meeting", board.Chairman, convene(board.MeetingReporting, meetingDate, "Washington"), board.Forbidden, "R12"},
		{"a State cannot convene", "state:USA", convene(board.MeetingVoting, meetingDate, "Washington"), board.Forbidden, "R10"},
		{"an Executive Board member cannot convene", rubio, convene(board.MeetingReporting, meetingDate, "Washington"), board.Forbidden, "R10"},
		{"the day before today is refused", board.Chairman, convene(board.MeetingVoting, ts("2026-01-31T23:59:59Z"), "Washington"), board.Refused, "R10"},
		{"a reporting meeting in the past is refused under R12", board.ChiefExecutive, convene(board.MeetingReporting, ts("2026-01-31"), "Cairo"), board.Refused, "R12"},
		{"no place", board.Chairman, convene(board.MeetingVoting, meetingDate, ""), board.Invalid, ""},
		{"no date", board.Chairman, convene(board.MeetingVoting, time.Time{}, "Washington"), board.Invalid, ""},
		{"an unknown kind", board.Chairman, convene("plenary", meetingDate, "Washington"), board.Invalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, nil, 3)
			w.withExecutives(t, ts("2026-01-23"), "rubio")
			err := w.do(t, today, tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				if len(w.state.Meetings) != 0 {
					t.Errorf("after a refusal: %d meetings, want none", len(w.state.Meetings))
				}
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			list := w.asOf(today).MeetingList()
			if len(list) != 1 || list[0].ID != "m1" || list[0].Kind != tt.body.Type || !list[0].Date.Equal(tt.body.Date) ||
				list[0].Place != tt.body.Place || list[0].ConvenedBy != tt.by || !list[0].Convened.Equal(today) {
				t.Errorf("meetings %+v; want m1 as convened", list)
			}
		})
	}
	t.Run("a repeated id is a conflict", func(t *testing.T) {
		w := meetingWorld(t, nil, 3)
		wantRefusal(t, w.do(t, ts("2026-02-01"), board.Chairman, &board.Convene{ID: "washington", Type: board.MeetingVoting, Date: ts("2026-03-01"), Place: "Davos"}), board.Conflict, "R10")
	})
}

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

func TestR10OpenVote(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, w *world)
		at    time.Time
		by    board.ActorID
		id    board.DecisionID
		kind  board.ErrorKind
		rule  string
	}{
		{"on the meeting's day", nil, openAt, board.Secretariat, "p1", "", ""},
		{"at the first instant of the meeting's day", nil, meetingDate, board.Secretariat, "p1", "", ""},
		{"a day later", nil, meetingDate.AddDate(0, 0, 1), board.Secretariat, "p1", "", ""},
		{"the last instant before the meeting's day", nil, meetingDate.Add(-time.Nanosecond), board.Secretariat, "p1", board.Refused, "R10"},
		{"the agenda is not approved", func(t *testing.T, w *world) {
			w.must(t, ts("2026-02-10"), rubio, &board.SetAgenda{Meeting: "washington", Proposals: []board.DecisionID{"p2"}})
		}, openAt, board.Secretariat, "p2", board.Refused, "R10"},
		{"a proposal on no agenda", nil, openAt, board.Secretariat, "p2", board.Refused, "R10"},
		{"twice", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
		}, openAt, board.Secretariat, "p1", board.Conflict, "R11"},
		{"by the Chairman", nil, openAt, board.Chairman, "p1", board.Forbidden, "R11"},
		{"by a State", nil, openAt, "state:USA", "p1", board.Forbidden, "R11"},
		{"an unknown proposal", nil, openAt, board.Secretariat, "p9", board.NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := meetingWorld(t, nil, 3)
			w.must(t, proposedAt, rubio, &board.Propose{ID: "p1", Type: board.KindBudget, Title: "Budget"})
			w.must(t, proposedAt, rubio, &board.Propose{ID: "p2", Type: board.KindBudget, Title: "Budget 2"})
			w.must(t, proposedAt, rubio, &board.Propose{ID: "p3", Type: board.KindBudget, Title: "Budget 3"})
			w.must(t, ts("2026-02-10"), board.Chairman, &board.Convene{ID: "other", Type: board.MeetingVoting, Date: meetingDate, Place: "Washington"})
			w.must(t, ts("2026-02-10"), rubio, &board.SetAgenda{Meeting: "other", Proposals: []board.DecisionID{"p1"}})
			w.must(t, ts("2026-02-10"), board.Chairman, &board.ApproveAgenda{Meeting: "other"})
			if tt.setup != nil {
				tt.setup(t, w)
			}
			err := w.do(t, tt.at, tt.by, &board.OpenVote{Proposal: tt.id})
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			v := w.wantDecision(t, tt.id, tt.at, board.DecisionVoting)
			if !v.Opened.Equal(tt.at) || !slices.Equal(v.Electorate, []board.StateCode{"ARG", "ARM", "USA"}) {
				t.Errorf("opened %s, electorate %v; want %s, the 3 members", v.Opened, v.Electorate, tt.at)
			}
		})
	}
	t.Run("the electorate is the members at the instant the vote opens", func(t *testing.T) {
		w := onAgenda(t, nil, 3, "p1")
		w.must(t, ts("2026-02-11"), board.Chairman, &board.Invite{State: "ISR"})
		w.must(t, openAt, "state:ISR", consent)           // joins at openAt: in
		w.must(t, openAt, "state:ARM", &board.Withdraw{}) // leaves at openAt: out
		w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
		w.must(t, openAt, board.Chairman, &board.Invite{State: "SLV"}) // invited after: out
		v := w.decision(t, "p1", openAt)
		if want := []board.StateCode{"ARG", "ISR", "USA"}; !slices.Equal(v.Electorate, want) {
			t.Errorf("electorate %v, want %v", v.Electorate, want)
		}
	})
}

func TestR11Vote(t *testing.T) {
	vote := func(c board.Choice) *board.Vote { return &board.Vote{Proposal: "p1", Choice: c} }
	tests := []struct {
		name  string
		setup func(t *testing.T, w *world)
		by    board.ActorID
		body  *board.Vote
		kind  board.ErrorKind
		rule  string
	}{
		{"a member State votes yes", nil, "state:USA", vote(board.ChoiceYes), "", ""},
		{"a member State votes no", nil, "state:USA", vote(board.ChoiceNo), "", ""},
		{"a member State abstains", nil, "state:USA", vote(board.ChoiceAbstain), "", ""},
		{"before open-vote", func(t *testing.T, w *world) {}, "state:USA", vote(board.ChoiceYes), board.Refused, "R11"},
		{"after close-vote", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
			w.must(t, openAt.Add(time.Minute), board.Secretariat, &board.CloseVote{Proposal: "p1"})
		}, "state:USA", vote(board.ChoiceYes), board.Refused, "R11"},
		{"by a State that is not a member", nil, "state:FRA", vote(board.ChoiceYes), board.Refused, "R11"},
		{"by an invited State that has not consented", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Chairman, &board.Invite{State: "SLV"})
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
		}, "state:SLV", vote(board.ChoiceYes), board.Refused, "R11"},
		{"by a State that joined after the vote opened", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Chairman, &board.Invite{State: "SLV"})
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
			w.must(t, openAt.Add(time.Second), "state:SLV", consent)
		}, "state:SLV", vote(board.ChoiceYes), board.Refused, "R11"},
		{"by a State that joined just before the vote opened", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Chairman, &board.Invite{State: "SLV"})
			w.must(t, openAt, "state:SLV", consent)
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
		}, "state:SLV", vote(board.ChoiceYes), "", ""},
		{"by a State that withdrew after the vote opened", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
			w.must(t, openAt.Add(time.Second), "state:USA", &board.Withdraw{})
		}, "state:USA", vote(board.ChoiceYes), board.Refused, "R11"},
		{"a second vote, the same", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
			w.must(t, openAt.Add(time.Second), "state:USA", vote(board.ChoiceYes))
		}, "state:USA", vote(board.ChoiceYes), board.Conflict, "R11"},
		{"a second vote, changed", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
			w.must(t, openAt.Add(time.Second), "state:USA", vote(board.ChoiceYes))
		}, "state:USA", vote(board.ChoiceNo), board.Conflict, "R11"},
		{"by the Chairman", nil, board.Chairman, vote(board.ChoiceYes), board.Forbidden, "R11"},
		{"by an Executive Board member", nil, rubio, vote(board.ChoiceYes), board.Forbidden, "R11"},
		{"a choice that is not yes, no or abstain", nil, "state:USA", vote("maybe"), board.Invalid, ""},
		{"an unknown proposal", nil, "state:USA", &board.Vote{Proposal: "p9", Choice: board.ChoiceYes}, board.NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := onAgenda(t, nil, 3, "p1")
			if tt.setup == nil {
				w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
			} else {
				tt.setup(t, w)
			}
			at := openAt.Add(time.Hour)
			before := w.decision(t, "p1", at)
			err := w.do(t, at, tt.by, tt.body)
			v := w.decision(t, "p1", at)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				if len(v.Ballots) != len(before.Ballots) {
					t.Errorf("after a refusal: %d ballots, want %d", len(v.Ballots), len(before.Ballots))
				}
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			code, _ := tt.by.State()
			if got := v.Ballots[len(v.Ballots)-1]; got != (board.Ballot{State: code, Choice: tt.body.Choice, At: at}) {
				t.Errorf("last ballot %+v, want %s %s at %s", got, code, tt.body.Choice, at)
			}
		})
	}
}

func TestR11Tally(t *testing.T) {
	quorum := func(q string) *charter.Rules {
		return rulesWith(func(r *charter.Rules) { r.Decisions.Quorum = q })
	}
	tests := []struct {
		name          string
		rules         *charter.Rules
		votes         string // per State, in order: y, n, a, or - for not voting
		yes, no, abst int
		result        board.Result
		reason        string
		status        board.DecisionStatus
	}{
		{"a simple majority", nil, "y y y n a", 3, 1, 1, board.ResultMajority, "", board.DecisionMajority},
		{"abstentions are not voting: 1 yes against 4 abstentions passes", nil, "y a a a a", 1, 0, 4, board.ResultMajority, "", board.DecisionMajority},
		{"one more yes than no passes", nil, "y y y n n", 3, 2, 0, board.ResultMajority, "", board.DecisionMajority},
		{"more no than yes loses", nil, "y n n a -", 1, 2, 1, board.ResultRejected, "", board.DecisionRejected},
		{"a tie", nil, "y n y n a", 2, 2, 1, board.ResultTie, "", board.DecisionTie},
		{"0-0, all abstain: no majority, rejected", nil, "a a a a a", 0, 0, 5, board.ResultRejected, board.ReasonNoVotes, board.DecisionRejected},
		{"no one voted: rejected", nil, "- - - - -", 0, 0, 0, board.ResultRejected, board.ReasonNoVotes, board.DecisionRejected},
		{"absent States do not count", nil, "y - - - -", 1, 0, 0, board.ResultMajority, "", board.DecisionMajority},
		{"quorum 2/3 of 5 is 4 present and voting: exactly 4", quorum("2/3"), "y y y n -", 3, 1, 0, board.ResultMajority, "", board.DecisionMajority},
		{"quorum 2/3 of 5: 3 present and voting is too few", quorum("2/3"), "y y y - -", 3, 0, 0, board.ResultRejected, board.ReasonNoQuorum, board.DecisionRejected},
		{"quorum: abstentions are not present and voting", quorum("1/2"), "y y a a a", 2, 0, 3, board.ResultRejected, board.ReasonNoQuorum, board.DecisionRejected},
		{"quorum 1/2 of 5 is 3: a tie of 2-2 is a tie", quorum("1/2"), "y y n n -", 2, 2, 0, board.ResultTie, "", board.DecisionTie},
		{"quorum none: one vote decides", quorum("none"), "n - - - -", 0, 1, 0, board.ResultRejected, "", board.DecisionRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := opened(t, tt.rules, 5, "p1")
			w.castVotes(t, "p1", choices(tt.votes)...)
			w.wantDecision(t, "p1", closeAt.Add(-time.Second), board.DecisionVoting)
			events := w.events(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
			c, ok := findEvent[*board.VoteClosed](events)
			if !ok {
				t.Fatalf("events %v: no vote-closed", events)
			}
			if c.Yes != tt.yes || c.No != tt.no || c.Abstain != tt.abst || c.Electorate != 5 || c.Result != tt.result || c.Reason != tt.reason {
				t.Errorf("tally %+v; want %d-%d-%d of 5, %s (%q)", c, tt.yes, tt.no, tt.abst, tt.result, tt.reason)
			}
			v := w.wantDecision(t, "p1", closeAt, tt.status)
			if v.Yes != tt.yes || v.No != tt.no || v.Abstain != tt.abst || v.Result != tt.result || v.ResultReason != tt.reason || v.Casting != "" {
				t.Errorf("view %d-%d-%d %s (%q), casting %q; want %d-%d-%d %s (%q), none",
					v.Yes, v.No, v.Abstain, v.Result, v.ResultReason, v.Casting, tt.yes, tt.no, tt.abst, tt.result, tt.reason)
			}
		})
	}
	t.Run("closing twice is a conflict", func(t *testing.T) {
		w := opened(t, nil, 3, "p1")
		w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
		wantRefusal(t, w.do(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"}), board.Conflict, "R11")
	})
	t.Run("closing before the vote opened is refused", func(t *testing.T) {
		w := onAgenda(t, nil, 3, "p1")
		wantRefusal(t, w.do(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"}), board.Refused, "R11")
	})
	t.Run("only the secretariat closes", func(t *testing.T) {
		w := opened(t, nil, 3, "p1")
		wantRefusal(t, w.do(t, closeAt, board.Chairman, &board.CloseVote{Proposal: "p1"}), board.Forbidden, "R11")
	})
	t.Run("the running count while voting", func(t *testing.T) {
		w := opened(t, nil, 5, "p1")
		w.castVotes(t, "p1", choices("y n a")...)
		v := w.wantDecision(t, "p1", openAt.Add(time.Hour), board.DecisionVoting)
		if v.Yes != 1 || v.No != 1 || v.Abstain != 1 || v.Result != "" {
			t.Errorf("while voting: %d-%d-%d, result %q; want 1-1-1 and none", v.Yes, v.No, v.Abstain, v.Result)
		}
	})
}

func TestR11CastingVote(t *testing.T) {
	casting := func(c board.Choice) *board.CastingVote { return &board.CastingVote{Proposal: "p1", Choice: c} }
	castAt := closeAt.Add(time.Hour)
	tests := []struct {
		name   string
		votes  string
		closed bool
		by     board.ActorID
		body   *board.CastingVote
		kind   board.ErrorKind
		rule   string
		status board.DecisionStatus // after the act
	}{
		{"a tie, then the casting vote yes: passed, awaiting approval", "y n y n", true, board.Chairman, casting(board.ChoiceYes), "", "", board.DecisionMajority},
		{"a tie, then the casting vote no: rejected", "y n y n", true, board.Chairman, casting(board.ChoiceNo), "", "", board.DecisionRejected},
		{"without a tie (a majority) it is refused", "y y n", true, board.Chairman, casting(board.ChoiceNo), board.Refused, "R11", board.DecisionMajority},
		{"without a tie (a defeat) it is refused", "y n n", true, board.Chairman, casting(board.ChoiceYes), board.Refused, "R11", board.DecisionRejected},
		{"0-0 is not a tie", "a a", true, board.Chairman, casting(board.ChoiceYes), board.Refused, "R11", board.DecisionRejected},
		{"before the vote closes it is refused", "y n", false, board.Chairman, casting(board.ChoiceYes), board.Refused, "R11", board.DecisionVoting},
		{"a casting vote does not abstain", "y n", true, board.Chairman, casting(board.ChoiceAbstain), board.Invalid, "", board.DecisionTie},
		{"only the Chairman casts it", "y n", true, "state:USA", casting(board.ChoiceYes), board.Forbidden, "R11", board.DecisionTie},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := opened(t, nil, 5, "p1")
			w.castVotes(t, "p1", choices(tt.votes)...)
			if tt.closed {
				w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
			}
			err := w.do(t, castAt, tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
			} else if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			v := w.wantDecision(t, "p1", castAt, tt.status)
			yes, no := strings.Count(tt.votes, "y"), strings.Count(tt.votes, "n")
			if v.Yes != yes || v.No != no {
				t.Errorf("tally %d-%d; want %d-%d: the casting vote is not a State's", v.Yes, v.No, yes, no)
			}
			if tt.kind == "" && (v.Casting != tt.body.Choice || !v.CastingAt.Equal(castAt)) {
				t.Errorf("casting vote %q at %s; want %q at %s", v.Casting, v.CastingAt, tt.body.Choice, castAt)
			}
			if tt.kind != "" && v.Casting != "" {
				t.Errorf("casting vote %q recorded after a refusal", v.Casting)
			}
		})
	}
	t.Run("a second casting vote is a conflict", func(t *testing.T) {
		w := opened(t, nil, 3, "p1")
		w.castVotes(t, "p1", choices("y n")...)
		w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
		w.must(t, castAt, board.Chairman, casting(board.ChoiceNo))
		wantRefusal(t, w.do(t, castAt, board.Chairman, casting(board.ChoiceYes)), board.Conflict, "R11")
	})
	t.Run("then approval each way", func(t *testing.T) {
		for _, c := range []board.Choice{board.ChoiceYes, board.ChoiceNo} {
			w := opened(t, nil, 3, "p1")
			w.castVotes(t, "p1", choices("y n")...)
			w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
			w.must(t, castAt, board.Chairman, casting(c))
			err := w.do(t, castAt.Add(time.Hour), board.Chairman, &board.Approve{Proposal: "p1"})
			if c == board.ChoiceYes {
				if err != nil {
					t.Fatalf("approval after a casting yes: %v", err)
				}
				w.wantDecision(t, "p1", castAt.Add(time.Hour), board.DecisionAdopted)
			} else {
				wantRefusal(t, err, board.Refused, "R11")
			}
		}
	})
}

func TestR11Approval(t *testing.T) {
	approveAt := closeAt.Add(time.Hour)
	tests := []struct {
		name   string
		votes  string // "" leaves the vote open
		by     board.ActorID
		body   board.Body
		kind   board.ErrorKind
		rule   string
		status board.DecisionStatus
		reason string
	}{
		{"the Chairman approves a majority: adopted", "y y n", board.Chairman, &board.Approve{Proposal: "p1"}, "", "", board.DecisionAdopted, ""},
		{"with a reason, kept", "y y n", board.Chairman, &board.Approve{Proposal: "p1", Reason: "As discussed."}, "", "", board.DecisionAdopted, "As discussed."},
		{"the Chairman withholds approval: not approved, reason kept", "y y n", board.Chairman, &board.WithholdApproval{Proposal: "p1", Reason: "Not funded."}, "", "", board.DecisionNotApproved, "Not funded."},
		{"withholding needs a reason", "y y n", board.Chairman, &board.WithholdApproval{Proposal: "p1", Reason: " "}, board.Invalid, "", board.DecisionMajority, ""},
		{"a proposal that lost cannot be approved", "y n n", board.Chairman, &board.Approve{Proposal: "p1"}, board.Refused, "R11", board.DecisionRejected, ""},
		{"a proposal that lost, all abstaining, cannot be approved", "a a a", board.Chairman, &board.Approve{Proposal: "p1"}, board.Refused, "R11", board.DecisionRejected, ""},
		{"a lost proposal's approval cannot be withheld either", "n", board.Chairman, &board.WithholdApproval{Proposal: "p1", Reason: "x"}, board.Refused, "R11", board.DecisionRejected, ""},
		{"a tie cannot be approved before the casting vote", "y n", board.Chairman, &board.Approve{Proposal: "p1"}, board.Refused, "R11", board.DecisionTie, ""},
		{"nor while the vote is open", "", board.Chairman, &board.Approve{Proposal: "p1"}, board.Refused, "R11", board.DecisionVoting, ""},
		{"only the Chairman approves", "y", rubio, &board.Approve{Proposal: "p1"}, board.Forbidden, "R11", board.DecisionMajority, ""},
		{"only the Chairman withholds", "y", "state:USA", &board.WithholdApproval{Proposal: "p1", Reason: "x"}, board.Forbidden, "R11", board.DecisionMajority, ""},
		{"an unknown proposal", "y", board.Chairman, &board.Approve{Proposal: "p9"}, board.NotFound, "", board.DecisionMajority, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := opened(t, nil, 3, "p1")
			if tt.votes != "" {
				w.castVotes(t, "p1", choices(tt.votes)...)
				w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
			}
			err := w.do(t, approveAt, tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
			} else if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			v := w.wantDecision(t, "p1", approveAt, tt.status)
			if v.Reason != tt.reason {
				t.Errorf("reason %q, want %q", v.Reason, tt.reason)
			}
			wantAction := map[board.DecisionStatus]string{board.DecisionAdopted: board.ActionApproved, board.DecisionNotApproved: board.ActionWithheld}[tt.status]
			if v.Approval != wantAction || (wantAction != "") != v.ApprovalAt.Equal(approveAt) {
				t.Errorf("Chairman's action %q at %s; want %q at %s", v.Approval, v.ApprovalAt, wantAction, approveAt)
			}
		})
	}
	for _, first := range []board.Body{&board.Approve{Proposal: "p1"}, &board.WithholdApproval{Proposal: "p1", Reason: "No."}} {
		for _, second := range []board.Body{&board.Approve{Proposal: "p1"}, &board.WithholdApproval{Proposal: "p1", Reason: "No."}} {
			t.Run(fmt.Sprintf("%s then %s is a conflict", first.Kind(), second.Kind()), func(t *testing.T) {
				w := opened(t, nil, 3, "p1")
				w.castVotes(t, "p1", choices("y")...)
				w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
				w.must(t, approveAt, board.Chairman, first)
				wantRefusal(t, w.do(t, approveAt, board.Chairman, second), board.Conflict, "R11")
			})
		}
	}
}

func TestR11ApprovalDeadline(t *testing.T) {
	// A 30-day deadline from the day the vote closed (19 February): the default applies from
	// 21 March, 00:00 UTC.
	deadline := ts("2026-03-21")
	rules := func(def string) *charter.Rules {
		return rulesWith(func(r *charter.Rules) {
			r.Decisions.ApprovalDeadline, r.Decisions.ApprovalDefault = "30d", def
		})
	}
	passed := func(t *testing.T, r *charter.Rules) *world {
		w := opened(t, r, 3, "p1")
		w.castVotes(t, "p1", choices("y y n")...)
		w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
		return w
	}
	tests := []struct {
		name   string
		def    string
		at     time.Time
		status board.DecisionStatus
		action string
	}{
		{"approved by default: the last instant before the deadline", board.DefaultApproved, deadline.Add(-time.Nanosecond), board.DecisionMajority, ""},
		{"approved by default: at the deadline", board.DefaultApproved, deadline, board.DecisionAdopted, board.ActionApprovedByDefault},
		{"not approved by default: at the deadline", board.DefaultNotApproved, deadline, board.DecisionNotApproved, board.ActionNotApprovedByDefault},
		{"pending: it waits for the Chairman", board.DefaultPending, deadline.AddDate(1, 0, 0), board.DecisionMajority, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := passed(t, rules(tt.def))
			v := w.wantDecision(t, "p1", tt.at, tt.status)
			if !v.ApprovalDeadline.Equal(deadline) || v.Approval != tt.action {
				t.Errorf("deadline %s, action %q; want %s, %q", v.ApprovalDeadline, v.Approval, deadline, tt.action)
			}
		})
	}
	t.Run("the Chairman may act until the deadline, not at it", func(t *testing.T) {
		for _, def := range []string{board.DefaultApproved, board.DefaultNotApproved} {
			w := passed(t, rules(def))
			wantRefusal(t, w.asOfDo(t, deadline, board.Chairman, &board.WithholdApproval{Proposal: "p1", Reason: "late"}), board.Refused, "R11")
			w.must(t, deadline.Add(-time.Second), board.Chairman, &board.WithholdApproval{Proposal: "p1", Reason: "in time"})
			w.wantDecision(t, "p1", deadline.AddDate(0, 1, 0), board.DecisionNotApproved)
		}
	})
	t.Run("with the default pending the Chairman may act after the deadline", func(t *testing.T) {
		w := passed(t, rules(board.DefaultPending))
		w.must(t, deadline.AddDate(0, 1, 0), board.Chairman, &board.Approve{Proposal: "p1"})
		w.wantDecision(t, "p1", deadline.AddDate(0, 1, 0), board.DecisionAdopted)
	})
	t.Run("the deadline runs from a casting vote yes", func(t *testing.T) {
		w := opened(t, rules(board.DefaultApproved), 3, "p1")
		w.castVotes(t, "p1", choices("y n")...)
		w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
		w.must(t, ts("2026-02-25T10:00:00Z"), board.Chairman, &board.CastingVote{Proposal: "p1", Choice: board.ChoiceYes})
		w.wantDecision(t, "p1", ts("2026-03-27").Add(-time.Nanosecond), board.DecisionMajority)
		w.wantDecision(t, "p1", ts("2026-03-27"), board.DecisionAdopted)
	})
	t.Run("no deadline: a majority waits for ever", func(t *testing.T) {
		w := passed(t, nil)
		v := w.wantDecision(t, "p1", ts("2030-01-01"), board.DecisionMajority)
		if !v.ApprovalDeadline.IsZero() {
			t.Errorf("deadline %s, want none", v.ApprovalDeadline)
		}
	})
	t.Run("the rules file accepts the defaults it implements, and only those", func(t *testing.T) {
		src := charter.Default().Source
		for def, ok := range map[string]bool{"pending": true, "approved": true, "not-approved": true, "maybe": false} {
			text := strings.Replace(src, `approval_deadline = "none"`, `approval_deadline = "30d"`, 1)
			text = strings.Replace(text, `approval_default = "pending"`, `approval_default = "`+def+`"`, 1)
			r, err := charter.Parse("test.toml", text)
			if ok && (err != nil || r.Decisions.ApprovalDefault != def) {
				t.Errorf("approval_default %q: %v; want accepted", def, err)
			}
			if !ok && err == nil {
				t.Errorf("approval_default %q accepted; want a problem", def)
			}
		}
	})
}

// asOfDo is do for an act the test expects refused: it leaves the world unchanged either way
// by deciding without applying.
func (w *world) asOfDo(t *testing.T, at time.Time, by board.ActorID, body board.Body) error {
	t.Helper()
	events, err := board.Decide(w.state, w.rules, board.Act{At: at, By: by, Body: body})
	if err == nil {
		t.Errorf("%s by %s at %s accepted with %v", body.Kind(), by, at.Format(time.RFC3339), events)
	}
	return err
}

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

func TestR12ReportingMeeting(t *testing.T) {
	q1 := ts("2026-04-15")
	tests := []struct {
		name string
		at   time.Time
		by   board.ActorID
		body board.Body
		kind board.ErrorKind
		rule string
	}{
		{"a member State recommends before the meeting", ts("2026-04-01"), "state:ARG", &board.Recommend{Meeting: "q1", Text: "Publish the accounts."}, "", ""},
		{"a member State recommends at the meeting's last instant", q1.AddDate(0, 0, 1).Add(-time.Nanosecond), "state:ARG", &board.Recommend{Meeting: "q1", Text: "x"}, "", ""},
		{"the day after the meeting is too late", q1.AddDate(0, 0, 1), "state:ARG", &board.Recommend{Meeting: "q1", Text: "x"}, board.Refused, "R12"},
		{"a State that is not a member cannot recommend", ts("2026-04-01"), "state:FRA", &board.Recommend{Meeting: "q1", Text: "x"}, board.Refused, "R12"},
		{"recommendations go to reporting meetings", ts("2026-02-01"), "state:ARG", &board.Recommend{Meeting: "washington", Text: "x"}, board.Refused, "R12"},
		{"an empty recommendation", ts("2026-04-01"), "state:ARG", &board.Recommend{Meeting: "q1"}, board.Invalid, ""},
		{"the Executive Board reports at the meeting", q1.Add(10 * time.Hour), rubio, &board.Report{Meeting: "q1", Text: "First quarter."}, "", ""},
		{"or files its report later", q1.AddDate(0, 0, 3), rubio, &board.Report{Meeting: "q1", Text: "First quarter."}, "", ""},
		{"not before the meeting's day", q1.Add(-time.Nanosecond), rubio, &board.Report{Meeting: "q1", Text: "x"}, board.Refused, "R12"},
		{"reports go to reporting meetings", openAt, rubio, &board.Report{Meeting: "washington", Text: "x"}, board.Refused, "R12"},
		{"a State does not report", q1, "state:ARG", &board.Report{Meeting: "q1", Text: "x"}, board.Forbidden, "R12"},
		{"an unknown meeting", q1, rubio, &board.Report{Meeting: "q9", Text: "x"}, board.NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := meetingWorld(t, nil, 3)
			w.must(t, ts("2026-02-01"), board.ChiefExecutive, &board.Convene{ID: "q1", Type: board.MeetingReporting, Date: q1, Place: "Cairo"})
			err := w.do(t, tt.at, tt.by, tt.body)
			m := w.asOf(tt.at).MeetingList()[1]
			if m.ID != "q1" {
				t.Fatalf("second meeting %s, want q1", m.ID)
			}
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				if len(m.Recommendations)+len(m.Reports) != 0 {
					t.Errorf("after a refusal: %v, %v; want nothing recorded", m.Recommendations, m.Reports)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			got := append(m.Recommendations, m.Reports...)
			if len(got) != 1 || got[0].By != tt.by || !got[0].At.Equal(tt.at) {
				t.Errorf("recorded %+v; want one statement by %s at %s", got, tt.by, tt.at)
			}
			if _, isReport := tt.body.(*board.Report); isReport != (len(m.Reports) == 1) {
				t.Errorf("reports %v, recommendations %v: filed in the wrong list", m.Reports, m.Recommendations)
			}
		})
	}
}

func TestReportMandate(t *testing.T) {
	report := &board.ReportMandate{Mandate: "unsc-2803", Text: "Progress report."}
	tests := []struct {
		name string
		at   time.Time
		by   board.ActorID
		body *board.ReportMandate
		kind board.ErrorKind
	}{
		{"the secretariat records a report", ts("2026-05-10"), board.Secretariat, report, ""},
		{"on the mandate's last day", ts("2027-12-31T23:00:00Z"), board.Secretariat, report, ""},
		{"the day after the mandate ends", ts("2028-01-01"), board.Secretariat, report, board.Refused},
		{"an unknown mandate", ts("2026-05-10"), board.Secretariat, &board.ReportMandate{Mandate: "unsc-9999", Text: "x"}, board.NotFound},
		{"no text", ts("2026-05-10"), board.Secretariat, &board.ReportMandate{Mandate: "unsc-2803"}, board.Invalid},
		{"the Chairman does not record it", ts("2026-05-10"), board.Chairman, report, board.Forbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, nil, 3)
			err := w.do(t, tt.at, tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, "")
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			got := w.asOf(tt.at).MandateReports
			if len(got) != 1 || got[0] != (board.MandateReport{Mandate: "unsc-2803", By: tt.by, At: tt.at, Text: tt.body.Text}) {
				t.Errorf("reports %+v", got)
			}
		})
	}
}

func TestDecisionViews(t *testing.T) {
	w := opened(t, nil, 3, "b", "a")
	w.must(t, openAt, board.Chairman, &board.Directive{ID: "d", Title: "Directive"})
	list := w.asOf(openAt).DecisionList(openAt)
	var ids []board.DecisionID
	for _, v := range list {
		ids = append(ids, v.ID)
	}
	// In the order made; proposals made at the same instant by id.
	if want := []board.DecisionID{"a", "b", "d"}; !slices.Equal(ids, want) {
		t.Errorf("DecisionList order %v, want %v", ids, want)
	}
	if _, err := w.state.Decision("nope", openAt); board.ErrorKindOf(err) != board.NotFound {
		t.Errorf("Decision(nope): %v; want not found", err)
	}
	// A view is a copy: changing it changes nothing in the state.
	v := w.decision(t, "a", openAt)
	v.Electorate[0] = "XXX"
	v.Meeting.Agenda[0] = "zzz"
	if again := w.decision(t, "a", openAt); again.Electorate[0] == "XXX" || again.Meeting.Agenda[0] == "zzz" {
		t.Errorf("a view shares memory with the state")
	}
}
