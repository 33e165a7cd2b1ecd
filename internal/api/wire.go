package api

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
	"github.com/peaceboard/peaceboard/record"
)

// The wire types of the JSON API, shared with the CLI's --json output (SPEC §6.1): one shape
// for one thing, whether it comes from "peaceboard members --json" or GET /api/v1/members. The
// domain (board) makes no JSON promises; these types do. Fields are added, never renamed or
// removed. Dates are "YYYY-MM-DD", instants RFC 3339 in UTC, amounts decimal strings, never
// JSON numbers: "balance": {"USD": "1000.00"} for a per-currency map, "amount": "USD 1000.00"
// for one amount in its currency. A field that may be unknown is null, never absent.

// Member is a State's membership as of an instant: an element of "members --json" and of
// GET /api/v1/members.
type Member struct {
	State            board.StateCode `json:"state"`
	Status           board.Status    `json:"status"`
	Founding         bool            `json:"founding"`
	Joined           *string         `json:"joined"`
	TermEnd          *string         `json:"term_end"`
	Permanent        bool            `json:"permanent"`
	Ended            *string         `json:"ended"`
	EndReason        *string         `json:"end_reason"`
	CashUSDFirstYear string          `json:"cash_usd_first_year"`
	Head             string          `json:"head,omitempty"`
	Invited          string          `json:"invited"`
}

// NewMember returns the wire form of a member view.
func NewMember(v board.MemberView) Member {
	out := Member{
		State:            v.State,
		Status:           v.Status,
		Founding:         v.Founding,
		Joined:           DateOrNull(v.Joined),
		TermEnd:          DateOrNull(v.TermEnd),
		Permanent:        v.Permanent,
		Ended:            DateOrNull(v.Ended),
		CashUSDFirstYear: v.CashUSDFirstYear.Decimal(),
		Head:             v.Head,
		Invited:          v.Invited.Format(time.DateOnly),
	}
	if v.EndReason != "" {
		reason := string(v.EndReason)
		out.EndReason = &reason
	}
	return out
}

// Invitation is a State's latest invitation as of an instant, and where it stands.
type Invitation struct {
	State    board.StateCode `json:"state"`
	Head     string          `json:"head,omitempty"`
	Founding bool            `json:"founding"` // founding-State status was offered
	Invited  string          `json:"invited"`
	// Status is open, declined, withdrawn or accepted.
	Status   board.InvitationStatus `json:"status"`
	Answered *string                `json:"answered"` // when declined, withdrawn or accepted
	// Member is the State's status as a member (SPEC §6.1 statuses).
	Member board.Status `json:"member_status"`
}

// NewInvitation returns the wire form of a State's invitation; m is its membership record and v
// its view at the same instant.
func NewInvitation(m *board.Membership, v board.MemberView) Invitation {
	return Invitation{State: m.State, Head: m.Head, Founding: m.Founding, Invited: m.Invited.UTC().Format(time.DateOnly),
		Status: m.Invitation, Answered: DateOrNull(m.Answered), Member: v.Status}
}

// Status is the organization as of an instant ("status --json", GET /api/v1/status).
type Status struct {
	Organization   string      `json:"organization"`
	AsOf           string      `json:"as_of"`
	InForce        bool        `json:"in_force"`
	EntryIntoForce *string     `json:"entry_into_force"`
	FirstYearEnds  *string     `json:"first_year_ends"`
	Chairman       string      `json:"chairman"`
	Successor      *string     `json:"successor"`
	Members        int         `json:"members"`
	ExecutiveBoard []Executive `json:"executive_board"`
	Dissolved      *string     `json:"dissolved"`
	Entries        uint64      `json:"entries"`
}

// Executive is a serving member of the Executive Board.
type Executive struct {
	ID      board.ExecutiveID `json:"id"`
	Person  string            `json:"person"`
	TermEnd string            `json:"term_end"`
}

// NewStatus returns the organization's status as of t.
func NewStatus(s *board.State, r *charter.Rules, t time.Time) Status {
	o := s.Overview(r, t)
	out := Status{
		Organization:   r.Name(r.Organization.Languages[0]),
		AsOf:           t.Format(time.DateOnly),
		InForce:        o.InForce,
		EntryIntoForce: DateOrNull(o.EntryIntoForce),
		FirstYearEnds:  DateOrNull(o.FirstYearEnds),
		Chairman:       o.Chairman,
		Members:        o.Members,
		ExecutiveBoard: []Executive{},
		Dissolved:      DateOrNull(o.Dissolved),
		Entries:        uint64(s.Acts),
	}
	if o.Successor != "" {
		out.Successor = &o.Successor
	}
	for _, x := range o.ExecutiveBoard {
		out.ExecutiveBoard = append(out.ExecutiveBoard, Executive{ID: x.ID, Person: x.Person, TermEnd: x.TermEnd.Format(time.DateOnly)})
	}
	return out
}

// Decision is one proposal or directive: an element of "decisions --json" (SPEC §6.1). yes, no
// and abstain count member States' votes only; the Chairman's casting vote is casting_vote.
type Decision struct {
	ID               board.DecisionID                 `json:"id"`
	Title            string                           `json:"title"`
	Kind             board.DecisionKind               `json:"kind"`
	Status           board.DecisionStatus             `json:"status"`
	Yes              int                              `json:"yes"`
	No               int                              `json:"no"`
	Abstain          int                              `json:"abstain"`
	CastingVote      *board.Choice                    `json:"casting_vote"`
	Votes            map[board.StateCode]board.Choice `json:"votes"`
	ProposedBy       board.ActorID                    `json:"proposed_by"`
	Proposed         string                           `json:"proposed"` // RFC 3339; for a directive, when adopted
	Meeting          *board.MeetingID                 `json:"meeting"`
	Opened           *string                          `json:"opened"`
	Closed           *string                          `json:"closed"`
	Result           *board.Result                    `json:"result"` // the tally's result, once closed
	ApprovalDeadline *string                          `json:"approval_deadline"`
	Approval         *Approval                        `json:"approval"` // the Chairman's action, null if none
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
	Text       string            `json:"text"`
	Comments   []Statement       `json:"comments"`
	Agenda     *Agenda           `json:"agenda"`
	Electorate []board.StateCode `json:"electorate"`
	Ballots    []Ballot          `json:"ballots"`
	Tally      *Tally            `json:"tally"`
	Casting    *Casting          `json:"casting"`
	History    []HistoryItem     `json:"history"`
}

// Statement is something said for the record: a comment on a proposal.
type Statement struct {
	By   board.ActorID `json:"by"`
	At   string        `json:"at"`
	Text string        `json:"text"`
}

// Agenda is the meeting whose agenda a proposal is on.
type Agenda struct {
	Meeting  board.MeetingID   `json:"meeting"`
	Kind     board.MeetingKind `json:"kind"`
	Date     string            `json:"date"`
	Place    string            `json:"place"`
	Set      string            `json:"set"`
	SetBy    board.ActorID     `json:"set_by"`
	Approved *string           `json:"approved"`
}

// Ballot is one member State's vote.
type Ballot struct {
	State  board.StateCode `json:"state"`
	Choice board.Choice    `json:"choice"`
	At     string          `json:"at"`
}

// Tally is a closed vote's count (R11).
type Tally struct {
	Yes              int          `json:"yes"`
	No               int          `json:"no"`
	Abstain          int          `json:"abstain"`
	PresentAndVoting int          `json:"present_and_voting"`
	Electorate       int          `json:"electorate"`
	QuorumNeeded     int          `json:"quorum_needed"`
	Result           board.Result `json:"result"`
	Reason           string       `json:"reason,omitempty"`
}

// Casting is the Chairman's casting vote on a tie.
type Casting struct {
	Choice board.Choice `json:"choice"`
	At     string       `json:"at"`
}

// HistoryItem is one thing that happened to a decision. By is empty for what the rules did by
// themselves (an approval deadline passing).
type HistoryItem struct {
	At    string        `json:"at"`
	By    board.ActorID `json:"by"`
	Event string        `json:"event"`
}

// NewDecision returns the wire form of a decision view.
func NewDecision(v board.DecisionView) Decision {
	out := Decision{
		ID: v.ID, Title: v.Title, Kind: v.Kind, Status: v.Status, Yes: v.Yes, No: v.No, Abstain: v.Abstain,
		Votes: map[board.StateCode]board.Choice{}, ProposedBy: v.By, Proposed: Instant(v.Proposed),
		Opened: InstantOrNull(v.Opened), Closed: InstantOrNull(v.Closed), ApprovalDeadline: DateOrNull(v.ApprovalDeadline),
	}
	for _, b := range v.Ballots {
		out.Votes[b.State] = b.Choice
	}
	if v.Casting != "" {
		c := v.Casting
		out.CastingVote = &c
	}
	if v.Meeting != nil {
		id := v.Meeting.ID
		out.Meeting = &id
	}
	if v.Result != "" {
		r := v.Result
		out.Result = &r
	}
	if v.Approval != "" {
		out.Approval = &Approval{Action: v.Approval, At: Instant(v.ApprovalAt), Reason: v.Reason}
	}
	return out
}

// NewDecisionDetail returns the wire form of a decision with its whole history.
func NewDecisionDetail(v board.DecisionView) DecisionDetail {
	out := DecisionDetail{
		Decision: NewDecision(v), Text: v.Text, Comments: []Statement{},
		Electorate: v.Electorate, Ballots: []Ballot{},
	}
	if out.Electorate == nil {
		out.Electorate = []board.StateCode{}
	}
	for _, c := range v.Comments {
		out.Comments = append(out.Comments, Statement{By: c.By, At: Instant(c.At), Text: c.Text})
	}
	if m := v.Meeting; m != nil {
		out.Agenda = &Agenda{Meeting: m.ID, Kind: m.Kind, Date: m.Date.Format(time.DateOnly), Place: m.Place,
			Set: Instant(m.AgendaSet), SetBy: m.AgendaBy, Approved: InstantOrNull(m.Approved)}
	}
	for _, b := range v.Ballots {
		out.Ballots = append(out.Ballots, Ballot{State: b.State, Choice: b.Choice, At: Instant(b.At)})
	}
	if !v.Closed.IsZero() {
		out.Tally = &Tally{Yes: v.Yes, No: v.No, Abstain: v.Abstain, PresentAndVoting: v.Yes + v.No,
			Electorate: len(v.Electorate), QuorumNeeded: v.QuorumNeeded, Result: v.Result, Reason: v.ResultReason}
	}
	if v.Casting != "" {
		out.Casting = &Casting{Choice: v.Casting, At: Instant(v.CastingAt)}
	}
	out.History = history(v)
	return out
}

// history lists what happened to a decision, in time order.
func history(v board.DecisionView) []HistoryItem {
	var h []HistoryItem
	add := func(at time.Time, by board.ActorID, format string, args ...any) {
		h = append(h, HistoryItem{At: Instant(at), By: by, Event: fmt.Sprintf(format, args...)})
	}
	if v.Kind == board.KindDirective {
		add(v.Proposed, v.By, "adopted as a directive of the Chairman, without a vote (R15)")
		return h
	}
	add(v.Proposed, v.By, "proposed (%s)", v.Kind)
	for _, c := range v.Comments {
		add(c.At, c.By, "commented: %s", c.Text)
	}
	if m := v.Meeting; m != nil {
		add(m.AgendaSet, m.AgendaBy, "put on the agenda of meeting %s (%s, %s)", m.ID, m.Date.Format(time.DateOnly), m.Place)
		if !m.Approved.IsZero() {
			add(m.Approved, board.Chairman, "approved the agenda of meeting %s", m.ID)
		}
	}
	if !v.Opened.IsZero() {
		add(v.Opened, board.Secretariat, "opened the vote; %d member States may vote", len(v.Electorate))
	}
	for _, b := range v.Ballots {
		add(b.At, board.StateActor(b.State), "voted %s", b.Choice)
	}
	if !v.Closed.IsZero() {
		add(v.Closed, board.Secretariat, "closed the vote: %s", tallyLine(v))
	}
	if v.Casting != "" {
		add(v.CastingAt, board.Chairman, "casting vote: %s", v.Casting)
	}
	switch v.Approval {
	case board.ActionApproved:
		add(v.ApprovalAt, board.Chairman, "approved%s", reasonSuffix(v.Reason))
	case board.ActionWithheld:
		add(v.ApprovalAt, board.Chairman, "withheld approval%s", reasonSuffix(v.Reason))
	case board.ActionApprovedByDefault:
		add(v.ApprovalAt, "", "approved by default: the approval deadline passed (decisions.approval_default)")
	case board.ActionNotApprovedByDefault:
		add(v.ApprovalAt, "", "not approved: the approval deadline passed (decisions.approval_default)")
	}
	slices.SortStableFunc(h, func(a, b HistoryItem) int { return cmp.Compare(a.At, b.At) })
	return h
}

func reasonSuffix(r string) string {
	if r == "" {
		return ""
	}
	return ": " + r
}

// tallyLine describes a closed vote: "20 yes, 0 no, 2 abstain of 22: majority".
func tallyLine(v board.DecisionView) string {
	s := fmt.Sprintf("%d yes, %d no, %d abstain, of %d: %s", v.Yes, v.No, v.Abstain, len(v.Electorate), v.Result)
	switch v.ResultReason {
	case board.ReasonNoQuorum:
		s += fmt.Sprintf(" (no quorum: %d present and voting, %d needed)", v.Yes+v.No, v.QuorumNeeded)
	case board.ReasonNoVotes:
		s += " (no State voted yes or no)"
	}
	return s
}

// Obligation is one standing obligation: an element of "compliance --json".
type Obligation struct {
	ID     string                 `json:"id"`
	Rule   *string                `json:"rule"` // null for a mandate, which is outside the charter
	What   string                 `json:"obligation"`
	Status board.ObligationStatus `json:"status"` // met, due or overdue
	// Due is the first day on which it will be overdue (met, due), like term_end; Since, the
	// day it became overdue. Either is null when unknown or not applicable.
	Due     *string `json:"due"`
	Since   *string `json:"since"`
	LastMet *string `json:"last_met"`
	Detail  string  `json:"detail"`
}

// NewObligation returns the wire form of an obligation.
func NewObligation(o board.Obligation) Obligation {
	j := Obligation{ID: o.ID, What: o.What, Status: o.Status, LastMet: DateOrNull(o.Last), Detail: o.Detail}
	if o.Rule != "" {
		rule := o.Rule
		j.Rule = &rule
	}
	if o.Status == board.ObligationOverdue {
		j.Since = DateOrNull(o.Due)
	} else {
		j.Due = DateOrNull(o.Due)
	}
	return j
}

// Treasury is the treasury as of an instant ("treasury --json", GET /api/v1/treasury).
type Treasury struct {
	AsOf          string            `json:"as_of"`
	Funds         []Fund            `json:"funds"`
	Accounts      []Account         `json:"accounts"`
	Contributors  []Contributor     `json:"contributors"`
	Totals        Totals            `json:"totals"`
	Programmes    []Programme       `json:"programmes"`
	Disbursements []Disbursement    `json:"disbursements"`
	Exchange      map[string]string `json:"exchange"`
	Controls      []ControlTier     `json:"controls"`
}

// Fund is a fund with its cash, its unpaid pledges and its in-kind value.
type Fund struct {
	Fund      string            `json:"fund"`
	Name      string            `json:"name"`
	Purpose   string            `json:"purpose,omitempty"`
	Balance   map[string]string `json:"balance"` // cash, by currency
	Pledged   map[string]string `json:"pledged"` // pledged and not yet received, by currency
	InKindUSD string            `json:"in_kind_usd"`
	Opened    *string           `json:"opened"` // null for a fund of the rules file
}

// Account is a bank account with its balance.
type Account struct {
	Account     string  `json:"account"`
	Institution string  `json:"institution"`
	Currency    string  `json:"currency"`
	Balance     string  `json:"balance"`
	Opened      *string `json:"opened"`
}

// Contributor is what one contributor pledged and gave, in US dollars.
type Contributor struct {
	Contributor       board.ActorID `json:"contributor"`
	PledgedUSD        string        `json:"pledged_usd"`
	ReceivedCashUSD   string        `json:"received_cash_usd"`
	ReceivedInKindUSD string        `json:"received_in_kind_usd"`
	OutstandingUSD    string        `json:"outstanding_usd"`
}

// Totals adds up every contributor.
type Totals struct {
	PledgedUSD        string `json:"pledged_usd"`
	ReceivedCashUSD   string `json:"received_cash_usd"`
	ReceivedInKindUSD string `json:"received_in_kind_usd"`
	OutstandingUSD    string `json:"outstanding_usd"`
}

// Programme is a programme with its budget, allocations and disbursements.
type Programme struct {
	Programme  string            `json:"programme"`
	Name       string            `json:"name"`
	Area       string            `json:"area,omitempty"`
	Subsidiary string            `json:"subsidiary"`
	Budget     string            `json:"budget"`
	Allocated  string            `json:"allocated"`
	Available  map[string]string `json:"available"`
	Disbursed  string            `json:"disbursed"`
	Reports    []ProgressReport  `json:"reports"`
}

// ProgressReport is a report on a programme's progress.
type ProgressReport struct {
	By   board.ActorID `json:"by"`
	At   string        `json:"at"`
	Text string        `json:"text"`
}

// Disbursement is a disbursement with its approvals and status.
type Disbursement struct {
	ID         string                 `json:"id"`
	Programme  string                 `json:"programme"`
	Payee      string                 `json:"payee"`
	Amount     string                 `json:"amount"`
	Purpose    string                 `json:"purpose"`
	Account    string                 `json:"account"`
	Pay        string                 `json:"pay"`
	USD        string                 `json:"usd"`
	Required   int                    `json:"approvals_required"`
	Approvals  []DisbursementApproval `json:"approvals"`
	Status     string                 `json:"status"`
	Requested  string                 `json:"requested"`
	Paid       *string                `json:"paid"`
	Commitment string                 `json:"commitment_entry"`
	Payment    *string                `json:"payment_entry"`
}

// DisbursementApproval is one person's approval of a disbursement.
type DisbursementApproval struct {
	By     board.ActorID `json:"by"`
	Person string        `json:"person"`
	At     string        `json:"at"`
}

// ControlTier is one tier of the disbursement controls (R18).
type ControlTier struct {
	Above     string `json:"above"`
	Approvals int    `json:"approvals"`
}

// NewFund returns the wire form of a fund view.
func NewFund(f board.FundView) Fund {
	return Fund{Fund: string(f.ID), Name: f.Name, Purpose: f.Purpose, Balance: ByCurrency(f.Cash),
		Pledged: ByCurrency(f.Pledged), InKindUSD: f.InKindUSD.Decimal(), Opened: InstantOrNull(f.Opened)}
}

// NewContributor returns the wire form of a contributor view.
func NewContributor(c board.ContributorView) Contributor {
	return Contributor{Contributor: c.Contributor, PledgedUSD: c.PledgedUSD.Decimal(), ReceivedCashUSD: c.ReceivedCashUSD.Decimal(),
		ReceivedInKindUSD: c.ReceivedInKindUSD.Decimal(), OutstandingUSD: c.OutstandingUSD.Decimal()}
}

// NewDisbursement returns the wire form of a disbursement view.
func NewDisbursement(d board.DisbursementView) Disbursement {
	out := Disbursement{ID: string(d.ID), Programme: string(d.Programme), Payee: d.Payee, Amount: d.Amount.String(),
		Purpose: d.Purpose, Account: string(d.Account), Pay: d.Pay.String(), USD: d.USD.Decimal(), Required: d.Required,
		Approvals: []DisbursementApproval{}, Status: string(d.Status), Requested: Instant(d.Requested), Paid: InstantOrNull(d.Paid),
		Commitment: string(d.Commitment)}
	for _, a := range d.Approvals {
		out.Approvals = append(out.Approvals, DisbursementApproval{By: a.By, Person: a.Person, At: Instant(a.At)})
	}
	if d.Payment != "" {
		p := string(d.Payment)
		out.Payment = &p
	}
	return out
}

// NewTreasury returns the wire form of the treasury as of t.
func NewTreasury(v board.TreasuryView, t time.Time) Treasury {
	out := Treasury{AsOf: Instant(t), Funds: []Fund{}, Accounts: []Account{}, Contributors: []Contributor{},
		Programmes: []Programme{}, Disbursements: []Disbursement{}, Exchange: map[string]string{}, Controls: []ControlTier{}}
	for _, f := range v.Funds {
		out.Funds = append(out.Funds, NewFund(f))
	}
	for _, a := range v.Accounts {
		out.Accounts = append(out.Accounts, Account{Account: string(a.ID), Institution: a.Institution, Currency: string(a.Currency),
			Balance: a.Balance.Decimal(), Opened: InstantOrNull(a.Opened)})
	}
	total := board.ContributorView{PledgedUSD: usd0(), ReceivedCashUSD: usd0(), ReceivedInKindUSD: usd0(), OutstandingUSD: usd0()}
	for _, c := range v.Contributors {
		out.Contributors = append(out.Contributors, NewContributor(c))
		total.PledgedUSD.Minor += c.PledgedUSD.Minor
		total.ReceivedCashUSD.Minor += c.ReceivedCashUSD.Minor
		total.ReceivedInKindUSD.Minor += c.ReceivedInKindUSD.Minor
		total.OutstandingUSD.Minor += c.OutstandingUSD.Minor
	}
	tc := NewContributor(total)
	out.Totals = Totals{PledgedUSD: tc.PledgedUSD, ReceivedCashUSD: tc.ReceivedCashUSD, ReceivedInKindUSD: tc.ReceivedInKindUSD, OutstandingUSD: tc.OutstandingUSD}
	for _, p := range v.Programmes {
		pj := Programme{Programme: string(p.ID), Name: p.Name, Area: p.Area, Subsidiary: string(p.Subsidiary), Budget: p.Budget.String(),
			Allocated: p.Allocated.String(), Available: ByCurrency(p.Available), Disbursed: p.Disbursed.String(), Reports: []ProgressReport{}}
		for _, r := range p.Reports {
			pj.Reports = append(pj.Reports, ProgressReport{By: r.By, At: Instant(r.At), Text: r.Text})
		}
		out.Programmes = append(out.Programmes, pj)
	}
	for _, d := range v.Disbursements {
		out.Disbursements = append(out.Disbursements, NewDisbursement(d))
	}
	for c, a := range v.Exchange {
		out.Exchange[string(c)] = a.Decimal()
	}
	for _, th := range v.Controls {
		out.Controls = append(out.Controls, ControlTier{Above: th.Above.String(), Approvals: th.Approvals})
	}
	return out
}

func usd0() money.Amount { return money.Amount{Currency: "USD"} }

// ContributorStatement is one contributor's pledges and receipts with every entry
// ("statement CONTRIBUTOR --json", GET /api/v1/contributors/{contributor}).
type ContributorStatement struct {
	Contributor
	AsOf    string        `json:"as_of"`
	Entries []LedgerEntry `json:"entries"`
}

// LedgerEntry is one contribution entry, in statements and exports.
type LedgerEntry struct {
	Entry       string        `json:"entry"`
	Type        string        `json:"type"`
	Recorded    string        `json:"recorded"`
	Contributor board.ActorID `json:"contributor"`
	Form        string        `json:"form,omitempty"`
	Fund        string        `json:"fund"`
	Account     string        `json:"account,omitempty"`
	Amount      string        `json:"amount"`
	USD         string        `json:"usd"`
	USDRate     string        `json:"usd_rate,omitempty"`
	RateDate    *string       `json:"rate_date"`
	ValueDate   *string       `json:"value_date"`
	Due         *string       `json:"due"`
	Open        *string       `json:"open"` // a pledge's unpaid rest
	Settles     []Settlement  `json:"settles"`
	Reverses    *string       `json:"reverses"`
	ReversedBy  *string       `json:"reversed_by"`
	Note        string        `json:"note,omitempty"`
}

// Settlement is the part of a pledge a receipt settles.
type Settlement struct {
	Pledge string `json:"pledge"`
	Amount string `json:"amount"`
}

// NewLedgerEntry returns the wire form of a contribution line.
func NewLedgerEntry(line board.ContributionLine) LedgerEntry {
	e := line.Entry
	out := LedgerEntry{Entry: string(e.ID), Type: string(e.Type), Recorded: Instant(e.Recorded), Contributor: e.Contributor,
		Form: e.Form, Fund: string(e.Fund), Account: string(e.Account), Amount: e.Amount.String(), USD: e.USD.Decimal(),
		USDRate: e.Rate.String(), RateDate: DateOrNull(e.RateDate), ValueDate: DateOrNull(e.ValueDate), Due: DateOrNull(e.Due),
		Settles: []Settlement{}, Reverses: textOrNull(string(e.Reverses)), ReversedBy: textOrNull(string(line.ReversedBy)), Note: e.Note}
	if !line.Open.IsZero() {
		open := line.Open.String()
		out.Open = &open
	}
	for _, st := range e.Settles {
		out.Settles = append(out.Settles, Settlement{Pledge: string(st.Pledge), Amount: st.Amount.String()})
	}
	return out
}

// NewStatement returns contributor c's statement as of t, or a NotFound error when c has no
// pledge or receipt in the record by then.
func NewStatement(s *board.State, c board.ActorID, t time.Time) (ContributorStatement, error) {
	lines := s.Contributions(c, t)
	if len(lines) == 0 {
		return ContributorStatement{}, &board.Error{Kind: board.NotFound,
			Msg: fmt.Sprintf("%s has no pledge or receipt in the record as of %s", c, t.UTC().Format(time.DateOnly))}
	}
	out := ContributorStatement{Contributor: NewContributor(s.Contributor(c, t)), AsOf: Instant(t), Entries: []LedgerEntry{}}
	for _, l := range lines {
		out.Entries = append(out.Entries, NewLedgerEntry(l))
	}
	return out, nil
}

// Entry is one entry of the public record: the signed act as its canonical JSON object, the
// events it produced, and, when asked for one entry, its receipt.
type Entry struct {
	Index uint64 `json:"index"`
	At    string `json:"at"` // the act's effective time, RFC 3339
	Actor string `json:"actor"`
	Kind  string `json:"kind"`
	// Act is the act's canonical bytes, which are a JSON object: {"at", "by", "act", "fields"}.
	Act       json.RawMessage `json:"act"`
	KeyID     string          `json:"key_id"`
	Signature []byte          `json:"signature"` // Ed25519, base64
	// Events are the events deciding the act produced: [{"event": NAME, "data": {...}}].
	Events  json.RawMessage `json:"events"`
	Receipt *record.Receipt `json:"receipt,omitempty"`
}

// NewEntry returns the wire form of a record entry, without its receipt.
func NewEntry(e record.Entry) Entry {
	return Entry{Index: e.Index, At: e.At.UTC().Format(time.RFC3339Nano), Actor: e.Actor, Kind: e.Kind,
		Act: json.RawMessage(e.Act), KeyID: e.KeyID, Signature: e.Signature, Events: json.RawMessage(e.Events)}
}

// InclusionProof proves that entry Index is in the tree of the first TreeSize entries (RFC
// 6962). Checkpoint is the log's signed checkpoint of that tree when it is the latest, else
// null: a client then checks the proof against a checkpoint it holds.
type InclusionProof struct {
	Index      uint64      `json:"index"`
	TreeSize   uint64      `json:"tree_size"`
	Checkpoint *string     `json:"checkpoint"`
	Proof      []tlog.Hash `json:"inclusion_proof"`
}

// ConsistencyProof proves that the tree of the first From entries is a prefix of the tree of
// the first To (RFC 6962).
type ConsistencyProof struct {
	From  uint64      `json:"from"`
	To    uint64      `json:"to"`
	Proof []tlog.Hash `json:"consistency_proof"`
}

// Page is one page of a list: its items, and the cursor of the next page, null on the last.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// SignedAct is the body of POST /api/v1/acts: an act, its actor's key id, and the actor's
// Ed25519 signature over the act's canonical bytes (record.SignAct). The act is given either as
// its canonical bytes (Canonical, base64) or as the JSON object those bytes are (Act); exactly
// one of the two. The server computes the canonical bytes of Act and checks the signature over
// them: a client signs what board.Act.Canonical produces.
type SignedAct struct {
	Canonical []byte     `json:"canonical,omitempty"`
	Act       *ActObject `json:"act,omitempty"`
	KeyID     string     `json:"key_id"`
	Signature []byte     `json:"signature"`
}

// ActObject is an act as the JSON object of its canonical bytes.
type ActObject struct {
	At     string          `json:"at"` // RFC 3339
	By     board.ActorID   `json:"by"`
	Act    board.Kind      `json:"act"`
	Fields json.RawMessage `json:"fields,omitempty"`
}

// Problem is an error answer (RFC 9457, application/problem+json). Rule names the charter rule
// that refused an act ("R7"), when one did.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Kind      string `json:"kind"`
	Rule      string `json:"rule,omitempty"`
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// DateOrNull writes t's day, or null when t is zero.
func DateOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.DateOnly)
	return &s
}

// Instant writes an instant in RFC 3339, UTC, to the second.
func Instant(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// InstantOrNull writes an instant, or null when t is zero.
func InstantOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := Instant(t)
	return &s
}

func textOrNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ByCurrency writes a per-currency map of amounts as decimal strings.
func ByCurrency(m map[money.Currency]money.Amount) map[string]string {
	out := map[string]string{}
	for c, a := range m {
		out[string(c)] = a.Decimal()
	}
	return out
}

// ByCurrencyText writes a per-currency map of decimal strings for a table: "EUR 5.00, USD
// 10.00", or "-" when empty.
func ByCurrencyText(m map[string]string) string {
	if len(m) == 0 {
		return "-"
	}
	s := ""
	for i, c := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			s += ", "
		}
		s += c + " " + m[c]
	}
	return s
}
