package board

import (
	"iter"
	"sort"
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// The ledger as of an instant: what the treasury's views read (treasury_view.go).

// live reports whether e was recorded by t and not reversed by then.
func (l *Ledger) live(e *Entry, t time.Time) bool {
	if e.Recorded.After(t) {
		return false
	}
	_, reversed := l.reversalAt(e.ID, t)
	return !reversed
}

// reversalAt returns the entry that reversed id by t, if any.
func (l *Ledger) reversalAt(id EntryID, t time.Time) (EntryID, bool) {
	r, ok := l.ReversedBy[id]
	if !ok {
		return "", false
	}
	if i, _ := l.find(r); l.entries.recorded(i).After(t) {
		return "", false
	}
	return r, true
}

// BalancesAt returns every account's signed balance (debits positive) from the entries recorded
// by t. The caller does not change the maps, which may be the ledger's own.
func (l *Ledger) BalancesAt(t time.Time) map[LedgerAccount]map[money.Currency]Sum {
	n := l.countAt(t)
	if n == l.Len() {
		return l.balances
	}
	out := map[LedgerAccount]map[money.Currency]Sum{}
	from := n / balanceEvery * balanceEvery
	if from > 0 {
		for _, m := range l.marks[from/balanceEvery-1] {
			if out[m.account] == nil {
				out[m.account] = map[money.Currency]Sum{}
			}
			out[m.account][m.cur] = m.v
		}
	}
	for e := range l.scan(from, n) {
		for _, p := range e.Postings {
			if out[p.Account] == nil {
				out[p.Account] = map[money.Currency]Sum{}
			}
			out[p.Account][p.Amount.Currency] = out[p.Account][p.Amount.Currency].Add(p.Signed())
		}
	}
	return out
}

// EntriesAt returns the entries recorded by t, in order.
func (l *Ledger) EntriesAt(t time.Time) iter.Seq[*Entry] { return l.span(0, l.countAt(t)) }

// ScanAt is EntriesAt for a reader that keeps none of the entries: it decodes each into the
// same Entry, valid until the next. Going through half a million entries then makes no
// garbage to speak of, where new entries grew the heap by a hundred megabytes and more.
func (l *Ledger) ScanAt(t time.Time) iter.Seq[*Entry] { return l.scan(0, l.countAt(t)) }

// countAt returns how many entries were recorded by t.
func (l *Ledger) countAt(t time.Time) int {
	return sort.Search(l.Len(), func(i int) bool { return l.entries.recorded(int32(i)).After(t) })
}

// span returns entries [from, to), in order.
func (l *Ledger) span(from, to int) iter.Seq[*Entry] {
	return func(yield func(*Entry) bool) {
		for i := from; i < to; i++ {
			if !yield(l.entries.entry(int32(i))) {
				return
			}
		}
	}
}

// scan returns entries [from, to), in order, each decoded into the same Entry (see ScanAt).
func (l *Ledger) scan(from, to int) iter.Seq[*Entry] {
	return func(yield func(*Entry) bool) {
		var e Entry
		for i := from; i < to; i++ {
			l.entries.decode(int32(i), &e)
			if !yield(&e) {
				return
			}
		}
	}
}

// contributorEntries returns c's entries, in order.
func (l *Ledger) contributorEntries(c ActorID) iter.Seq2[int32, *Entry] {
	return func(yield func(int32, *Entry) bool) {
		for _, i := range l.byContributor[c] {
			if !yield(i, l.entries.entry(i)) {
				return
			}
		}
	}
}
