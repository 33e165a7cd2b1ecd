package workload

import (
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// TreasuryHistory draws a random treasury history, lawful act by act: funds and bank accounts
// opened, rates set, pledges and receipts (cash and in kind) in several currencies, programmes
// with random sectors, recipient countries and planned dates, allocations, disbursements with
// their approvals (and so their payments), reversals. The same seed on the same state always
// draws the same acts, so that a failure found with one seed can be replayed.
//
// It draws on top of a state that has what the treasury needs to run (executives, a subsidiary
// entity: the demo scenario's state, for one): each candidate act is decided against the state,
// and only the accepted ones are kept and applied, so the history is lawful whatever the rules
// refuse that the drawing did not foresee.
type TreasuryHistory struct {
	Seed  int64
	Steps int       // the acts to draw; fewer are kept (Refused says how many were not)
	Start time.Time // the first act's time, not before the state's last act
}

// TreasuryStats says what a drawn history holds, to show a test it was not vacuous.
type TreasuryStats struct {
	Kinds   map[board.Kind]int // the acts kept, by kind
	Refused int                // the candidates the rules refused, dropped
}

// historyCurrencies are the currencies drawn, with the US dollar rates set for them on the
// first day; USD first.
var historyCurrencies = []struct {
	cur  money.Currency
	rate string
}{{"USD", ""}, {"EUR", "1.0813"}, {"GBP", "1.2675"}, {"JPY", "0.006693698155"}, {"KWD", "3.2561"}, {"CHF", "1.1302"}}

// historyContributors pledge and give; a State need not be a member to give (R18).
var historyContributors = []board.ActorID{"state:QAT", "state:SAU", "state:ARE", "state:KWT", "state:KAZ", "state:BGR", "state:EGY", "org:fifa", "org:gates-foundation"}

// historySectors are DAC purpose codes of reconstruction and humanitarian work; historyCountries
// the countries such programmes run in.
var (
	historySectors   = []board.SectorCode{"73010", "72010", "72040", "72050", "14030", "14020", "15250", "15220", "16040", "21020", "23630", "12220", "11220", "43072"}
	historyCountries = []board.CountryCode{"PS", "EG", "JO", "LB", "SY", "IL", "XK", "UA", "SD"}
)

type drawer struct {
	rnd   *rand.Rand
	s     *board.State
	r     *charter.Rules
	at    time.Time
	n     int // acts drawn so far, for identifiers
	stats TreasuryStats
}

// Generate draws the history on s, under rules r, applying each act it keeps to s, and returns
// the acts kept, in order.
func (h TreasuryHistory) Generate(s *board.State, r *charter.Rules) ([]board.Act, TreasuryStats, error) {
	if h.Start.Before(s.Last) {
		return nil, TreasuryStats{}, fmt.Errorf("workload: the history starts at %s, before the state's last act (%s)", h.Start.Format(time.RFC3339), s.Last.Format(time.RFC3339))
	}
	d := &drawer{rnd: rand.New(rand.NewSource(h.Seed)), s: s, r: r, at: h.Start, stats: TreasuryStats{Kinds: map[board.Kind]int{}}}
	var acts []board.Act
	keep := func(by board.ActorID, body board.Body) error {
		a := board.Act{At: d.at, By: by, Body: body}
		events, err := board.Decide(s, r, a)
		if err != nil {
			if board.ErrorKindOf(err) == board.Internal {
				return fmt.Errorf("workload: %s by %s: %w", body.Kind(), by, err)
			}
			d.stats.Refused++
			return nil
		}
		s.Apply(a.At, events)
		acts = append(acts, a)
		d.stats.Kinds[body.Kind()]++
		return nil
	}
	// The first day: a rate for each currency, a second fund, a euro account.
	for _, c := range historyCurrencies[1:] {
		if err := keep(board.Secretariat, &board.SetRate{Date: board.Day(d.at), Currency: c.cur, USDRate: c.rate, Source: "workload"}); err != nil {
			return nil, d.stats, err
		}
	}
	if x, ok := d.executive(); ok {
		if err := keep(x, &board.OpenFund{ID: "workload-relief", Name: "Relief fund", Purpose: "Emergency relief (drawn by the workload)"}); err != nil {
			return nil, d.stats, err
		}
		if err := keep(x, &board.OpenAccount{ID: "workload-eur", Institution: "A euro bank", Currency: "EUR"}); err != nil {
			return nil, d.stats, err
		}
	}
	for range h.Steps {
		d.at = d.at.Add(time.Duration(1+d.rnd.Intn(36*60)) * time.Minute)
		d.n++
		by, body := d.act()
		if body == nil {
			continue
		}
		if err := keep(by, body); err != nil {
			return nil, d.stats, err
		}
	}
	return acts, d.stats, nil
}

func (d *drawer) pick(n int) int { return d.rnd.Intn(n) }

// executive returns an executive who serves now, at random.
func (d *drawer) executive() (board.ActorID, bool) {
	var ids []board.ExecutiveID
	for _, id := range slices.Sorted(maps.Keys(d.s.Executives)) {
		if d.s.Executives[id].ServingAt(d.at) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return "", false
	}
	return board.ActorID("executive:" + string(ids[d.pick(len(ids))])), true
}

// amount draws an amount in c of up to limit units (whole units, some with cents).
func (d *drawer) amount(c money.Currency, limit int64) money.Amount {
	digits, _ := money.MinorUnits(c)
	unit := int64(1)
	for range digits {
		unit *= 10
	}
	minor := (1 + d.rnd.Int63n(limit)) * unit
	if d.pick(3) == 0 {
		minor += d.rnd.Int63n(unit)
	}
	return money.Amount{Currency: c, Minor: minor}
}

func (d *drawer) funds() []board.FundID {
	var out []board.FundID
	for _, f := range d.s.FundList(d.r, d.at) {
		out = append(out, f.ID)
	}
	return out
}

// act draws one candidate act; nil when there is nothing to draw it on.
func (d *drawer) act() (board.ActorID, board.Body) {
	switch k := d.pick(20); {
	case k < 2:
		return d.pledge()
	case k < 7:
		return d.receive()
	case k < 9:
		return d.programme()
	case k < 12:
		return d.allocate()
	case k < 15:
		return d.disburse()
	case k < 19:
		return d.approve()
	default:
		return d.reverse()
	}
}

func (d *drawer) pledge() (board.ActorID, board.Body) {
	c := historyCurrencies[d.pick(len(historyCurrencies))].cur
	funds := d.funds()
	return board.Secretariat, &board.Pledge{ID: board.EntryID(fmt.Sprintf("w-pledge-%d", d.n)),
		Contributor: historyContributors[d.pick(len(historyContributors))], Amount: d.amount(c, 50_000_000),
		Fund: funds[d.pick(len(funds))], Note: "drawn by the workload"}
}

func (d *drawer) receive() (board.ActorID, board.Body) {
	c := historyCurrencies[d.pick(len(historyCurrencies))].cur
	funds := d.funds()
	rc := &board.Receive{ID: board.EntryID(fmt.Sprintf("w-receipt-%d", d.n)),
		Contributor: historyContributors[d.pick(len(historyContributors))], Amount: d.amount(c, 20_000_000),
		ValueDate: board.Day(d.at).AddDate(0, 0, -d.pick(3)), Form: board.FormCash, Fund: funds[d.pick(len(funds))]}
	switch d.pick(6) {
	case 0:
		rc.Form = board.FormInKind
	case 1:
		if c == "EUR" {
			rc.Account = "workload-eur"
		}
	case 2:
		if c != "USD" {
			rc.USDRate = fmt.Sprintf("%d.%04d", d.pick(3), 1+d.pick(9999)) // a rate the act gives
		}
	}
	if rc.ValueDate.Before(board.Day(d.s.Last)) {
		rc.ValueDate = board.Day(d.at) // not before the rates set on the first day
	}
	return board.Secretariat, rc
}

func (d *drawer) programme() (board.ActorID, board.Body) {
	var subs []board.SubsidiaryID
	for _, id := range slices.Sorted(maps.Keys(d.s.Subsidiaries)) {
		if d.s.Subsidiaries[id].Dissolved.IsZero() {
			subs = append(subs, id)
		}
	}
	if len(subs) == 0 {
		return "", nil
	}
	cur := money.Currency("USD")
	if d.pick(3) == 0 {
		cur = "EUR"
	}
	p := &board.CreateProgramme{ID: board.ProgrammeID(fmt.Sprintf("w-programme-%d", d.n)), Name: fmt.Sprintf("Programme %d", d.n),
		Subsidiary: subs[d.pick(len(subs))], Budget: d.amount(cur, 100_000_000)}
	if d.pick(4) > 0 {
		p.Sectors = sectorShares(d, historySectors)
	}
	if d.pick(4) > 0 {
		p.Countries = countryShares(d, historyCountries)
	}
	if d.pick(3) > 0 {
		p.Start = board.Day(d.at).AddDate(0, 0, d.pick(120)-30)
		if d.pick(4) > 0 {
			p.End = p.Start.AddDate(0, 0, d.pick(3*365))
		}
	} else if d.pick(2) == 0 {
		p.End = board.Day(d.at).AddDate(1, 0, 0)
	}
	if d.pick(2) == 0 {
		p.Area = "Area " + string(rune('A'+d.pick(5)))
	}
	return board.Chairman, p
}

// shares draws 1 to 4 distinct codes of codes and percentages of 1 to 100 that add up to 100.
func shares[C any](d *drawer, codes []C) ([]C, []int) {
	n := 1 + d.pick(4)
	picked := slices.Clone(codes)
	d.rnd.Shuffle(len(picked), func(i, j int) { picked[i], picked[j] = picked[j], picked[i] })
	picked = picked[:n]
	percent := make([]int, n)
	left := 100
	for i := range n - 1 {
		// Leave at least 1 for each share still to come.
		percent[i] = 1 + d.pick(left-(n-i))
		left -= percent[i]
	}
	percent[n-1] = left
	return picked, percent
}

func sectorShares(d *drawer, codes []board.SectorCode) []board.SectorShare {
	picked, percent := shares(d, codes)
	out := make([]board.SectorShare, len(picked))
	for i := range picked {
		out[i] = board.SectorShare{Code: picked[i], Percentage: board.Percent(percent[i])}
	}
	return out
}

func countryShares(d *drawer, codes []board.CountryCode) []board.CountryShare {
	picked, percent := shares(d, codes)
	out := make([]board.CountryShare, len(picked))
	for i := range picked {
		out[i] = board.CountryShare{Code: picked[i], Percentage: board.Percent(percent[i])}
	}
	return out
}

// allocate draws an allocation that a fund's cash and a programme's budget allow.
func (d *drawer) allocate() (board.ActorID, board.Body) {
	x, ok := d.executive()
	progs := d.s.ProgrammeList(d.at)
	if !ok || len(progs) == 0 {
		return "", nil
	}
	p := progs[d.pick(len(progs))]
	room := p.Budget.Minor - p.Allocated.Minor
	var funds []board.FundView
	for _, f := range d.s.FundList(d.r, d.at) {
		if f.Cash[p.Budget.Currency].Minor > 0 {
			funds = append(funds, f)
		}
	}
	if room <= 0 || len(funds) == 0 {
		return "", nil
	}
	f := funds[d.pick(len(funds))]
	most := min(room, f.Cash[p.Budget.Currency].Minor)
	return x, &board.Allocate{Fund: f.ID, Programme: p.ID, Amount: money.Amount{Currency: p.Budget.Currency, Minor: 1 + d.rnd.Int63n(most)}}
}

// disburse draws a disbursement of what a programme holds, paid from an account in its
// currency or, now and then, from the main account through the exchange.
func (d *drawer) disburse() (board.ActorID, board.Body) {
	var progs []board.ProgrammeView
	for _, p := range d.s.ProgrammeList(d.at) {
		if p.Available[p.Budget.Currency].Minor > 0 {
			progs = append(progs, p)
		}
	}
	if len(progs) == 0 {
		return "", nil
	}
	p := progs[d.pick(len(progs))]
	held := p.Available[p.Budget.Currency].Minor
	b := &board.Disburse{ID: board.DisbursementID(fmt.Sprintf("w-disbursement-%d", d.n)), Programme: p.ID,
		Payee: fmt.Sprintf("Contractor %c", 'A'+d.pick(6)), Amount: money.Amount{Currency: p.Budget.Currency, Minor: 1 + d.rnd.Int63n(held)},
		Purpose: "Works (drawn by the workload)"}
	if p.Budget.Currency == "EUR" && d.pick(3) > 0 {
		b.Account = "workload-eur"
	}
	return board.Secretariat, b
}

// approve draws an approval of a disbursement not yet paid.
func (d *drawer) approve() (board.ActorID, board.Body) {
	var pending []board.DisbursementID
	for _, x := range d.s.DisbursementList(d.at) {
		if x.Status == board.DisbursementPending {
			pending = append(pending, x.ID)
		}
	}
	if len(pending) == 0 {
		return "", nil
	}
	by := board.ChiefExecutive
	if x, ok := d.executive(); ok && d.pick(3) > 0 {
		by = x
	}
	return by, &board.ApproveDisbursement{Disbursement: pending[d.pick(len(pending))]}
}

// reverse draws a reversal of a pledge, a receipt or an allocation not yet reversed (the rules
// refuse one that would leave a fund or a programme below zero).
func (d *drawer) reverse() (board.ActorID, board.Body) {
	l := &d.s.Treasury.Ledger
	reversed := map[board.EntryID]bool{}
	var candidates []board.EntryID
	for e := range l.EntriesAt(d.at) {
		switch e.Type {
		case board.EntryReversal:
			reversed[e.Reverses] = true
		case board.EntryPledge, board.EntryReceipt, board.EntryInKind, board.EntryAllocation:
			candidates = append(candidates, e.ID)
		}
	}
	candidates = slices.DeleteFunc(candidates, func(id board.EntryID) bool { return reversed[id] })
	if len(candidates) == 0 {
		return "", nil
	}
	return board.Secretariat, &board.Reverse{Entry: candidates[d.pick(len(candidates))], Reason: "entered in error (drawn by the workload)"}
}
