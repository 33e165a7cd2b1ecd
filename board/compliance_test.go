package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// obligation returns the obligation id as of at, and whether it is listed.
func (w *world) obligation(id string, at time.Time) (board.Obligation, bool) {
	for _, o := range w.asOf(at).Compliance(w.rules, at) {
		if o.ID == id {
			return o, true
		}
	}
	return board.Obligation{}, false
}

// wantObligation checks an obligation's status and date as of at.
func (w *world) wantObligation(t *testing.T, id string, at time.Time, status board.ObligationStatus, due time.Time) board.Obligation {
	t.Helper()
	o, ok := w.obligation(id, at)
	if !ok {
		t.Fatalf("as of %s: no obligation %q", at.Format(time.RFC3339), id)
	}
	if o.Status != status || !o.Due.Equal(due) {
		t.Errorf("%s as of %s: %s, date %s; want %s, %s (%s)", id, at.Format(time.RFC3339), o.Status, o.Due.Format(time.DateOnly),
			status, due.Format(time.DateOnly), o.Detail)
	}
	return o
}

func TestR10ComplianceVotingMeeting(t *testing.T) {
	// Entry into force on 22 January 2026: a voting meeting is due by 22 January 2027
	// (meetings.voting.min_per = "1y"), the anniversary itself being outside the window.
	firstDue := ts("2027-01-22")
	t.Run("no meeting", func(t *testing.T) {
		w := founded(t, nil, 3)
		if _, ok := w.obligation("voting-meeting", eif.Add(-time.Nanosecond)); ok {
			t.Errorf("a meeting obligation before entry into force")
		}
		w.wantObligation(t, "voting-meeting", eif, board.ObligationDue, firstDue)
		w.wantObligation(t, "voting-meeting", firstDue.Add(-time.Nanosecond), board.ObligationDue, firstDue)
		w.wantObligation(t, "voting-meeting", firstDue, board.ObligationOverdue, firstDue)
		w.wantObligation(t, "voting-meeting", ts("2028-06-01"), board.ObligationOverdue, firstDue)
	})
	t.Run("a meeting held on 19 February 2026", func(t *testing.T) {
		w := meetingWorld(t, nil, 3)
		o := w.wantObligation(t, "voting-meeting", meetingDate.Add(-time.Nanosecond), board.ObligationDue, firstDue)
		if o.Detail != "next convened for 2026-02-19: washington, Washington, D.C." {
			t.Errorf("detail %q, want the meeting convened", o.Detail)
		}
		next := ts("2027-02-19")
		o = w.wantObligation(t, "voting-meeting", meetingDate, board.ObligationMet, next)
		if !o.Last.Equal(meetingDate) || o.Rule != "R10" {
			t.Errorf("last met %s under %q, want %s under R10", o.Last, o.Rule, meetingDate)
		}
		w.wantObligation(t, "voting-meeting", next.Add(-time.Nanosecond), board.ObligationMet, next)
		o = w.wantObligation(t, "voting-meeting", next, board.ObligationOverdue, next)
		// Issue 21: it said "none convened", as if no meeting had ever been held.
		if o.Detail != "last held 2026-02-19: washington, Washington, D.C.; none convened since" {
			t.Errorf("overdue after a meeting: detail %q, want the meeting last held", o.Detail)
		}
		w.must(t, ts("2027-03-01"), board.Chairman, &board.Convene{ID: "geneva", Type: board.MeetingVoting, Date: ts("2027-04-01"), Place: "Geneva"})
		o = w.wantObligation(t, "voting-meeting", ts("2027-03-02"), board.ObligationOverdue, next)
		if o.Detail != "last held 2026-02-19: washington, Washington, D.C.; next convened for 2027-04-01: geneva, Geneva" {
			t.Errorf("overdue with a meeting convened: detail %q, want the last held and the next", o.Detail)
		}
	})
	t.Run("a meeting held on the day it falls due is late, then it is met again", func(t *testing.T) {
		w := founded(t, nil, 3)
		w.must(t, ts("2026-06-01"), board.Chairman, &board.Convene{ID: "late", Type: board.MeetingVoting, Date: firstDue, Place: "Davos"})
		w.wantObligation(t, "voting-meeting", firstDue.Add(-time.Nanosecond), board.ObligationDue, firstDue)
		w.wantObligation(t, "voting-meeting", firstDue, board.ObligationMet, ts("2028-01-22"))
	})
	t.Run("a reporting meeting does not count", func(t *testing.T) {
		w := founded(t, nil, 3)
		w.must(t, ts("2026-03-01"), board.ChiefExecutive, &board.Convene{ID: "q1", Type: board.MeetingReporting, Date: ts("2026-03-02"), Place: "Cairo"})
		w.wantObligation(t, "voting-meeting", ts("2026-03-03"), board.ObligationDue, firstDue)
	})
	t.Run("the period is a parameter", func(t *testing.T) {
		w := founded(t, rulesWith(func(r *charter.Rules) { r.Meetings.VotingMinPer = charter.Period{Months: 6} }), 3)
		w.wantObligation(t, "voting-meeting", ts("2026-07-22"), board.ObligationOverdue, ts("2026-07-22"))
	})
}

func TestR12ComplianceReportingMeeting(t *testing.T) {
	firstDue := ts("2026-04-22") // meetings.reporting.min_per = "3mo" from 22 January 2026
	w := founded(t, nil, 3)
	w.wantObligation(t, "reporting-meeting", ts("2026-04-21"), board.ObligationDue, firstDue)
	w.wantObligation(t, "reporting-meeting", firstDue, board.ObligationOverdue, firstDue)
	w.must(t, ts("2026-04-25"), board.ChiefExecutive, &board.Convene{ID: "q1", Type: board.MeetingReporting, Date: ts("2026-04-30"), Place: "Cairo"})
	w.wantObligation(t, "reporting-meeting", ts("2026-04-29"), board.ObligationOverdue, firstDue)
	o := w.wantObligation(t, "reporting-meeting", ts("2026-04-30"), board.ObligationMet, ts("2026-07-30"))
	if o.Rule != "R12" || o.Detail != "last held 2026-04-30: q1, Cairo" {
		t.Errorf("rule %q, detail %q", o.Rule, o.Detail)
	}
	o = w.wantObligation(t, "reporting-meeting", ts("2026-07-30"), board.ObligationOverdue, ts("2026-07-30"))
	if o.Detail != "last held 2026-04-30: q1, Cairo; none convened since" {
		t.Errorf("overdue after a meeting: detail %q, want the meeting last held (issue 21)", o.Detail)
	}
}

func TestR16ComplianceSuccessor(t *testing.T) {
	w := founded(t, nil, 3)
	// The inaugural Chairman has designated no successor: overdue since entry into force.
	w.wantObligation(t, "successor", eif, board.ObligationOverdue, board.Day(eif))
	w.must(t, ts("2026-03-01"), board.Chairman, &board.DesignateSuccessor{Person: vance})
	o := w.wantObligation(t, "successor", ts("2026-03-01"), board.ObligationMet, time.Time{})
	if o.Detail != "successor: "+vance {
		t.Errorf("detail %q, want the successor named", o.Detail)
	}
	// The successor takes office: the new Chairman has none, since a date the state does not keep.
	w.must(t, ts("2027-01-01"), board.Chairman, &board.Resign{})
	w.wantObligation(t, "successor", ts("2027-01-01"), board.ObligationOverdue, time.Time{})
}

func TestComplianceMandate(t *testing.T) {
	// UN Security Council resolution 2803: from 17 November 2025, a report every 6 months,
	// until 31 December 2027.
	firstDue := ts("2026-05-17")
	w := founded(t, nil, 3)
	if _, ok := w.obligation("mandate:unsc-2803", ts("2025-11-16")); ok {
		t.Errorf("the mandate's obligation is listed before the mandate")
	}
	o := w.wantObligation(t, "mandate:unsc-2803", eif, board.ObligationDue, firstDue)
	if o.Rule != "" {
		t.Errorf("rule %q: a mandate is outside the charter", o.Rule)
	}
	w.wantObligation(t, "mandate:unsc-2803", firstDue.Add(-time.Nanosecond), board.ObligationDue, firstDue)
	w.wantObligation(t, "mandate:unsc-2803", firstDue, board.ObligationOverdue, firstDue)
	w.must(t, ts("2026-05-20T09:00:00Z"), board.Secretariat, &board.ReportMandate{Mandate: "unsc-2803", Text: "First report."})
	w.wantObligation(t, "mandate:unsc-2803", ts("2026-05-20T09:00:00Z"), board.ObligationMet, ts("2026-11-20"))
	w.wantObligation(t, "mandate:unsc-2803", ts("2027-12-31T23:59:59Z"), board.ObligationOverdue, ts("2026-11-20"))
	if _, ok := w.obligation("mandate:unsc-2803", ts("2028-01-01")); ok {
		t.Errorf("the mandate's obligation is listed after the mandate ended")
	}
}

func TestR11ComplianceApproval(t *testing.T) {
	r := rulesWith(func(r *charter.Rules) { r.Decisions.ApprovalDeadline = "30d" })
	w := opened(t, r, 3, "p1")
	w.castVotes(t, "p1", choices("y")...)
	w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
	deadline := ts("2026-03-21")
	w.wantObligation(t, "approval:p1", closeAt, board.ObligationDue, deadline)
	w.wantObligation(t, "approval:p1", deadline, board.ObligationOverdue, deadline)
	w.must(t, ts("2026-04-01"), board.Chairman, &board.Approve{Proposal: "p1"})
	if o, ok := w.obligation("approval:p1", ts("2026-04-01")); ok {
		t.Errorf("after approval: %+v still listed", o)
	}
	t.Run("without a deadline there is no such obligation", func(t *testing.T) {
		w := opened(t, nil, 3, "p1")
		w.castVotes(t, "p1", choices("y")...)
		w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
		if o, ok := w.obligation("approval:p1", ts("2030-01-01")); ok {
			t.Errorf("listed %+v", o)
		}
	})
}

func TestComplianceAfterDissolution(t *testing.T) {
	w := founded(t, rulesWith(func(r *charter.Rules) { r.Dissolution.By = "chairman" }), 3)
	w.must(t, ts("2026-06-01"), board.Chairman, &board.Dissolve{})
	if got := w.asOf(ts("2026-06-01")).Compliance(w.rules, ts("2026-06-01")); len(got) != 0 {
		t.Errorf("after dissolution: %+v; want no obligations", got)
	}
	if got := w.asOf(ts("2026-05-31")).Compliance(w.rules, ts("2026-05-31")); len(got) != 4 {
		t.Errorf("before dissolution: %d obligations, want 4 (two meetings, successor, mandate)", len(got))
	}
}
