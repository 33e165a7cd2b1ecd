package board

import "time"

// Membership (SPEC §2 R2-R8): a State's relation to the organization, from its invitation to
// the end of its membership. The acts that change it are in invitations.go (R2, R8), terms.go
// (R4, R6), removals.go (R6, R7), accreditation.go (R3) and dissolution.go (R6, R20); what a
// membership is as of an instant (its status, its term, a permanent seat) is derived in
// membership_view.go and permanent_seat_view.go, never stored.

// InvitationStatus is where a State's latest invitation stands.
type InvitationStatus string

// The invitation statuses.
const (
	InviteOpen      InvitationStatus = "open"
	InviteDeclined  InvitationStatus = "declined"
	InviteWithdrawn InvitationStatus = "withdrawn"
	InviteAccepted  InvitationStatus = "accepted"
)

// Membership is one State's relation to the organization: its latest invitation and what
// followed it.
type Membership struct {
	State      StateCode
	Head       string
	Founding   bool
	Invited    time.Time
	Invitation InvitationStatus
	Answered   time.Time // when the invitation was declined, withdrawn or accepted

	Consented  time.Time
	Instrument string
	Place      string

	Start   time.Time // zero until membership starts: max(consent, entry into force)
	TermEnd time.Time // the first instant the State is no longer a member, unless permanent

	Ended     time.Time // an end set by an act (withdrawal, dissolution); zero if none
	EndReason EndReason

	Removals []RemovalID // removals proposed against this State, oldest first

	Representatives []Representative
}

// EndReason says why a membership ended.
type EndReason string

// The end reasons.
const (
	EndExpired   EndReason = "expired"
	EndWithdrawn EndReason = "withdrawn"
	EndRemoved   EndReason = "removed"
	EndDissolved EndReason = "dissolved"
)
