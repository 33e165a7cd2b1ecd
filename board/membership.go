package board

import (
	"maps"
	"slices"

	"github.com/peaceboard/peaceboard/charter"
)

// Invite: only the Chairman invites (R2, checked by the catalogue). A State with an open
// invitation, or that has consented, cannot be invited again; one that declined, whose
// invitation was withdrawn, or whose membership ended can.
func (b *Invite) decide(d *decider) ([]Event, error) {
	if err := validState(b.State); err != nil {
		return nil, err
	}
	if v, ok := d.member(b.State); ok {
		switch v.Status {
		case StatusInvited:
			return nil, conflict("R2", "%s already has an open invitation, of %s", b.State, date(v.Invited))
		case StatusSignatory, StatusMember, StatusRemovalPending:
			return nil, conflict("R2", "%s is already a %s", b.State, v.Status)
		}
	}
	return []Event{&Invited{State: b.State, Head: b.Head, Founding: b.Founding}}, nil
}

func (b *WithdrawInvitation) decide(d *decider) ([]Event, error) {
	if err := validState(b.State); err != nil {
		return nil, err
	}
	if err := d.openInvitation(b.State); err != nil {
		return nil, err
	}
	return []Event{&InvitationWithdrawn{State: b.State}}, nil
}

// openInvitation refuses unless code has an invitation it has not yet answered.
func (d *decider) openInvitation(code StateCode) error {
	v, ok := d.member(code)
	switch {
	case !ok:
		return refuse("R2", "%s has not been invited by the Chairman", code)
	case v.Status == StatusDeclined:
		return refuse("R2", "%s declined its invitation; it needs a new invitation from the Chairman", code)
	case v.Status == StatusInvitationWithdrawn:
		return refuse("R2", "the invitation of %s was withdrawn; it needs a new invitation from the Chairman", code)
	case v.Status != StatusInvited:
		return conflict("R2", "%s already answered its invitation: it is a %s", code, v.Status)
	}
	return nil
}

func (*Decline) decide(d *decider) ([]Event, error) {
	code := d.self()
	if err := d.openInvitation(code); err != nil {
		return nil, err
	}
	return []Event{&Declined{State: code}}, nil
}

// Consent: membership commences on consent (R2), or at entry into force for a State that
// consented before it. The consent that reaches entry_into_force.consents brings the charter
// into force (R8) and starts the membership of every State that consented.
func (b *Consent) decide(d *decider) ([]Event, error) {
	if b.Instrument != "signature" && b.Instrument != "notification" {
		return nil, Errorf(Invalid, "instrument %q: want \"signature\" or \"notification\"", b.Instrument)
	}
	code := d.self()
	if err := d.openInvitation(code); err != nil {
		return nil, err
	}
	events := []Event{&Consented{State: code, Instrument: b.Instrument, Place: b.Place}}
	switch {
	case !d.s.InForce.IsZero():
		events = append(events, d.start(code))
	case d.s.Consents+1 >= d.r.EntryIntoForce.Consents:
		events = append(events, &EnteredIntoForce{Consents: d.s.Consents + 1})
		var signatories []StateCode
		for _, c := range slices.Sorted(maps.Keys(d.s.States)) {
			if m := d.s.States[c]; m.Invitation == InviteAccepted && m.Start.IsZero() {
				signatories = append(signatories, c)
			}
		}
		for _, c := range append(signatories, code) {
			events = append(events, d.start(c))
		}
	}
	return events, nil
}

// start returns the start of code's membership now, with its first term end (R4): counted from
// entry into force (the Board of Peace) or from joining.
func (d *decider) start(code StateCode) *MembershipStarted {
	from := Day(d.at)
	term := d.r.Membership.Term
	end := term.After(from)
	if d.r.Membership.TermFrom == charter.TermFromEntryIntoForce && !d.s.InForce.IsZero() {
		// Terms are counted in periods from entry into force: a State that joins after the first
		// period has run serves to the end of the period it joins in, never a term that ended
		// before it joined.
		from = Day(d.s.InForce)
		end = term.After(from)
		for k := 2; !end.After(d.at) && !term.IsZero(); k++ {
			end = charter.Period{Years: k * term.Years, Months: k * term.Months, Days: k * term.Days}.After(from)
		}
	}
	return &MembershipStarted{State: code, Start: d.at, TermEnd: end}
}

// RenewTerm: the Chairman renews a member's term (R4), moving its end by renewal.length from the
// current term end.
func (b *RenewTerm) decide(d *decider) ([]Event, error) {
	if err := validState(b.State); err != nil {
		return nil, err
	}
	v, ok := d.member(b.State)
	if !ok || (v.Status != StatusMember && v.Status != StatusRemovalPending) {
		status := "not invited"
		if ok {
			status = string(v.Status)
		}
		if ok && v.Status == StatusFormer {
			return nil, refuse("R4", "the membership of %s ended on %s (%s); a term can only be renewed before it ends", b.State, date(v.Ended), v.EndReason)
		}
		return nil, refuse("R4", "%s is not a member (%s)", b.State, status)
	}
	if v.Permanent {
		return nil, conflict("R5", "%s holds a permanent seat: its term does not end", b.State)
	}
	end := d.r.Renewal.Length.After(d.s.States[b.State].TermEnd)
	return []Event{&TermRenewed{State: b.State, TermEnd: end}}, nil
}

// Withdraw: a member leaves (R6), after withdrawal.notice.
func (*Withdraw) decide(d *decider) ([]Event, error) {
	code := d.self()
	if !d.s.IsMemberAt(d.r, code, d.at) {
		return nil, refuse("R6", "%s is not a member, so it cannot withdraw", code)
	}
	if m := d.s.States[code]; !m.Ended.IsZero() {
		return nil, conflict("R6", "%s already withdrew, with effect on %s", code, date(m.Ended))
	}
	return []Event{&Withdrew{State: code, Effective: d.r.Withdrawal.Notice.After(d.at)}}, nil
}

// ProposeRemoval: the Chairman removes a member (R6), subject to a veto by the fraction of
// member States the rules set (R7). The base is the member count now, excluding the State
// concerned; the window is half-open [today, today + veto_window).
func (b *ProposeRemoval) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	if err := validState(b.State); err != nil {
		return nil, err
	}
	if _, dup := d.s.Removals[b.ID]; dup {
		return nil, conflict("", "removal %s already exists", b.ID)
	}
	v, ok := d.member(b.State)
	switch {
	case !ok || v.Status != StatusMember && v.Status != StatusRemovalPending:
		return nil, refuse("R6", "%s is not a member, so it cannot be removed", b.State)
	case v.Status == StatusRemovalPending:
		return nil, conflict("R7", "a removal of %s is already open to veto", b.State)
	}
	base := d.s.MemberCount(d.r, d.at) - 1
	return []Event{&RemovalProposed{
		ID:        b.ID,
		State:     b.State,
		Reason:    b.Reason,
		Base:      base,
		Needed:    d.r.Removal.VetoFraction.Of(base),
		WindowEnd: d.r.Removal.VetoWindow.After(Day(d.at)),
	}}, nil
}

// VetoRemoval: member States other than the one concerned veto a removal (R7). It is blocked as
// soon as the vetoes reach ceil(fraction × base).
func (b *VetoRemoval) decide(d *decider) ([]Event, error) {
	rm, ok := d.s.Removals[b.Removal]
	if !ok {
		return nil, Errorf(NotFound, "no removal %q", b.Removal)
	}
	code := d.self()
	switch {
	case code == rm.State:
		return nil, refuse("R7", "%s is the State concerned by removal %s and cannot veto it", code, rm.ID)
	case !d.s.IsMemberAt(d.r, code, d.at):
		return nil, refuse("R7", "only member States veto a removal; %s is not a member", code)
	case d.s.States[code].Start.After(rm.Proposed):
		// The base is fixed when the removal is proposed; so is who may veto.
		return nil, refuse("R7", "%s joined after removal %s was proposed and is not among the States that may veto it", code, rm.ID)
	case !rm.Blocked.IsZero():
		return nil, conflict("R7", "removal %s was already vetoed on %s", rm.ID, date(rm.Blocked))
	case !d.at.Before(rm.WindowEnd):
		return nil, refuse("R7", "the veto window for removal %s closed on %s", rm.ID, date(rm.WindowEnd))
	case slices.Contains(rm.Vetoes, code):
		return nil, conflict("R7", "%s already vetoed removal %s", code, rm.ID)
	}
	events := []Event{&RemovalVetoed{Removal: rm.ID, State: code}}
	if n := len(rm.Vetoes) + 1; n >= rm.Needed {
		events = append(events, &RemovalBlocked{Removal: rm.ID, Vetoes: n})
	}
	return events, nil
}

// Dissolve: the charter's dissolution procedure is not public (R20); the rules file must name
// who may dissolve before anyone can.
func (b *Dissolve) decide(d *decider) ([]Event, error) {
	if d.r.Dissolution.By == "unknown" {
		return nil, refuse("R20", "the charter's dissolution procedure is not known; a rules file must set dissolution.by before the organization can be dissolved")
	}
	return []Event{&Dissolved{Reason: b.Reason}}, nil
}
