package board

import (
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// The permanent seat (R5): a member that contributes more than permanent_seat.threshold in cash
// in the first-year window serves without a term. It is computed from the ledger's cash receipts,
// never typed in; pledges and in-kind support do not count.

// permanentAt reports whether a State holds a permanent seat at t (R5), with the cash that
// counted: its cash receipts with a value date in the first-year window, recorded and dated by
// t, in US dollars (FirstYearCash). Pledges and in-kind support never count.
func (s *State) permanentAt(r *charter.Rules, code StateCode, t time.Time) (bool, money.Amount) {
	cash := s.FirstYearCash(r, code, t)
	return PermanentSeat(r, cash), cash
}

// PermanentSeat reports whether cash meets the permanent-seat threshold under the rules'
// comparison: "more-than" (the charter) or "at-least" (as the seed article puts it).
func PermanentSeat(r *charter.Rules, cash money.Amount) bool {
	c, err := cash.Cmp(r.PermanentSeat.Threshold)
	if err != nil {
		return false
	}
	if r.PermanentSeat.Comparison == charter.AtLeast {
		return c >= 0
	}
	return c > 0
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
