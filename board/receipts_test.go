package board_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

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
		if got := l.Balance(board.ExchangeAccount, "EUR"); got.Sign() <= 0 {
			t.Errorf("exchange EUR balance = %v; want the euros given (a debit)", got)
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
