package board

import (
	"maps"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

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
		inKind := InKindLedger(id).Held("USD", b[InKindLedger(id)]["USD"])
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
