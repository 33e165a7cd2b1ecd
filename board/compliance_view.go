package board

import (
	"fmt"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// ObligationStatus is where a standing obligation of the charter (or of a mandate) stands.
type ObligationStatus string

// The obligation statuses.
const (
	ObligationMet     ObligationStatus = "met"     // done for now; Due says when it next falls due
	ObligationDue     ObligationStatus = "due"     // not yet done, and Due has not passed
	ObligationOverdue ObligationStatus = "overdue" // not done by Due, which has passed: overdue since Due
)

// An Obligation is one thing the organization must keep doing, as of an instant: a voting
// meeting every meetings.voting.min_per (R10), a reporting meeting every
// meetings.reporting.min_per (R12), a designated successor at all times (R16), the Chairman's
// approval of a passed decision by decisions.approval_deadline when the default is "pending"
// (R11), and a report every report_every while a mandate of the rules file runs.
type Obligation struct {
	ID     string // "voting-meeting", "reporting-meeting", "successor", "approval:ID", "mandate:ID"
	Rule   string // "R10", or "" for a mandate, which is outside the charter
	What   string // the obligation, in a sentence
	Status ObligationStatus
	// Due is when it next falls due (met), must be done by (due), or fell due (overdue: the day
	// it became overdue). Zero when no date is known.
	Due    time.Time
	Last   time.Time // when it was last met, zero if never
	Detail string    // what met it, or what is scheduled
}

// Compliance returns the organization's standing obligations as of t. It is derived from the
// state and t alone; nothing about it is stored. The charter's obligations run from entry into
// force; a mandate's from its first day to its last. After dissolution there are none.
//
// Periodic obligations are rolling: the next one falls due one period after the last time it
// was met (or after the obligation began), and the period is half-open, so a meeting held on
// the day it falls due is one day late.
func (s *State) Compliance(r *charter.Rules, t time.Time) []Obligation {
	if !s.Dissolved.IsZero() && !t.Before(s.Dissolved) {
		return nil
	}
	var out []Obligation
	if !s.InForce.IsZero() && !t.Before(s.InForce) {
		start := Day(s.InForce)
		out = append(out,
			s.meetingObligation(MeetingVoting, "R10", r.Meetings.VotingMinPer, start, t),
			s.meetingObligation(MeetingReporting, "R12", r.Meetings.ReportingMinPer, start, t),
			s.successorObligation(r, start))
		for _, v := range s.DecisionList(t) {
			if v.Status == DecisionMajority && !v.ApprovalDeadline.IsZero() {
				o := Obligation{ID: "approval:" + string(v.ID), Rule: "R11", Due: v.ApprovalDeadline,
					What:   fmt.Sprintf("The Chairman's approval of %q, passed on %s, by %s", v.Title, date(passedAt(v)), date(v.ApprovalDeadline)),
					Status: ObligationDue, Detail: "awaiting the Chairman's approval (decisions.approval_default = \"pending\")"}
				if !t.Before(v.ApprovalDeadline) {
					o.Status = ObligationOverdue
				}
				out = append(out, o)
			}
		}
	}
	for _, m := range r.Mandates {
		if t.Before(m.From) || !t.Before(mandateEnd(m)) {
			continue
		}
		var done []time.Time
		for _, rep := range s.MandateReports {
			if rep.Mandate == m.ID && !rep.At.After(t) {
				done = append(done, Day(rep.At))
			}
		}
		o := periodic(Day(m.From), m.ReportEvery, done, t)
		o.ID, o.What = "mandate:"+m.ID, fmt.Sprintf("A written report every %s under %s, until %s", m.ReportEvery, m.Name, date(m.Until))
		if !o.Last.IsZero() {
			o.Detail = "last report " + date(o.Last)
		} else {
			o.Detail = "no report recorded yet"
		}
		out = append(out, o)
	}
	return out
}

// passedAt returns when a decision passed: its casting vote, or the close of its vote.
func passedAt(v DecisionView) time.Time {
	if v.Casting != "" {
		return v.CastingAt
	}
	return v.Closed
}

// meetingObligation is R10's or R12's: a meeting of kind at least every per from start.
func (s *State) meetingObligation(kind MeetingKind, rule string, per charter.Period, start, t time.Time) Obligation {
	var done []time.Time
	var held, next *Meeting
	for _, m := range s.MeetingList() {
		switch {
		case m.Kind != kind:
		case !m.Day().After(t):
			done, held = append(done, m.Day()), m
		case next == nil:
			next = m
		}
	}
	o := periodic(start, per, done, t)
	o.ID, o.Rule = string(kind)+"-meeting", rule
	o.What = fmt.Sprintf("A %s meeting at least every %s", kind, per)
	// The detail says what was last held, if any, even when the obligation is due or overdue
	// again: "none convened" alone, a year after a meeting, read as if none had ever been held.
	var last string
	if held != nil {
		last = fmt.Sprintf("last held %s: %s, %s", date(held.Date), held.ID, held.Place)
	}
	switch {
	case o.Status == ObligationMet:
		o.Detail = last
	case next != nil:
		o.Detail = fmt.Sprintf("next convened for %s: %s, %s", date(next.Date), next.ID, next.Place)
		if held != nil {
			o.Detail = last + "; " + o.Detail
		}
	case held != nil:
		o.Detail = last + "; none convened since"
	default:
		o.Detail = "none convened"
	}
	return o
}

// successorObligation is R16's: a designated successor at all times. When there is none, it is
// overdue since entry into force if the inaugural Chairman never designated one; for a later
// Chairman the state does not keep when he took office, and Due is left zero.
func (s *State) successorObligation(r *charter.Rules, start time.Time) Obligation {
	o := Obligation{ID: "successor", Rule: "R16", What: "The Chairman has a designated successor at all times"}
	if s.Successor != "" {
		o.Status, o.Detail = ObligationMet, "successor: "+s.Successor
		return o
	}
	o.Status, o.Detail = ObligationOverdue, "no successor designated"
	if s.Chairman == r.Organization.Chairman {
		o.Due = start
	}
	return o
}

// periodic evaluates an obligation met on the days in done, at least once every per from start:
// it next falls due one period after the later of start and the last day it was met (on or
// before t), and is overdue from then.
func periodic(start time.Time, per charter.Period, done []time.Time, t time.Time) Obligation {
	var o Obligation
	anchor := start
	if len(done) > 0 {
		last := slices.MaxFunc(done, func(a, b time.Time) int { return a.Compare(b) })
		if !last.Before(start) {
			anchor, o.Last = last, last
		}
	}
	o.Due = per.After(anchor)
	switch {
	case !t.Before(o.Due):
		o.Status = ObligationOverdue
	case !o.Last.IsZero():
		o.Status = ObligationMet
	default:
		o.Status = ObligationDue
	}
	return o
}
