package board

import (
	"iter"
	"maps"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// SetSnapshotSizes sets how many entries a snapshot's block holds and how many comments or
// ballots a chunk does, for a test; it returns a function that puts back the defaults.
func SetSnapshotSizes(block, chunk int) (restore func()) {
	oldBlock, oldChunk := snapshotBlock, snapshotChunk
	snapshotBlock, snapshotChunk = block, chunk
	return func() { snapshotBlock, snapshotChunk = oldBlock, oldChunk }
}

// MinEntryBytes is the length of the shortest entry in a snapshot.
const MinEntryBytes = minEntryBytes

// EntryBytes returns the length of e in a snapshot.
func EntryBytes(e *Entry) int { return len(appendEntry(nil, e)) }

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
