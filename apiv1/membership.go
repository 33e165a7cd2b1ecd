package apiv1

// Status is the organization as of an instant ("status --json", GET /api/v1/status).
type Status struct {
	Organization   string      `json:"organization"`
	AsOf           string      `json:"as_of"`
	InForce        bool        `json:"in_force"`
	EntryIntoForce *string     `json:"entry_into_force"`
	FirstYearEnds  *string     `json:"first_year_ends"`
	Chairman       string      `json:"chairman"`
	Successor      *string     `json:"successor"` // null while none is designated
	Members        int         `json:"members"`
	ExecutiveBoard []Executive `json:"executive_board"`
	Dissolved      *string     `json:"dissolved"`
	Entries        uint64      `json:"entries"`
}

// Executive is a serving member of the Executive Board.
type Executive struct {
	ID      string `json:"id"`
	Person  string `json:"person"`
	TermEnd string `json:"term_end"`
}

// Member is a State's membership as of an instant: an element of "members --json" and of
// GET /api/v1/members.
type Member struct {
	State string `json:"state"` // ISO 3166-1 alpha-3 code, like KAZ
	// Status is invited, declined, invitation-withdrawn, signatory, member, removal-pending or
	// former.
	Status           string  `json:"status"`
	Founding         bool    `json:"founding"`
	Joined           *string `json:"joined"`
	TermEnd          *string `json:"term_end"`
	Permanent        bool    `json:"permanent"`
	Ended            *string `json:"ended"`
	EndReason        *string `json:"end_reason"`
	CashUSDFirstYear string  `json:"cash_usd_first_year"`
	Head             string  `json:"head,omitempty"`
	Invited          string  `json:"invited"`
}

// Invitation is a State's latest invitation as of an instant, and where it stands (GET
// /api/v1/invitations).
type Invitation struct {
	State    string `json:"state"`
	Head     string `json:"head,omitempty"`
	Founding bool   `json:"founding"` // founding-State status was offered
	Invited  string `json:"invited"`
	// Status is open, declined, withdrawn or accepted.
	Status   string  `json:"status"`
	Answered *string `json:"answered"` // when declined, withdrawn or accepted
	// Member is the State's status as a member, as Member.Status.
	Member string `json:"member_status"`
}
