package board

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// The treasury's double-entry ledger. Every movement of money, and every pledge of it, is an
// Entry: postings to accounts that balance in each currency (the debits equal the credits). An
// entry is never changed or removed; a correction is a new entry that reverses it (SPEC §4,
// "corrections are new entries, never edits").
//
// The accounts, by kind (the part before the first colon):
//
//	bank:ID          cash held in a bank account, in the account's currency (debit balance)
//	fund:ID          a fund's cash not yet allocated, in the currencies it was given (credit)
//	pledged:ID       pledges made to a fund and not yet received (credit)
//	receivable:ACTOR what a contributor pledged and has not yet paid (debit)
//	in-kind:ID       goods and services given to a fund, at their declared US dollar value (credit)
//	in-kind-assets   those goods and services (debit)
//	programme:ID     money allocated to a programme and not yet committed (credit)
//	payee:NAME       disbursements committed to a payee and not yet paid (credit)
//	exchange         the other side of every conversion between currencies (either)
//
// A receipt in a currency other than its bank account's is converted on arrival: the fund is
// credited with what the contributor gave, the bank debited with what it holds, and the exchange
// account takes both sides so that each currency balances on its own.

func init() {
	registerEvent[*Posted]()
}

// A LedgerAccount names an account of the ledger: "bank:main", "fund:general",
// "receivable:state:QAT", "exchange".
type LedgerAccount string

// The ledger's two accounts that are not parameterized.
const (
	ExchangeAccount LedgerAccount = "exchange"
	InKindAssets    LedgerAccount = "in-kind-assets"
)

// BankLedger returns the ledger account of a bank account.
func BankLedger(id AccountID) LedgerAccount { return LedgerAccount("bank:" + id) }

// FundLedger returns the ledger account of a fund's cash.
func FundLedger(id FundID) LedgerAccount { return LedgerAccount("fund:" + id) }

// PledgedLedger returns the ledger account of the pledges made to a fund.
func PledgedLedger(id FundID) LedgerAccount { return LedgerAccount("pledged:" + id) }

// InKindLedger returns the ledger account of a fund's in-kind contributions.
func InKindLedger(id FundID) LedgerAccount { return LedgerAccount("in-kind:" + id) }

// ReceivableLedger returns the ledger account of what a contributor pledged and owes.
func ReceivableLedger(c ActorID) LedgerAccount { return LedgerAccount("receivable:" + c) }

// ProgrammeLedger returns the ledger account of a programme's allocated money.
func ProgrammeLedger(id ProgrammeID) LedgerAccount { return LedgerAccount("programme:" + id) }

// PayeeLedger returns the ledger account of what is owed to a payee.
func PayeeLedger(payee string) LedgerAccount { return LedgerAccount("payee:" + payee) }

// Kind returns the account's kind: "bank", "fund", "exchange", ….
func (a LedgerAccount) Kind() string {
	k, _, _ := strings.Cut(string(a), ":")
	return k
}

// CreditNormal reports whether the account normally has a credit balance (a fund, a pledge
// made to a fund, a programme, a payee): its balance is shown as credits less debits.
func (a LedgerAccount) CreditNormal() bool { return creditNormal[a.Kind()] }

// Held returns a balance of a in currency c (debits positive) on a's normal side, as an amount:
// clamped to what an amount holds (see Sum.Clamp).
func (a LedgerAccount) Held(c money.Currency, signed Sum) money.Amount {
	if a.CreditNormal() {
		signed = signed.Neg()
	}
	return money.Amount{Currency: c, Minor: signed.Clamp()}
}

// mustNotBeNegative reports whether a's natural balance may never go below zero: every account
// but the exchange account, whose balance is the running result of conversions.
func (a LedgerAccount) mustNotBeNegative() bool { return a != ExchangeAccount }

var creditNormal = map[string]bool{"fund": true, "pledged": true, "in-kind": true, "programme": true, "payee": true}

// Side is the side of a posting: debit or credit.
type Side string

// The sides.
const (
	Debit  Side = "debit"
	Credit Side = "credit"
)

// A Posting is one line of an entry: an amount, always positive, to one side of one account.
type Posting struct {
	Account LedgerAccount `json:"account"`
	Side    Side          `json:"side"`
	Amount  money.Amount  `json:"amount"`
}

// Signed returns the posting's amount in minor units, positive for a debit, negative for a
// credit.
func (p Posting) Signed() int64 {
	if p.Side == Debit {
		return p.Amount.Minor
	}
	return -p.Amount.Minor
}

// reversed returns the posting on the other side.
func (p Posting) reversed() Posting {
	if p.Side == Debit {
		p.Side = Credit
	} else {
		p.Side = Debit
	}
	return p
}

// EntryType says what made an entry.
type EntryType string

// The entry types.
const (
	EntryPledge     EntryType = "pledge"     // a pledge: a receivable, not cash
	EntryReceipt    EntryType = "receipt"    // cash received
	EntryInKind     EntryType = "in-kind"    // goods or services received, at a declared value
	EntryAllocation EntryType = "allocation" // from a fund to a programme
	EntryCommitment EntryType = "commitment" // a disbursement requested: owed to its payee
	EntryPayment    EntryType = "payment"    // a disbursement paid from a bank account
	EntryReversal   EntryType = "reversal"   // the correction of an earlier entry
)

// A Settlement is the part of a pledge that a receipt paid, in the pledge's currency.
type Settlement struct {
	Pledge EntryID      `json:"pledge"`
	Amount money.Amount `json:"amount"`
}

// An Entry is one balanced set of postings, with what it is about. Amount is the entry's face
// amount (what was pledged, received, allocated, disbursed) and USD its US dollar equivalent,
// at Rate (the receipt's usd_rate, or the set-rate of RateDate).
type Entry struct {
	ID       EntryID   `json:"id"`
	Type     EntryType `json:"type"`
	Postings []Posting `json:"postings"`

	Contributor  ActorID        `json:"contributor,omitempty"`
	Form         string         `json:"form,omitempty"` // "cash" or "in-kind", on receipts
	Fund         FundID         `json:"fund,omitempty"`
	Account      AccountID      `json:"account,omitempty"`
	Programme    ProgrammeID    `json:"programme,omitempty"`
	Disbursement DisbursementID `json:"disbursement,omitempty"`
	Payee        string         `json:"payee,omitempty"`
	Amount       money.Amount   `json:"amount,omitzero"`
	USD          money.Amount   `json:"usd,omitzero"`
	Rate         money.Rate     `json:"usd_rate,omitzero"`
	RateDate     time.Time      `json:"rate_date,omitzero"` // zero when the act gave the rate
	ValueDate    time.Time      `json:"value_date,omitzero"`
	Due          time.Time      `json:"due,omitzero"`
	Settles      []Settlement   `json:"settles,omitempty"`
	Reverses     EntryID        `json:"reverses,omitempty"`
	Note         string         `json:"note,omitempty"`

	// Recorded is when the act that made the entry was recorded; set when it is applied.
	Recorded time.Time `json:"-"`
}

// Balanced reports whether the entry's debits equal its credits in every currency, every posting
// is positive, and it has at least two postings. It returns the first currency that does not
// balance, if any.
func (e *Entry) Balanced() (bool, money.Currency) {
	if len(e.Postings) < 2 {
		return false, ""
	}
	// An entry has a few postings in one or two currencies: a slice on the stack, not a map.
	type sum struct {
		cur money.Currency
		v   int64
	}
	sums := make([]sum, 0, 4)
	for _, p := range e.Postings {
		if p.Amount.Minor <= 0 || (p.Side != Debit && p.Side != Credit) {
			return false, p.Amount.Currency
		}
		i := slices.IndexFunc(sums, func(s sum) bool { return s.cur == p.Amount.Currency })
		if i < 0 {
			i = len(sums)
			sums = append(sums, sum{cur: p.Amount.Currency})
		}
		v, ok := money.AddMinor(sums[i].v, p.Signed())
		if !ok {
			return false, p.Amount.Currency
		}
		sums[i].v = v
	}
	unbalanced := false
	var first money.Currency
	for _, s := range sums {
		if s.v != 0 && (!unbalanced || s.cur < first) {
			unbalanced, first = true, s.cur
		}
	}
	return !unbalanced, first
}

// Posted records a ledger entry.
type Posted struct {
	Entry Entry `json:"entry"`
}

func (*Posted) EventName() string { return "posted" }

func (e *Posted) apply(s *State, at time.Time) {
	en := e.Entry
	en.Recorded = at
	s.Treasury.Ledger.add(&en)
	e.applyToDisbursement(s, at)
}

// Ledger holds every entry and the balances they add up to. Balances are signed: debits count
// positive, credits negative. Balances are kept 128 bits wide (Sum), and each contributor's
// totals are checked: no act is refused because others' acts filled a sum (see check).
//
// The entries are kept packed (ledger_pack.go): Len, Entry, Find and EntriesAt read them, each
// call decoding entries the caller may keep. Entries refer to each other by their index in the
// ledger, in the order added.
type Ledger struct {
	ReversedBy map[EntryID]EntryID

	// balances are the accounts' balances (Balance, BalancesAt). Unexported, they are not in a
	// snapshot's gob description (a snapshot keeps no index): a snapshot that described them as
	// 64-bit numbers is still read.
	balances map[LedgerAccount]map[money.Currency]Sum

	entries packedEntries
	// byID finds an entry by id: by the FNV-1a hash of its id, or in idClash for an entry whose
	// id's hash is another's. A map of numbers is a fraction of a map of strings to entries,
	// and holds nothing the collector follows.
	byID    map[uint64]int32
	idClash map[EntryID]int32
	// open is what remains unpaid of each pledge, in its currency, in minor units.
	open map[int32]int64
	// byContributor lists each contributor's pledges and receipts (and their reversals), in
	// order.
	byContributor map[ActorID][]int32
	// byProgramme lists the entries of each programme (allocations, payments), in order:
	// ProgrammeList reads a programme's own entries, not the whole ledger.
	byProgramme map[ProgrammeID][]int32
	// pledges lists each contributor's pledges, in order, for receipts to pay; the first
	// paidUp[c] of c's have nothing left open, so receipts start after them.
	pledges map[ActorID][]int32
	paidUp  map[ActorID]int
	// totals are each contributor's sums over its entries not reversed: what Contributor
	// returns as of the last act or later, which would otherwise scan all its entries.
	totals map[ActorID]*contributorTotals
	// cashDays are each contributor's cash receipts not reversed, summed by value day, in order
	// of the day: FirstYearCash adds up a window of them rather than scanning the entries.
	cashDays map[ActorID][]dayCash
	// cashLog is each contributor's cash receipts and their reversals, in the order recorded:
	// FirstYearCash adds up those recorded by an instant before the last act.
	cashLog map[ActorID][]cashEvent
	// totalsLog holds each contributor's totals after each of its entries (byContributor):
	// Contributor's answer as of an instant before the last act.
	totalsLog map[ActorID][]contributorTotals
	// marks holds every balance after each balanceEvery entries: BalancesAt, as of an instant
	// before the last entry, posts the entries after the mark before it.
	marks [][]balanceMark
}

// balanceEvery is how many entries come between two marks of the balances; a variable for
// tests, which set it small.
var balanceEvery = 1024

// balanceMark is an account's balance in a currency.
type balanceMark struct {
	account LedgerAccount
	cur     money.Currency
	v       Sum
}

// cashEvent is a cash receipt (usd positive) or its reversal (negative): the ledger entry that
// made it, and the receipt's value day, in seconds since 1970.
type cashEvent struct {
	entry int32
	day   int64
	usd   int64
}

// dayCash is a contributor's cash received with one value day, in US dollar minor units.
type dayCash struct {
	day time.Time
	usd int64
}

// contributorTotals are a contributor's pledges, cash receipts and in-kind support not
// reversed, and what its pledges have open, each in US dollar minor units. They fit in 64 bits:
// check refuses the act that would make one overflow, an act about that contributor alone (its
// own pledge, or a receipt from it), so that a contributor's totals only ever bound its own
// acts. Outstanding is at most what is pledged.
type contributorTotals struct {
	pledged, cash, inKind, outstanding int64
}

func newLedger() Ledger {
	return Ledger{
		balances:      map[LedgerAccount]map[money.Currency]Sum{},
		ReversedBy:    map[EntryID]EntryID{},
		entries:       newPackedEntries(),
		byID:          map[uint64]int32{},
		idClash:       map[EntryID]int32{},
		open:          map[int32]int64{},
		byContributor: map[ActorID][]int32{},
		byProgramme:   map[ProgrammeID][]int32{},
		pledges:       map[ActorID][]int32{},
		paidUp:        map[ActorID]int{},
		totals:        map[ActorID]*contributorTotals{},
		cashDays:      map[ActorID][]dayCash{},
		cashLog:       map[ActorID][]cashEvent{},
		totalsLog:     map[ActorID][]contributorTotals{},
	}
}

// Len returns how many entries the ledger holds.
func (l *Ledger) Len() int { return l.entries.len() }

// Entry returns the ledger's entry i, the first being 0.
func (l *Ledger) Entry(i int) *Entry { return l.entries.entry(int32(i)) }

// Find returns the entry with id id.
func (l *Ledger) Find(id EntryID) (*Entry, bool) {
	i, ok := l.find(id)
	if !ok {
		return nil, false
	}
	return l.entries.entry(i), true
}

// find returns the index of the entry with id id.
func (l *Ledger) find(id EntryID) (int32, bool) {
	if i, ok := l.byID[idHash(id)]; ok && string(l.entries.id(i)) == string(id) {
		return i, true
	}
	i, ok := l.idClash[id]
	return i, ok
}

// idHash hashes entry ids for byID: a variable for a test, which makes every id clash.
var idHash = fnv1a

// fnv1a is the 64-bit FNV-1a hash of id.
func fnv1a(id EntryID) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(id); i++ {
		h = (h ^ uint64(id[i])) * 1099511628211
	}
	return h
}

// Balance returns account a's signed balance in currency c (debits positive).
func (l *Ledger) Balance(a LedgerAccount, c money.Currency) Sum { return l.balances[a][c] }

// Natural returns a's balance in c on its normal side: positive for money a fund holds, for cash
// in a bank, for a pledge still due; clamped to what an amount holds (Held), which keeps its
// comparisons with any amount right.
func (l *Ledger) Natural(a LedgerAccount, c money.Currency) money.Amount {
	return a.Held(c, l.balances[a][c])
}

// nextID returns the id of the ledger's next entry when its act gives none.
func (l *Ledger) nextID() EntryID { return EntryID(fmt.Sprintf("e%d", l.Len()+1)) }

// check refuses entries, to be posted in order by one act, if one is not balanced (a bug:
// Internal), if one would take its contributor's totals past what they can count (a refusal
// under rule: only that contributor's own acts can), or if they would leave an account that
// cannot go below zero below zero (a refusal under rule, which names the account and what it
// holds). Balances are 128 bits wide: no act is refused because the acts before it filled one.
func (l *Ledger) check(rule string, entries ...*Entry) error {
	// The balances the entries touch, as they would be after them: a few, so a slice.
	type balance struct {
		account LedgerAccount
		cur     money.Currency
		v       Sum
	}
	after := make([]balance, 0, 8)
	// What the entries add to each contributor's totals: a pledge, a receipt or in-kind support
	// adds; a reversal only takes away.
	type added struct {
		c                     ActorID
		pledged, cash, inKind int64
	}
	var adds []added
	for _, e := range entries {
		if ok, cur := e.Balanced(); !ok || e.USD.Minor < 0 {
			return &Error{Kind: Internal, Msg: fmt.Sprintf("ledger: entry %s does not balance in %s, or is worth less than nothing", e.ID, cur)}
		}
		if e.Contributor != "" && (e.Type == EntryPledge || e.Type == EntryReceipt || e.Type == EntryInKind) {
			i := slices.IndexFunc(adds, func(a added) bool { return a.c == e.Contributor })
			if i < 0 {
				i = len(adds)
				t := l.totals[e.Contributor]
				if t == nil {
					t = &contributorTotals{}
				}
				adds = append(adds, added{c: e.Contributor, pledged: t.pledged, cash: t.cash, inKind: t.inKind})
			}
			a := &adds[i]
			field, what := &a.cash, "the cash received from"
			switch e.Type {
			case EntryPledge:
				field, what = &a.pledged, "the pledges of"
			case EntryInKind:
				field, what = &a.inKind, "the in-kind support of"
			}
			v, ok := money.AddMinor(*field, e.USD.Minor)
			if !ok {
				return refuse(rule, "%s would total more than the ledger counts for one contributor (USD %s)",
					what+" "+string(e.Contributor), money.Amount{Currency: "USD", Minor: math.MaxInt64}.Decimal())
			}
			*field = v
		}
		for _, p := range e.Postings {
			cur := p.Amount.Currency
			i := slices.IndexFunc(after, func(b balance) bool { return b.account == p.Account && b.cur == cur })
			if i < 0 {
				i = len(after)
				after = append(after, balance{account: p.Account, cur: cur, v: l.balances[p.Account][cur]})
			}
			after[i].v = after[i].v.Add(p.Signed())
		}
	}
	// The first account, then currency, in order, that would go below zero.
	slices.SortFunc(after, func(x, y balance) int {
		return cmp.Or(cmp.Compare(x.account, y.account), cmp.Compare(x.cur, y.cur))
	})
	for _, b := range after {
		if b.account.Held(b.cur, b.v).Minor < 0 && b.account.mustNotBeNegative() {
			return refuse(rule, "%s holds %s; this would take it below zero", describeAccount(b.account), l.Natural(b.account, b.cur))
		}
	}
	return nil
}

// checkCap refuses an act that brings money into the ledger (a pledge, a receipt) worth more
// than the rules' cap per act, in US dollars at the rate the act is recorded with (R18).
func checkCap(r *charter.Rules, rule string, e *Entry) error {
	limit := r.Treasury.MaxPerAct
	if limit.Minor > 0 && e.USD.Minor > limit.Minor {
		what := "the " + string(e.Type)
		if e.Amount.Currency != "USD" {
			what += fmt.Sprintf(" (%s)", e.USD)
		}
		return refuse(rule, "%s of %s is worth more than one act may bring into the ledger (treasury.max_per_act: %s)",
			what, e.Amount, limit)
	}
	return nil
}

// describeAccount names a ledger account for a refusal.
func describeAccount(a LedgerAccount) string {
	kind, id, _ := strings.Cut(string(a), ":")
	switch kind {
	case "bank":
		return "bank account " + id
	case "fund":
		return "fund " + id
	case "pledged":
		return "the pledges to fund " + id
	case "receivable":
		return "what " + id + " still owes on its pledges"
	case "in-kind":
		return "the in-kind contributions to fund " + id
	case "programme":
		return "programme " + id
	case "payee":
		return "what is owed to " + id
	}
	return string(a)
}

// add adds e to the ledger. It was checked when it was decided.
func (l *Ledger) add(e *Entry) { l.index(l.entries.add(e), e) }

// index adds entry i, e, packed already, to the ledger's indexes and balances.
func (l *Ledger) index(i int32, e *Entry) {
	if h := idHash(e.ID); !l.hasHash(h) {
		l.byID[h] = i
	} else {
		l.idClash[e.ID] = i
	}
	for _, p := range e.Postings {
		if l.balances[p.Account] == nil {
			l.balances[p.Account] = map[money.Currency]Sum{}
		}
		l.balances[p.Account][p.Amount.Currency] = l.balances[p.Account][p.Amount.Currency].Add(p.Signed())
	}
	if e.Contributor != "" {
		l.byContributor[e.Contributor] = append(l.byContributor[e.Contributor], i)
		l.count(e, 1)
	}
	if e.Programme != "" {
		l.byProgramme[e.Programme] = append(l.byProgramme[e.Programme], i)
	}
	switch e.Type {
	case EntryPledge:
		l.reopen(i, func() { l.open[i] = e.Amount.Minor })
		l.pledges[e.Contributor] = append(l.pledges[e.Contributor], i)
	case EntryReceipt:
		for _, s := range e.Settles {
			if p, ok := l.find(s.Pledge); ok { // a settlement of no pledge: deciding refuses it
				l.reopen(p, func() { l.open[p] -= s.Amount.Minor })
			}
		}
		l.skipPaid(e.Contributor)
		l.addCash(i, e.Contributor, e.ValueDate, e.USD.Minor)
	case EntryReversal:
		o, _ := l.find(e.Reverses)
		orig := l.entries.entry(o)
		l.count(orig, -1)
		switch orig.Type {
		case EntryPledge:
			l.reopen(o, func() {
				l.ReversedBy[e.Reverses] = e.ID
				l.open[o] = 0
			})
			l.skipPaid(orig.Contributor)
		case EntryReceipt:
			l.ReversedBy[e.Reverses] = e.ID
			l.addCash(i, orig.Contributor, orig.ValueDate, -orig.USD.Minor)
			for _, s := range orig.Settles {
				if p, ok := l.find(s.Pledge); ok {
					l.reopen(p, func() { l.open[p] += s.Amount.Minor })
				}
			}
			l.paidUp[orig.Contributor] = 0 // pledges it paid are open again
			l.skipPaid(orig.Contributor)
		default:
			l.ReversedBy[e.Reverses] = e.ID
		}
	}
	if e.Contributor != "" {
		l.totalsLog[e.Contributor] = append(l.totalsLog[e.Contributor], *l.totals[e.Contributor])
	}
	if (int(i)+1)%balanceEvery == 0 {
		var mark []balanceMark
		for a, byCur := range l.balances {
			for c, v := range byCur {
				mark = append(mark, balanceMark{a, c, v})
			}
		}
		slices.SortFunc(mark, func(x, y balanceMark) int {
			return cmp.Or(cmp.Compare(x.account, y.account), cmp.Compare(x.cur, y.cur))
		})
		l.marks = append(l.marks, mark)
	}
}

// hasHash reports whether an entry's id has hash h.
func (l *Ledger) hasHash(h uint64) bool {
	_, ok := l.byID[h]
	return ok
}

// addCash adds usd to c's cash received with value day day, which entry records.
func (l *Ledger) addCash(entry int32, c ActorID, day time.Time, usd int64) {
	l.cashLog[c] = append(l.cashLog[c], cashEvent{entry: entry, day: day.Unix(), usd: usd})
	days := l.cashDays[c]
	i, found := slices.BinarySearchFunc(days, day, compareDay)
	if !found {
		days = slices.Insert(days, i, dayCash{day: day}) // at the end but for a receipt backdated
	}
	days[i].usd += usd
	l.cashDays[c] = days
}

// cashBetween returns c's cash receipts not reversed with a value day from from, before to.
// The sum is at most c's cash total, which check keeps in 64 bits; it is added up wide anyway.
func (l *Ledger) cashBetween(c ActorID, from, to time.Time) int64 {
	days := l.cashDays[c]
	i, _ := slices.BinarySearchFunc(days, from, compareDay)
	var sum Sum
	for ; i < len(days) && days[i].day.Before(to); i++ {
		sum = sum.Add(days[i].usd)
	}
	return sum.Clamp()
}

func compareDay(d dayCash, t time.Time) int { return d.day.Compare(t) }

// cashRecordedBy returns c's cash receipts with a value day from from, before to, less their
// reversals, as recorded by t.
func (l *Ledger) cashRecordedBy(c ActorID, from, to, t time.Time) int64 {
	n := int32(l.countAt(t))
	log := l.cashLog[c]
	k := sort.Search(len(log), func(i int) bool { return log[i].entry >= n })
	lo, hi, at := from.Unix(), to.Unix(), t.Unix()
	var sum Sum
	for _, ev := range log[:k] {
		if ev.day >= lo && ev.day < hi && ev.day <= at {
			sum = sum.Add(ev.usd)
		}
	}
	return sum.Clamp()
}

// count adds (sign 1) or takes away (sign -1) a contributor's entry from its totals.
func (l *Ledger) count(e *Entry, sign int64) {
	if e.Contributor == "" {
		return
	}
	t := l.totals[e.Contributor]
	if t == nil {
		t = &contributorTotals{}
		l.totals[e.Contributor] = t
	}
	switch e.Type {
	case EntryPledge:
		t.pledged += sign * e.USD.Minor
	case EntryReceipt:
		t.cash += sign * e.USD.Minor
	case EntryInKind:
		t.inKind += sign * e.USD.Minor
	}
}

// reopen runs change, which changes what pledge i has open (or reverses it), and keeps its
// contributor's outstanding total.
func (l *Ledger) reopen(i int32, change func()) {
	p := l.entries.pledge(i)
	before := l.openUSD(i, p)
	change()
	if t := l.totals[p.contributor]; t != nil {
		t.outstanding += l.openUSD(i, p) - before
	}
}

// openUSD is what pledge i, p, has open, in US dollars at its rate: nothing once it is reversed.
func (l *Ledger) openUSD(i int32, p pledgeHead) int64 {
	if _, reversed := l.ReversedBy[EntryID(p.id)]; reversed {
		return 0
	}
	v, err := money.ToUSD(money.Amount{Currency: p.amount.Currency, Minor: l.open[i]}, p.rate)
	if err != nil {
		return 0
	}
	return v.Minor
}

// openPledges returns c's pledges from the first that may still be open, in order: receipts
// pay them oldest first, so a receipt costs what is open, not every pledge ever made.
func (l *Ledger) openPledges(c ActorID) []int32 { return l.pledges[c][l.paidUp[c]:] }

// skipPaid moves past c's leading pledges that have nothing left open.
func (l *Ledger) skipPaid(c ActorID) {
	ps, i := l.pledges[c], l.paidUp[c]
	for i < len(ps) && l.open[ps[i]] <= 0 {
		i++
	}
	l.paidUp[c] = i
}
