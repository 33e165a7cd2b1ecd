package board

import (
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// Contributions as of an instant: what each contributor pledged and gave (pledges.go,
// receipts.go), and the ledger's entries about them.

// ContributorView is what one contributor pledged and gave, as of an instant, in US dollars:
// pledges at their US dollar value on the day pledged; receipts at the rate they were recorded
// with. Outstanding is what remains unpaid of its pledges.
type ContributorView struct {
	Contributor       ActorID
	PledgedUSD        money.Amount
	ReceivedCashUSD   money.Amount
	ReceivedInKindUSD money.Amount
	OutstandingUSD    money.Amount
}

// Contributor returns one contributor's totals as of t.
//
// As of the last act or later, every entry is recorded, and those reversed are reversed: the
// ledger's running totals are the answer. Before, the answer is the totals as they were after
// the contributor's last entry recorded by t: every change to them comes with an entry of the
// contributor's (a pledge, a receipt settling its pledges, a reversal of either).
func (s *State) Contributor(c ActorID, t time.Time) ContributorView {
	l := &s.Treasury.Ledger
	usd := func(minor int64) money.Amount { return money.Amount{Currency: "USD", Minor: minor} }
	var tot contributorTotals
	if !t.Before(s.Last) {
		if p := l.totals[c]; p != nil {
			tot = *p
		}
	} else {
		es := l.byContributor[c]
		k := sort.Search(len(es), func(j int) bool { return l.entries.recorded(es[j]).After(t) })
		if k > 0 {
			tot = l.totalsLog[c][k-1]
		}
	}
	return ContributorView{Contributor: c, PledgedUSD: usd(tot.pledged), ReceivedCashUSD: usd(tot.cash),
		ReceivedInKindUSD: usd(tot.inKind), OutstandingUSD: usd(tot.outstanding)}
}

// Contributors returns every contributor's totals as of t, by contributor.
func (s *State) Contributors(t time.Time) []ContributorView {
	l := &s.Treasury.Ledger
	var out []ContributorView
	for _, c := range slices.Sorted(maps.Keys(l.byContributor)) {
		if es := l.byContributor[c]; len(es) > 0 && !l.entries.recorded(es[0]).After(t) {
			out = append(out, s.Contributor(c, t))
		}
	}
	return out
}

// TotalOf returns the sum of contributors' totals, each sum added up 128 bits wide and clamped
// to what an amount holds (Sum.Clamp): each contributor's totals fit in an amount, but not
// always all of them together.
func TotalOf(cs []ContributorView) ContributorView {
	var pledged, cash, inKind, outstanding Sum
	for _, c := range cs {
		pledged = pledged.Add(c.PledgedUSD.Minor)
		cash = cash.Add(c.ReceivedCashUSD.Minor)
		inKind = inKind.Add(c.ReceivedInKindUSD.Minor)
		outstanding = outstanding.Add(c.OutstandingUSD.Minor)
	}
	usd := func(s Sum) money.Amount { return money.Amount{Currency: "USD", Minor: s.Clamp()} }
	return ContributorView{PledgedUSD: usd(pledged), ReceivedCashUSD: usd(cash), ReceivedInKindUSD: usd(inKind), OutstandingUSD: usd(outstanding)}
}

// ContributionLine is one ledger entry about a contribution (a pledge, a receipt, in-kind support,
// or the reversal of one), with, as of the view's instant, the entry that reversed it and what
// remains unpaid of a pledge.
type ContributionLine struct {
	Entry      *Entry
	ReversedBy EntryID
	Open       money.Amount // a pledge's unpaid rest, in its currency; zero otherwise
}

// Contributions returns every contribution entry recorded by t, in order; for one contributor
// only if c is not empty.
func (s *State) Contributions(c ActorID, t time.Time) []ContributionLine {
	l := &s.Treasury.Ledger
	list := l.EntriesAt(t)
	if c != "" {
		list = func(yield func(*Entry) bool) {
			for _, e := range l.contributorEntries(c) {
				if e.Recorded.After(t) || !yield(e) {
					return
				}
			}
		}
	}
	settled := map[EntryID]int64{}
	var out []ContributionLine
	for e := range list {
		if e.Contributor != "" {
			out = append(out, l.contributionLine(e, t, settled))
		}
	}
	for i, line := range out {
		if e := line.Entry; e.Type == EntryPledge && line.ReversedBy == "" {
			out[i].Open = money.Amount{Currency: e.Amount.Currency, Minor: e.Amount.Minor - settled[e.ID]}
		}
	}
	return out
}

// ContributionCount returns how many contribution entries were recorded by t, or only c's if
// c is not empty: the lines of Contributions(c, t), without reading them.
func (s *State) ContributionCount(c ActorID, t time.Time) int {
	l := &s.Treasury.Ledger
	k := int32(l.countAt(t))
	if c != "" {
		n, _ := slices.BinarySearch(l.byContributor[c], k)
		return n
	}
	total := 0
	for _, list := range l.byContributor {
		n, _ := slices.BinarySearch(list, k)
		total += n
	}
	return total
}

// contributionLine returns contribution entry e's line as of t, without its open rest, and
// adds what e settles to settled if e is a receipt not reversed by t.
func (l *Ledger) contributionLine(e *Entry, t time.Time, settled map[EntryID]int64) ContributionLine {
	line := ContributionLine{Entry: e}
	line.ReversedBy, _ = l.reversalAt(e.ID, t)
	if e.Type == EntryReceipt && line.ReversedBy == "" {
		for _, st := range e.Settles {
			settled[st.Pledge] += st.Amount.Minor
		}
	}
	return line
}

// NewestContributions returns a page of the contribution entries recorded by t (only c's if c
// is not empty), newest first: those after the newest skip, at most n of them, as
// Contributions has them. It reads the entries from the newest back to the page's last, not
// all of them: a receipt only settles pledges of its contributor recorded before it, so by the
// time a pledge is read, every receipt that paid it by t has been.
func (s *State) NewestContributions(c ActorID, t time.Time, skip, n int) []ContributionLine {
	l := &s.Treasury.Ledger
	k := l.countAt(t)
	// at returns the i-th entry from the newest of those read, or false past the oldest.
	at := func(i int) (*Entry, bool) {
		if i >= k {
			return nil, false
		}
		return l.entries.entry(int32(k - 1 - i)), true
	}
	if c != "" {
		list := l.byContributor[c]
		n, _ := slices.BinarySearch(list, int32(k))
		list = list[:n]
		at = func(i int) (*Entry, bool) {
			if i >= len(list) {
				return nil, false
			}
			return l.entries.entry(list[len(list)-1-i]), true
		}
	}
	var lines []ContributionLine
	settled := map[EntryID]int64{}
	seen := 0
	for i := 0; len(lines) < n; i++ {
		e, ok := at(i)
		if !ok {
			break
		}
		if e.Contributor == "" {
			continue
		}
		line := l.contributionLine(e, t, settled)
		if seen >= skip {
			if e.Type == EntryPledge && line.ReversedBy == "" {
				line.Open = money.Amount{Currency: e.Amount.Currency, Minor: e.Amount.Minor - settled[e.ID]}
			}
			lines = append(lines, line)
		}
		seen++
	}
	return lines
}

// ContributionsAfter returns the lines of Contributions(c, t) that follow the entry after (from
// the first if after is empty), at most n of them, and whether more follow; ok is false if
// after is not one of the lines. It never holds the whole list: it reads the page's entries
// and, as of an instant before the ledger's last entry, the contribution entries from the
// page's first pledge on to the instant, for the receipts that paid the page's pledges by then
// (at or after the last entry, each pledge's open rest is the ledger's own).
func (s *State) ContributionsAfter(c ActorID, t time.Time, after EntryID, n int) (lines []ContributionLine, more, ok bool) {
	l := &s.Treasury.Ledger
	k := int32(l.countAt(t))
	// The entries only looked at are decoded into scratch, not each into an entry of its own:
	// the garbage of a few hundred thousand would grow the heap by as much.
	var scratch Entry
	// next returns the position of the first contribution entry (of c's, if c is not empty)
	// recorded by t, from position from on, or -1.
	next := func(from int32) int32 {
		for i := from; i < k; i++ {
			if l.entries.decode(i, &scratch); scratch.Contributor != "" {
				return i
			}
		}
		return -1
	}
	if c != "" {
		list := l.byContributor[c]
		next = func(from int32) int32 {
			if j, _ := slices.BinarySearch(list, from); j < len(list) && list[j] < k {
				return list[j]
			}
			return -1
		}
	}
	from := int32(0)
	if after != "" {
		i, found := l.find(after)
		if !found || i >= k {
			return nil, false, false
		}
		if e := l.entries.entry(i); e.Contributor == "" || (c != "" && e.Contributor != c) {
			return nil, false, false
		}
		from = i + 1
	}
	latest := int(k) == l.Len()
	pending := map[EntryID]int{} // the lines of the pledges whose rest is counted below
	firstPledge := int32(-1)
	for i := next(from); i >= 0; i = next(i + 1) {
		if len(lines) == n {
			more = true
			break
		}
		e := l.entries.entry(i)
		line := ContributionLine{Entry: e}
		line.ReversedBy, _ = l.reversalAt(e.ID, t)
		if e.Type == EntryPledge && line.ReversedBy == "" {
			if latest {
				line.Open = money.Amount{Currency: e.Amount.Currency, Minor: l.open[i]}
			} else {
				line.Open = e.Amount
				pending[e.ID] = len(lines)
				if firstPledge < 0 {
					firstPledge = i
				}
			}
		}
		lines = append(lines, line)
	}
	// A receipt pays only pledges recorded before it: those that paid the page's pledges by t
	// come after the first of them.
	for i := firstPledge; len(pending) > 0 && i >= 0; i = next(i + 1) {
		e := &scratch
		l.entries.decode(i, e)
		if e.Type != EntryReceipt {
			continue
		}
		if _, reversed := l.reversalAt(e.ID, t); reversed {
			continue
		}
		for _, st := range e.Settles {
			if j, ok := pending[st.Pledge]; ok {
				lines[j].Open.Minor -= st.Amount.Minor
			}
		}
	}
	return lines, more, true
}
