package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// R5 itself (cash received in the first year) needs the treasury; the threshold test is here.
func TestR5PermanentSeatThreshold(t *testing.T) {
	tests := []struct {
		name       string
		comparison charter.Comparison
		cash       string
		want       bool
	}{
		{"more-than: exactly USD 1,000,000,000 is not enough", charter.MoreThan, "USD 1000000000.00", false},
		{"more-than: one cent more", charter.MoreThan, "USD 1000000000.01", true},
		{"more-than: one cent less", charter.MoreThan, "USD 999999999.99", false},
		{"at-least: exactly USD 1,000,000,000 is enough", charter.AtLeast, "USD 1000000000", true},
		{"at-least: one cent less", charter.AtLeast, "USD 999999999.99", false},
		{"another currency never compares", charter.MoreThan, "EUR 2000000000", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rulesWith(func(r *charter.Rules) { r.PermanentSeat.Comparison = tt.comparison })
			cash, err := money.Parse(tt.cash)
			if err != nil {
				t.Fatal(err)
			}
			if got := board.PermanentSeat(r, cash); got != tt.want {
				t.Errorf("PermanentSeat(%s, %s) = %v, want %v", tt.comparison, tt.cash, got, tt.want)
			}
		})
	}
	t.Run("without a treasury no member holds a permanent seat", func(t *testing.T) {
		w := founded(t, nil, 3)
		v := w.member(t, "USA", eif)
		if v.Permanent || v.CashUSDFirstYear != (money.Amount{Currency: "USD"}) || !v.TermEnd.Equal(termEnd) {
			t.Errorf("permanent %v, cash %v, term_end %s; want false, USD 0.00, %s", v.Permanent, v.CashUSDFirstYear, v.TermEnd, termEnd)
		}
	})
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
