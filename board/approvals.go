package board

import (
	"strconv"
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// The Chairman's approval (R11): every decision the members pass needs it; the Chairman gives
// or withholds it, and decisions.approval_deadline may give it, or refuse it, by default.

func init() {
	register[*Approve]("R11", ActorChairman)
	register[*WithholdApproval]("R11", ActorChairman)

	registerEvent[*ApprovalGiven]()
	registerEvent[*ApprovalWithheld]()
}

// The values of decisions.approval_default: what a majority left unapproved at
// decisions.approval_deadline becomes.
const (
	DefaultPending     = "pending"      // nothing: it waits for the Chairman
	DefaultApproved    = "approved"     // tacit approval: it is adopted
	DefaultNotApproved = "not-approved" // it lapses
)

// Approve is the Chairman's approval of a decision that passed (R11). Reason is optional.
type Approve struct {
	Proposal DecisionID `json:"proposal"`
	Reason   string     `json:"reason,omitempty"`
}

// WithholdApproval is the Chairman's refusal to approve a decision that passed (R11), for a
// reason the record keeps.
type WithholdApproval struct {
	Proposal DecisionID `json:"proposal"`
	Reason   string     `json:"reason"`
}

func (*Approve) Kind() Kind          { return "approve" }
func (*WithholdApproval) Kind() Kind { return "withhold-approval" }

// ApprovalGiven records the Chairman's approval of a decision: it is adopted.
type ApprovalGiven struct {
	Proposal DecisionID `json:"proposal"`
	Reason   string     `json:"reason,omitempty"`
}

// ActionWithheld records the Chairman's refusal to approve, and why.
type ApprovalWithheld struct {
	Proposal DecisionID `json:"proposal"`
	Reason   string     `json:"reason"`
}

func (*ApprovalGiven) EventName() string    { return "approval-given" }
func (*ApprovalWithheld) EventName() string { return "approval-withheld" }

// approvalDeadline returns when a decision that passes now must be approved by, under
// decisions.approval_deadline (zero for none), and what it becomes if it is not.
func (d *decider) approvalDeadline() (time.Time, string, error) {
	s := d.r.Decisions.ApprovalDeadline
	if s == "" || s == "none" {
		return time.Time{}, "", nil
	}
	p, err := charter.ParsePeriod(s)
	if err != nil {
		return time.Time{}, "", &Error{Kind: Internal, Msg: "decisions.approval_deadline", Err: err}
	}
	def := d.r.Decisions.ApprovalDefault
	if def == "" {
		def = DefaultPending
	}
	return p.After(Day(d.at)), def, nil
}

// awaitingApproval refuses unless x passed and waits for the Chairman's approval (R11).
func (d *decider) awaitingApproval(x *Decision) error {
	switch st := x.StatusAt(d.at); st {
	case DecisionMajority:
		return nil
	case DecisionDraft, DecisionOnAgenda:
		return refuse("R11", "%s has not been put to the vote; the Chairman approves a decision once the members have passed it", x.ID)
	case DecisionVoting:
		return refuse("R11", "the vote on %s is still open; the Chairman approves a decision once the members have passed it", x.ID)
	case DecisionTie:
		return refuse("R11", "%s is tied (%d yes, %d no); the Chairman must first break the tie with his casting vote", x.ID, x.Tally.Yes, x.Tally.No)
	case DecisionRejected:
		return refuse("R11", "%s was rejected (%s); a proposal that lost cannot be approved", x.ID, lostBecause(x))
	}
	switch {
	case !x.Approved.IsZero():
		return conflict("R11", "the Chairman already approved %s on %s", x.ID, date(x.Approved))
	case !x.Withheld.IsZero():
		return conflict("R11", "the Chairman already withheld approval of %s on %s", x.ID, date(x.Withheld))
	}
	return refuse("R11", "the approval deadline of %s passed on %s: it is %s by default (decisions.approval_default)", x.ID, date(x.ApprovalDeadline), x.ApprovalDefault)
}

// lostBecause says why x lost, for messages.
func lostBecause(x *Decision) string {
	t := x.Tally
	switch {
	case t.Reason == ReasonNoQuorum:
		return "no quorum: " + itoa(t.Yes+t.No) + " present and voting, " + itoa(t.QuorumNeeded) + " needed"
	case t.Reason == ReasonNoVotes:
		return "no State voted yes or no"
	case t.Result == ResultTie:
		return "a tie, broken by the Chairman's casting vote against"
	}
	return itoa(t.Yes) + " yes, " + itoa(t.No) + " no"
}

// Approve: every decision needs the Chairman's approval (R11).
func (b *Approve) decide(d *decider) ([]Event, error) {
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	if err := d.awaitingApproval(x); err != nil {
		return nil, err
	}
	return []Event{&ApprovalGiven{Proposal: x.ID, Reason: b.Reason}}, nil
}

// WithholdApproval: the Chairman may refuse to approve a decision (R11); he says why, and the
// record keeps it.
func (b *WithholdApproval) decide(d *decider) ([]Event, error) {
	if err := required("reason", b.Reason); err != nil {
		return nil, err
	}
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	if err := d.awaitingApproval(x); err != nil {
		return nil, err
	}
	return []Event{&ApprovalWithheld{Proposal: x.ID, Reason: b.Reason}}, nil
}

func (e *ApprovalGiven) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Approved, x.Reason = at, e.Reason
}

func (e *ApprovalWithheld) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Withheld, x.Reason = at, e.Reason
}

func itoa(n int) string { return strconv.Itoa(n) }
