package board

import (
	"iter"
	"maps"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// SetSnapshotSizes sets the size in bytes of the chunks the ledger packs its entries into, and
// how many comments or ballots a snapshot's chunk holds, for a test; it returns a function that
// puts back the defaults.
func SetSnapshotSizes(entryChunk, chunk int) (restore func()) {
	oldEntries, oldChunk := packChunk, snapshotChunk
	packChunk, snapshotChunk = entryChunk, chunk
	return func() { packChunk, snapshotChunk = oldEntries, oldChunk }
}

// ContributorByScan returns what Contributor does, worked out from the contributor's entries
// rather than the ledger's running totals or the totals after each entry.
func (s *State) ContributorByScan(c ActorID, t time.Time) ContributorView {
	return s.contributorAt(c, t)
}

// contributorAt works out one contributor's totals as of t from its entries.
func (s *State) contributorAt(c ActorID, t time.Time) ContributorView {
	l := &s.Treasury.Ledger
	usd := func() money.Amount { return money.Amount{Currency: "USD"} }
	v := ContributorView{Contributor: c, PledgedUSD: usd(), ReceivedCashUSD: usd(), ReceivedInKindUSD: usd(), OutstandingUSD: usd()}
	// As of the last act or later, what each pledge has open is the ledger's; before, it is
	// worked out from the entries recorded by t.
	open, past := l.open, t.Before(s.Last)
	if past {
		open = map[int32]int64{}
	}
	type pledge struct {
		i int32
		e *Entry
	}
	var pledges []pledge
	for i, e := range l.contributorEntries(c) {
		if e.Recorded.After(t) {
			break // and so is every entry after it
		}
		if !l.live(e, t) {
			continue
		}
		switch e.Type {
		case EntryPledge:
			v.PledgedUSD.Minor += e.USD.Minor
			if past {
				open[i] = e.Amount.Minor
			}
			pledges = append(pledges, pledge{i, e})
		case EntryReceipt:
			v.ReceivedCashUSD.Minor += e.USD.Minor
			if past {
				for _, st := range e.Settles {
					if p, ok := l.find(st.Pledge); ok {
						open[p] -= st.Amount.Minor
					}
				}
			}
		case EntryInKind:
			v.ReceivedInKindUSD.Minor += e.USD.Minor
		}
	}
	for _, p := range pledges {
		rest, err := money.ToUSD(money.Amount{Currency: p.e.Amount.Currency, Minor: open[p.i]}, p.e.Rate)
		if err == nil {
			v.OutstandingUSD.Minor += rest.Minor
		}
	}
	return v
}

// FirstYearCashByScan returns what FirstYearCash does, worked out from the State's entries
// rather than the ledger's sums by value day or its cash receipts in the order recorded.
func (s *State) FirstYearCashByScan(r *charter.Rules, code StateCode, t time.Time) money.Amount {
	cash := money.Amount{Currency: "USD"}
	if s.InForce.IsZero() {
		return cash
	}
	start := Day(s.InForce)
	end := r.PermanentSeat.Window.After(start)
	l := &s.Treasury.Ledger
	for _, e := range l.contributorEntries(StateActor(code)) {
		if e.Type != EntryReceipt || e.ValueDate.After(t) || !l.live(e, t) {
			continue
		}
		if e.ValueDate.Before(start) || !e.ValueDate.Before(end) {
			continue
		}
		cash.Minor += e.USD.Minor
	}
	return cash
}

// Open returns what remains unpaid of pledge id, in its currency; false if id is not a pledge.
func (l *Ledger) Open(id EntryID) (money.Amount, bool) {
	i, ok := l.find(id)
	if !ok {
		return money.Amount{}, false
	}
	open, ok := l.open[i]
	if !ok {
		return money.Amount{}, false
	}
	return money.Amount{Currency: l.entries.entry(i).Amount.Currency, Minor: open}, true
}

// ContributorIDs returns the ledger's contributors, in no order.
func (l *Ledger) ContributorIDs() iter.Seq[ActorID] { return maps.Keys(l.byContributor) }

// Packed returns e as the ledger keeps it, decoded again: packed among others so that names are
// shared and entries follow one another in a chunk.
func Packed(e *Entry) *Entry {
	p := newPackedEntries()
	p.add(&Entry{ID: "before", Type: EntryPledge, Note: "an entry before"})
	i := p.add(e)
	p.add(&Entry{ID: "after", Type: EntryReceipt})
	return p.entry(i)
}

// SetBalanceEvery sets how many entries come between two marks of the ledger's balances, for a
// test; it returns a function that puts back the default.
func SetBalanceEvery(n int) (restore func()) {
	old := balanceEvery
	balanceEvery = n
	return func() { balanceEvery = old }
}

// Balances returns every account's balance as of the ledger's last entry.
func (l *Ledger) Balances() map[LedgerAccount]map[money.Currency]Sum { return l.balances }

// BalancesAtByScan returns what BalancesAt does, posting every entry recorded by t.
func (l *Ledger) BalancesAtByScan(t time.Time) map[LedgerAccount]map[money.Currency]Sum {
	out := map[LedgerAccount]map[money.Currency]Sum{}
	for e := range l.EntriesAt(t) {
		for _, p := range e.Postings {
			if out[p.Account] == nil {
				out[p.Account] = map[money.Currency]Sum{}
			}
			out[p.Account][p.Amount.Currency] = out[p.Account][p.Amount.Currency].Add(p.Signed())
		}
	}
	return out
}
