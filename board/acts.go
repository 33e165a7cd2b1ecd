package board

// The bodies of the membership and office acts (SPEC §4). Field names are the wire names, the
// same in scenario files, the API and the canonical bytes.

func init() {
	register[*Invite]("R2", ActorChairman)
	register[*WithdrawInvitation]("R2", ActorChairman)
	register[*Decline]("R2", ActorState)
	register[*Consent]("R2", ActorState)
	register[*RenewTerm]("R4", ActorChairman)
	register[*Withdraw]("R6", ActorState)
	register[*ProposeRemoval]("R6", ActorChairman)
	register[*VetoRemoval]("R7", ActorState)
	register[*Dissolve]("R20", ActorChairman)

	register[*DesignateSuccessor]("R16", ActorChairman)
	register[*Resign]("R16", ActorChairman)
	register[*FindIncapacity]("R16", ActorExecutive)
	register[*AppointExecutive]("R17", ActorChairman)
	register[*RenewExecutive]("R17", ActorChairman)
	register[*RemoveExecutive]("R17", ActorChairman)
	register[*CreateSubsidiary]("R14", ActorChairman)
	register[*ModifySubsidiary]("R14", ActorChairman)
	register[*DissolveSubsidiary]("R14", ActorChairman)
	register[*Accredit]("R3", ActorState, ActorChairman)
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
	Instrument string `json:"instrument"` // "signature" or "notification"
	Place      string `json:"place,omitempty"`
}

// RenewTerm renews a member's term (R4).
type RenewTerm struct {
	State StateCode `json:"state"`
}

// Withdraw is a member's withdrawal from the organization (R6).
type Withdraw struct{}

// ProposeRemoval is the Chairman's removal of a member, which opens the veto window (R6, R7).
type ProposeRemoval struct {
	ID     RemovalID `json:"id"`
	State  StateCode `json:"state"`
	Reason string    `json:"reason,omitempty"`
}

// VetoRemoval is a member State's veto of a proposed removal (R7).
type VetoRemoval struct {
	Removal RemovalID `json:"removal"`
}

// Dissolve dissolves the organization, under the procedure the rules file names (R20).
type Dissolve struct {
	Reason string `json:"reason,omitempty"`
}

// DesignateSuccessor designates the Chairman's successor (R16).
type DesignateSuccessor struct {
	Person string `json:"person"`
}

// Resign is the Chairman's resignation; the successor takes office at once (R16).
type Resign struct{}

// FindIncapacity is one Executive Board member's finding that the Chairman is incapacitated.
// The successor takes office when every serving member has so found (R16).
type FindIncapacity struct{}

// AppointExecutive appoints a member of the Executive Board (R17).
type AppointExecutive struct {
	ID     ExecutiveID `json:"id"`
	Person string      `json:"person"`
}

// RenewExecutive renews an Executive Board member's term (R17).
type RenewExecutive struct {
	ID ExecutiveID `json:"id"`
}

// RemoveExecutive removes an Executive Board member (R17).
type RemoveExecutive struct {
	ID ExecutiveID `json:"id"`
}

// CreateSubsidiary creates a subsidiary entity (R14), such as the Gaza Executive Board.
type CreateSubsidiary struct {
	ID      SubsidiaryID `json:"id"`
	Name    string       `json:"name"`
	Mandate string       `json:"mandate,omitempty"`
	Members []string     `json:"members,omitempty"`
}

// ModifySubsidiary changes a subsidiary entity's name, mandate or members (R14). Empty fields
// are left as they were.
type ModifySubsidiary struct {
	ID      SubsidiaryID `json:"id"`
	Name    string       `json:"name,omitempty"`
	Mandate string       `json:"mandate,omitempty"`
	Members []string     `json:"members,omitempty"`
}

// DissolveSubsidiary dissolves a subsidiary entity (R14).
type DissolveSubsidiary struct {
	ID SubsidiaryID `json:"id"`
}

// Accredit names a member State's representative (R3): its Head of State or Government, or an
// alternate, who needs the Chairman's approval. The Chairman approves an alternate by
// accrediting the same person with State set.
type Accredit struct {
	Person string    `json:"person"`
	Role   string    `json:"role"` // "head" or "alternate"
	State  StateCode `json:"state,omitempty"`
}

func (*Invite) Kind() Kind             { return "invite" }
func (*WithdrawInvitation) Kind() Kind { return "withdraw-invitation" }
func (*Decline) Kind() Kind            { return "decline" }
func (*Consent) Kind() Kind            { return "consent" }
func (*RenewTerm) Kind() Kind          { return "renew-term" }
func (*Withdraw) Kind() Kind           { return "withdraw" }
func (*ProposeRemoval) Kind() Kind     { return "propose-removal" }
func (*VetoRemoval) Kind() Kind        { return "veto-removal" }
func (*Dissolve) Kind() Kind           { return "dissolve" }
func (*DesignateSuccessor) Kind() Kind { return "designate-successor" }
func (*Resign) Kind() Kind             { return "resign" }
func (*FindIncapacity) Kind() Kind     { return "find-incapacity" }
func (*AppointExecutive) Kind() Kind   { return "appoint-executive" }
func (*RenewExecutive) Kind() Kind     { return "renew-executive" }
func (*RemoveExecutive) Kind() Kind    { return "remove-executive" }
func (*CreateSubsidiary) Kind() Kind   { return "create-subsidiary" }
func (*ModifySubsidiary) Kind() Kind   { return "modify-subsidiary" }
func (*DissolveSubsidiary) Kind() Kind { return "dissolve-subsidiary" }
func (*Accredit) Kind() Kind           { return "accredit" }
