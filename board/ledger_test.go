package board_test

import (
	"fmt"
	"maps"
	"math"
	"math/rand"
	"reflect"
	"slices"
	"testing"
	"testing/quick"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/money"
)

// Property tests of the ledger (SPEC §9): whatever lawful treasury acts are done, in whatever
// order, every entry balances in each currency, every balance is the sum of the postings to it,
// nothing is created or lost (all accounts together hold zero in each currency), no fund, bank
// account, programme or pledge goes below zero, and reversing every entry, latest first, brings
// every account back to zero.

// ledgerGen draws random treasury acts, most of them lawful, some refused (too large, beyond a
// fund, a second approval by the same person …). Refused acts must change nothing.
type ledgerGen struct {
	r *rand.Rand
	w *world
}

var (
	genContributors = []board.ActorID{"state:QAT", "state:USA", "state:KWT", "org:fifa"}
	genCurrencies   = []money.Currency{"USD", "EUR", "JPY", "KWD"}
	genFunds        = []board.FundID{"general", "gaza-reconstruction", "isf"}
	genProgrammes   = []board.ProgrammeID{"p-usd", "p-eur"}
	genAccounts     = []board.AccountID{"main", "eur", ""}
	genApprovers    = []board.ActorID{exRubio, exRubioToo, exWitkoff, board.ChiefExecutive}
)

func (g *ledgerGen) pick(n int) int { return g.r.Intn(n) }

// amount draws an amount in cur: usually modest, sometimes huge (to reach the overflow checks).
func (g *ledgerGen) amount(cur money.Currency) money.Amount {
	var minor int64
	switch g.pick(10) {
	case 0:
		minor = math.MaxInt64 - g.r.Int63n(1000)
	case 1:
		minor = 1 + g.r.Int63n(10)
	default:
		minor = 1 + g.r.Int63n(1_000_000_00)
	}
	return money.Amount{Currency: cur, Minor: minor}
}

func (g *ledgerGen) act() (board.ActorID, board.Body) {
	l := &g.w.state.Treasury.Ledger
	cur := genCurrencies[g.pick(len(genCurrencies))]
	switch g.pick(8) {
	case 0:
		c := genContributors[g.pick(len(genContributors))]
		return c, &board.Pledge{Amount: g.amount(cur), Fund: genFunds[g.pick(len(genFunds))]}
	case 1, 2:
		rc := &board.Receive{Contributor: genContributors[g.pick(len(genContributors))], Amount: g.amount(cur),
			ValueDate: board.Day(g.w.state.Last), Form: board.FormCash, Fund: genFunds[g.pick(len(genFunds))],
			Account: genAccounts[g.pick(len(genAccounts))]}
		switch g.pick(4) {
		case 0:
			rc.Form, rc.Account = board.FormInKind, ""
		case 1:
			if cur != "USD" {
				rc.USDRate = fmt.Sprintf("%d.%03d", g.pick(3), 1+g.pick(999))
			}
		}
		return board.Secretariat, rc
	case 3:
		p := genProgrammes[g.pick(len(genProgrammes))]
		budgetCur := money.Currency("USD")
		if p == "p-eur" {
			budgetCur = "EUR"
		}
		return exWitkoff, &board.Allocate{Fund: genFunds[g.pick(len(genFunds))], Programme: p, Amount: g.amount(budgetCur)}
	case 4:
		p := genProgrammes[g.pick(len(genProgrammes))]
		id := board.DisbursementID(fmt.Sprintf("d%d", len(g.w.state.Treasury.Disbursements)+g.pick(2)))
		return board.Secretariat, &board.Disburse{ID: id, Programme: p, Payee: "payee " + string(rune('A'+g.pick(3))),
			Amount: g.amount(cur), Purpose: "works", Account: genAccounts[g.pick(len(genAccounts))]}
	case 5:
		ids := slices.Sorted(maps.Keys(g.w.state.Treasury.Disbursements))
		if len(ids) == 0 {
			return board.Secretariat, &board.SetRate{Date: board.Day(g.w.state.Last), Currency: "EUR", USDRate: "1.1", Source: "gen"}
		}
		return genApprovers[g.pick(len(genApprovers))], &board.ApproveDisbursement{Disbursement: ids[g.pick(len(ids))]}
	case 6:
		if l.Len() == 0 {
			return board.Secretariat, &board.Reverse{Entry: "e1", Reason: "gen"}
		}
		return board.Secretariat, &board.Reverse{Entry: l.Entry(g.pick(l.Len())).ID, Reason: "gen"}
	default:
		return board.Secretariat, &board.SetRate{Date: board.Day(g.w.state.Last), Currency: cur, USDRate: fmt.Sprintf("%d.%02d", g.pick(200), 1+g.pick(99)), Source: "gen"}
	}
}

// ledgerWorld is a treasury with rates for EUR, JPY and KWD, a euro account, a third fund, and
// two programmes, one budgeted in dollars and one in euros.
func ledgerWorld(t *testing.T) *world {
	t.Helper()
	w := treasury(t, nil, 3)
	at := ts("2026-02-01T10:00:00Z")
	w.must(t, at, exRubio, &board.OpenFund{ID: "isf", Name: "ISF"})
	w.must(t, at, exRubio, &board.OpenAccount{ID: "eur", Institution: "A European bank", Currency: "EUR"})
	for cur, r := range map[money.Currency]string{"EUR": "1.0813", "JPY": "0.006693698155", "KWD": "3.2561"} {
		w.must(t, at, board.Secretariat, &board.SetRate{Date: ts("2026-01-01"), Currency: cur, USDRate: r, Source: "test"})
	}
	w.must(t, at, board.Chairman, &board.CreateProgramme{ID: "p-usd", Name: "USD works", Subsidiary: "gaza", Budget: usd("92233720368547758.07")})
	w.must(t, at, board.Chairman, &board.CreateProgramme{ID: "p-eur", Name: "EUR works", Subsidiary: "gaza", Budget: eur("1000000000")})
	return w
}

// checkFirstYearCash checks that the ledger's sums by value day give each contributing State's
// first-year cash (R5) as its entries do.
func checkFirstYearCash(w *world) error {
	s := w.state
	end := w.rules.PermanentSeat.Window.After(board.Day(s.InForce)) // the window's end
	for c := range s.Treasury.Ledger.ContributorIDs() {
		code, ok := c.State()
		if !ok {
			continue
		}
		// As of the last act and after (the sums by value day), and before it (the receipts
		// and reversals recorded by then).
		for _, t := range []time.Time{s.Last, s.Last.AddDate(2, 0, 0), s.Last.Add(-time.Nanosecond), s.Last.Add(-7 * time.Hour),
			s.Last.AddDate(0, 0, -3), s.Last.AddDate(0, -2, 0), s.Last.AddDate(-1, 0, 0), end.Add(-time.Nanosecond), end.Add(20 * time.Hour)} {
			if got, want := s.FirstYearCash(w.rules, code, t), s.FirstYearCashByScan(w.rules, code, t); got != want {
				return fmt.Errorf("R5: %s's first-year cash as of %s: %s by value day, %s from its entries", code, t.Format(time.RFC3339), got, want)
			}
		}
	}
	return nil
}

// checkContributionsAfter checks that the pages of ContributionsAfter, followed from the first,
// are Contributions(c, t); and that it declines an entry that is not a line as the cursor.
func checkContributionsAfter(s *board.State, c board.ActorID, t time.Time) error {
	l := &s.Treasury.Ledger
	all := s.Contributions(c, t)
	// Pages of one line, of about an eighth, and one of all: as of an instant before the last
	// entry each page reads the entries from its first pledge on, so a long ledger in pages
	// of one would take minutes.
	sizes := []int{max(2, len(all)/8), len(all) + 1}
	if len(all) < 64 {
		sizes = append(sizes, 1)
	}
	for _, n := range sizes {
		var got []board.ContributionLine
		after := board.EntryID("")
		for pages := 0; ; pages++ {
			lines, more, ok := s.ContributionsAfter(c, t, after, n)
			if !ok {
				return fmt.Errorf("contributions of %q after %q as of %s: declined", c, after, t.Format(time.RFC3339Nano))
			}
			if len(lines) > n || (more && len(lines) != n) || pages > len(all)+1 {
				return fmt.Errorf("contributions of %q after %q: %d lines (at most %d), more %v", c, after, len(lines), n, more)
			}
			got = append(got, lines...)
			if !more {
				break
			}
			after = lines[len(lines)-1].Entry.ID
		}
		if len(got) != len(all) {
			return fmt.Errorf("contributions of %q as of %s, %d a page: %d lines; want %d", c, t.Format(time.RFC3339Nano), n, len(got), len(all))
		}
		for i := range got {
			if g, w := got[i], all[i]; g.Entry.ID != w.Entry.ID || g.ReversedBy != w.ReversedBy || g.Open != w.Open {
				return fmt.Errorf("contributions of %q as of %s, %d a page: line %d = %s (reversed by %q, open %v); want %s (%q, %v)",
					c, t.Format(time.RFC3339Nano), n, i, g.Entry.ID, g.ReversedBy, g.Open, w.Entry.ID, w.ReversedBy, w.Open)
			}
		}
	}
	if _, _, ok := s.ContributionsAfter(c, t, "no-such-entry", 5); ok {
		return fmt.Errorf("contributions of %q after an entry that is not: answered", c)
	}
	if l.Len() > 0 {
		if e := l.Entry(l.Len() - 1); e.Recorded.After(t) && e.Contributor != "" {
			if _, _, ok := s.ContributionsAfter(c, t, e.ID, 5); ok {
				return fmt.Errorf("contributions of %q as of %s after %s, recorded later: answered", c, t.Format(time.RFC3339Nano), e.ID)
			}
		}
	}
	return nil
}

// checkLedger checks the invariants of the ledger, and returns the first broken.
func checkLedger(s *board.State) error {
	l := &s.Treasury.Ledger
	// Each contributor's running totals are what its entries add up to.
	// As of the last act and after (the running totals, the balances), and before it (the
	// totals after each entry, the balances marked every few entries).
	instants := []time.Time{s.Last.AddDate(1, 0, 0), s.Last.Add(-7 * time.Hour), s.Last, s.Last.Add(-time.Nanosecond),
		s.Last.AddDate(0, 0, -3), s.Last.AddDate(0, -2, 0)}
	for c := range l.ContributorIDs() {
		for _, t := range instants {
			if got, want := s.Contributor(c, t), s.ContributorByScan(c, t); got != want {
				return fmt.Errorf("%s as of %s: totals %+v, its entries add up to %+v", c, t.Format(time.RFC3339Nano), got, want)
			}
		}
	}
	// Pages of all contributions and of two contributors', as of the last act (where
	// ContributionsAfter answers) and just before it (where it declines): every contributor's
	// at every instant would triple the test's time for no more cases.
	contributors := slices.Sorted(l.ContributorIDs())
	for _, t := range instants[2:4] {
		// A page of the newest contributions is that page of them all, reversed.
		for _, c := range append([]board.ActorID{""}, contributors[:min(2, len(contributors))]...) {
			if err := checkContributionsAfter(s, c, t); err != nil {
				return err
			}
			all := s.Contributions(c, t)
			slices.Reverse(all)
			for _, page := range [][2]int{{0, 5}, {3, 4}, {0, len(all) + 1}, {len(all) - 2, 10}, {len(all), 3}} {
				skip := max(0, page[0])
				got, total := s.NewestContributions(c, t, skip, page[1]), s.ContributionCount(c, t)
				want := all[min(skip, len(all)):min(skip+page[1], len(all))]
				if total != len(all) || len(got) != len(want) {
					return fmt.Errorf("newest contributions of %q as of %s, skipping %d, %d at most: %d lines of %d; want %d of %d",
						c, t.Format(time.RFC3339Nano), skip, page[1], len(got), total, len(want), len(all))
				}
				for i := range got {
					if g, w := got[i], want[i]; g.Entry.ID != w.Entry.ID || g.ReversedBy != w.ReversedBy || g.Open != w.Open {
						return fmt.Errorf("newest contributions of %q as of %s, skipping %d: line %d is %s (reversed by %q, open %v); want %s (%q, %v)",
							c, t.Format(time.RFC3339Nano), skip, i, g.Entry.ID, g.ReversedBy, g.Open, w.Entry.ID, w.ReversedBy, w.Open)
					}
				}
			}
		}
		if got, want := l.BalancesAt(t), l.BalancesAtByScan(t); !reflect.DeepEqual(got, want) {
			return fmt.Errorf("balances as of %s: %v; the entries add up to %v", t.Format(time.RFC3339Nano), got, want)
		}
	}
	sums := map[board.LedgerAccount]map[money.Currency]board.Sum{}
	for i := range l.Len() {
		e := l.Entry(i)
		if ok, cur := e.Balanced(); !ok {
			return fmt.Errorf("entry %s (%s) does not balance in %s: %v", e.ID, e.Type, cur, e.Postings)
		}
		for _, p := range e.Postings {
			if sums[p.Account] == nil {
				sums[p.Account] = map[money.Currency]board.Sum{}
			}
			sums[p.Account][p.Amount.Currency] = sums[p.Account][p.Amount.Currency].Add(p.Signed())
		}
		if e.Type == board.EntryReversal {
			orig, ok := l.Find(e.Reverses)
			if !ok || len(orig.Postings) != len(e.Postings) {
				return fmt.Errorf("reversal %s does not mirror entry %s", e.ID, e.Reverses)
			}
			for i, p := range e.Postings {
				if q := orig.Postings[i]; p.Account != q.Account || p.Amount != q.Amount || p.Signed() != -q.Signed() {
					return fmt.Errorf("reversal %s posting %d = %v; want %v on the other side", e.ID, i, p, q)
				}
			}
		}
	}
	total := map[money.Currency]board.Sum{}
	for a, byCur := range l.Balances() {
		for c, v := range byCur {
			if v != sums[a][c] {
				return fmt.Errorf("balance of %s in %s = %v; the postings add up to %v", a, c, v, sums[a][c])
			}
			total[c] = total[c].Plus(v)
			if held := a.Held(c, v); a != board.ExchangeAccount && held.Minor < 0 {
				return fmt.Errorf("%s holds %s: below zero", a, held)
			}
		}
	}
	for a, byCur := range sums {
		for c, v := range byCur {
			if l.Balances()[a][c] != v {
				return fmt.Errorf("postings to %s in %s add up to %v; the balance is %v", a, c, v, l.Balances()[a][c])
			}
		}
	}
	for c, v := range total {
		if v.Sign() != 0 {
			return fmt.Errorf("all accounts together hold %v %s; want 0 (money created or lost)", v, c)
		}
	}
	for i := range l.Len() {
		p := l.Entry(i)
		open, ok := l.Open(p.ID)
		if ok != (p.Type == board.EntryPledge) {
			return fmt.Errorf("entry %s (%s): Open reports a pledge: %v", p.ID, p.Type, ok)
		}
		if ok && (open.Minor < 0 || open.Minor > p.Amount.Minor || open.Currency != p.Amount.Currency) {
			return fmt.Errorf("pledge %s has %s open of %s", p.ID, open, p.Amount)
		}
	}
	return nil
}

// ledgerStats counts what the generated runs did, to show they were not vacuous.
type ledgerStats struct{ accepted, refused, receipts, payments, reversals int }

func runLedger(t *testing.T, seed int64, steps int, stats *ledgerStats) error {
	w := ledgerWorld(t)
	g := &ledgerGen{r: rand.New(rand.NewSource(seed)), w: w}
	at := ts("2026-02-02T00:00:00Z")
	for i := range steps {
		at = at.Add(time.Duration(1+g.pick(48*60)) * time.Minute)
		by, body := g.act()
		before := w.state.Treasury.Ledger.Len()
		if err := w.do(t, at, by, body); err != nil {
			stats.refused++
			if board.ErrorKindOf(err) == board.Internal {
				return fmt.Errorf("step %d: %s by %s: internal error: %v", i, body.Kind(), by, err)
			}
			if got := w.state.Treasury.Ledger.Len(); got != before {
				return fmt.Errorf("step %d: refused %s added entries", i, body.Kind())
			}
			continue
		}
		stats.accepted++
		for i := before; i < w.state.Treasury.Ledger.Len(); i++ {
			switch w.state.Treasury.Ledger.Entry(i).Type {
			case board.EntryReceipt, board.EntryInKind:
				stats.receipts++
			case board.EntryPayment:
				stats.payments++
			case board.EntryReversal:
				stats.reversals++
			}
		}
		if err := checkLedger(w.state); err != nil {
			return fmt.Errorf("step %d, after %s by %s: %v", i, body.Kind(), by, err)
		}
		if err := checkFirstYearCash(w); err != nil {
			return fmt.Errorf("step %d, after %s by %s: %v", i, body.Kind(), by, err)
		}
	}
	// Reversing every entry not yet reversed leaves every account at zero: a reversal neither
	// creates nor loses anything. Money is fungible, so an entry may have to wait until what
	// spent its money is reversed: passes go latest first until every entry is reversed.
	l := &w.state.Treasury.Ledger
	for pass := 0; ; pass++ {
		var left []board.EntryID
		var lastErr error
		for i := l.Len() - 1; i >= 0; i-- {
			e := l.Entry(i)
			if _, done := l.ReversedBy[e.ID]; done || e.Type == board.EntryReversal {
				continue
			}
			at = at.Add(time.Minute)
			if err := w.do(t, at, board.Secretariat, &board.Reverse{Entry: e.ID, Reason: "unwind"}); err != nil {
				if board.ErrorKindOf(err) != board.Refused {
					return fmt.Errorf("unwinding: reverse %s (%s): %v", e.ID, e.Type, err)
				}
				left, lastErr = append(left, e.ID), err
				continue
			}
			if err := checkLedger(w.state); err != nil {
				return fmt.Errorf("unwinding, after reversing %s: %v", e.ID, err)
			}
		}
		if len(left) == 0 {
			break
		}
		if pass > 10 {
			return fmt.Errorf("unwinding: %v cannot be reversed: %v", left, lastErr)
		}
	}
	for a, byCur := range l.Balances() {
		for c, v := range byCur {
			if v.Sign() != 0 {
				return fmt.Errorf("after reversing everything, %s holds %v %s; want 0", a, v, c)
			}
		}
	}
	for _, c := range w.state.Contributors(at) {
		if c.PledgedUSD.Minor != 0 || c.ReceivedCashUSD.Minor != 0 || c.ReceivedInKindUSD.Minor != 0 || c.OutstandingUSD.Minor != 0 {
			return fmt.Errorf("after reversing everything, %s = %+v; want zeros", c.Contributor, c)
		}
	}
	return nil
}

func TestLedgerInvariants(t *testing.T) {
	defer board.SetBalanceEvery(7)()
	var stats ledgerStats
	var failure error
	prop := func(seed int64) bool {
		failure = runLedger(t, seed, 120, &stats)
		return failure == nil
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 60, Rand: rand.New(rand.NewSource(2026))}); err != nil {
		t.Fatalf("%v: %v", err, failure)
	}
	t.Logf("%+v", stats)
	if stats.receipts < 100 || stats.payments < 10 || stats.reversals < 50 || stats.refused < 100 {
		t.Errorf("the generated runs did too little to test anything: %+v", stats)
	}
}

// Balanced names the first currency, in order, that does not balance.
func TestEntryBalanced(t *testing.T) {
	post := func(side board.Side, cur money.Currency, minor int64) board.Posting {
		return board.Posting{Account: "fund:gaza", Side: side, Amount: money.Amount{Currency: cur, Minor: minor}}
	}
	for _, c := range []struct {
		name     string
		postings []board.Posting
		ok       bool
		cur      money.Currency
	}{
		{"one currency", []board.Posting{post(board.Debit, "USD", 5), post(board.Credit, "USD", 2), post(board.Credit, "USD", 3)}, true, ""},
		{"two currencies", []board.Posting{post(board.Debit, "USD", 5), post(board.Debit, "EUR", 1), post(board.Credit, "EUR", 1), post(board.Credit, "USD", 5)}, true, ""},
		{"one posting", []board.Posting{post(board.Debit, "USD", 5)}, false, ""},
		{"off by one", []board.Posting{post(board.Debit, "USD", 5), post(board.Credit, "USD", 4)}, false, "USD"},
		{"first of two off, in order", []board.Posting{post(board.Debit, "USD", 5), post(board.Debit, "EUR", 1), post(board.Credit, "USD", 4), post(board.Credit, "EUR", 2)}, false, "EUR"},
		{"a zero posting", []board.Posting{post(board.Debit, "USD", 0), post(board.Credit, "USD", 0)}, false, "USD"},
		{"no side", []board.Posting{post(board.Debit, "USD", 1), post("", "USD", 1)}, false, "USD"},
		{"overflow", []board.Posting{post(board.Debit, "USD", math.MaxInt64), post(board.Debit, "USD", 1), post(board.Credit, "USD", 1)}, false, "USD"},
	} {
		e := board.Entry{Postings: c.postings}
		if ok, cur := e.Balanced(); ok != c.ok || cur != c.cur {
			t.Errorf("%s: Balanced() = %v, %q; want %v, %q", c.name, ok, cur, c.ok, c.cur)
		}
	}
}

// TestRedTeamLedgerOverflow is issue 17's finding 4: pledges of USD 5×10^16 by one contributor
// pushed the ledger's total past 64 bits, after which every receipt, even the secretariat's, was
// refused ("the amount is too large for the ledger"). One act above treasury.max_per_act is
// refused under R18; a contributor that pledges the cap over and over fills only its own totals:
// its own pledge is refused then, while others' pledges to the same fund and the secretariat's
// receipts are accepted, and the views add up without wrapping.
func TestRedTeamLedgerOverflow(t *testing.T) {
	w := treasury(t, nil, 20)
	at := ts("2026-02-19T17:00:00Z")
	capUSD := w.rules.Treasury.MaxPerAct
	if capUSD != usd("10000000000000") {
		t.Fatalf("treasury.max_per_act = %v; want the default of USD 10^13", capUSD)
	}
	for _, c := range []struct {
		name string
		by   board.ActorID
		body board.Body
	}{
		{"the finding's pledge of USD 5×10^16", "org:fifa", &board.Pledge{Amount: usd("50000000000000000")}},
		{"a pledge one cent above the cap", "org:fifa", &board.Pledge{Amount: usd("10000000000000.01")}},
		{"a cash receipt above the cap", board.Secretariat, cash("state:QAT", usd("10000000000000.01"), "2026-02-19")},
		{"in-kind support above the cap", board.Secretariat, &board.Receive{Contributor: "state:QAT", Amount: usd("20000000000000"),
			ValueDate: ts("2026-02-19"), Form: board.FormInKind}},
		{"a EUR pledge worth more than the cap in US dollars", board.Secretariat, &board.Receive{Contributor: "state:QAT",
			Amount: eur("9000000000000"), ValueDate: ts("2026-02-19"), Form: board.FormCash, USDRate: "1.2"}},
	} {
		t.Run("refused: "+c.name, func(t *testing.T) {
			wantRefusal(t, w.do(t, at, c.by, c.body), board.Refused, "R18")
		})
	}

	// One contributor pledges the cap until its own pledges total what 64 bits count: some
	// 9,223 pledges.
	accepted := 0
	var last error
	for range 9300 {
		if last = w.do(t, at, "org:fifa", &board.Pledge{Amount: capUSD}); last != nil {
			break
		}
		accepted++
	}
	if accepted < 9223 {
		t.Fatalf("org:fifa's pledge %d at the cap refused: %v; want about 9,223 accepted", accepted+1, last)
	}
	wantRefusal(t, last, board.Refused, "R18")

	// Others are not affected: the ledger's balances are wider than any one contributor's total.
	w.must(t, at, "state:QAT", &board.Pledge{Amount: usd("1000")})
	w.must(t, at, board.Secretariat, cash("state:QAT", usd("250"), "2026-02-19"))
	w.must(t, at, board.Secretariat, cash("state:USA", usd("1000000"), "2026-02-19"))
	w.must(t, at, board.Secretariat, cash("org:fifa", usd("1000000"), "2026-02-19"))
	w.must(t, at, board.Secretariat, &board.Pledge{Contributor: "state:KWT", Amount: capUSD})

	fifa := w.state.Contributor("org:fifa", at)
	if want := int64(accepted) * capUSD.Minor; fifa.PledgedUSD.Minor != want || fifa.OutstandingUSD.Minor != want-100000000 {
		t.Errorf("org:fifa = %+v; want pledged %d, outstanding USD 1m less", fifa, want)
	}
	for _, f := range w.state.FundList(w.rules, at) {
		if f.ID == "general" {
			if got := f.Pledged["USD"]; got.Minor != math.MaxInt64 {
				t.Errorf("the pledges to fund general = %v; want the most an amount holds, not a wrapped sum", got)
			}
			if got := f.Cash["USD"]; got != usd("2000250") {
				t.Errorf("fund general's cash = %v; want USD 2,000,250", got)
			}
		}
	}
	total := board.TotalOf(w.state.Contributors(at))
	if total.PledgedUSD.Minor != math.MaxInt64 || total.ReceivedCashUSD != usd("2000250") {
		t.Errorf("all contributors = %+v; want pledges clamped to the most an amount holds, and USD 2,000,250 received", total)
	}
	if err := checkLedger(w.state); err != nil {
		t.Error(err)
	}
}
