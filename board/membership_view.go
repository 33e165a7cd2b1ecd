package board

import (
	"maps"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// A State's membership as of an instant, derived from the events of membership.go and the
// files of its acts, and from that instant: its status, its term, and how it ended.

// Status is a State's standing with the organization at an instant.
type Status string

// The statuses, as in the CLI contract (SPEC §6.1).
const (
	StatusNone                Status = ""
	StatusInvited             Status = "invited"
	StatusDeclined            Status = "declined"
	StatusInvitationWithdrawn Status = "invitation-withdrawn"
	StatusSignatory           Status = "signatory"
	StatusMember              Status = "member"
	StatusRemovalPending      Status = "removal-pending"
	StatusFormer              Status = "former"
)

// MemberView is a State's membership as of an instant, derived from the events and that instant.
type MemberView struct {
	State     StateCode
	Head      string
	Status    Status
	Founding  bool // a founding State: offered in its invitation, and it consented
	Invited   time.Time
	Joined    time.Time // zero if the State never became a member
	TermEnd   time.Time // zero when permanent or not a member
	Permanent bool
	Ended     time.Time // zero while the membership lasts
	EndReason EndReason
	// CashUSDFirstYear is the cash the State paid in the first-year window (R5), in US dollars.
	CashUSDFirstYear money.Amount
}

// end returns when and why m's membership ended, if it has by t.
func (s *State) end(m *Membership, t time.Time, permanent bool) (time.Time, EndReason) {
	var at time.Time
	var why EndReason
	consider := func(when time.Time, reason EndReason) {
		if when.IsZero() || t.Before(when) {
			return
		}
		if at.IsZero() || when.Before(at) {
			at, why = when, reason
		}
	}
	consider(m.Ended, m.EndReason)
	if !permanent {
		consider(m.TermEnd, EndExpired)
	}
	for _, id := range m.Removals {
		if r := s.Removals[id]; r.EffectiveAt(t) {
			consider(r.WindowEnd, EndRemoved)
		}
	}
	return at, why
}

// Member returns the view of one State at t, and false if it was never invited.
func (s *State) Member(r *charter.Rules, code StateCode, t time.Time) (MemberView, bool) {
	m, ok := s.States[code]
	if !ok || t.Before(m.Invited) {
		return MemberView{}, false
	}
	// Founding-State status is offered with the invitation and held once the State consents.
	v := MemberView{State: code, Head: m.Head, Founding: m.Founding && m.Invitation == InviteAccepted, Invited: m.Invited}
	v.Permanent, v.CashUSDFirstYear = s.permanentAt(r, code, t)
	switch {
	case m.Invitation == InviteDeclined:
		v.Status = StatusDeclined
	case m.Invitation == InviteWithdrawn:
		v.Status = StatusInvitationWithdrawn
	case m.Invitation == InviteOpen:
		v.Status = StatusInvited
	case m.Start.IsZero() || t.Before(m.Start):
		v.Status = StatusSignatory
	default:
		v.Joined = m.Start
		if !v.Permanent {
			v.TermEnd = m.TermEnd
		}
		v.Ended, v.EndReason = s.end(m, t, v.Permanent)
		switch {
		case !v.Ended.IsZero():
			v.Status = StatusFormer
		case s.pendingRemoval(m, t) != nil:
			v.Status = StatusRemovalPending
		default:
			v.Status = StatusMember
		}
	}
	if v.Status != StatusMember && v.Status != StatusRemovalPending && v.Status != StatusFormer {
		v.Permanent = false
	}
	return v, true
}

func (s *State) pendingRemoval(m *Membership, t time.Time) *Removal {
	for _, id := range m.Removals {
		if r := s.Removals[id]; r.PendingAt(t) {
			return r
		}
	}
	return nil
}

// Members returns every State ever invited, as of t, sorted by code.
func (s *State) Members(r *charter.Rules, t time.Time) []MemberView {
	var out []MemberView
	for _, code := range slices.Sorted(maps.Keys(s.States)) {
		if v, ok := s.Member(r, code, t); ok {
			out = append(out, v)
		}
	}
	return out
}

// IsMemberAt reports whether a State is a member (removal pending included) at t.
//
// It agrees with Member's status but costs no scan of the ledger unless the State's term has run
// out by t, when only a permanent seat (R5) keeps it a member: every act by a delegation asks.
func (s *State) IsMemberAt(r *charter.Rules, code StateCode, t time.Time) bool {
	m, ok := s.States[code]
	if !ok || t.Before(m.Invited) || m.Invitation != InviteAccepted || m.Start.IsZero() || t.Before(m.Start) {
		return false
	}
	permanent := false
	if !t.Before(m.TermEnd) {
		permanent, _ = s.permanentAt(r, code, t)
	}
	ended, _ := s.end(m, t, permanent)
	return ended.IsZero()
}

// MemberCount returns how many States are members at t.
func (s *State) MemberCount(r *charter.Rules, t time.Time) int {
	n := 0
	for code := range s.States {
		if s.IsMemberAt(r, code, t) {
			n++
		}
	}
	return n
}
