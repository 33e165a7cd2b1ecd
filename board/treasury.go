package board

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// The treasury (R5, R18, R19): pledges, receipts, reference rates, funds, bank accounts,
// controls, allocations, disbursements under multiple approvals, reversals, and programmes. Every
// movement of money is an entry of the double-entry ledger (ledger.go); the permanent-seat test
// (R5) is computed from its cash receipts, never typed in.
//
// Who does what, where the charter is silent (docs/rules.md, R18):
//   - pledge: the contributor itself (a State or an organization), or the secretariat naming it;
//   - receive, set-rate, disburse, reverse: the secretariat, which keeps the books;
//   - open-fund, open-account, set-controls, allocate: the Executive Board (one serving member
//     acts for it), which "authorizes controls over budgets, accounts and disbursements";
//   - approve-disbursement: serving Executive Board members and the chief executive, each a
//     distinct person;
//   - create-programme: the Chairman, who alone creates subsidiary entities (R14);
//   - report-progress: the chief executive, or an Executive Board member who sits on the
//     programme's subsidiary entity.

func init() {
	register[*Pledge]("R18", ActorState, ActorOrg, ActorSecretariat)
	register[*Receive]("R18", ActorSecretariat)
	register[*SetRate]("R18", ActorSecretariat)
	register[*OpenFund]("R18", ActorExecutive)
	register[*OpenAccount]("R19", ActorExecutive)
	register[*SetControls]("R18", ActorExecutive)
	register[*Allocate]("R18", ActorExecutive)
	register[*Disburse]("R18", ActorSecretariat)
	register[*ApproveDisbursement]("R18", ActorExecutive, ActorChiefExecutive)
	register[*Reverse]("R18", ActorSecretariat)
	register[*CreateProgramme]("R19", ActorChairman)
	register[*ReportProgress]("R19", ActorExecutive, ActorChiefExecutive)

	registerEvent[*Posted]()
	registerEvent[*RateSet]()
	registerEvent[*FundOpened]()
	registerEvent[*AccountOpened]()
	registerEvent[*ControlsSet]()
	registerEvent[*ProgrammeCreated]()
	registerEvent[*DisbursementRequested]()
	registerEvent[*DisbursementApproved]()
	registerEvent[*ProgressReported]()
}

// Identifiers of the treasury's things, chosen by the acts that create them.
type (
	FundID         string
	AccountID      string
	ProgrammeID    string
	DisbursementID string
)

// DefaultFund and DefaultAccount are where a receipt goes when it names no fund or account.
const (
	DefaultFund    FundID    = "general"
	DefaultAccount AccountID = "main"
)

// Receipt forms.
const (
	FormCash   = "cash"
	FormInKind = "in-kind"
)

// Treasury is the treasury's part of the State.
type Treasury struct {
	Funds         map[FundID]*Fund // opened by act; the rules file declares others
	Accounts      map[AccountID]*BankAccount
	Programmes    map[ProgrammeID]*Programme
	Disbursements map[DisbursementID]*Disbursement
	Rates         map[money.Currency][]RateRecord // by date, then in the order recorded
	Controls      []Threshold                     // nil until set-controls: the rules file's apply
	ControlsSet   time.Time
	Ledger        Ledger
}

func newTreasury() *Treasury {
	return &Treasury{
		Funds:         map[FundID]*Fund{},
		Accounts:      map[AccountID]*BankAccount{},
		Programmes:    map[ProgrammeID]*Programme{},
		Disbursements: map[DisbursementID]*Disbursement{},
		Rates:         map[money.Currency][]RateRecord{},
		Ledger:        newLedger(),
	}
}

// A Fund is a fund opened by the Executive Board (or declared by the rules file).
type Fund struct {
	ID            FundID
	Name, Purpose string
	Opened        time.Time // zero for a fund of the rules file
}

// A BankAccount is an account the Board holds with an institution, in one currency (R19).
type BankAccount struct {
	ID          AccountID
	Institution string
	Currency    money.Currency
	Opened      time.Time // zero for an account of the rules file
}

// A Programme is a body of work of a subsidiary entity, with a budget; money reaches it by
// allocation from a fund and leaves it by disbursement.
type Programme struct {
	ID         ProgrammeID
	Name, Area string
	Subsidiary SubsidiaryID
	Budget     money.Amount
	Created    time.Time
	Reports    []ProgressReport
}

// A ProgressReport is a report on a programme's progress.
type ProgressReport struct {
	By   ActorID
	At   time.Time
	Text string
}

// DisbursementStatus is where a disbursement stands.
type DisbursementStatus string

// The disbursement statuses.
const (
	DisbursementPending         DisbursementStatus = "pending"          // awaiting approvals
	DisbursementPaid            DisbursementStatus = "paid"             // approved and paid
	DisbursementCancelled       DisbursementStatus = "cancelled"        // its commitment was reversed
	DisbursementPaymentReversed DisbursementStatus = "payment-reversed" // paid, then the payment was reversed
)

// A Disbursement is a payment out of a programme's money to a payee, made once enough distinct
// people approved it (R18).
type Disbursement struct {
	ID        DisbursementID
	Programme ProgrammeID
	Payee     string
	Amount    money.Amount // in the programme's money
	Purpose   string
	Account   AccountID    // the bank account that pays
	Pay       money.Amount // what the bank account pays, in its currency
	USD       money.Amount // the US dollar equivalent the controls were applied to
	Required  int          // distinct approvals required
	Approvals []DisbursementApproval
	Requested time.Time
	Status    DisbursementStatus
	Paid      time.Time
	// Commitment and Payment are the entries that committed and paid it.
	Commitment, Payment EntryID
}

// A DisbursementApproval is one person's approval of a disbursement.
type DisbursementApproval struct {
	By     ActorID
	Person string
	At     time.Time
}

// A RateRecord is a dated reference rate: US dollars per unit of a currency on Date.
type RateRecord struct {
	Date     time.Time
	Rate     money.Rate
	Source   string
	Recorded time.Time
}

// A Threshold is one tier of the disbursement controls: a disbursement worth more than Above
// needs Approvals distinct approvers (R18).
type Threshold struct {
	Above     money.Amount `json:"above"`
	Approvals int          `json:"approvals"`
}

// --- Acts -------------------------------------------------------------------------------------

// Pledge is a promise of money by a contributor to a fund (R18). It is not cash: it counts for
// no permanent seat (R5). A contributor pledges for itself (Contributor may then be omitted); the
// secretariat records a pledge naming the contributor. ID, if given, names the ledger entry.
type Pledge struct {
	ID          EntryID      `json:"id,omitempty"`
	Contributor ActorID      `json:"contributor,omitempty"`
	Amount      money.Amount `json:"amount"`
	Fund        FundID       `json:"fund,omitempty"`
	Due         time.Time    `json:"due,omitzero"`
	Note        string       `json:"note,omitempty"`
}

// Receive records money or goods received from a contributor (R18, R5): cash into a bank account
// and a fund, or in kind at its declared value. USDRate, a decimal string, is the rate of the
// amount's currency in US dollars; without it the latest set-rate on or before the value date
// applies.
type Receive struct {
	ID          EntryID      `json:"id,omitempty"`
	Contributor ActorID      `json:"contributor"`
	Amount      money.Amount `json:"amount"`
	ValueDate   time.Time    `json:"value_date"`
	Form        string       `json:"form"` // "cash" or "in-kind"
	Account     AccountID    `json:"account,omitempty"`
	Fund        FundID       `json:"fund,omitempty"`
	USDRate     string       `json:"usd_rate,omitempty"`
	Note        string       `json:"note,omitempty"`
}

// SetRate records a reference rate: US dollars per unit of Currency on Date (R18).
type SetRate struct {
	Date     time.Time      `json:"date"`
	Currency money.Currency `json:"currency"`
	USDRate  string         `json:"usd_rate"`
	Source   string         `json:"source"`
}

// OpenFund opens a fund (R18).
type OpenFund struct {
	ID      FundID `json:"id"`
	Name    string `json:"name"`
	Purpose string `json:"purpose,omitempty"`
}

// OpenAccount opens a bank account in one currency (R19).
type OpenAccount struct {
	ID          AccountID      `json:"id"`
	Institution string         `json:"institution"`
	Currency    money.Currency `json:"currency"`
}

// SetControls sets the disbursement controls (R18): the approvals a disbursement needs by its
// US dollar value. They replace the rules file's controls.disbursement_approvals.
type SetControls struct {
	Thresholds []Threshold `json:"thresholds"`
}

// Allocate moves money from a fund to a programme (R18).
type Allocate struct {
	Fund      FundID       `json:"fund"`
	Programme ProgrammeID  `json:"programme"`
	Amount    money.Amount `json:"amount"`
}

// Disburse requests a payment from a programme's money to a payee (R18). It is paid from the bank
// account (default main) once enough distinct people approve it.
type Disburse struct {
	ID        DisbursementID `json:"id"`
	Programme ProgrammeID    `json:"programme"`
	Payee     string         `json:"payee"`
	Amount    money.Amount   `json:"amount"`
	Purpose   string         `json:"purpose"`
	Account   AccountID      `json:"account,omitempty"`
}

// ApproveDisbursement is one person's approval of a disbursement (R18).
type ApproveDisbursement struct {
	Disbursement DisbursementID `json:"disbursement"`
}

// Reverse corrects a ledger entry by a new entry with every posting on the other side (R18).
type Reverse struct {
	Entry  EntryID `json:"entry"`
	Reason string  `json:"reason"`
}

// CreateProgramme creates a programme of a subsidiary entity, with a budget (R19).
type CreateProgramme struct {
	ID         ProgrammeID  `json:"id"`
	Name       string       `json:"name"`
	Area       string       `json:"area,omitempty"`
	Subsidiary SubsidiaryID `json:"subsidiary"`
	Budget     money.Amount `json:"budget"`
}

// ReportProgress reports on a programme's progress (R19).
type ReportProgress struct {
	Programme ProgrammeID `json:"programme"`
	Text      string      `json:"text"`
}

func (*Pledge) Kind() Kind              { return "pledge" }
func (*Receive) Kind() Kind             { return "receive" }
func (*SetRate) Kind() Kind             { return "set-rate" }
func (*OpenFund) Kind() Kind            { return "open-fund" }
func (*OpenAccount) Kind() Kind         { return "open-account" }
func (*SetControls) Kind() Kind         { return "set-controls" }
func (*Allocate) Kind() Kind            { return "allocate" }
func (*Disburse) Kind() Kind            { return "disburse" }
func (*ApproveDisbursement) Kind() Kind { return "approve-disbursement" }
func (*Reverse) Kind() Kind             { return "reverse" }
func (*CreateProgramme) Kind() Kind     { return "create-programme" }
func (*ReportProgress) Kind() Kind      { return "report-progress" }

// --- Events -----------------------------------------------------------------------------------

// Posted records a ledger entry.
type Posted struct {
	Entry Entry `json:"entry"`
}

// RateSet records a reference rate.
type RateSet struct {
	Date     time.Time      `json:"date"`
	Currency money.Currency `json:"currency"`
	USDRate  money.Rate     `json:"usd_rate"`
	Source   string         `json:"source"`
}

// FundOpened records a new fund.
type FundOpened struct {
	ID      FundID `json:"id"`
	Name    string `json:"name"`
	Purpose string `json:"purpose,omitempty"`
}

// AccountOpened records a new bank account.
type AccountOpened struct {
	ID          AccountID      `json:"id"`
	Institution string         `json:"institution"`
	Currency    money.Currency `json:"currency"`
}

// ControlsSet records new disbursement controls.
type ControlsSet struct {
	Thresholds []Threshold `json:"thresholds"`
}

// ProgrammeCreated records a new programme.
type ProgrammeCreated struct {
	ID         ProgrammeID  `json:"id"`
	Name       string       `json:"name"`
	Area       string       `json:"area,omitempty"`
	Subsidiary SubsidiaryID `json:"subsidiary"`
	Budget     money.Amount `json:"budget"`
}

// DisbursementRequested records a requested disbursement, what its bank account will pay, and
// the approvals it needs. The commitment entry follows it.
type DisbursementRequested struct {
	ID        DisbursementID `json:"id"`
	Programme ProgrammeID    `json:"programme"`
	Payee     string         `json:"payee"`
	Amount    money.Amount   `json:"amount"`
	Purpose   string         `json:"purpose"`
	Account   AccountID      `json:"account"`
	Pay       money.Amount   `json:"pay"`
	USD       money.Amount   `json:"usd"`
	Required  int            `json:"required"`
}

// DisbursementApproved records one person's approval. When it is the last one needed, the
// payment entry follows it.
type DisbursementApproved struct {
	Disbursement DisbursementID `json:"disbursement"`
	By           ActorID        `json:"by"`
	Person       string         `json:"person"`
}

// ProgressReported records a progress report on a programme.
type ProgressReported struct {
	Programme ProgrammeID `json:"programme"`
	By        ActorID     `json:"by"`
	Text      string      `json:"text"`
}

func (*Posted) EventName() string                { return "posted" }
func (*RateSet) EventName() string               { return "rate-set" }
func (*FundOpened) EventName() string            { return "fund-opened" }
func (*AccountOpened) EventName() string         { return "account-opened" }
func (*ControlsSet) EventName() string           { return "controls-set" }
func (*ProgrammeCreated) EventName() string      { return "programme-created" }
func (*DisbursementRequested) EventName() string { return "disbursement-requested" }
func (*DisbursementApproved) EventName() string  { return "disbursement-approved" }
func (*ProgressReported) EventName() string      { return "progress-reported" }

// --- Applying events ---------------------------------------------------------------------------

func (e *Posted) apply(s *State, at time.Time) {
	en := e.Entry
	en.Recorded = at
	s.Treasury.Ledger.add(&en)
	e.applyToDisbursement(s, at)
}

// applyToDisbursement changes the disbursement e's entry is about, if any.
func (e *Posted) applyToDisbursement(s *State, at time.Time) {
	en := &e.Entry
	if en.Disbursement == "" {
		return
	}
	d := s.Treasury.Disbursements[en.Disbursement]
	switch en.Type {
	case EntryCommitment:
		d.Commitment = en.ID
	case EntryPayment:
		d.Payment, d.Status, d.Paid = en.ID, DisbursementPaid, at
	case EntryReversal:
		if en.Reverses == d.Payment {
			d.Status = DisbursementPaymentReversed
		} else if en.Reverses == d.Commitment {
			d.Status = DisbursementCancelled
		}
	}
}

func (e *RateSet) apply(s *State, at time.Time) {
	list := s.Treasury.Rates[e.Currency]
	// After every record of the same date or earlier: a later record of the same date wins.
	i := sort.Search(len(list), func(i int) bool { return list[i].Date.After(e.Date) })
	s.Treasury.Rates[e.Currency] = slices.Insert(list, i, RateRecord{Date: e.Date, Rate: e.USDRate, Source: e.Source, Recorded: at})
}

func (e *FundOpened) apply(s *State, at time.Time) {
	s.Treasury.Funds[e.ID] = &Fund{ID: e.ID, Name: e.Name, Purpose: e.Purpose, Opened: at}
}

func (e *AccountOpened) apply(s *State, at time.Time) {
	s.Treasury.Accounts[e.ID] = &BankAccount{ID: e.ID, Institution: e.Institution, Currency: e.Currency, Opened: at}
}

func (e *ControlsSet) apply(s *State, at time.Time) {
	s.Treasury.Controls, s.Treasury.ControlsSet = slices.Clone(e.Thresholds), at
}

func (e *ProgrammeCreated) apply(s *State, at time.Time) {
	s.Treasury.Programmes[e.ID] = &Programme{ID: e.ID, Name: e.Name, Area: e.Area, Subsidiary: e.Subsidiary, Budget: e.Budget, Created: at}
}

func (e *DisbursementRequested) apply(s *State, at time.Time) {
	s.Treasury.Disbursements[e.ID] = &Disbursement{ID: e.ID, Programme: e.Programme, Payee: e.Payee, Amount: e.Amount,
		Purpose: e.Purpose, Account: e.Account, Pay: e.Pay, USD: e.USD, Required: e.Required, Requested: at, Status: DisbursementPending}
}

func (e *DisbursementApproved) apply(s *State, at time.Time) {
	d := s.Treasury.Disbursements[e.Disbursement]
	d.Approvals = append(d.Approvals, DisbursementApproval{By: e.By, Person: e.Person, At: at})
}

func (e *ProgressReported) apply(s *State, at time.Time) {
	p := s.Treasury.Programmes[e.Programme]
	p.Reports = append(p.Reports, ProgressReport{By: e.By, At: at, Text: e.Text})
}

// --- Deciding ---------------------------------------------------------------------------------

// validContributor refuses anything but a State or an organization in actor form.
func validContributor(c ActorID) error {
	if c == "" {
		return Errorf(Invalid, "contributor is required (state:ISO3 or org:ID)")
	}
	if _, err := ParseActor(string(c)); err != nil {
		return Errorf(Invalid, "contributor: %v", err)
	}
	if k := c.Kind(); k != ActorState && k != ActorOrg {
		return Errorf(Invalid, "contributor %q: a contributor is a State (state:ISO3) or an organization (org:ID)", c)
	}
	return nil
}

// positive refuses an amount that is missing, of an unknown currency, or not more than zero.
func positive(field string, a money.Amount) error {
	if a.IsZero() {
		return Errorf(Invalid, "%s is required, like \"USD 1000000\"", field)
	}
	if _, ok := money.MinorUnits(a.Currency); !ok {
		return Errorf(Invalid, "%s: unknown currency %q", field, a.Currency)
	}
	if a.Minor <= 0 {
		return Errorf(Invalid, "%s must be more than zero", field)
	}
	return nil
}

// reservedEntryID matches the ids the ledger gives entries itself.
func reservedEntryID(id EntryID) bool {
	rest, ok := strings.CutPrefix(string(id), "e")
	return ok && rest != "" && allDigits(rest)
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// entryID returns the id of a new entry: the one the act gives, checked, or the next number.
func (d *decider) entryID(id EntryID) (EntryID, error) {
	if id == "" {
		return d.s.Treasury.Ledger.nextID(), nil
	}
	if err := validSlug("id", string(id)); err != nil {
		return "", err
	}
	if reservedEntryID(id) {
		return "", Errorf(Invalid, "id %q: ids like e12 are the ledger's own numbering; choose another", id)
	}
	if _, dup := d.s.Treasury.Ledger.find(id); dup {
		return "", conflict("R18", "entry %s already exists", id)
	}
	return id, nil
}

// fund returns the fund id, or its default, and refuses one that does not exist.
func (d *decider) fund(id FundID) (FundID, error) {
	if id == "" {
		id = DefaultFund
	}
	if _, ok := d.s.Treasury.Funds[id]; ok || d.r.HasFund(string(id)) {
		return id, nil
	}
	return "", Errorf(NotFound, "no fund %q (open it first with open-fund)", id)
}

// account returns the bank account id, or its default, with its currency, and refuses one that
// does not exist.
func (d *decider) account(id AccountID) (AccountID, money.Currency, error) {
	if id == "" {
		id = DefaultAccount
	}
	if a, ok := d.s.Treasury.Accounts[id]; ok {
		return id, a.Currency, nil
	}
	for _, a := range d.r.Accounts {
		if a.ID == string(id) {
			return id, a.Currency, nil
		}
	}
	return "", "", Errorf(NotFound, "no bank account %q (open it first with open-account)", id)
}

// RateOn returns the latest rate of currency c recorded with a date on or before day, and false
// if there is none. The US dollar's rate is always 1.
func (t *Treasury) RateOn(c money.Currency, day time.Time) (RateRecord, bool) {
	if c == "USD" {
		return RateRecord{Date: day, Rate: money.USDRate, Source: "USD"}, true
	}
	list := t.Rates[c]
	i := sort.Search(len(list), func(i int) bool { return list[i].Date.After(day) })
	if i == 0 {
		return RateRecord{}, false
	}
	return list[i-1], true
}

// rate returns the rate of c on day, or a refusal that says how to give one.
func (d *decider) rate(c money.Currency, day time.Time, what string) (RateRecord, error) {
	r, ok := d.s.Treasury.RateOn(c, day)
	if !ok {
		return RateRecord{}, refuse("R18", "no US dollar rate for %s on or before %s, so %s has no US dollar value: record a set-rate first (an amount with no rate is refused, never guessed)",
			c, date(day), what)
	}
	return r, nil
}

// toUSD converts a at r, refusing an amount too large to convert.
func toUSD(a money.Amount, r money.Rate) (money.Amount, error) {
	v, err := money.ToUSD(a, r)
	if err != nil {
		return money.Amount{}, Errorf(Invalid, "%s is too large to convert", a)
	}
	return v, nil
}

// Pledge: any contributor pledges for itself, or the secretariat records a pledge naming the
// contributor (R18). A pledge is not cash (R5). Its US dollar value is fixed at the rate of its
// day.
func (b *Pledge) decide(d *decider) ([]Event, error) {
	c := b.Contributor
	if d.by != Secretariat {
		if c == "" {
			c = d.by
		} else if c != d.by {
			return nil, &Error{Kind: Forbidden, Rule: "R18", Msg: string(d.by) + " pledges only for itself; the secretariat records pledges naming another contributor"}
		}
	}
	if err := validContributor(c); err != nil {
		return nil, err
	}
	if err := positive("amount", b.Amount); err != nil {
		return nil, err
	}
	fund, err := d.fund(b.Fund)
	if err != nil {
		return nil, err
	}
	if !b.Due.IsZero() && Day(b.Due).Before(Day(d.at)) {
		return nil, Errorf(Invalid, "due %s is before the pledge (%s)", date(b.Due), date(d.at))
	}
	id, err := d.entryID(b.ID)
	if err != nil {
		return nil, err
	}
	r, err := d.rate(b.Amount.Currency, Day(d.at), "the pledge")
	if err != nil {
		return nil, err
	}
	usd, err := toUSD(b.Amount, r.Rate)
	if err != nil {
		return nil, err
	}
	e := Entry{
		ID: id, Type: EntryPledge, Contributor: c, Fund: fund, Amount: b.Amount, USD: usd, Rate: r.Rate,
		Due: b.Due, Note: b.Note,
		Postings: []Posting{
			{Account: ReceivableLedger(c), Side: Debit, Amount: b.Amount},
			{Account: PledgedLedger(fund), Side: Credit, Amount: b.Amount},
		},
	}
	if b.Amount.Currency != "USD" {
		e.RateDate = r.Date
	}
	if err := d.s.Treasury.Ledger.check("R18", &e); err != nil {
		return nil, err
	}
	return []Event{&Posted{Entry: e}}, nil
}

// Receive: the secretariat records what a contributor gave (R18). Cash enters a bank account and
// a fund, and pays the contributor's open pledges to that fund, oldest first, in their currency
// (a US dollar pledge is paid by the US dollar value of a receipt in another currency). In-kind
// support is recorded at its declared US dollar value and enters no fund's cash (R5: it counts
// for no permanent seat).
func (b *Receive) decide(d *decider) ([]Event, error) {
	if err := validContributor(b.Contributor); err != nil {
		return nil, err
	}
	if err := positive("amount", b.Amount); err != nil {
		return nil, err
	}
	if b.ValueDate.IsZero() {
		return nil, Errorf(Invalid, "value_date is required (the day the money or goods arrived)")
	}
	valueDay := Day(b.ValueDate)
	if valueDay.After(Day(d.at)) {
		return nil, Errorf(Invalid, "value_date %s is after the day the receipt is recorded (%s): record a receipt once it has arrived", date(valueDay), date(d.at))
	}
	if b.Form != FormCash && b.Form != FormInKind {
		return nil, Errorf(Invalid, "form %q: want \"cash\" or \"in-kind\"", b.Form)
	}
	if b.Form == FormInKind && b.Account != "" {
		return nil, Errorf(Invalid, "an in-kind receipt enters no bank account; leave account out")
	}
	fund, err := d.fund(b.Fund)
	if err != nil {
		return nil, err
	}
	id, err := d.entryID(b.ID)
	if err != nil {
		return nil, err
	}
	e := Entry{ID: id, Contributor: b.Contributor, Form: b.Form, Fund: fund, Amount: b.Amount, ValueDate: valueDay, Note: b.Note}
	cur := b.Amount.Currency
	switch {
	case b.USDRate != "":
		r, err := money.ParseRate(b.USDRate)
		if err != nil {
			return nil, Errorf(Invalid, "usd_rate: %v", err)
		}
		if cur == "USD" && r != money.USDRate {
			return nil, Errorf(Invalid, "usd_rate %s for a US dollar amount: a dollar is worth 1", r)
		}
		e.Rate = r
	default:
		r, err := d.rate(cur, valueDay, "the receipt")
		if err != nil {
			return nil, err
		}
		e.Rate = r.Rate
		if cur != "USD" {
			e.RateDate = r.Date
		}
	}
	if e.USD, err = toUSD(b.Amount, e.Rate); err != nil {
		return nil, err
	}
	if b.Form == FormInKind {
		e.Type = EntryInKind
		e.Postings = []Posting{
			{Account: InKindAssets, Side: Debit, Amount: e.USD},
			{Account: InKindLedger(fund), Side: Credit, Amount: e.USD},
		}
		if e.USD.Minor <= 0 {
			return nil, Errorf(Invalid, "%s is worth less than a cent in US dollars", b.Amount)
		}
	} else {
		e.Type = EntryReceipt
		acct, acctCur, err := d.account(b.Account)
		if err != nil {
			return nil, err
		}
		e.Account = acct
		if err := d.cashPostings(&e, acctCur, valueDay); err != nil {
			return nil, err
		}
		d.settle(&e)
	}
	if err := d.s.Treasury.Ledger.check("R18", &e); err != nil {
		return nil, err
	}
	return []Event{&Posted{Entry: e}}, nil
}

// cashPostings adds a receipt's postings: the fund is credited with what was given, the bank
// account debited with what it holds, converted on arrival through the exchange account when
// the currencies differ.
func (d *decider) cashPostings(e *Entry, acctCur money.Currency, day time.Time) error {
	given := e.Amount
	e.Postings = append(e.Postings, Posting{Account: FundLedger(e.Fund), Side: Credit, Amount: given})
	if given.Currency == acctCur {
		e.Postings = append(e.Postings, Posting{Account: BankLedger(e.Account), Side: Debit, Amount: given})
		return nil
	}
	to, err := d.rate(acctCur, day, "the receipt's conversion into account "+string(e.Account))
	if err != nil {
		return err
	}
	held, err := money.Convert(given, e.Rate, acctCur, to.Rate)
	if err != nil {
		return Errorf(Invalid, "%s is too large to convert", given)
	}
	if held.Minor <= 0 {
		return Errorf(Invalid, "%s is worth less than one minor unit of %s", given, acctCur)
	}
	e.Postings = append(e.Postings,
		Posting{Account: ExchangeAccount, Side: Debit, Amount: given},
		Posting{Account: ExchangeAccount, Side: Credit, Amount: held},
		Posting{Account: BankLedger(e.Account), Side: Debit, Amount: held},
	)
	return nil
}

// settle pays the contributor's open pledges to the receipt's fund, oldest first: first those
// in the receipt's currency, then, for a receipt in another currency, US dollar pledges by the
// US dollar value of what is left.
func (d *decider) settle(e *Entry) {
	l := &d.s.Treasury.Ledger
	left := e.Amount.Minor
	type pledge struct {
		i int32
		pledgeHead
	}
	pay := func(p pledge, avail *int64) {
		open := l.open[p.i]
		if open <= 0 || *avail <= 0 {
			return
		}
		s := min(open, *avail)
		*avail -= s
		amt := money.Amount{Currency: p.amount.Currency, Minor: s}
		e.Settles = append(e.Settles, Settlement{Pledge: EntryID(p.id), Amount: amt})
		e.Postings = append(e.Postings,
			Posting{Account: PledgedLedger(p.fund), Side: Debit, Amount: amt},
			Posting{Account: ReceivableLedger(p.contributor), Side: Credit, Amount: amt},
		)
	}
	pledges := func(cur money.Currency) []pledge {
		var out []pledge
		for _, i := range l.openPledges(e.Contributor) {
			if p := l.entries.pledge(i); p.fund == e.Fund && p.amount.Currency == cur {
				out = append(out, pledge{i, p})
			}
		}
		return out
	}
	for _, p := range pledges(e.Amount.Currency) {
		pay(p, &left)
	}
	if left <= 0 || e.Amount.Currency == "USD" {
		return
	}
	usd, err := money.ToUSD(money.Amount{Currency: e.Amount.Currency, Minor: left}, e.Rate)
	if err != nil {
		return
	}
	for _, p := range pledges("USD") {
		pay(p, &usd.Minor)
	}
}

// SetRate: the secretariat records dated reference rates (R18). A later record for the same
// currency and date replaces the earlier one for acts recorded after it; entries already made
// keep the rate they used.
func (b *SetRate) decide(d *decider) ([]Event, error) {
	if b.Date.IsZero() {
		return nil, Errorf(Invalid, "date is required")
	}
	if _, ok := money.MinorUnits(b.Currency); !ok {
		return nil, Errorf(Invalid, "currency %q: not an ISO 4217 code this ledger knows", b.Currency)
	}
	if b.Currency == "USD" {
		return nil, Errorf(Invalid, "the US dollar is the unit of rates: its rate is always 1")
	}
	r, err := money.ParseRate(b.USDRate)
	if err != nil {
		return nil, Errorf(Invalid, "usd_rate: %v", err)
	}
	if err := required("source", b.Source); err != nil {
		return nil, err
	}
	day := Day(b.Date)
	if day.After(Day(d.at)) {
		return nil, Errorf(Invalid, "date %s is after the day the rate is recorded (%s)", date(day), date(d.at))
	}
	return []Event{&RateSet{Date: day, Currency: b.Currency, USDRate: r, Source: b.Source}}, nil
}

// OpenFund: the Executive Board opens funds (R18). A fund's id is unique, including the funds of
// the rules file.
func (b *OpenFund) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	if err := required("name", b.Name); err != nil {
		return nil, err
	}
	if _, err := d.fund(b.ID); err == nil {
		return nil, conflict("R18", "fund %s already exists", b.ID)
	}
	return []Event{&FundOpened{ID: b.ID, Name: b.Name, Purpose: b.Purpose}}, nil
}

// OpenAccount: the Executive Board opens the Board's bank accounts (R19), each in one currency.
func (b *OpenAccount) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	if err := required("institution", b.Institution); err != nil {
		return nil, err
	}
	if _, ok := money.MinorUnits(b.Currency); !ok {
		return nil, Errorf(Invalid, "currency %q: not an ISO 4217 code this ledger knows", b.Currency)
	}
	if _, _, err := d.account(b.ID); err == nil {
		return nil, conflict("R19", "bank account %s already exists", b.ID)
	}
	return []Event{&AccountOpened{ID: b.ID, Institution: b.Institution, Currency: b.Currency}}, nil
}

// maxApprovals bounds the approvals a tier may require.
const maxApprovals = 100

// SetControls: the Executive Board authorizes the controls over disbursements (R18). Tiers are
// in one currency, in increasing order of Above, each needing 1 to 100 approvals.
func (b *SetControls) decide(d *decider) ([]Event, error) {
	if len(b.Thresholds) == 0 {
		return nil, Errorf(Invalid, "thresholds: give at least one tier, like {above: \"USD 0\", approvals: 1}")
	}
	for i, th := range b.Thresholds {
		if th.Above.IsZero() {
			return nil, Errorf(Invalid, "thresholds[%d].above is required, like \"USD 10000000\"", i)
		}
		if th.Above.Currency != b.Thresholds[0].Above.Currency {
			return nil, Errorf(Invalid, "thresholds: every tier must be in one currency (%s, then %s)", b.Thresholds[0].Above.Currency, th.Above.Currency)
		}
		if th.Approvals < 1 || th.Approvals > maxApprovals {
			return nil, Errorf(Invalid, "thresholds[%d].approvals = %d: want 1 to %d", i, th.Approvals, maxApprovals)
		}
		if i > 0 && th.Above.Minor <= b.Thresholds[i-1].Above.Minor {
			return nil, Errorf(Invalid, "thresholds: %s does not come after %s; list tiers from the lowest", th.Above, b.Thresholds[i-1].Above)
		}
	}
	return []Event{&ControlsSet{Thresholds: slices.Clone(b.Thresholds)}}, nil
}

// ControlsInForce returns the disbursement controls in force: the last set-controls, or else the
// rules file's controls.disbursement_approvals.
func (t *Treasury) ControlsInForce(r *charter.Rules) []Threshold {
	if t.Controls != nil {
		return t.Controls
	}
	out := make([]Threshold, len(r.Controls.DisbursementApprovals))
	for i, tier := range r.Controls.DisbursementApprovals {
		out[i] = Threshold{Above: tier.Above, Approvals: tier.Approvals}
	}
	return out
}

// requiredApprovals returns the approvals a disbursement worth usd needs: those of the highest
// tier it is above, none if it is above none.
func (d *decider) requiredApprovals(usd money.Amount) (int, error) {
	n := 0
	for _, th := range d.s.Treasury.ControlsInForce(d.r) {
		above := th.Above
		if above.Currency != "USD" {
			r, err := d.rate(above.Currency, Day(d.at), "the disbursement controls' threshold "+above.String())
			if err != nil {
				return 0, err
			}
			if above, err = toUSD(above, r.Rate); err != nil {
				return 0, err
			}
		}
		if usd.Minor > above.Minor {
			n = th.Approvals
		}
	}
	return n, nil
}

// programme returns a programme, or NotFound.
func (d *decider) programme(id ProgrammeID) (*Programme, error) {
	p, ok := d.s.Treasury.Programmes[id]
	if !ok {
		return nil, Errorf(NotFound, "no programme %q", id)
	}
	return p, nil
}

// Allocate: the Executive Board allocates a fund's money to a programme (R18), in the currency
// of the programme's budget, within that budget and what the fund holds.
func (b *Allocate) decide(d *decider) ([]Event, error) {
	fund, err := d.fund(b.Fund)
	if err != nil {
		return nil, err
	}
	p, err := d.programme(b.Programme)
	if err != nil {
		return nil, err
	}
	if err := positive("amount", b.Amount); err != nil {
		return nil, err
	}
	if b.Amount.Currency != p.Budget.Currency {
		return nil, Errorf(Invalid, "programme %s is budgeted in %s: allocate %s", p.ID, p.Budget.Currency, p.Budget.Currency)
	}
	l := &d.s.Treasury.Ledger
	if held := l.Natural(FundLedger(fund), b.Amount.Currency); held.Minor < b.Amount.Minor {
		return nil, refuse("R18", "fund %s holds %s in cash; it cannot allocate %s", fund, held, b.Amount)
	}
	allocated := d.s.Treasury.allocated(p.ID)
	if total, ok := money.AddMinor(allocated.Minor, b.Amount.Minor); !ok || total > p.Budget.Minor {
		return nil, refuse("R18", "programme %s has a budget of %s and %s allocated already; %s more would exceed it", p.ID, p.Budget, allocated, b.Amount)
	}
	e := Entry{ID: l.nextID(), Type: EntryAllocation, Fund: fund, Programme: p.ID, Amount: b.Amount,
		Postings: []Posting{
			{Account: FundLedger(fund), Side: Debit, Amount: b.Amount},
			{Account: ProgrammeLedger(p.ID), Side: Credit, Amount: b.Amount},
		}}
	if err := l.check("R18", &e); err != nil {
		return nil, err
	}
	return []Event{&Posted{Entry: e}}, nil
}

// allocated returns what was allocated to a programme, less reversed allocations, in its budget's
// currency.
func (t *Treasury) allocated(id ProgrammeID) money.Amount {
	p := t.Programmes[id]
	total := money.Amount{Currency: p.Budget.Currency}
	for e := range t.Ledger.scan(0, t.Ledger.Len()) {
		if e.Type == EntryAllocation && e.Programme == id && e.Amount.Currency == total.Currency {
			if _, rev := t.Ledger.ReversedBy[e.ID]; !rev {
				total.Minor += e.Amount.Minor
			}
		}
	}
	return total
}

// Disburse: the secretariat requests a payment from a programme's money (R18). The amount is
// committed at once (owed to the payee), converted at the day's rates into the paying account's
// currency if it differs, and paid when the controls' approvals are in.
func (b *Disburse) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	if _, dup := d.s.Treasury.Disbursements[b.ID]; dup {
		return nil, conflict("R18", "disbursement %s already exists", b.ID)
	}
	p, err := d.programme(b.Programme)
	if err != nil {
		return nil, err
	}
	payee := strings.TrimSpace(b.Payee)
	if payee == "" || strings.ContainsAny(payee, "\n\r") || len(payee) > 200 {
		return nil, Errorf(Invalid, "payee is required: a name on one line, at most 200 bytes")
	}
	if err := required("purpose", b.Purpose); err != nil {
		return nil, err
	}
	if err := positive("amount", b.Amount); err != nil {
		return nil, err
	}
	acct, acctCur, err := d.account(b.Account)
	if err != nil {
		return nil, err
	}
	l := &d.s.Treasury.Ledger
	if held := l.Natural(ProgrammeLedger(p.ID), b.Amount.Currency); held.Minor < b.Amount.Minor {
		return nil, refuse("R18", "programme %s holds %s not yet committed; it cannot disburse %s", p.ID, held, b.Amount)
	}
	day := Day(d.at)
	r, err := d.rate(b.Amount.Currency, day, "the disbursement")
	if err != nil {
		return nil, err
	}
	usd, err := toUSD(b.Amount, r.Rate)
	if err != nil {
		return nil, err
	}
	pay := b.Amount
	if acctCur != b.Amount.Currency {
		to, err := d.rate(acctCur, day, "the payment from account "+string(acct))
		if err != nil {
			return nil, err
		}
		if pay, err = money.Convert(b.Amount, r.Rate, acctCur, to.Rate); err != nil || pay.Minor <= 0 {
			return nil, Errorf(Invalid, "%s cannot be paid in %s", b.Amount, acctCur)
		}
	}
	need, err := d.requiredApprovals(usd)
	if err != nil {
		return nil, err
	}
	req := &DisbursementRequested{ID: b.ID, Programme: p.ID, Payee: payee, Amount: b.Amount, Purpose: b.Purpose,
		Account: acct, Pay: pay, USD: usd, Required: need}
	commit := Entry{ID: l.nextID(), Type: EntryCommitment, Programme: p.ID, Disbursement: b.ID, Payee: payee, Account: acct,
		Amount: b.Amount, USD: usd, Rate: r.Rate, Note: b.Purpose,
		Postings: []Posting{
			{Account: ProgrammeLedger(p.ID), Side: Debit, Amount: b.Amount},
			{Account: PayeeLedger(payee), Side: Credit, Amount: b.Amount},
		}}
	if need > 0 {
		if err := l.check("R18", &commit); err != nil {
			return nil, err
		}
		return []Event{req, &Posted{Entry: commit}}, nil
	}
	// No tier applies: paid at once, if the account holds the money.
	dis := &Disbursement{ID: b.ID, Programme: p.ID, Payee: payee, Amount: b.Amount, Account: acct, Pay: pay, USD: usd, Purpose: b.Purpose}
	payment := d.payment(dis, EntryID(fmt.Sprintf("e%d", l.Len()+2)))
	if err := l.check("R18", &commit, payment); err != nil {
		return nil, err
	}
	return []Event{req, &Posted{Entry: commit}, &Posted{Entry: *payment}}, nil
}

// payment returns the entry that pays dis from its bank account. The ledger's check refuses it
// if the account does not hold the money.
func (d *decider) payment(dis *Disbursement, id EntryID) *Entry {
	e := &Entry{ID: id, Type: EntryPayment, Programme: dis.Programme, Disbursement: dis.ID, Payee: dis.Payee,
		Account: dis.Account, Amount: dis.Amount, USD: dis.USD, Note: dis.Purpose}
	e.Postings = append(e.Postings, Posting{Account: PayeeLedger(dis.Payee), Side: Debit, Amount: dis.Amount})
	if dis.Pay.Currency != dis.Amount.Currency {
		e.Postings = append(e.Postings,
			Posting{Account: ExchangeAccount, Side: Credit, Amount: dis.Amount},
			Posting{Account: ExchangeAccount, Side: Debit, Amount: dis.Pay},
		)
	}
	e.Postings = append(e.Postings, Posting{Account: BankLedger(dis.Account), Side: Credit, Amount: dis.Pay})
	return e
}

// approver returns the person acting: an Executive Board member's name, or the chief executive.
func (d *decider) approver() string {
	if x, ok := d.by.Executive(); ok {
		return d.s.Executives[x].Person
	}
	return string(d.by)
}

// ApproveDisbursement: serving Executive Board members and the chief executive approve
// disbursements (R18), each person once; the approval that reaches the number the controls
// required when it was requested pays it.
func (b *ApproveDisbursement) decide(d *decider) ([]Event, error) {
	dis, ok := d.s.Treasury.Disbursements[b.Disbursement]
	if !ok {
		return nil, Errorf(NotFound, "no disbursement %q", b.Disbursement)
	}
	switch dis.Status {
	case DisbursementPaid:
		return nil, conflict("R18", "disbursement %s was already paid on %s", dis.ID, date(dis.Paid))
	case DisbursementCancelled, DisbursementPaymentReversed:
		return nil, refuse("R18", "disbursement %s was %s", dis.ID, strings.ReplaceAll(string(dis.Status), "-", " "))
	}
	person := d.approver()
	for _, a := range dis.Approvals {
		if a.Person == person {
			return nil, conflict("R18", "%s already approved disbursement %s; it needs %d approvals by distinct people", person, dis.ID, dis.Required)
		}
	}
	events := []Event{&DisbursementApproved{Disbursement: dis.ID, By: d.by, Person: person}}
	if len(dis.Approvals)+1 >= dis.Required {
		payment := d.payment(dis, d.s.Treasury.Ledger.nextID())
		if err := d.s.Treasury.Ledger.check("R18", payment); err != nil {
			return nil, err
		}
		events = append(events, &Posted{Entry: *payment})
	}
	return events, nil
}

// Reverse: the secretariat corrects an entry with a new one on the other side (R18). An entry is
// reversed once; a reversal is not reversed (record the original act again instead). A pledge
// already partly paid, a disbursement's commitment once it is paid, and any reversal that would
// take a fund, a bank account or a programme below zero are refused: reverse what depends on it
// first.
func (b *Reverse) decide(d *decider) ([]Event, error) {
	if err := required("reason", b.Reason); err != nil {
		return nil, err
	}
	l := &d.s.Treasury.Ledger
	oi, ok := l.find(b.Entry)
	if !ok {
		return nil, Errorf(NotFound, "no ledger entry %q", b.Entry)
	}
	orig := l.entries.entry(oi)
	if by, done := l.ReversedBy[orig.ID]; done {
		return nil, conflict("R18", "entry %s was already reversed by entry %s", orig.ID, by)
	}
	switch orig.Type {
	case EntryReversal:
		return nil, refuse("R18", "entry %s is itself a reversal; record the original act again instead", orig.ID)
	case EntryPledge:
		if l.open[oi] != orig.Amount.Minor {
			return nil, refuse("R18", "pledge %s was partly paid by receipts; reverse those receipts first", orig.ID)
		}
	case EntryCommitment:
		if dis := d.s.Treasury.Disbursements[orig.Disbursement]; dis.Status == DisbursementPaid {
			return nil, refuse("R18", "disbursement %s was paid; reverse its payment (entry %s) first", dis.ID, dis.Payment)
		}
	}
	e := *orig
	e.ID, e.Type, e.Reverses, e.Note, e.Settles = l.nextID(), EntryReversal, orig.ID, b.Reason, nil
	e.Postings = make([]Posting, len(orig.Postings))
	for i, p := range orig.Postings {
		e.Postings[i] = p.reversed()
	}
	if err := l.check("R18", &e); err != nil {
		return nil, err
	}
	return []Event{&Posted{Entry: e}}, nil
}

// CreateProgramme: the Chairman creates a programme of a subsidiary entity (R19, R14), with a
// budget.
func (b *CreateProgramme) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	if _, dup := d.s.Treasury.Programmes[b.ID]; dup {
		return nil, conflict("R19", "programme %s already exists", b.ID)
	}
	if err := required("name", b.Name); err != nil {
		return nil, err
	}
	if err := d.activeSubsidiary(b.Subsidiary); err != nil {
		return nil, err
	}
	if err := positive("budget", b.Budget); err != nil {
		return nil, err
	}
	return []Event{&ProgrammeCreated{ID: b.ID, Name: b.Name, Area: b.Area, Subsidiary: b.Subsidiary, Budget: b.Budget}}, nil
}

// ReportProgress: the programme's subsidiary entity reports on it (R19), through the chief
// executive or an Executive Board member who sits on that entity.
func (b *ReportProgress) decide(d *decider) ([]Event, error) {
	p, err := d.programme(b.Programme)
	if err != nil {
		return nil, err
	}
	if err := required("text", b.Text); err != nil {
		return nil, err
	}
	if x, ok := d.by.Executive(); ok {
		person := d.s.Executives[x].Person
		sub := d.s.Subsidiaries[p.Subsidiary]
		if !slices.Contains(sub.Members, person) {
			return nil, &Error{Kind: Forbidden, Rule: "R19", Msg: person + " does not sit on " + sub.Name + ", which runs programme " + string(p.ID) + "; its members or the chief executive report on it"}
		}
	}
	return []Event{&ProgressReported{Programme: p.ID, By: d.by, Text: b.Text}}, nil
}
