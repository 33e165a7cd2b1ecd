package board

import (
	"cmp"
	"maps"
	"slices"
	"time"
)

// DecisionView is a decision as of an instant, with its whole history. It is a copy, but for its
// comments, ballots and electorate, which it shares with the State: the State only ever appends
// to them (an electorate is set once), and the view's slices end at their capacity, so that
// appending to one copies it; the caller must not change their items. A list of a million-act
// record's decisions copied 60 MB of them for each view before.
type DecisionView struct {
	ID     DecisionID
	Kind   DecisionKind
	Title  string
	Text   string
	Status DecisionStatus

	By       ActorID   // who proposed it (the Chairman, for a directive)
	Proposed time.Time // when proposed, or adopted for a directive
	Comments []Statement

	Meeting *Meeting // the meeting whose agenda it is on, nil if none (a copy)

	Opened     time.Time
	Closed     time.Time
	Electorate []StateCode
	Ballots    []Ballot // in the order cast
	// Yes, No and Abstain count member States' votes only, so far while the vote is open.
	Yes, No, Abstain int
	QuorumNeeded     int    // once closed, 0 without a quorum rule
	Result           Result // once closed
	ResultReason     string // ReasonNoQuorum, ReasonNoVotes or ""

	Casting   Choice // the Chairman's casting vote, "" if none
	CastingAt time.Time

	ApprovalDeadline time.Time // zero when none
	// Approval is the Chairman's action on a decision that passed: "approved", "withheld", or,
	// once the approval deadline passed, "approved-by-default" or "not-approved-by-default".
	// "" while there is none.
	Approval   string
	ApprovalAt time.Time
	Reason     string // the Chairman's reason
}

// The Chairman's actions on a decision that passed (DecisionView.Approval).
const (
	ActionApproved             = "approved"
	ActionWithheld             = "withheld"
	ActionApprovedByDefault    = "approved-by-default"
	ActionNotApprovedByDefault = "not-approved-by-default"
)

// DecisionList returns every proposal and directive as of t, in the order they were made.
func (s *State) DecisionList(t time.Time) []DecisionView {
	list := slices.SortedFunc(maps.Values(s.Decisions), func(a, b *Decision) int {
		return cmp.Or(a.Proposed.Compare(b.Proposed), cmp.Compare(a.ID, b.ID))
	})
	out := make([]DecisionView, 0, len(list))
	for _, x := range list {
		out = append(out, s.view(x, t))
	}
	return out
}

// Decision returns one proposal or directive as of t, or a NotFound error.
func (s *State) Decision(id DecisionID, t time.Time) (DecisionView, error) {
	x, ok := s.Decisions[id]
	if !ok {
		return DecisionView{}, Errorf(NotFound, "no proposal or directive %q", id)
	}
	return s.view(x, t), nil
}

// view returns x as of t. The comments and ballots made after t, which a state holding later
// acts has, are left out (AppendOnly).
func (s *State) view(x *Decision, t time.Time) DecisionView {
	comments := upTo(x.Comments, t, func(c Statement) time.Time { return c.At })
	ballots := upTo(x.Ballots, t, func(b Ballot) time.Time { return b.At })
	v := DecisionView{
		ID: x.ID, Kind: x.Kind, Title: x.Title, Text: x.Text, Status: x.StatusAt(t),
		By: x.By, Proposed: x.Proposed, Comments: comments[:len(comments):len(comments)],
		Opened: x.Opened, Closed: x.Closed, Electorate: x.Electorate[:len(x.Electorate):len(x.Electorate)],
		Ballots: ballots[:len(ballots):len(ballots)],
		Casting: x.Casting, CastingAt: x.CastingAt, ApprovalDeadline: x.ApprovalDeadline, Reason: x.Reason,
	}
	if m, ok := s.Meetings[x.Meeting]; ok {
		v.Meeting = m.copy()
	}
	v.Yes, v.No, v.Abstain = countBallots(ballots)
	if !x.Closed.IsZero() {
		v.QuorumNeeded, v.Result, v.ResultReason = x.Tally.QuorumNeeded, x.Tally.Result, x.Tally.Reason
	}
	switch {
	case !x.Approved.IsZero():
		v.Approval, v.ApprovalAt = ActionApproved, x.Approved
	case !x.Withheld.IsZero():
		v.Approval, v.ApprovalAt = ActionWithheld, x.Withheld
	case v.Status == DecisionAdopted:
		v.Approval, v.ApprovalAt = ActionApprovedByDefault, x.ApprovalDeadline
	case v.Status == DecisionNotApproved:
		v.Approval, v.ApprovalAt = ActionNotApprovedByDefault, x.ApprovalDeadline
	}
	return v
}

// upTo returns the items of list, in order of time, at or before t; nil if there are none, as
// there were none then.
func upTo[T any](list []T, t time.Time, at func(T) time.Time) []T {
	n, _ := slices.BinarySearchFunc(list, t, func(x T, t time.Time) int {
		if at(x).After(t) {
			return 1
		}
		return -1
	})
	if n == 0 {
		return nil
	}
	return list[:n]
}
