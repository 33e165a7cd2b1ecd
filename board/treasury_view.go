package board

import (
	"cmp"
	"iter"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// As-of views of the treasury. Each takes an instant t and counts only what was recorded by t,
// so that a view is right even on a state that holds later acts; reversals count from the
// moment they were recorded.

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
// by t.
func (l *Ledger) BalancesAt(t time.Time) map[LedgerAccount]map[money.Currency]int64 {
	n := l.countAt(t)
	if n == l.Len() {
		return l.Balances
	}
	out := map[LedgerAccount]map[money.Currency]int64{}
	from := n / balanceEvery * balanceEvery
	if from > 0 {
		for _, m := range l.marks[from/balanceEvery-1] {
			if out[m.account] == nil {
				out[m.account] = map[money.Currency]int64{}
			}
			out[m.account][m.cur] = m.v
		}
	}
	for e := range l.scan(from, n) {
		for _, p := range e.Postings {
			if out[p.Account] == nil {
				out[p.Account] = map[money.Currency]int64{}
			}
			out[p.Account][p.Amount.Currency] += p.Signed()
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

// holdings returns an account's natural balances, leaving out zeros.
func holdings(b map[LedgerAccount]map[money.Currency]int64, a LedgerAccount) map[money.Currency]money.Amount {
	out := map[money.Currency]money.Amount{}
	for c, v := range b[a] {
		if v != 0 {
			out[c] = money.Amount{Currency: c, Minor: a.Natural(v)}
		}
	}
	return out
}

// FirstYearCash returns the cash a State contributed in the first-year window (R5), in US
// dollars: its cash receipts whose value date falls in [entry into force, + permanent_seat.window),
// counted by t (value date and recording by t, reversals recorded by t deducted). A receipt
// counts whether or not the State was a member when it paid.
func (s *State) FirstYearCash(r *charter.Rules, code StateCode, t time.Time) money.Amount {
	return s.firstYearCash(r, code, t)
}

// firstYearCash is FirstYearCash, from the ledger's sums by value day as of the last act or
// later (every receipt is recorded then, those reversed are reversed, and no value date is after
// the day its receipt was recorded), and before, from the contributor's cash receipts and
// reversals recorded by t.
func (s *State) firstYearCash(r *charter.Rules, code StateCode, t time.Time) money.Amount {
	cash := money.Amount{Currency: "USD"}
	if s.InForce.IsZero() {
		return cash
	}
	start := Day(s.InForce)
	end := r.PermanentSeat.Window.After(start)
	l := &s.Treasury.Ledger
	if !t.Before(s.Last) {
		cash.Minor = l.cashBetween(StateActor(code), start, end)
	} else {
		cash.Minor = l.cashRecordedBy(StateActor(code), start, end, t)
	}
	return cash
}

// FundView is a fund as of an instant: its cash by currency, the pledges made to it and not yet
// received, and the in-kind support given to it.
type FundView struct {
	ID        FundID
	Name      string
	Purpose   string
	Opened    time.Time // zero for a fund of the rules file
	Cash      map[money.Currency]money.Amount
	Pledged   map[money.Currency]money.Amount
	InKindUSD money.Amount
}

// FundList returns the funds as of t: those of the rules file, then those opened, by id.
func (s *State) FundList(r *charter.Rules, t time.Time) []FundView {
	b := s.Treasury.Ledger.BalancesAt(t)
	var out []FundView
	add := func(id FundID, name, purpose string, opened time.Time) {
		inKind := money.Amount{Currency: "USD", Minor: InKindLedger(id).Natural(b[InKindLedger(id)]["USD"])}
		out = append(out, FundView{ID: id, Name: name, Purpose: purpose, Opened: opened,
			Cash: holdings(b, FundLedger(id)), Pledged: holdings(b, PledgedLedger(id)), InKindUSD: inKind})
	}
	for _, f := range r.Funds {
		add(FundID(f.ID), f.Name, f.Purpose, time.Time{})
	}
	for _, id := range slices.Sorted(maps.Keys(s.Treasury.Funds)) {
		if f := s.Treasury.Funds[id]; !f.Opened.After(t) {
			add(id, f.Name, f.Purpose, f.Opened)
		}
	}
	return out
}

// AccountView is a bank account as of an instant, with what it holds.
type AccountView struct {
	ID          AccountID
	Institution string
	Currency    money.Currency
	Opened      time.Time // zero for an account of the rules file
	Balance     money.Amount
}

// AccountList returns the bank accounts as of t: those of the rules file, then those opened.
func (s *State) AccountList(r *charter.Rules, t time.Time) []AccountView {
	b := s.Treasury.Ledger.BalancesAt(t)
	var out []AccountView
	add := func(id AccountID, inst string, cur money.Currency, opened time.Time) {
		out = append(out, AccountView{ID: id, Institution: inst, Currency: cur, Opened: opened,
			Balance: money.Amount{Currency: cur, Minor: BankLedger(id).Natural(b[BankLedger(id)][cur])}})
	}
	for _, a := range r.Accounts {
		add(AccountID(a.ID), a.Institution, a.Currency, time.Time{})
	}
	for _, id := range slices.Sorted(maps.Keys(s.Treasury.Accounts)) {
		if a := s.Treasury.Accounts[id]; !a.Opened.After(t) {
			add(id, a.Institution, a.Currency, a.Opened)
		}
	}
	return out
}

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

// ProgrammeView is a programme as of an instant: its budget, what was allocated to it (less
// reversals), what it still holds not yet committed, what was paid out of it.
type ProgrammeView struct {
	ID         ProgrammeID
	Name, Area string
	Subsidiary SubsidiaryID
	Budget     money.Amount
	Created    time.Time
	Allocated  money.Amount
	Available  map[money.Currency]money.Amount
	Disbursed  money.Amount // paid, in the budget's currency
	Reports    []ProgressReport
}

// ProgrammeList returns the programmes created by t, by id.
func (s *State) ProgrammeList(t time.Time) []ProgrammeView {
	l := &s.Treasury.Ledger
	b := l.BalancesAt(t)
	var out []ProgrammeView
	for _, id := range slices.Sorted(maps.Keys(s.Treasury.Programmes)) {
		p := s.Treasury.Programmes[id]
		if p.Created.After(t) {
			continue
		}
		v := ProgrammeView{ID: id, Name: p.Name, Area: p.Area, Subsidiary: p.Subsidiary, Budget: p.Budget, Created: p.Created,
			Allocated: money.Amount{Currency: p.Budget.Currency}, Disbursed: money.Amount{Currency: p.Budget.Currency},
			Available: holdings(b, ProgrammeLedger(id))}
		for e := range l.ScanAt(t) {
			if e.Programme != id || !l.live(e, t) || e.Amount.Currency != p.Budget.Currency {
				continue
			}
			switch e.Type {
			case EntryAllocation:
				v.Allocated.Minor += e.Amount.Minor
			case EntryPayment:
				v.Disbursed.Minor += e.Amount.Minor
			}
		}
		for _, r := range p.Reports {
			if !r.At.After(t) {
				v.Reports = append(v.Reports, r)
			}
		}
		out = append(out, v)
	}
	return out
}

// DisbursementView is a disbursement as of an instant.
type DisbursementView struct {
	ID        DisbursementID
	Programme ProgrammeID
	Payee     string
	Amount    money.Amount
	Purpose   string
	Account   AccountID
	Pay       money.Amount
	USD       money.Amount
	Required  int
	Approvals []DisbursementApproval
	Requested time.Time
	Status    DisbursementStatus
	Paid      time.Time // zero unless paid by then
	// Commitment and Payment are the ledger entries that committed and paid it.
	Commitment, Payment EntryID
}

// DisbursementList returns the disbursements requested by t, in the order requested.
func (s *State) DisbursementList(t time.Time) []DisbursementView {
	l := &s.Treasury.Ledger
	var out []DisbursementView
	for _, d := range s.Treasury.Disbursements {
		if d.Requested.After(t) {
			continue
		}
		v := DisbursementView{ID: d.ID, Programme: d.Programme, Payee: d.Payee, Amount: d.Amount, Purpose: d.Purpose,
			Account: d.Account, Pay: d.Pay, USD: d.USD, Required: d.Required, Requested: d.Requested,
			Status: DisbursementPending, Commitment: d.Commitment}
		for _, a := range d.Approvals {
			if !a.At.After(t) {
				v.Approvals = append(v.Approvals, a)
			}
		}
		if p, ok := l.Find(d.Payment); ok && !p.Recorded.After(t) {
			v.Status, v.Paid, v.Payment = DisbursementPaid, p.Recorded, p.ID
			if _, rev := l.reversalAt(p.ID, t); rev {
				v.Status = DisbursementPaymentReversed
			}
		}
		if _, rev := l.reversalAt(d.Commitment, t); rev {
			v.Status = DisbursementCancelled
		}
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b DisbursementView) int {
		if c := a.Requested.Compare(b.Requested); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// TreasuryView is the treasury as of an instant.
type TreasuryView struct {
	Funds         []FundView
	Accounts      []AccountView
	Contributors  []ContributorView
	Programmes    []ProgrammeView
	Disbursements []DisbursementView
	// Exchange is the exchange account's balance by currency (debits positive): the running
	// result of conversions between currencies.
	Exchange map[money.Currency]money.Amount
	Controls []Threshold
}

// TreasuryAt returns the treasury as of t.
func (s *State) TreasuryAt(r *charter.Rules, t time.Time) TreasuryView {
	return TreasuryView{
		Funds:         s.FundList(r, t),
		Accounts:      s.AccountList(r, t),
		Contributors:  s.Contributors(t),
		Programmes:    s.ProgrammeList(t),
		Disbursements: s.DisbursementList(t),
		Exchange:      holdings(s.Treasury.Ledger.BalancesAt(t), ExchangeAccount),
		Controls:      s.Treasury.ControlsInForce(r),
	}
}
