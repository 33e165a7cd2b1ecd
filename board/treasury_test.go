package board_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// The treasury's acts and events join the samples that the canonical-bytes and event round-trip
// tests walk (act_test.go), each with every field set.
func init() {
	sampleBodies = append(sampleBodies,
		&board.Pledge{ID: "usa-pledge", Contributor: "state:USA", Amount: usd("10000000000"), Fund: "gaza-reconstruction", Due: ts("2026-12-31"), Note: "at the first meeting"},
		&board.Receive{ID: "qat-1", Contributor: "state:QAT", Amount: money.Amount{Currency: "EUR", Minor: 12345}, ValueDate: ts("2026-03-01"),
			Form: board.FormCash, Account: "main", Fund: "general", USDRate: "1.0813", Note: "illustrative"},
		&board.SetRate{Date: ts("2026-03-01"), Currency: "EUR", USDRate: "1.0813", Source: "ECB euro reference rates"},
		&board.OpenFund{ID: "isf", Name: "Stabilization force", Purpose: "The ISF's costs"},
		&board.OpenAccount{ID: "eur", Institution: "A bank", Currency: "EUR"},
		&board.SetControls{Thresholds: []board.Threshold{{Above: usd("0"), Approvals: 1}, {Above: usd("5000000"), Approvals: 3}}},
		&board.Allocate{Fund: "general", Programme: "rubble", Amount: usd("1000")},
		&board.Disburse{ID: "d1", Programme: "rubble", Payee: "Acme & Sons", Amount: usd("500"), Purpose: "Trucks", Account: "main"},
		&board.ApproveDisbursement{Disbursement: "d1"},
		&board.Reverse{Entry: "e3", Reason: "entered twice"},
		&board.CreateProgramme{ID: "rubble", Name: "Rubble clearance", Area: "Gaza", Subsidiary: "gaza", Budget: usd("1000000")},
		&board.ReportProgress{Programme: "rubble", Text: "10% cleared"},
	)
	entry := board.Entry{
		ID: "e1", Type: board.EntryReceipt, Contributor: "state:QAT", Form: board.FormCash, Fund: "general", Account: "main",
		Programme: "rubble", Disbursement: "d1", Payee: "Acme", Amount: eur("100"), USD: usd("108.13"), Rate: rate("1.0813"),
		RateDate: ts("2026-03-01"), ValueDate: ts("2026-03-02"), Due: ts("2026-12-31"), Reverses: "e0", Note: "n",
		Settles: []board.Settlement{{Pledge: "p1", Amount: usd("108.13")}},
		Postings: []board.Posting{
			{Account: board.FundLedger("general"), Side: board.Credit, Amount: eur("100")},
			{Account: board.ExchangeAccount, Side: board.Debit, Amount: eur("100")},
			{Account: board.ExchangeAccount, Side: board.Credit, Amount: usd("108.13")},
			{Account: board.BankLedger("main"), Side: board.Debit, Amount: usd("108.13")},
		},
	}
	sampleEvents = append(sampleEvents,
		&board.Posted{Entry: entry},
		&board.RateSet{Date: ts("2026-03-01"), Currency: "EUR", USDRate: rate("1.0813"), Source: "ECB"},
		&board.FundOpened{ID: "isf", Name: "ISF", Purpose: "p"},
		&board.AccountOpened{ID: "eur", Institution: "A bank", Currency: "EUR"},
		&board.ControlsSet{Thresholds: []board.Threshold{{Above: usd("0"), Approvals: 1}}},
		&board.ProgrammeCreated{ID: "rubble", Name: "Rubble", Area: "Gaza", Subsidiary: "gaza", Budget: usd("1000")},
		&board.DisbursementRequested{ID: "d1", Programme: "rubble", Payee: "Acme", Amount: usd("5"), Purpose: "p", Account: "main",
			Pay: usd("5"), USD: usd("5"), Required: 2},
		&board.DisbursementApproved{Disbursement: "d1", By: "executive:rubio", Person: "Marco Rubio"},
		&board.ProgressReported{Programme: "rubble", By: board.ChiefExecutive, Text: "t"},
	)
}

func amount(cur, s string) money.Amount {
	a, err := money.Parse(cur + " " + s)
	if err != nil {
		panic(err)
	}
	return a
}

func usd(s string) money.Amount { return amount("USD", s) }
func eur(s string) money.Amount { return amount("EUR", s) }

func rate(s string) money.Rate {
	r, err := money.ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

const (
	exRubio    board.ActorID = "executive:rubio"
	exWitkoff  board.ActorID = "executive:witkoff"
	exKushner  board.ActorID = "executive:kushner"
	exRubioToo board.ActorID = "executive:rubio-2" // the same person under a second id
)

// treasury returns a world in force since eif with the first n States as members, three
// Executive Board members (and Rubio again under a second id), and the Gaza Executive Board,
// under rules r (the default if nil). Acts start at 2026-01-23.
func treasury(t *testing.T, r *charter.Rules, n int) *world {
	t.Helper()
	w := founded(t, r, n)
	at := ts("2026-01-22T12:00:00Z")
	w.must(t, at, board.Chairman, &board.AppointExecutive{ID: "rubio", Person: "Marco Rubio"})
	w.must(t, at, board.Chairman, &board.AppointExecutive{ID: "witkoff", Person: "Steve Witkoff"})
	w.must(t, at, board.Chairman, &board.AppointExecutive{ID: "kushner", Person: "Jared Kushner"})
	w.must(t, at, board.Chairman, &board.AppointExecutive{ID: "rubio-2", Person: "Marco Rubio"})
	w.must(t, at, board.Chairman, &board.CreateSubsidiary{ID: "gaza", Name: "Gaza Executive Board", Members: []string{"Steve Witkoff", "Jared Kushner"}})
	return w
}

// cash returns a cash receipt of amount from contributor c, dated valueDate.
func cash(c board.ActorID, a money.Amount, valueDate string) *board.Receive {
	return &board.Receive{Contributor: c, Amount: a, ValueDate: ts(valueDate), Form: board.FormCash}
}

// seat returns a State's permanent seat and first-year cash as of at, from the events up to at.
func (w *world) seat(t *testing.T, code board.StateCode, at time.Time) (bool, string) {
	t.Helper()
	v := w.member(t, code, at)
	return v.Permanent, v.CashUSDFirstYear.String()
}

func TestR5PermanentSeatFromCashReceipts(t *testing.T) {
	atLeast := rulesWith(func(r *charter.Rules) { r.PermanentSeat.Comparison = charter.AtLeast })
	tests := []struct {
		name      string
		rules     *charter.Rules
		receipts  []*board.Receive
		want      bool
		wantCash  string
		reverse   board.EntryID // an entry reversed after the receipts
		extraActs func(t *testing.T, w *world)
	}{
		{"exactly USD 1,000,000,000.00 is not more than the threshold (more-than, the charter)", nil,
			[]*board.Receive{cash("state:QAT", usd("1000000000.00"), "2026-03-01")}, false, "USD 1000000000.00", "", nil},
		{"exactly USD 1,000,000,000.00 is at least the threshold (at-least)", atLeast,
			[]*board.Receive{cash("state:QAT", usd("1000000000.00"), "2026-03-01")}, true, "USD 1000000000.00", "", nil},
		{"one cent more is more than the threshold (more-than)", nil,
			[]*board.Receive{cash("state:QAT", usd("1000000000.01"), "2026-03-01")}, true, "USD 1000000000.01", "", nil},
		{"one cent less is not at least the threshold (at-least)", atLeast,
			[]*board.Receive{cash("state:QAT", usd("999999999.99"), "2026-03-01")}, false, "USD 999999999.99", "", nil},
		{"receipts add up", nil,
			[]*board.Receive{cash("state:QAT", usd("600000000"), "2026-03-01"), cash("state:QAT", usd("400000000.01"), "2026-09-01")},
			true, "USD 1000000000.01", "", nil},
		{"a receipt on the window's last day counts", nil,
			[]*board.Receive{cash("state:QAT", usd("1000000000.01"), "2027-01-21")}, true, "USD 1000000000.01", "", nil},
		{"a receipt on the anniversary is outside the window", nil,
			[]*board.Receive{cash("state:QAT", usd("1000000000.01"), "2027-01-22")}, false, "USD 0.00", "", nil},
		{"a receipt on the day of entry into force counts", nil,
			[]*board.Receive{cash("state:QAT", usd("1000000000.01"), "2026-01-22")}, true, "USD 1000000000.01", "", nil},
		{"a receipt the day before entry into force is outside the window", nil,
			[]*board.Receive{cash("state:QAT", usd("1000000000.01"), "2026-01-21")}, false, "USD 0.00", "", nil},
		{"a EUR receipt converted at the rate dated on or before its value date", nil,
			[]*board.Receive{{Contributor: "state:QAT", Amount: eur("925000000"), ValueDate: ts("2026-03-02"), Form: board.FormCash}},
			// EUR 925,000,000 × 1.0813 (the 1 March rate; the 3 March rate comes after the value
			// date and is not used) = USD 1,000,202,500.00.
			true, "USD 1000202500.00", "", func(t *testing.T, w *world) {
				w.must(t, ts("2026-03-01T09:00:00Z"), board.Secretariat, &board.SetRate{Date: ts("2026-03-01"), Currency: "EUR", USDRate: "1.0813", Source: "ECB"})
				w.must(t, ts("2026-03-03T09:00:00Z"), board.Secretariat, &board.SetRate{Date: ts("2026-03-03"), Currency: "EUR", USDRate: "1.0000", Source: "ECB"})
			}},
		{"a EUR receipt at the rate it gives itself", nil,
			[]*board.Receive{{Contributor: "state:QAT", Amount: eur("925000000"), ValueDate: ts("2026-03-02"), Form: board.FormCash, USDRate: "1.08"}},
			false, "USD 999000000.00", "", nil},
		{"in-kind support counts for no seat", nil,
			[]*board.Receive{{Contributor: "state:QAT", Amount: usd("2000000000"), ValueDate: ts("2026-03-02"), Form: board.FormInKind}},
			false, "USD 0.00", "", nil},
		{"a pledge counts for no seat", nil, nil, false, "USD 0.00", "", func(t *testing.T, w *world) {
			w.must(t, ts("2026-02-19T17:00:00Z"), "state:QAT", &board.Pledge{Amount: usd("5000000000")})
		}},
		{"an organization's money counts for no State", nil,
			[]*board.Receive{cash("org:fifa", usd("2000000000"), "2026-03-01")}, false, "USD 0.00", "", nil},
		{"a reversed receipt no longer counts", nil,
			[]*board.Receive{{ID: "big", Contributor: "state:QAT", Amount: usd("2000000000"), ValueDate: ts("2026-03-01"), Form: board.FormCash}},
			false, "USD 0.00", "big", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := treasury(t, tt.rules, 20)
			if tt.extraActs != nil {
				tt.extraActs(t, w)
			}
			at := ts("2027-02-01T09:00:00Z")
			for _, rc := range tt.receipts {
				w.must(t, at, board.Secretariat, rc)
			}
			if tt.reverse != "" {
				w.must(t, at.Add(time.Hour), board.Secretariat, &board.Reverse{Entry: tt.reverse, Reason: "bounced"})
			}
			asOf := ts("2027-03-01")
			got, gotCash := w.seat(t, "QAT", asOf)
			if got != tt.want || gotCash != tt.wantCash {
				t.Errorf("QAT as of %s: permanent = %v, cash = %s; want %v, %s", date(asOf), got, gotCash, tt.want, tt.wantCash)
			}
			// The same asked of a state that holds a later act: FirstYearCash adds up what was
			// recorded by then rather than the sums by value day.
			later := w.state.Last.AddDate(0, 3, 0)
			w.must(t, later, board.Secretariat, &board.SetRate{Date: board.Day(later), Currency: "GBP", USDRate: "1.27", Source: "test"})
			v, ok := w.state.Member(w.rules, "QAT", asOf)
			if !ok {
				t.Fatal("QAT is not a member")
			}
			if v.Permanent != tt.want || v.CashUSDFirstYear.String() != tt.wantCash {
				t.Errorf("QAT as of %s, from a state with a later act: permanent = %v, cash = %s; want %v, %s", date(asOf), v.Permanent, v.CashUSDFirstYear, tt.want, tt.wantCash)
			}
			// R4 with R5: the term's last instant and its end; past it only a permanent seat keeps
			// QAT a member, for the test every act by a delegation runs as for the full view.
			for _, c := range []struct {
				at   time.Time
				want bool
			}{{ts("2029-01-21T23:59:59Z"), true}, {ts("2029-01-22"), tt.want}} {
				if got := w.state.IsMemberAt(w.rules, "QAT", c.at); got != c.want {
					t.Errorf("IsMemberAt(QAT, %s) = %v; want %v", c.at.Format(time.RFC3339), got, c.want)
				}
			}
		})
	}
}

func date(t time.Time) string { return t.Format(time.DateOnly) }

func TestR5PermanentSeatAsOf(t *testing.T) {
	w := treasury(t, nil, 20)
	w.must(t, ts("2026-03-05T10:00:00Z"), board.Secretariat, &board.Receive{ID: "qat-1", Contributor: "state:QAT",
		Amount: usd("1500000000"), ValueDate: ts("2026-03-01"), Form: board.FormCash})
	w.must(t, ts("2026-06-01T10:00:00Z"), board.Secretariat, &board.Reverse{Entry: "qat-1", Reason: "recorded in error"})

	t.Run("not before the receipt is recorded, though its value date has passed", func(t *testing.T) {
		if got, cash := w.seat(t, "QAT", ts("2026-03-04")); got || cash != "USD 0.00" {
			t.Errorf("as of 2026-03-04: permanent = %v, cash %s; want false, USD 0.00", got, cash)
		}
	})
	t.Run("once recorded", func(t *testing.T) {
		v := w.member(t, "QAT", ts("2026-03-05T10:00:00Z"))
		if !v.Permanent || v.CashUSDFirstYear != usd("1500000000") || !v.TermEnd.IsZero() {
			t.Errorf("as of the receipt: %+v; want permanent with USD 1500000000.00 and no term end", v)
		}
	})
	t.Run("the full state asked as of an earlier instant counts only what was recorded by then", func(t *testing.T) {
		v, _ := w.state.Member(w.rules, "QAT", ts("2026-03-04"))
		if v.Permanent || v.CashUSDFirstYear.Minor != 0 {
			t.Errorf("Member(QAT, 2026-03-04) on the full state = %+v; want no seat and no cash", v)
		}
		v, _ = w.state.Member(w.rules, "QAT", ts("2026-04-01"))
		if !v.Permanent {
			t.Errorf("Member(QAT, 2026-04-01) on the full state: not permanent; want permanent until the reversal")
		}
	})
	t.Run("not after the reversal", func(t *testing.T) {
		if got, _ := w.seat(t, "QAT", ts("2026-06-02")); got {
			t.Error("as of 2026-06-02 (after the reversal): permanent; want not")
		}
	})
}

func TestR5PermanentTermDoesNotExpire(t *testing.T) {
	w := treasury(t, nil, 20)
	w.must(t, ts("2026-03-05T10:00:00Z"), board.Secretariat, cash("state:QAT", usd("1000000000.01"), "2026-03-01"))
	for _, at := range []time.Time{termEnd.Add(-time.Second), termEnd, termEnd.AddDate(5, 0, 0)} {
		v := w.wantStatus(t, "QAT", at, board.StatusMember)
		if !v.Permanent || !v.TermEnd.IsZero() || !v.Ended.IsZero() {
			t.Errorf("QAT as of %s: %+v; want a permanent member with no term end", at.Format(time.RFC3339), v)
		}
	}
	w.wantEnded(t, "SAU", termEnd, termEnd, board.EndExpired)
	err := w.do(t, ts("2028-01-01"), board.Chairman, &board.RenewTerm{State: "QAT"})
	wantRefusal(t, err, board.Conflict, "R5")
}

func TestR5MoneyFromANonMember(t *testing.T) {
	w := treasury(t, nil, 20)
	// Kuwait pledged at the first meeting without being a member; it was never invited here.
	w.must(t, ts("2026-02-19T17:00:00Z"), "state:KWT", &board.Pledge{Amount: usd("1000000000"), Fund: "gaza-reconstruction"})
	w.must(t, ts("2026-03-01T10:00:00Z"), board.Secretariat, &board.Receive{Contributor: "state:KWT",
		Amount: usd("1000000000.01"), ValueDate: ts("2026-03-01"), Form: board.FormCash, Fund: "gaza-reconstruction"})
	if _, ok := w.asOf(ts("2026-03-02")).Member(w.rules, "KWT", ts("2026-03-02")); ok {
		t.Fatal("KWT has a member view; want none (never invited)")
	}
	c := w.asOf(ts("2026-03-02")).Contributor("state:KWT", ts("2026-03-02"))
	if c.PledgedUSD != usd("1000000000") || c.ReceivedCashUSD != usd("1000000000.01") || c.OutstandingUSD != usd("0") {
		t.Errorf("KWT's totals = %+v; want pledged 1bn, received 1bn and a cent, nothing outstanding", c)
	}
	// Its cash counts when it joins, though it paid before (R5).
	w.join(t, ts("2026-04-01T10:00:00Z"), "KWT")
	if got, cash := w.seat(t, "KWT", ts("2026-04-02")); !got || cash != "USD 1000000000.01" {
		t.Errorf("KWT after joining: permanent = %v, cash %s; want a permanent seat with USD 1000000000.01", got, cash)
	}
}

func TestR18Pledge(t *testing.T) {
	w := treasury(t, nil, 20)
	at := ts("2026-02-19T17:00:00Z")
	t.Run("a State pledges for itself", func(t *testing.T) {
		ev := w.events(t, at, "state:USA", &board.Pledge{ID: "usa", Amount: usd("10000000000"), Fund: "gaza-reconstruction"})
		p, _ := findEvent[*board.Posted](ev)
		if p.Entry.Contributor != "state:USA" || p.Entry.Type != board.EntryPledge || p.Entry.USD != usd("10000000000") {
			t.Errorf("entry = %+v; want a USD 10bn pledge by state:USA", p.Entry)
		}
	})
	t.Run("an organization pledges for itself", func(t *testing.T) {
		w.must(t, at, "org:fifa", &board.Pledge{Amount: usd("75000000"), Fund: "gaza-reconstruction"})
	})
	t.Run("the secretariat records a pledge naming the contributor", func(t *testing.T) {
		w.must(t, at, board.Secretariat, &board.Pledge{Contributor: "state:ARE", Amount: usd("1200000000"), Due: ts("2027-12-31")})
	})
	refusals := []struct {
		name string
		by   board.ActorID
		body *board.Pledge
		kind board.ErrorKind
		rule string
	}{
		{"a State pledging for another", "state:QAT", &board.Pledge{Contributor: "state:SAU", Amount: usd("1")}, board.Forbidden, "R18"},
		{"the Chairman", board.Chairman, &board.Pledge{Contributor: "state:SAU", Amount: usd("1")}, board.Forbidden, "R18"},
		{"the secretariat without a contributor", board.Secretariat, &board.Pledge{Amount: usd("1")}, board.Invalid, ""},
		{"a contributor that is not a State or organization", board.Secretariat, &board.Pledge{Contributor: "chairman", Amount: usd("1")}, board.Invalid, ""},
		{"no amount", "state:QAT", &board.Pledge{}, board.Invalid, ""},
		{"zero", "state:QAT", &board.Pledge{Amount: usd("0")}, board.Invalid, ""},
		{"an unknown fund", "state:QAT", &board.Pledge{Amount: usd("1"), Fund: "moon"}, board.NotFound, ""},
		{"due before the pledge", "state:QAT", &board.Pledge{Amount: usd("1"), Due: ts("2026-02-18")}, board.Invalid, ""},
		{"a repeated id", "state:QAT", &board.Pledge{ID: "usa", Amount: usd("1")}, board.Conflict, "R18"},
		{"an id of the ledger's numbering", "state:QAT", &board.Pledge{ID: "e7", Amount: usd("1")}, board.Invalid, ""},
		{"in a currency with no rate yet", "state:QAT", &board.Pledge{Amount: eur("1000")}, board.Refused, "R18"},
	}
	for _, tt := range refusals {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			wantRefusal(t, w.do(t, at, tt.by, tt.body), tt.kind, tt.rule)
		})
	}
	v := w.state.Contributor("state:ARE", at)
	if v.PledgedUSD != usd("1200000000") || v.OutstandingUSD != usd("1200000000") || v.ReceivedCashUSD.Minor != 0 {
		t.Errorf("ARE = %+v; want pledged and outstanding USD 1.2bn, nothing received", v)
	}
}

func TestR18Receive(t *testing.T) {
	w := treasury(t, nil, 20)
	at := ts("2026-03-05T10:00:00Z")
	w.must(t, ts("2026-02-19T17:00:00Z"), "state:QAT", &board.Pledge{ID: "qat-pledge", Amount: usd("1000000000")})
	w.must(t, ts("2026-03-01T09:00:00Z"), board.Secretariat, &board.SetRate{Date: ts("2026-03-01"), Currency: "EUR", USDRate: "1.1", Source: "test"})

	t.Run("cash goes to the general fund and the main account by default, and pays the pledge", func(t *testing.T) {
		ev := w.events(t, at, board.Secretariat, cash("state:QAT", usd("400000000"), "2026-03-04"))
		p, _ := findEvent[*board.Posted](ev)
		e := p.Entry
		if e.Fund != "general" || e.Account != "main" || len(e.Settles) != 1 || e.Settles[0].Amount != usd("400000000") {
			t.Errorf("entry = %+v; want fund general, account main, settling USD 400m of the pledge", e)
		}
		v := w.state.Contributor("state:QAT", at)
		if v.OutstandingUSD != usd("600000000") || v.ReceivedCashUSD != usd("400000000") {
			t.Errorf("QAT = %+v; want USD 400m received, 600m outstanding", v)
		}
	})
	t.Run("US dollar equivalents are rounded half-even to the cent", func(t *testing.T) {
		for _, c := range []struct{ eur, want string }{
			{"0.05", "0.06"}, // 0.055 → 0.06 (6 is even)
			{"0.15", "0.16"}, // 0.165 → 0.16
			{"0.25", "0.28"}, // 0.275 → 0.28
			{"0.35", "0.38"}, // 0.385 → 0.38
		} {
			ev := w.events(t, at, board.Secretariat, &board.Receive{Contributor: "org:x", Amount: eur(c.eur), ValueDate: ts("2026-03-04"), Form: board.FormCash})
			p, _ := findEvent[*board.Posted](ev)
			if p.Entry.USD != usd(c.want) || p.Entry.RateDate != ts("2026-03-01") {
				t.Errorf("EUR %s at 1.1: USD %s (rate of %s); want USD %s at the rate of 2026-03-01", c.eur, p.Entry.USD, p.Entry.RateDate, c.want)
			}
		}
	})
	t.Run("a EUR receipt into the US dollar account is converted through the exchange account", func(t *testing.T) {
		before := w.state.Treasury.Ledger.Natural(board.FundLedger("general"), "EUR")
		w.must(t, at, board.Secretariat, &board.Receive{Contributor: "state:XKX", Amount: eur("1000"), ValueDate: ts("2026-03-04"), Form: board.FormCash, USDRate: "1.2"})
		l := &w.state.Treasury.Ledger
		if got := l.Natural(board.FundLedger("general"), "EUR"); got.Minor-before.Minor != 100000 {
			t.Errorf("fund general EUR went from %s to %s; want EUR 1000 more", before, got)
		}
		if got := l.Balance(board.ExchangeAccount, "EUR"); got <= 0 {
			t.Errorf("exchange EUR balance = %d; want the euros given (a debit)", got)
		}
	})
	t.Run("in kind at its declared value, outside the fund's cash", func(t *testing.T) {
		cashBefore := w.state.Treasury.Ledger.Natural(board.FundLedger("general"), "USD")
		w.must(t, at, board.Secretariat, &board.Receive{Contributor: "state:KAZ", Amount: usd("5000000"), ValueDate: ts("2026-03-04"), Form: board.FormInKind, Note: "wheat"})
		v := w.state.Contributor("state:KAZ", at)
		if v.ReceivedInKindUSD != usd("5000000") || v.ReceivedCashUSD.Minor != 0 {
			t.Errorf("KAZ = %+v; want USD 5m in kind, no cash", v)
		}
		if got := w.state.Treasury.Ledger.Natural(board.FundLedger("general"), "USD"); got != cashBefore {
			t.Errorf("fund general USD = %s after an in-kind receipt; want unchanged %s", got, cashBefore)
		}
		if got, _ := w.seat(t, "KAZ", at); got {
			t.Error("KAZ permanent after in-kind; want not")
		}
	})
	refusals := []struct {
		name string
		body *board.Receive
		kind board.ErrorKind
		rule string
	}{
		{"no rate for the currency on or before the value date", &board.Receive{Contributor: "state:QAT", Amount: amount("GBP", "100"), ValueDate: ts("2026-03-04"), Form: board.FormCash}, board.Refused, "R18"},
		{"a EUR receipt dated before the first EUR rate", &board.Receive{Contributor: "state:QAT", Amount: eur("100"), ValueDate: ts("2026-02-28"), Form: board.FormCash}, board.Refused, "R18"},
		{"no form", &board.Receive{Contributor: "state:QAT", Amount: usd("1"), ValueDate: ts("2026-03-04")}, board.Invalid, ""},
		{"no value date", &board.Receive{Contributor: "state:QAT", Amount: usd("1"), Form: board.FormCash}, board.Invalid, ""},
		{"a value date after the day recorded", cash("state:QAT", usd("1"), "2026-03-06"), board.Invalid, ""},
		{"a rate for US dollars other than 1", &board.Receive{Contributor: "state:QAT", Amount: usd("1"), ValueDate: ts("2026-03-04"), Form: board.FormCash, USDRate: "1.1"}, board.Invalid, ""},
		{"a malformed rate", &board.Receive{Contributor: "state:QAT", Amount: eur("1"), ValueDate: ts("2026-03-04"), Form: board.FormCash, USDRate: "1,1"}, board.Invalid, ""},
		{"in kind into a bank account", &board.Receive{Contributor: "state:QAT", Amount: usd("1"), ValueDate: ts("2026-03-04"), Form: board.FormInKind, Account: "main"}, board.Invalid, ""},
		{"an unknown account", &board.Receive{Contributor: "state:QAT", Amount: usd("1"), ValueDate: ts("2026-03-04"), Form: board.FormCash, Account: "swiss"}, board.NotFound, ""},
		{"no contributor", &board.Receive{Amount: usd("1"), ValueDate: ts("2026-03-04"), Form: board.FormCash}, board.Invalid, ""},
	}
	for _, tt := range refusals {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			n := w.state.Treasury.Ledger.Len()
			wantRefusal(t, w.do(t, at, board.Secretariat, tt.body), tt.kind, tt.rule)
			if got := w.state.Treasury.Ledger.Len(); got != n {
				t.Errorf("%d entries after a refusal; want %d", got, n)
			}
		})
	}
	t.Run("refused: by a State", func(t *testing.T) {
		wantRefusal(t, w.do(t, at, "state:QAT", cash("state:QAT", usd("1"), "2026-03-04")), board.Forbidden, "R18")
	})
}

func TestR18SetRate(t *testing.T) {
	w := treasury(t, nil, 3)
	at := ts("2026-03-05T10:00:00Z")
	w.must(t, at, board.Secretariat, &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "1.0800", Source: "ECB"})
	w.must(t, at, board.Secretariat, &board.SetRate{Date: ts("2026-03-04"), Currency: "EUR", USDRate: "1.09", Source: "ECB"})
	w.must(t, at, board.Secretariat, &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "1.07", Source: "ECB, corrected"})
	for _, c := range []struct{ day, want string }{{"2026-03-01", ""}, {"2026-03-02", "1.07"}, {"2026-03-03", "1.07"}, {"2026-03-04", "1.09"}, {"2027-01-01", "1.09"}} {
		r, ok := w.state.Treasury.RateOn("EUR", ts(c.day))
		if r.Rate.String() != c.want || ok != (c.want != "") {
			t.Errorf("RateOn(EUR, %s) = %s, %v; want %q", c.day, r.Rate, ok, c.want)
		}
	}
	for _, tt := range []struct {
		name string
		body *board.SetRate
	}{
		{"the US dollar", &board.SetRate{Date: ts("2026-03-02"), Currency: "USD", USDRate: "1", Source: "x"}},
		{"an unknown currency", &board.SetRate{Date: ts("2026-03-02"), Currency: "XYZ", USDRate: "1", Source: "x"}},
		{"a future date", &board.SetRate{Date: ts("2026-03-06"), Currency: "EUR", USDRate: "1", Source: "x"}},
		{"zero", &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "0.000", Source: "x"}},
		{"a negative rate", &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "-1.1", Source: "x"}},
		{"an exponent", &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "1e0", Source: "x"}},
		{"no source", &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "1.1"}},
		{"no date", &board.SetRate{Currency: "EUR", USDRate: "1.1", Source: "x"}},
	} {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			wantRefusal(t, w.do(t, at, board.Secretariat, tt.body), board.Invalid, "")
		})
	}
}

func TestR18FundsAndAccounts(t *testing.T) {
	w := treasury(t, nil, 3)
	at := ts("2026-02-01T10:00:00Z")
	w.must(t, at, exRubio, &board.OpenFund{ID: "isf", Name: "International Stabilization Force", Purpose: "troops"})
	w.must(t, at, exRubio, &board.OpenAccount{ID: "eur", Institution: "A European bank", Currency: "EUR"})
	for _, tt := range []struct {
		name string
		by   board.ActorID
		body board.Body
		kind board.ErrorKind
		rule string
	}{
		{"a fund opened by the Chairman", board.Chairman, &board.OpenFund{ID: "x", Name: "X"}, board.Forbidden, "R18"},
		{"a fund opened by the secretariat", board.Secretariat, &board.OpenFund{ID: "x", Name: "X"}, board.Forbidden, "R18"},
		{"an account opened by a State", "state:USA", &board.OpenAccount{ID: "x", Institution: "X", Currency: "USD"}, board.Forbidden, "R19"},
		{"a fund opened by an executive not on the board", "executive:nobody", &board.OpenFund{ID: "x", Name: "X"}, board.Forbidden, "R17"},
		{"a repeated fund id", exRubio, &board.OpenFund{ID: "isf", Name: "X"}, board.Conflict, "R18"},
		{"the id of a fund of the rules file", exRubio, &board.OpenFund{ID: "general", Name: "X"}, board.Conflict, "R18"},
		{"the id of an account of the rules file", exRubio, &board.OpenAccount{ID: "main", Institution: "X", Currency: "USD"}, board.Conflict, "R19"},
		{"a repeated account id", exRubio, &board.OpenAccount{ID: "eur", Institution: "X", Currency: "EUR"}, board.Conflict, "R19"},
		{"an account in an unknown currency", exRubio, &board.OpenAccount{ID: "x", Institution: "X", Currency: "XYZ"}, board.Invalid, ""},
		{"a fund without a name", exRubio, &board.OpenFund{ID: "x"}, board.Invalid, ""},
		{"a fund id that is not a slug", exRubio, &board.OpenFund{ID: "Big Fund", Name: "X"}, board.Invalid, ""},
	} {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			wantRefusal(t, w.do(t, at, tt.by, tt.body), tt.kind, tt.rule)
		})
	}
	t.Run("a receipt into the EUR account stays in euros", func(t *testing.T) {
		w.must(t, ts("2026-02-02T10:00:00Z"), board.Secretariat, &board.Receive{Contributor: "state:BGR", Amount: eur("1000"), ValueDate: ts("2026-02-02"),
			Form: board.FormCash, Account: "eur", Fund: "isf", USDRate: "1.1"})
		accounts := w.state.AccountList(w.rules, ts("2026-02-03"))
		if len(accounts) != 2 || accounts[1].ID != "eur" || accounts[1].Balance != eur("1000") || accounts[0].Balance != usd("0") {
			t.Errorf("accounts = %+v; want main at USD 0 and eur at EUR 1000", accounts)
		}
		funds := w.state.FundList(w.rules, ts("2026-02-03"))
		if len(funds) != 3 || funds[2].ID != "isf" || funds[2].Cash["EUR"] != eur("1000") {
			t.Errorf("funds = %+v; want general, gaza-reconstruction, isf with EUR 1000", funds)
		}
		if got := w.state.FundList(w.rules, ts("2026-01-31")); len(got) != 2 {
			t.Errorf("funds as of 2026-01-31: %d; want the rules file's 2", len(got))
		}
	})
}

// programme sets up a funded programme: USD 50m received into the general fund, a programme with
// a budget of USD 40m, and USD 30m allocated to it.
func programme(t *testing.T, w *world) {
	t.Helper()
	at := ts("2026-03-01T10:00:00Z")
	w.must(t, at, board.Secretariat, cash("state:QAT", usd("50000000"), "2026-03-01"))
	w.must(t, at, board.Chairman, &board.CreateProgramme{ID: "rubble", Name: "Rubble clearance", Area: "Gaza", Subsidiary: "gaza", Budget: usd("40000000")})
	w.must(t, at, exRubio, &board.Allocate{Fund: "general", Programme: "rubble", Amount: usd("30000000")})
}

func TestR18Allocate(t *testing.T) {
	w := treasury(t, nil, 3)
	programme(t, w)
	at := ts("2026-03-02T10:00:00Z")
	for _, tt := range []struct {
		name string
		by   board.ActorID
		body *board.Allocate
		kind board.ErrorKind
		rule string
	}{
		{"beyond the budget", exRubio, &board.Allocate{Fund: "general", Programme: "rubble", Amount: usd("10000000.01")}, board.Refused, "R18"},
		{"beyond what the fund holds", exRubio, &board.Allocate{Fund: "gaza-reconstruction", Programme: "rubble", Amount: usd("1")}, board.Refused, "R18"},
		{"in another currency than the budget", exRubio, &board.Allocate{Fund: "general", Programme: "rubble", Amount: eur("1")}, board.Invalid, ""},
		{"an unknown programme", exRubio, &board.Allocate{Fund: "general", Programme: "moon", Amount: usd("1")}, board.NotFound, ""},
		{"by the secretariat", board.Secretariat, &board.Allocate{Fund: "general", Programme: "rubble", Amount: usd("1")}, board.Forbidden, "R18"},
	} {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			wantRefusal(t, w.do(t, at, tt.by, tt.body), tt.kind, tt.rule)
		})
	}
	w.must(t, at, exWitkoff, &board.Allocate{Fund: "general", Programme: "rubble", Amount: usd("10000000")})
	p := w.state.ProgrammeList(at)[0]
	if p.Allocated != usd("40000000") || p.Available["USD"] != usd("40000000") {
		t.Errorf("programme = %+v; want USD 40m allocated and available", p)
	}
}

func TestR18DisbursementApprovals(t *testing.T) {
	at := ts("2026-03-02T10:00:00Z")
	disburse := func(id board.DisbursementID, a money.Amount) *board.Disburse {
		return &board.Disburse{ID: id, Programme: "rubble", Payee: "Gaza Rubble Works", Amount: a, Purpose: "clearing"}
	}
	status := func(w *world, id board.DisbursementID) board.DisbursementView {
		for _, d := range w.state.DisbursementList(at.Add(24 * time.Hour)) {
			if d.ID == id {
				return d
			}
		}
		t.Fatalf("no disbursement %s", id)
		return board.DisbursementView{}
	}
	t.Run("up to USD 10,000,000 one approval pays", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, board.Secretariat, disburse("d1", usd("10000000")))
		if d := status(w, "d1"); d.Status != board.DisbursementPending || d.Required != 1 {
			t.Fatalf("d1 = %+v; want pending, 1 approval required (exactly USD 10m is not above the tier)", d)
		}
		w.must(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "d1"})
		if d := status(w, "d1"); d.Status != board.DisbursementPaid {
			t.Errorf("d1 status = %s; want paid", d.Status)
		}
		if got := w.state.AccountList(w.rules, at)[0].Balance; got != usd("40000000") {
			t.Errorf("main holds %s; want USD 40m", got)
		}
		wantRefusal(t, w.do(t, at, exWitkoff, &board.ApproveDisbursement{Disbursement: "d1"}), board.Conflict, "R18")
	})
	t.Run("above USD 10,000,000 two distinct people", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, board.Secretariat, disburse("d2", usd("10000000.01")))
		w.must(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "d2"})
		if d := status(w, "d2"); d.Status != board.DisbursementPending || d.Required != 2 || len(d.Approvals) != 1 {
			t.Fatalf("d2 = %+v; want pending with 1 of 2 approvals", d)
		}
		t.Run("a second approval by the same person is refused", func(t *testing.T) {
			wantRefusal(t, w.do(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "d2"}), board.Conflict, "R18")
		})
		t.Run("also under another executive id", func(t *testing.T) {
			wantRefusal(t, w.do(t, at, exRubioToo, &board.ApproveDisbursement{Disbursement: "d2"}), board.Conflict, "R18")
		})
		if d := status(w, "d2"); d.Status != board.DisbursementPending {
			t.Fatalf("d2 = %s after refused approvals; want pending", d.Status)
		}
		t.Run("the secretariat cannot approve", func(t *testing.T) {
			wantRefusal(t, w.do(t, at, board.Secretariat, &board.ApproveDisbursement{Disbursement: "d2"}), board.Forbidden, "R18")
		})
		w.must(t, at, board.ChiefExecutive, &board.ApproveDisbursement{Disbursement: "d2"})
		if d := status(w, "d2"); d.Status != board.DisbursementPaid || len(d.Approvals) != 2 {
			t.Errorf("d2 = %+v; want paid with 2 approvals", d)
		}
	})
	t.Run("controls set by the Executive Board apply to later requests", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, board.Secretariat, disburse("before", usd("2000000")))
		w.must(t, at, exKushner, &board.SetControls{Thresholds: []board.Threshold{{Above: usd("0"), Approvals: 1}, {Above: usd("1000000"), Approvals: 3}}})
		w.must(t, at, board.Secretariat, disburse("after", usd("2000000")))
		if b, a := status(w, "before").Required, status(w, "after").Required; b != 1 || a != 3 {
			t.Errorf("required approvals: before %d, after %d; want 1 and 3", b, a)
		}
		for _, th := range [][]board.Threshold{
			nil,
			{{Above: usd("10"), Approvals: 1}, {Above: usd("5"), Approvals: 2}},
			{{Above: usd("0"), Approvals: 0}},
			{{Above: usd("0"), Approvals: 1}, {Above: eur("5"), Approvals: 2}},
		} {
			wantRefusal(t, w.do(t, at, exKushner, &board.SetControls{Thresholds: th}), board.Invalid, "")
		}
		wantRefusal(t, w.do(t, at, board.Chairman, &board.SetControls{Thresholds: []board.Threshold{{Above: usd("0"), Approvals: 1}}}), board.Forbidden, "R18")
	})
	t.Run("refusals", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, board.Secretariat, disburse("d1", usd("1000")))
		wantRefusal(t, w.do(t, at, board.Secretariat, disburse("d1", usd("1000"))), board.Conflict, "R18")
		wantRefusal(t, w.do(t, at, board.Secretariat, disburse("d3", usd("30000000"))), board.Refused, "R18") // 1000 already committed
		wantRefusal(t, w.do(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "nope"}), board.NotFound, "")
		wantRefusal(t, w.do(t, at, board.Secretariat, &board.Disburse{ID: "d4", Programme: "rubble", Amount: usd("1"), Purpose: "p"}), board.Invalid, "")
	})
	t.Run("a bank account that does not hold the money refuses the payment", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, exRubio, &board.OpenAccount{ID: "eur", Institution: "A European bank", Currency: "EUR"})
		w.must(t, at, board.Secretariat, &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "1.25", Source: "test"})
		w.must(t, at, board.Secretariat, &board.Disburse{ID: "d5", Programme: "rubble", Payee: "P", Amount: usd("1000"), Purpose: "p", Account: "eur"})
		if d := status(w, "d5"); d.Pay != eur("800") {
			t.Errorf("d5 pays %s; want EUR 800 (USD 1000 at 1.25)", d.Pay)
		}
		wantRefusal(t, w.do(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "d5"}), board.Refused, "R18")
	})
	t.Run("a disbursement cancelled by reversing its commitment", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, board.Secretariat, disburse("d6", usd("1000")))
		d := status(w, "d6")
		w.must(t, at, board.Secretariat, &board.Reverse{Entry: d.Commitment, Reason: "withdrawn"})
		if d := status(w, "d6"); d.Status != board.DisbursementCancelled {
			t.Errorf("d6 = %s; want cancelled", d.Status)
		}
		wantRefusal(t, w.do(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "d6"}), board.Refused, "R18")
	})
	t.Run("a paid disbursement's commitment is reversed only after its payment", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, board.Secretariat, disburse("d7", usd("1000")))
		w.must(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "d7"})
		d := status(w, "d7")
		wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: d.Commitment, Reason: "x"}), board.Refused, "R18")
		w.must(t, at, board.Secretariat, &board.Reverse{Entry: d.Payment, Reason: "returned by the bank"})
		if d := status(w, "d7"); d.Status != board.DisbursementPaymentReversed {
			t.Errorf("d7 = %s; want payment-reversed", d.Status)
		}
		w.must(t, at, board.Secretariat, &board.Reverse{Entry: d.Commitment, Reason: "cancelled"})
		if d := status(w, "d7"); d.Status != board.DisbursementCancelled {
			t.Errorf("d7 = %s; want cancelled", d.Status)
		}
	})
}

// TestR18ReceiptsPayPledgesOldestFirst follows which pledges each receipt settles while pledges
// are paid up, cancelled, and reopened by reversing the receipt that paid them: a receipt always
// pays the oldest pledges with something open, in order.
func TestR18ReceiptsPayPledgesOldestFirst(t *testing.T) {
	w := treasury(t, nil, 3)
	at := ts("2026-03-01T10:00:00Z")
	for _, id := range []board.EntryID{"p1", "p2", "p3", "p4"} {
		w.must(t, at, "state:QAT", &board.Pledge{ID: id, Amount: usd("100")})
	}
	settles := func(rc *board.Receive) string {
		t.Helper()
		p, _ := findEvent[*board.Posted](w.events(t, at, board.Secretariat, rc))
		var out []string
		for _, s := range p.Entry.Settles {
			out = append(out, fmt.Sprintf("%s:%s", s.Pledge, s.Amount))
		}
		return strings.Join(out, " ")
	}
	receive := func(id board.EntryID, amount string) *board.Receive {
		return &board.Receive{ID: id, Contributor: "state:QAT", Amount: usd(amount), ValueDate: at, Form: board.FormCash}
	}
	for _, step := range []struct {
		do   func()
		rc   *board.Receive
		want string
	}{
		{nil, receive("r1", "150"), "p1:USD 100.00 p2:USD 50.00"},
		{nil, receive("r2", "50"), "p2:USD 50.00"},
		// p1 and p2 are paid up; cancelling p3 leaves p4 the oldest open.
		{func() { w.must(t, at, board.Secretariat, &board.Reverse{Entry: "p3", Reason: "withdrawn"}) }, receive("r3", "30"), "p4:USD 30.00"},
		// Reversing r1 reopens p1 and half of p2, before p4.
		{func() { w.must(t, at, board.Secretariat, &board.Reverse{Entry: "r1", Reason: "bounced"}) }, receive("r4", "200"), "p1:USD 100.00 p2:USD 50.00 p4:USD 50.00"},
		{nil, receive("r5", "100"), "p4:USD 20.00"},
	} {
		if step.do != nil {
			step.do()
		}
		if got := settles(step.rc); got != step.want {
			t.Errorf("%s settles %q; want %q", step.rc.ID, got, step.want)
		}
	}
}

func TestR18Reverse(t *testing.T) {
	w := treasury(t, nil, 3)
	at := ts("2026-03-01T10:00:00Z")
	w.must(t, at, "state:QAT", &board.Pledge{ID: "p", Amount: usd("100")})
	w.must(t, at, board.Secretariat, &board.Receive{ID: "r", Contributor: "state:QAT", Amount: usd("60"), ValueDate: at, Form: board.FormCash})
	wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: "p", Reason: "x"}), board.Refused, "R18")
	ev := w.events(t, at, board.Secretariat, &board.Reverse{Entry: "r", Reason: "bounced"})
	rev, _ := findEvent[*board.Posted](ev)
	if rev.Entry.Type != board.EntryReversal || rev.Entry.Reverses != "r" || len(rev.Entry.Postings) != 4 {
		t.Errorf("reversal = %+v; want 4 postings reversing r", rev.Entry)
	}
	if v := w.state.Contributor("state:QAT", at); v.OutstandingUSD != usd("100") || v.ReceivedCashUSD.Minor != 0 {
		t.Errorf("QAT after the reversal = %+v; want USD 100 outstanding again and nothing received", v)
	}
	wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: "r", Reason: "x"}), board.Conflict, "R18")
	wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: rev.Entry.ID, Reason: "x"}), board.Refused, "R18")
	wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: "nope", Reason: "x"}), board.NotFound, "")
	wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: "p"}), board.Invalid, "")
	w.must(t, at, board.Secretariat, &board.Reverse{Entry: "p", Reason: "withdrawn"})
	if v := w.state.Contributor("state:QAT", at); v.PledgedUSD.Minor != 0 || v.OutstandingUSD.Minor != 0 {
		t.Errorf("QAT after reversing the pledge = %+v; want nothing pledged", v)
	}

	t.Run("a receipt whose money was allocated", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		first := w.state.Treasury.Ledger.Entry(0).ID
		wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: first, Reason: "x"}), board.Refused, "R18")
	})
}

func TestR19Programmes(t *testing.T) {
	w := treasury(t, nil, 3)
	programme(t, w)
	at := ts("2026-03-02T10:00:00Z")
	for _, tt := range []struct {
		name string
		by   board.ActorID
		body board.Body
		kind board.ErrorKind
		rule string
	}{
		{"a repeated id", board.Chairman, &board.CreateProgramme{ID: "rubble", Name: "X", Subsidiary: "gaza", Budget: usd("1")}, board.Conflict, "R19"},
		{"an unknown subsidiary", board.Chairman, &board.CreateProgramme{ID: "x", Name: "X", Subsidiary: "moon", Budget: usd("1")}, board.NotFound, ""},
		{"no budget", board.Chairman, &board.CreateProgramme{ID: "x", Name: "X", Subsidiary: "gaza"}, board.Invalid, ""},
		{"by an executive", exRubio, &board.CreateProgramme{ID: "x", Name: "X", Subsidiary: "gaza", Budget: usd("1")}, board.Forbidden, "R19"},
		{"a report by an executive who does not sit on the subsidiary", exRubio, &board.ReportProgress{Programme: "rubble", Text: "t"}, board.Forbidden, "R19"},
		{"a report by the secretariat", board.Secretariat, &board.ReportProgress{Programme: "rubble", Text: "t"}, board.Forbidden, "R19"},
		{"a report on an unknown programme", exWitkoff, &board.ReportProgress{Programme: "moon", Text: "t"}, board.NotFound, ""},
		{"an empty report", exWitkoff, &board.ReportProgress{Programme: "rubble"}, board.Invalid, ""},
	} {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			wantRefusal(t, w.do(t, at, tt.by, tt.body), tt.kind, tt.rule)
		})
	}
	w.must(t, at, exWitkoff, &board.ReportProgress{Programme: "rubble", Text: "20% cleared"})
	w.must(t, at, board.ChiefExecutive, &board.ReportProgress{Programme: "rubble", Text: "25% cleared"})
	if got := w.state.ProgrammeList(at)[0].Reports; len(got) != 2 || got[0].By != exWitkoff {
		t.Errorf("reports = %+v; want 2, the first by %s", got, exWitkoff)
	}
	w.must(t, at, board.Chairman, &board.DissolveSubsidiary{ID: "gaza"})
	wantRefusal(t, w.do(t, at, board.Chairman, &board.CreateProgramme{ID: "y", Name: "Y", Subsidiary: "gaza", Budget: usd("1")}), board.Refused, "R14")
}

func TestTreasuryView(t *testing.T) {
	w := treasury(t, nil, 20)
	w.must(t, ts("2026-02-19T17:00:00Z"), "state:USA", &board.Pledge{Amount: usd("10000000000"), Fund: "gaza-reconstruction"})
	w.must(t, ts("2026-02-19T17:00:00Z"), "org:fifa", &board.Pledge{Amount: usd("75000000"), Fund: "gaza-reconstruction"})
	w.must(t, ts("2026-03-01T10:00:00Z"), board.Secretariat, &board.Receive{Contributor: "org:fifa", Amount: usd("25000000"),
		ValueDate: ts("2026-03-01"), Form: board.FormCash, Fund: "gaza-reconstruction"})
	v := w.state.TreasuryAt(w.rules, ts("2026-03-02"))
	var gaza board.FundView
	for _, f := range v.Funds {
		if f.ID == "gaza-reconstruction" {
			gaza = f
		}
	}
	if gaza.Cash["USD"] != usd("25000000") || gaza.Pledged["USD"] != usd("10050000000") {
		t.Errorf("gaza-reconstruction = %+v; want USD 25m cash and USD 10.05bn pledged and unpaid", gaza)
	}
	if len(v.Contributors) != 2 || v.Contributors[0].Contributor != "org:fifa" || v.Contributors[0].OutstandingUSD != usd("50000000") {
		t.Errorf("contributors = %+v; want org:fifa (USD 50m outstanding), state:USA", v.Contributors)
	}
	before := w.state.TreasuryAt(w.rules, ts("2026-02-28"))
	if len(before.Contributors) != 2 || before.Contributors[0].ReceivedCashUSD.Minor != 0 {
		t.Errorf("as of 2026-02-28: %+v; want FIFA's pledge and nothing received", before.Contributors)
	}
	lines := w.state.Contributions("org:fifa", ts("2026-03-02"))
	if len(lines) != 2 || lines[0].Open != usd("50000000") {
		t.Errorf("FIFA's contributions = %+v; want its pledge (USD 50m open) and its receipt", lines)
	}
}

// TestNewestContributions: pages of the newest contributions, newest first, are those of
// Contributions reversed, at instants between pledges, the receipts that pay them in part and
// a reversal: a pledge's open rest counts the receipts recorded by the instant, even those on
// an earlier page.
func TestNewestContributions(t *testing.T) {
	w := treasury(t, nil, 20)
	steps := []struct {
		at   string
		by   board.ActorID
		body board.Body
	}{
		{"2026-02-19T17:00:00Z", "org:fifa", &board.Pledge{Amount: usd("75000000"), Fund: "gaza-reconstruction"}},
		{"2026-02-20T10:00:00Z", "state:USA", &board.Pledge{Amount: usd("1000000"), Fund: "gaza-reconstruction"}},
		{"2026-03-01T10:00:00Z", board.Secretariat, &board.Receive{Contributor: "org:fifa", Amount: usd("25000000"),
			ValueDate: ts("2026-03-01"), Form: board.FormCash, Fund: "gaza-reconstruction"}},
		{"2026-03-02T10:00:00Z", board.Secretariat, &board.Receive{Contributor: "state:USA", Amount: usd("400000"),
			ValueDate: ts("2026-03-02"), Form: board.FormCash, Fund: "gaza-reconstruction"}},
		{"2026-03-03T10:00:00Z", board.Secretariat, &board.Receive{Contributor: "org:fifa", Amount: usd("10000000"),
			ValueDate: ts("2026-03-03"), Form: board.FormCash, Fund: "gaza-reconstruction"}},
		{"2026-03-04T10:00:00Z", board.Secretariat, &board.Reverse{Entry: "e5", Reason: "bounced"}},
		{"2026-03-05T10:00:00Z", "org:fifa", &board.Pledge{Amount: usd("5000000"), Fund: "gaza-reconstruction"}},
	}
	var instants []time.Time
	for _, s := range steps {
		at := ts(s.at)
		w.must(t, at, s.by, s.body)
		instants = append(instants, at, at.Add(-time.Second), at.Add(time.Hour))
	}
	if lines := w.state.Contributions("org:fifa", ts("2026-03-05T09:00:00Z")); len(lines) != 4 || lines[0].Open != usd("50000000") {
		t.Fatalf("FIFA's contributions before the last act = %+v; want its pledge with USD 50m open (the second receipt reversed), two receipts and the reversal", lines)
	}
	for _, at := range instants {
		for _, c := range []board.ActorID{"", "org:fifa", "state:USA", "state:QAT"} {
			all := w.state.Contributions(c, at)
			if err := checkContributionsAfter(w.state, c, at); err != nil {
				t.Fatal(err)
			}
			if _, _, ok := w.state.ContributionsAfter("state:USA", at, "e1", 2); ok { // e1 is FIFA's pledge
				t.Fatal("state:USA's contributions after FIFA's pledge: answered")
			}
			slices.Reverse(all)
			for skip := 0; skip <= len(all); skip++ {
				for n := 1; n <= len(all)+1; n++ {
					got, total := w.state.NewestContributions(c, at, skip, n), w.state.ContributionCount(c, at)
					want := all[skip:min(skip+n, len(all))]
					if total != len(all) || len(got) != len(want) {
						t.Fatalf("%q as of %s, skipping %d, at most %d: %d lines of %d; want %d of %d", c, at, skip, n, len(got), total, len(want), len(all))
					}
					for i := range got {
						if g, w := got[i], want[i]; g.Entry.ID != w.Entry.ID || g.ReversedBy != w.ReversedBy || g.Open != w.Open {
							t.Fatalf("%q as of %s, skipping %d: line %d = %s (reversed by %q, open %v); want %s (%q, %v)",
								c, at, skip, i, g.Entry.ID, g.ReversedBy, g.Open, w.Entry.ID, w.ReversedBy, w.Open)
						}
					}
				}
			}
		}
	}
}
