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
// rather than the ledger's running totals.
func (s *State) ContributorByScan(c ActorID, t time.Time) ContributorView {
	return s.contributorAt(c, t)
}

// FirstYearCashByScan returns what FirstYearCash does, worked out from the State's entries
// rather than the ledger's sums by value day.
func (s *State) FirstYearCashByScan(r *charter.Rules, code StateCode, t time.Time) money.Amount {
	return s.firstYearCash(r, code, t, false)
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

// BalancesAtByScan returns what BalancesAt does, posting every entry recorded by t.
func (l *Ledger) BalancesAtByScan(t time.Time) map[LedgerAccount]map[money.Currency]int64 {
	out := map[LedgerAccount]map[money.Currency]int64{}
	for e := range l.EntriesAt(t) {
		for _, p := range e.Postings {
			if out[p.Account] == nil {
				out[p.Account] = map[money.Currency]int64{}
			}
			out[p.Account][p.Amount.Currency] += p.Signed()
		}
	}
	return out
}
