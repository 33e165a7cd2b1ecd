package board

import (
	"fmt"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// Disbursements (R18): payments out of a programme's money to a payee, committed when the
// secretariat requests them and paid once enough distinct people approved them.

func init() {
	register[*Disburse]("R18", ActorSecretariat)
	register[*ApproveDisbursement]("R18", ActorExecutive, ActorChiefExecutive)

	registerEvent[*DisbursementRequested]()
	registerEvent[*DisbursementApproved]()
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

func (*Disburse) Kind() Kind            { return "disburse" }
func (*ApproveDisbursement) Kind() Kind { return "approve-disbursement" }

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

func (*DisbursementRequested) EventName() string { return "disbursement-requested" }
func (*DisbursementApproved) EventName() string  { return "disbursement-approved" }

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

func (e *DisbursementRequested) apply(s *State, at time.Time) {
	s.Treasury.Disbursements[e.ID] = &Disbursement{ID: e.ID, Programme: e.Programme, Payee: e.Payee, Amount: e.Amount,
		Purpose: e.Purpose, Account: e.Account, Pay: e.Pay, USD: e.USD, Required: e.Required, Requested: at, Status: DisbursementPending}
}

func (e *DisbursementApproved) apply(s *State, at time.Time) {
	d := s.Treasury.Disbursements[e.Disbursement]
	d.Approvals = append(d.Approvals, DisbursementApproval{By: e.By, Person: e.Person, At: at})
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
