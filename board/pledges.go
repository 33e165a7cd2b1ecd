package board

import (
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// Pledges (R18, R5): a promise of money to a fund, by a contributor for itself or recorded by
// the secretariat. A pledge is a receivable, not cash: it counts for no permanent seat.

func init() {
	register[*Pledge]("R18", ActorState, ActorOrg, ActorSecretariat)
}

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

func (*Pledge) Kind() Kind { return "pledge" }

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
	if err := validContributor(d.r, c); err != nil {
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
	if err := checkCap(d.r, "R18", &e); err != nil {
		return nil, err
	}
	if err := d.s.Treasury.Ledger.check("R18", &e); err != nil {
		return nil, err
	}
	return []Event{&Posted{Entry: e}}, nil
}
