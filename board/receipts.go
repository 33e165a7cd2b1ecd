package board

import (
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// Receipts (R18, R5): what a contributor gave, recorded by the secretariat: cash into a bank
// account and a fund, paying the contributor's open pledges, or support in kind.

func init() {
	register[*Receive]("R18", ActorSecretariat)
}

// Receipt forms.
const (
	FormCash   = "cash"
	FormInKind = "in-kind"
)

// forms are the receipt forms: Decide refuses any other (checkClosed), and the catalogue lists
// them.
var forms = []string{FormCash, FormInKind}

func (*Receive) closedFields() map[string][]string { return map[string][]string{"form": forms} }

// Receive records money or goods received from a contributor (R18, R5): cash into a bank account
// and a fund, or in kind at its declared value. USDRate, a decimal string, is the rate of the
// amount's currency in US dollars; without it the latest set-rate on or before the value date
// applies.
type Receive struct {
	ID          EntryID      `json:"id,omitempty"`
	Contributor ActorID      `json:"contributor"`
	Amount      money.Amount `json:"amount"`
	ValueDate   time.Time    `json:"value_date"`
	Form        string       `json:"form"` // one of forms
	Account     AccountID    `json:"account,omitempty"`
	Fund        FundID       `json:"fund,omitempty"`
	USDRate     string       `json:"usd_rate,omitempty"`
	Note        string       `json:"note,omitempty"`
}

func (*Receive) Kind() Kind { return "receive" }

// Receive: the secretariat records what a contributor gave (R18). Cash enters a bank account and
// a fund, and pays the contributor's open pledges to that fund, oldest first, in their currency
// (a US dollar pledge is paid by the US dollar value of a receipt in another currency). In-kind
// support is recorded at its declared US dollar value and enters no fund's cash (R5: it counts
// for no permanent seat).
func (b *Receive) decide(d *decider) ([]Event, error) {
	if err := validContributor(d.r, b.Contributor); err != nil {
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
	if err := checkCap(d.r, "R18", &e); err != nil {
		return nil, err
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
