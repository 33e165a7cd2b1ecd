package board

import (
	"maps"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// Invitations and consent (R2, R8): only the Chairman invites; an invited State declines or
// consents to be bound; the consent that reaches entry_into_force.consents brings the charter
// into force, and a membership starts on consent, or at entry into force for a State that
// consented before it. Field names are the wire names, the same in scenario files, the API and
// the canonical bytes.

func init() {
	register[*Invite]("R2", ActorChairman)
	register[*WithdrawInvitation]("R2", ActorChairman)
	register[*Decline]("R2", ActorState)
	register[*Consent]("R2", ActorState)

	registerEvent[*Invited]()
	registerEvent[*InvitationWithdrawn]()
	registerEvent[*Declined]()
	registerEvent[*Consented]()
	registerEvent[*EnteredIntoForce]()
	registerEvent[*MembershipStarted]()
}

// Invite invites a State to join (R2). Founding offers founding-State status.
type Invite struct {
	State    StateCode `json:"state"`
	Head     string    `json:"head,omitempty"`
	Founding bool      `json:"founding,omitempty"`
}

// WithdrawInvitation withdraws an open invitation.
type WithdrawInvitation struct {
	State StateCode `json:"state"`
}

// Decline is an invited State's refusal of its invitation.
type Decline struct{}

// Consent is an invited State's consent to be bound (R2, R8).
type Consent struct {
	Instrument string `json:"instrument"` // one of instruments
	Place      string `json:"place,omitempty"`
}

// instruments are the ways a State consents to be bound (R2): Decide refuses any other
// (checkClosed), and the catalogue lists them.
var instruments = []string{"signature", "notification"}

func (*Consent) closedFields() map[string][]string {
	return map[string][]string{"instrument": instruments}
}

func (*Invite) Kind() Kind             { return "invite" }
func (*WithdrawInvitation) Kind() Kind { return "withdraw-invitation" }
func (*Decline) Kind() Kind            { return "decline" }
func (*Consent) Kind() Kind            { return "consent" }

// Invited records an invitation.
type Invited struct {
	State    StateCode `json:"state"`
	Head     string    `json:"head,omitempty"`
	Founding bool      `json:"founding,omitempty"`
}

// InvitationWithdrawn records the withdrawal of an invitation.
type InvitationWithdrawn struct {
	State StateCode `json:"state"`
}

// Declined records a State's refusal of its invitation.
type Declined struct {
	State StateCode `json:"state"`
}

// Consented records a State's consent to be bound.
type Consented struct {
	State      StateCode `json:"state"`
	Instrument string    `json:"instrument"`
	Place      string    `json:"place,omitempty"`
}

// EnteredIntoForce records the charter's entry into force, at the act's time.
type EnteredIntoForce struct {
	Consents int `json:"consents"`
}

// MembershipStarted records that a State became a member, with its first term end (zero only
// if the rules give no term, which they never do today).
type MembershipStarted struct {
	State   StateCode `json:"state"`
	Start   time.Time `json:"start"`
	TermEnd time.Time `json:"term_end"`
}

func (*Invited) EventName() string             { return "invited" }
func (*InvitationWithdrawn) EventName() string { return "invitation-withdrawn" }
func (*Declined) EventName() string            { return "declined" }
func (*Consented) EventName() string           { return "consented" }
func (*EnteredIntoForce) EventName() string    { return "entered-into-force" }
func (*MembershipStarted) EventName() string   { return "membership-started" }

// Invite: only the Chairman invites (R2, checked by the catalogue). A State with an open
// invitation, or that has consented, cannot be invited again; one that declined, whose
// invitation was withdrawn, or whose membership ended can.
func (b *Invite) decide(d *decider) ([]Event, error) {
	if err := d.validState(b.State); err != nil {
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
	if err := d.validState(b.State); err != nil {
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

func (e *Invited) apply(s *State, at time.Time) {
	s.States[e.State] = &Membership{State: e.State, Head: e.Head, Founding: e.Founding, Invited: at, Invitation: InviteOpen}
}

func (e *InvitationWithdrawn) apply(s *State, at time.Time) {
	m := s.States[e.State]
	m.Invitation, m.Answered = InviteWithdrawn, at
}

func (e *Declined) apply(s *State, at time.Time) {
	m := s.States[e.State]
	m.Invitation, m.Answered = InviteDeclined, at
}

func (e *Consented) apply(s *State, at time.Time) {
	m := s.States[e.State]
	m.Invitation, m.Answered = InviteAccepted, at
	m.Consented, m.Instrument, m.Place = at, e.Instrument, e.Place
	if s.InForce.IsZero() {
		s.Consents++
	}
}

func (e *EnteredIntoForce) apply(s *State, at time.Time) {
	s.InForce = at
}

func (e *MembershipStarted) apply(s *State, at time.Time) {
	m := s.States[e.State]
	m.Start, m.TermEnd = e.Start, e.TermEnd
}
