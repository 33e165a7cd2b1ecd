package apiv1

// Decision is one proposal or directive: an element of "decisions --json" (SPEC §6.1) and of GET
// /api/v1/decisions. Yes, No and Abstain count member States' votes only; the Chairman's
// casting vote is CastingVote.
type Decision struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Kind is budget, subsidiary, appointment, agreement, initiative, other or directive.
	Kind string `json:"kind"`
	// Status is draft, on-agenda, voting, majority, tie, rejected, adopted, not-approved or
	// directive.
	Status      string            `json:"status"`
	Yes         int               `json:"yes"`
	No          int               `json:"no"`
	Abstain     int               `json:"abstain"`
	CastingVote *string           `json:"casting_vote"` // yes or no
	Votes       map[string]string `json:"votes"`        // each State's choice: yes, no or abstain
	// Explanations holds the explanations of vote the States gave with their votes, by ISO3
	// code: only those who gave one.
	Explanations     map[string]string `json:"explanations"`
	ProposedBy       string            `json:"proposed_by"` // an actor: chairman, state:KAZ
	Proposed         string            `json:"proposed"`    // RFC 3339; for a directive, when adopted
	Meeting          *string           `json:"meeting"`
	Opened           *string           `json:"opened"`
	Closed           *string           `json:"closed"`
	Result           *string           `json:"result"` // the tally's result, once closed
	ApprovalDeadline *string           `json:"approval_deadline"`
	Approval         *Approval         `json:"approval"` // the Chairman's action, null if none
}

// Approval is the Chairman's action on a decision that passed: approved or withheld, or the
// rules' default at the approval deadline.
type Approval struct {
	Action string `json:"action"` // approved, withheld, approved-by-default, not-approved-by-default
	At     string `json:"at"`
	Reason string `json:"reason,omitempty"`
}

// DecisionDetail is a decision with its whole history ("decision ID --json",
// GET /api/v1/decisions/{id}).
type DecisionDetail struct {
	Decision
	Text       string        `json:"text"`
	Comments   []Statement   `json:"comments"`
	Agenda     *Agenda       `json:"agenda"`
	Electorate []string      `json:"electorate"` // the States that may vote
	Ballots    []Ballot      `json:"ballots"`
	Tally      *Tally        `json:"tally"`
	Casting    *Casting      `json:"casting"`
	History    []HistoryItem `json:"history"`
}

// Statement is something said for the record: a comment on a proposal.
type Statement struct {
	By   string `json:"by"`
	At   string `json:"at"`
	Text string `json:"text"`
}

// Agenda is the meeting whose agenda a proposal is on.
type Agenda struct {
	Meeting  string  `json:"meeting"`
	Kind     string  `json:"kind"`
	Date     string  `json:"date"`
	Place    string  `json:"place"`
	Set      string  `json:"set"`
	SetBy    string  `json:"set_by"`
	Approved *string `json:"approved"`
}

// Ballot is one member State's vote, with its explanation of vote, null if it gave none.
type Ballot struct {
	State       string  `json:"state"`
	Choice      string  `json:"choice"`
	At          string  `json:"at"`
	Explanation *string `json:"explanation"`
}

// Tally is a closed vote's count (R11).
type Tally struct {
	Yes              int    `json:"yes"`
	No               int    `json:"no"`
	Abstain          int    `json:"abstain"`
	PresentAndVoting int    `json:"present_and_voting"`
	Electorate       int    `json:"electorate"`
	QuorumNeeded     int    `json:"quorum_needed"`
	Result           string `json:"result"`
	Reason           string `json:"reason,omitempty"`
}

// Casting is the Chairman's casting vote on a tie.
type Casting struct {
	Choice string `json:"choice"`
	At     string `json:"at"`
}

// HistoryItem is one thing that happened to a decision. By is empty for what the rules did by
// themselves (an approval deadline passing).
type HistoryItem struct {
	At    string `json:"at"`
	By    string `json:"by"`
	Event string `json:"event"`
}

// Obligation is one standing obligation: an element of "compliance --json" and of GET
// /api/v1/compliance.
type Obligation struct {
	ID     string  `json:"id"`
	Rule   *string `json:"rule"` // null for a mandate, which is outside the charter
	What   string  `json:"obligation"`
	Status string  `json:"status"` // met, due or overdue
	// Due is the first day on which it will be overdue (met, due), like term_end; Since, the
	// day it became overdue. Either is null when unknown or not applicable.
	Due     *string `json:"due"`
	Since   *string `json:"since"`
	LastMet *string `json:"last_met"`
	Detail  string  `json:"detail"`
}
