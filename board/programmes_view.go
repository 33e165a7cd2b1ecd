package board

import (
	"maps"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// ProgrammeView is a programme as of an instant: its budget, what was allocated to it (less
// reversals), what it still holds not yet committed, what was paid out of it.
type ProgrammeView struct {
	ID         ProgrammeID
	Name, Area string
	Subsidiary SubsidiaryID
	Budget     money.Amount
	Sectors    []SectorShare
	Countries  []CountryShare
	Start, End time.Time // planned; zero when not given
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
			Sectors: slices.Clone(p.Sectors), Countries: slices.Clone(p.Countries), Start: p.Start, End: p.End,
			Allocated: money.Amount{Currency: p.Budget.Currency}, Disbursed: money.Amount{Currency: p.Budget.Currency},
			Available: holdings(b, ProgrammeLedger(id))}
		for _, i := range l.byProgramme[id] {
			e := l.entries.entry(i)
			if e.Recorded.After(t) {
				break // in order: the rest are later still
			}
			if !l.live(e, t) || e.Amount.Currency != p.Budget.Currency {
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
