package board

import (
	"maps"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

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
			Balance: BankLedger(id).Held(cur, b[BankLedger(id)][cur])})
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
