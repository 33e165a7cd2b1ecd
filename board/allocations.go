package board

import "github.com/peaceboard/peaceboard/money"

// Allocations (R18): the Executive Board moves a fund's cash to a programme, within its budget.

func init() {
	register[*Allocate]("R18", ActorExecutive)
}

// Allocate moves money from a fund to a programme (R18).
type Allocate struct {
	Fund      FundID       `json:"fund"`
	Programme ProgrammeID  `json:"programme"`
	Amount    money.Amount `json:"amount"`
}

func (*Allocate) Kind() Kind { return "allocate" }

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
