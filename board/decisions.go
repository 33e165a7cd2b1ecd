package board

import "time"

// Decisions (SPEC §2 R9-R15, §4): meetings, agendas, proposals, one-State-one-vote, the
// Chairman's casting vote and approval, the Chairman's directives, reporting meetings, and the
// reports a mandate in the rules file asks for.
//
// The life of a proposal:
//
//	propose → (comments, for agenda.comment_period) → set-agenda → approve-agenda →
//	open-vote (on or after the meeting's day; fixes the electorate) → vote… → close-vote →
//	[casting-vote on a tie] → approve | withhold-approval
//
// A directive (R15) is a decision of the Chairman alone: no agenda, no vote, no approval. Proposals
// and directives share one space of identifiers, so that "decision ID" names either.
//
// This file holds the Decision they make; the acts are in meetings.go, proposals.go, agendas.go,
// votes.go, approvals.go, directives.go and mandates.go, and the views in decisions_view.go and
// meetings_view.go.

// DecisionKind is what a decision is about: the subjects of plenary votes (R9), or a directive.
type DecisionKind string

// The kinds of decision. Directive is the Chairman's own (R15); the others are proposed.
const (
	KindBudget      DecisionKind = "budget"
	KindSubsidiary  DecisionKind = "subsidiary"
	KindAppointment DecisionKind = "appointment"
	KindAgreement   DecisionKind = "agreement"
	KindInitiative  DecisionKind = "initiative"
	KindOther       DecisionKind = "other"
	KindDirective   DecisionKind = "directive"
)

// DecisionStatus is where a decision stands (SPEC §6.1).
type DecisionStatus string

// The decision statuses.
const (
	DecisionDraft       DecisionStatus = "draft"        // proposed, on no agenda
	DecisionOnAgenda    DecisionStatus = "on-agenda"    // on a voting meeting's agenda
	DecisionVoting      DecisionStatus = "voting"       // the vote is open
	DecisionMajority    DecisionStatus = "majority"     // passed, awaiting the Chairman's approval
	DecisionTie         DecisionStatus = "tie"          // tied, awaiting the Chairman's casting vote
	DecisionRejected    DecisionStatus = "rejected"     // lost
	DecisionAdopted     DecisionStatus = "adopted"      // passed and approved
	DecisionNotApproved DecisionStatus = "not-approved" // passed, but the Chairman withheld approval
	DecisionDirective   DecisionStatus = "directive"    // the Chairman's directive, without a vote (R15)
)

// A Statement is something said for the record: a comment on a proposal, a recommendation or a
// report to a meeting.
type Statement struct {
	By   ActorID
	At   time.Time
	Text string
}

// A Decision is a proposal and everything that happened to it, or a directive.
type Decision struct {
	ID       DecisionID
	Kind     DecisionKind
	Title    string
	Text     string
	By       ActorID
	Proposed time.Time // when proposed; for a directive, when adopted
	Comments []Statement

	Meeting    MeetingID // the meeting whose agenda it is on; "" if none
	Opened     time.Time // when voting opened; zero until then
	Electorate []StateCode
	Ballots    []Ballot // in the order cast

	Closed time.Time // when voting closed; zero until then
	Tally  VoteClosed

	Casting   Choice // the Chairman's casting vote, if any
	CastingAt time.Time

	ApprovalDeadline time.Time // zero when the rules set none
	ApprovalDefault  string

	Approved  time.Time // the Chairman's approval; zero if none
	Withheld  time.Time // the Chairman's refusal; zero if none
	Reason    string    // the Chairman's reason, for an approval or a refusal
	Directive bool
}

// passed reports whether the vote was won: a majority, or a tie broken by a yes.
func (x *Decision) passed() bool {
	return !x.Closed.IsZero() && (x.Tally.Result == ResultMajority || x.Tally.Result == ResultTie && x.Casting == ChoiceYes)
}

// StatusAt returns the decision's status at t, which must not be before the events the decision
// holds. Only the approval deadline makes it change with time alone.
func (x *Decision) StatusAt(t time.Time) DecisionStatus {
	switch {
	case x.Directive:
		return DecisionDirective
	case !x.Approved.IsZero():
		return DecisionAdopted
	case !x.Withheld.IsZero():
		return DecisionNotApproved
	case x.Closed.IsZero() && !x.Opened.IsZero():
		return DecisionVoting
	case x.Closed.IsZero() && x.Meeting != "":
		return DecisionOnAgenda
	case x.Closed.IsZero():
		return DecisionDraft
	case x.Tally.Result == ResultTie && x.Casting == "":
		return DecisionTie
	case !x.passed():
		return DecisionRejected
	}
	if !x.ApprovalDeadline.IsZero() && !t.Before(x.ApprovalDeadline) {
		switch x.ApprovalDefault {
		case DefaultApproved:
			return DecisionAdopted
		case DefaultNotApproved:
			return DecisionNotApproved
		}
	}
	return DecisionMajority
}

func (d *decider) decision(id DecisionID) (*Decision, error) {
	x, ok := d.s.Decisions[id]
	if !ok {
		return nil, Errorf(NotFound, "no proposal or directive %q", id)
	}
	return x, nil
}

// proposal returns the proposal id: a directive is never voted on (R15).
func (d *decider) proposal(id DecisionID) (*Decision, error) {
	x, err := d.decision(id)
	if err != nil {
		return nil, err
	}
	if x.Directive {
		return nil, refuse("R15", "%s is a directive of the Chairman, adopted without a vote: it has no agenda, vote or approval", id)
	}
	return x, nil
}

func (d *decider) newDecisionID(rule string, id DecisionID) error {
	if err := validSlug("id", string(id)); err != nil {
		return err
	}
	if x, dup := d.s.Decisions[id]; dup {
		what := "proposal"
		if x.Directive {
			what = "directive"
		}
		return conflict(rule, "a %s with id %s already exists (since %s); choose another id", what, id, date(x.Proposed))
	}
	return nil
}
