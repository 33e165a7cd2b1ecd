package board_test

import (
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
		&board.Vote{Proposal: "gaza-framework", Choice: board.ChoiceYes, Explanation: "Oui, « sous réserve » de l'annexe <2> & du budget."},
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
		&board.Voted{Proposal: "gaza-framework", State: "USA", Choice: board.ChoiceYes, Explanation: "In support."},
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
