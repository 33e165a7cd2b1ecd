package board

import (
	"maps"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// Votes (R11): one vote per member State, a simple majority of those present and voting, and
// the Chairman's casting vote on a tie.

func init() {
	register[*OpenVote]("R11", ActorSecretariat)
	register[*Vote]("R11", ActorState)
	register[*CloseVote]("R11", ActorSecretariat)
	register[*CastingVote]("R11", ActorChairman)

	registerEvent[*VoteOpened]()
	registerEvent[*Voted]()
	registerEvent[*VoteClosed]()
	registerEvent[*CastingVoteCast]()
}

// Choice is a vote: a member State's, or the Chairman's casting vote (yes or no only).
type Choice string

// The choices.
const (
	ChoiceYes     Choice = "yes"
	ChoiceNo      Choice = "no"
	ChoiceAbstain Choice = "abstain"
)

// Result is the outcome of a vote when it closes (R11).
type Result string

// The results of a vote.
const (
	ResultMajority Result = "majority" // more yes than no among the States present and voting
	ResultTie      Result = "tie"      // as many yes as no, at least one of each: the Chairman decides
	ResultRejected Result = "rejected" // more no than yes, no quorum, or no one voting
)

// Why a vote was rejected other than by a majority against it.
const (
	ReasonNoQuorum = "no-quorum" // fewer States present and voting than decisions.quorum asks
	ReasonNoVotes  = "no-votes"  // no State voted yes or no (all abstained, or none voted)
)

// OpenVote opens the vote on a proposal at its meeting (R11), and fixes the electorate: the
// member States at that instant.
type OpenVote struct {
	Proposal DecisionID `json:"proposal"`
}

// Vote is a member State's vote (R11): one each, not changed once cast. Explanation is the
// State's explanation of its vote, optional, kept with the vote; acts made before it existed
// have none, and their bytes are unchanged (omitempty).
type Vote struct {
	Proposal    DecisionID `json:"proposal"`
	Choice      Choice     `json:"choice"`
	Explanation string     `json:"explanation,omitempty"`
}

// CloseVote closes the vote on a proposal and tallies it (R11).
type CloseVote struct {
	Proposal DecisionID `json:"proposal"`
}

// CastingVote is the Chairman's vote that breaks a tie (R11).
type CastingVote struct {
	Proposal DecisionID `json:"proposal"`
	Choice   Choice     `json:"choice"`
}

func (*OpenVote) Kind() Kind    { return "open-vote" }
func (*Vote) Kind() Kind        { return "vote" }
func (*CloseVote) Kind() Kind   { return "close-vote" }
func (*CastingVote) Kind() Kind { return "casting-vote" }

// VoteOpened records that voting on a proposal opened, with its electorate: the member States
// at that instant, sorted.
type VoteOpened struct {
	Proposal   DecisionID  `json:"proposal"`
	Meeting    MeetingID   `json:"meeting"`
	Electorate []StateCode `json:"electorate"`
}

// Voted records a member State's vote, and its explanation of vote if it gave one.
type Voted struct {
	Proposal    DecisionID `json:"proposal"`
	State       StateCode  `json:"state"`
	Choice      Choice     `json:"choice"`
	Explanation string     `json:"explanation,omitempty"`
}

// VoteClosed records the tally of a vote (R11). ApprovalDeadline, when the rules set one and the
// proposal passed, is the first instant at which ApprovalDefault applies.
type VoteClosed struct {
	Proposal         DecisionID `json:"proposal"`
	Yes              int        `json:"yes"`
	No               int        `json:"no"`
	Abstain          int        `json:"abstain"`
	Electorate       int        `json:"electorate"`
	QuorumNeeded     int        `json:"quorum_needed,omitempty"`
	Result           Result     `json:"result"`
	Reason           string     `json:"reason,omitempty"`
	ApprovalDeadline time.Time  `json:"approval_deadline,omitzero"`
	ApprovalDefault  string     `json:"approval_default,omitempty"`
}

// CastingVoteCast records the Chairman's casting vote on a tie; a yes passes the proposal, with
// the approval deadline that then starts, if any.
type CastingVoteCast struct {
	Proposal         DecisionID `json:"proposal"`
	Choice           Choice     `json:"choice"`
	ApprovalDeadline time.Time  `json:"approval_deadline,omitzero"`
	ApprovalDefault  string     `json:"approval_default,omitempty"`
}

func (*VoteOpened) EventName() string      { return "vote-opened" }
func (*Voted) EventName() string           { return "voted" }
func (*VoteClosed) EventName() string      { return "vote-closed" }
func (*CastingVoteCast) EventName() string { return "casting-vote-cast" }

// A Ballot is one member State's vote, with its explanation of vote ("" if none).
type Ballot struct {
	State       StateCode
	Choice      Choice
	At          time.Time
	Explanation string
}

// count returns the votes cast so far: member States only.
func (x *Decision) count() (yes, no, abstain int) { return countBallots(x.Ballots) }

// countBallots returns the yes votes, no votes and abstentions among ballots.
func countBallots(ballots []Ballot) (yes, no, abstain int) {
	for _, b := range ballots {
		switch b.Choice {
		case ChoiceYes:
			yes++
		case ChoiceNo:
			no++
		case ChoiceAbstain:
			abstain++
		}
	}
	return yes, no, abstain
}

// ballot returns code's vote, if it voted.
func (x *Decision) ballot(code StateCode) (Ballot, bool) {
	i := slices.IndexFunc(x.Ballots, func(b Ballot) bool { return b.State == code })
	if i < 0 {
		return Ballot{}, false
	}
	return x.Ballots[i], true
}

// OpenVote: a proposal is voted on at its meeting, on or after the meeting's day, once the
// Chairman approved the agenda (R10). The electorate is fixed now: the member States at this
// instant, one vote each (R11).
func (b *OpenVote) decide(d *decider) ([]Event, error) {
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	if !x.Opened.IsZero() {
		return nil, conflict("R11", "the vote on %s already opened, at %s", x.ID, stamp(x.Opened))
	}
	if x.Meeting == "" {
		return nil, refuse("R10", "%s is on no meeting's agenda; the Executive Board sets agendas", x.ID)
	}
	m := d.s.Meetings[x.Meeting]
	switch {
	case m.Approved.IsZero():
		return nil, refuse("R10", "the Chairman has not approved the agenda of meeting %s", m.ID)
	case Day(d.at).Before(m.Day()):
		return nil, refuse("R10", "meeting %s takes place on %s; the vote on %s cannot open before", m.ID, date(m.Date), x.ID)
	}
	var electorate []StateCode
	for _, code := range slices.Sorted(maps.Keys(d.s.States)) {
		if d.s.IsMemberAt(d.r, code, d.at) {
			electorate = append(electorate, code)
		}
	}
	if len(electorate) == 0 {
		return nil, refuse("R11", "there are no member States to vote")
	}
	return []Event{&VoteOpened{Proposal: x.ID, Meeting: m.ID, Electorate: electorate}}, nil
}

// Vote: one vote per member State (R11), from the States that were members when the vote
// opened, while it is open. A vote cannot be changed.
func (b *Vote) decide(d *decider) ([]Event, error) {
	if b.Choice != ChoiceYes && b.Choice != ChoiceNo && b.Choice != ChoiceAbstain {
		return nil, Errorf(Invalid, "choice %q: want \"yes\", \"no\" or \"abstain\"", b.Choice)
	}
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	code := d.self()
	switch {
	case x.Opened.IsZero():
		return nil, refuse("R11", "the vote on %s has not opened", x.ID)
	case !x.Closed.IsZero():
		return nil, refuse("R11", "the vote on %s closed at %s", x.ID, stamp(x.Closed))
	case !d.s.IsMemberAt(d.r, code, d.at):
		return nil, refuse("R11", "only member States vote; %s is not a member", code)
	case !slices.Contains(x.Electorate, code):
		return nil, refuse("R11", "%s was not a member when the vote on %s opened (%s); the States that vote are fixed then", code, x.ID, stamp(x.Opened))
	}
	if prior, ok := x.ballot(code); ok {
		return nil, conflict("R11", "%s already voted %s on %s, at %s; one vote per State, and it cannot be changed", code, prior.Choice, x.ID, stamp(prior.At))
	}
	return []Event{&Voted{Proposal: x.ID, State: code, Choice: b.Choice, Explanation: b.Explanation}}, nil
}

// CloseVote tallies the vote (R11): a simple majority of the member States present and voting,
// that is voting yes or no (abstentions are not "voting"). With decisions.quorum set, at least
// that fraction of the electorate must vote yes or no, or the proposal is rejected for want of a
// quorum. As many yes as no is a tie for the Chairman's casting vote, unless no one voted yes or
// no (all abstained, or no one voted): then there is no majority, and the proposal is rejected.
func (b *CloseVote) decide(d *decider) ([]Event, error) {
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	switch {
	case x.Opened.IsZero():
		return nil, refuse("R11", "the vote on %s has not opened", x.ID)
	case !x.Closed.IsZero():
		return nil, conflict("R11", "the vote on %s already closed, at %s", x.ID, stamp(x.Closed))
	}
	yes, no, abstain := x.count()
	e := &VoteClosed{Proposal: x.ID, Yes: yes, No: no, Abstain: abstain, Electorate: len(x.Electorate)}
	if q := d.r.Decisions.Quorum; q != "" && q != "none" {
		f, err := charter.ParseFraction(q)
		if err != nil {
			return nil, &Error{Kind: Internal, Msg: "decisions.quorum", Err: err}
		}
		e.QuorumNeeded = f.Of(len(x.Electorate))
	}
	switch {
	case yes+no < e.QuorumNeeded:
		e.Result, e.Reason = ResultRejected, ReasonNoQuorum
	case yes == 0 && no == 0:
		e.Result, e.Reason = ResultRejected, ReasonNoVotes
	case yes > no:
		e.Result = ResultMajority
	case yes == no:
		e.Result = ResultTie
	default:
		e.Result = ResultRejected
	}
	if e.Result == ResultMajority {
		if e.ApprovalDeadline, e.ApprovalDefault, err = d.approvalDeadline(); err != nil {
			return nil, err
		}
	}
	return []Event{e}, nil
}

// CastingVote: the Chairman breaks a tie (R11), and only a tie. The casting vote is his, not a
// State's: it is kept apart from the tally.
func (b *CastingVote) decide(d *decider) ([]Event, error) {
	if b.Choice != ChoiceYes && b.Choice != ChoiceNo {
		return nil, Errorf(Invalid, "choice %q: a casting vote is \"yes\" or \"no\"", b.Choice)
	}
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	switch {
	case x.Casting != "":
		return nil, conflict("R11", "the Chairman already gave his casting vote on %s (%s), at %s", x.ID, x.Casting, stamp(x.CastingAt))
	case x.Closed.IsZero():
		return nil, refuse("R11", "the vote on %s has not closed; a casting vote breaks a tie in the tally", x.ID)
	case x.Tally.Result != ResultTie:
		return nil, refuse("R11", "the vote on %s is not tied (%d yes, %d no): the Chairman's casting vote only breaks a tie", x.ID, x.Tally.Yes, x.Tally.No)
	}
	e := &CastingVoteCast{Proposal: x.ID, Choice: b.Choice}
	if b.Choice == ChoiceYes {
		if e.ApprovalDeadline, e.ApprovalDefault, err = d.approvalDeadline(); err != nil {
			return nil, err
		}
	}
	return []Event{e}, nil
}

func (e *VoteOpened) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Opened, x.Electorate = at, slices.Clone(e.Electorate)
}

func (e *Voted) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Ballots = append(x.Ballots, Ballot{State: e.State, Choice: e.Choice, At: at, Explanation: e.Explanation})
}

func (e *VoteClosed) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Closed, x.Tally = at, *e
	x.ApprovalDeadline, x.ApprovalDefault = e.ApprovalDeadline, e.ApprovalDefault
}

func (e *CastingVoteCast) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Casting, x.CastingAt = e.Choice, at
	x.ApprovalDeadline, x.ApprovalDefault = e.ApprovalDeadline, e.ApprovalDefault
}
