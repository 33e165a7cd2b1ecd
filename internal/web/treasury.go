package web

import (
	"cmp"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// treasuryPage is the treasury (R5, R18, R19): pledged against received by contributor, the
// funds and their balances over time, the bank accounts, the controls, the disbursements and
// the contribution entries, newest first, a page at a time (?page=N): a record of a million
// acts holds half a million of them.
type treasuryPage struct {
	*page
	Totals           []countCard
	Contributors     []contributorRow
	ContributorChart *chart
	Funds            []fundRow
	FundChart        *chart
	// FundCash says why the funds' cash is less than the bank accounts' balances: what was
	// allocated to programmes and not yet paid out left the funds but not the banks.
	FundCash      string
	Accounts      []board.AccountView
	Controls      []board.Threshold
	Programmes    []programmeRow
	Disbursements []disbursementRow
	Ledger        []ledgerRow
	LedgerPager   pager
}

// A contributorRow is what one contributor pledged and gave, in US dollars.
type contributorRow struct {
	Actor                              board.ActorID
	State                              board.StateCode // "" for an organization
	Name                               string
	Pledged, Cash, InKind, Outstanding money.Amount
}

// A fundRow is a fund's holdings by currency.
type fundRow struct {
	ID            board.FundID
	Name, Purpose string
	Cash, Pledged []money.Amount // by currency
	InKind        money.Amount
}

// A disbursementRow is a disbursement with its approvals (R18).
type disbursementRow struct {
	ID              board.DisbursementID
	Programme       string
	Payee, Purpose  string
	Amount          money.Amount
	Status          board.DisbursementStatus
	Required        int
	Approvers       []string
	Requested, Paid time.Time
}

// A ledgerRow is one contribution entry, with its contributor.
type ledgerRow struct {
	contributionRow
	Contributor string
	State       board.StateCode
}

func (s *Server) treasury(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &treasuryPage{page: s.newPage(rq, "treasury.title")}
	number := rq.pageNumber()
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		n := namesOf(st, rules, rq.lang)
		l, t := data.withNames(n), rq.at
		tv := st.TreasuryAt(rules, t)
		var groups []barGroup
		for _, c := range tv.Contributors {
			row := contributorRow{Actor: c.Contributor, Name: l.Actor(c.Contributor), Pledged: c.PledgedUSD, Cash: c.ReceivedCashUSD,
				InKind: c.ReceivedInKindUSD, Outstanding: c.OutstandingUSD}
			row.State, _ = c.Contributor.State()
			data.Contributors = append(data.Contributors, row)
		}
		total := board.TotalOf(tv.Contributors)
		totals := []money.Amount{total.PledgedUSD, total.ReceivedCashUSD, total.ReceivedInKindUSD, total.OutstandingUSD}
		slices.SortStableFunc(data.Contributors, func(a, b contributorRow) int {
			return cmp.Or(cmp.Compare(b.Pledged.Minor+b.Cash.Minor, a.Pledged.Minor+a.Cash.Minor), collate(a.Name, b.Name))
		})
		for _, c := range data.Contributors {
			groups = append(groups, barGroup{Label: c.Name, Values: []float64{usd(c.Pledged), usd(c.Cash), usd(c.InKind)}})
		}
		keys := []string{"treasury.total_pledged", "treasury.total_cash", "treasury.total_in_kind", "treasury.total_outstanding"}
		for i, a := range totals {
			data.Totals = append(data.Totals, countCard{N: l.MoneyShort(usd(a)), Label: l.t(keys[i])})
		}
		if len(groups) > 0 {
			c := contributorChart(l, groups)
			data.ContributorChart = &c
		}
		for _, f := range tv.Funds {
			data.Funds = append(data.Funds, fundRow{ID: f.ID, Name: orID(n.funds, f.ID), Purpose: fundPurpose(rules, f, l.Lang), Cash: byCurrency(f.Cash),
				Pledged: byCurrency(f.Pledged), InKind: f.InKindUSD})
		}
		data.FundChart = fundChart(l, st, n, t)
		data.FundCash = fundCashNote(l, tv.Programmes)
		data.Accounts, data.Controls = localAccounts(rules, tv.Accounts, l.Lang), tv.Controls
		for _, p := range tv.Programmes {
			data.Programmes = append(data.Programmes, programmeRow{ID: p.ID, Name: p.Name, Area: p.Area, Created: p.Created,
				Places: programmePlaces(l, p.Sectors, p.Countries, p.Start, p.End).line(l), Budget: p.Budget, Allocated: p.Allocated, Disbursed: p.Disbursed, Reports: progress(l, p.Reports)})
		}
		for _, d := range tv.Disbursements {
			row := disbursementRow{ID: d.ID, Programme: orID(n.programmes, d.Programme), Payee: d.Payee, Purpose: d.Purpose,
				Amount: d.Amount, Status: d.Status, Required: d.Required, Requested: d.Requested, Paid: d.Paid}
			for _, a := range d.Approvals {
				name := a.Person
				if name == "" {
					name = l.Actor(a.By)
				}
				row.Approvers = append(row.Approvers, name)
			}
			data.Disbursements = append(data.Disbursements, row)
		}
		from, to, pg := paginateBy(data.page, "/treasury", "page", "h-ledger", st.ContributionCount("", t), number)
		data.LedgerPager = pg
		newest := st.NewestContributions("", t, from, to-from)
		for i, row := range contributionRows(newest, n) {
			c := newest[i].Entry.Contributor
			code, _ := c.State()
			data.Ledger = append(data.Ledger, ledgerRow{contributionRow: row, Contributor: l.Actor(c), State: code})
		}
		return nil
	})
	s.render(w, rq, "treasury", data, err)
}

// byCurrency lists holdings in currency order.
func byCurrency(m map[money.Currency]money.Amount) []money.Amount {
	out := make([]money.Amount, 0, len(m))
	for _, c := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[c])
	}
	return out
}

// fundCashNote explains, in one sentence, why the funds hold less cash than the bank accounts:
// an allocation moves money from a fund to a programme (board.Allocate) while it stays in the
// bank until the disbursement is paid. The difference is what programmes were allocated and
// have not yet paid out, in each programme's currency.
func fundCashNote(l *locale, programmes []board.ProgrammeView) string {
	held := map[money.Currency]int64{}
	for _, p := range programmes {
		held[p.Allocated.Currency] += p.Allocated.Minor - p.Disbursed.Minor
	}
	var amounts []string
	for _, c := range slices.Sorted(maps.Keys(held)) {
		a := money.Amount{Currency: c, Minor: held[c]}
		switch {
		case a.Minor <= 0:
		case c == "USD":
			amounts = append(amounts, l.MoneyShort(usd(a)))
		default:
			amounts = append(amounts, l.Money(a))
		}
	}
	if len(amounts) == 0 {
		return l.t("treasury.fund_cash")
	}
	return l.f("treasury.fund_cash.allocated", strings.Join(amounts, ", "))
}

// contributorChart draws pledged against received, by contributor, in US dollars.
func contributorChart(l *locale, groups []barGroup) chart {
	names := []string{l.t("col.pledged"), l.t("col.received"), l.t("col.in_kind")}
	c := barChart(l, "chart-contributors", l.t("chart.contributors"), l.t("chart.contributors.desc"), groups, names,
		[]string{"k-pledged", "k-received", "k-in-kind"}, false, l.MoneyShort)
	c.Table = chartTable{Summary: l.t("chart.table.below")}
	return c
}

// fundChart draws each fund's cash over time, in US dollars, as at the end of each day: every
// posting to a fund's account converted at the rate recorded with its entry (a US dollar
// posting as it is). A posting in another currency with no rate on its entry cannot be
// converted and is left out; the funds table gives every balance in its own currency. nil if
// no fund ever held cash by t.
func fundChart(l *locale, st *board.State, n *names, t time.Time) *chart {
	ledger := &st.Treasury.Ledger
	balance := map[board.FundID]float64{}
	pts := map[board.FundID][]point{}
	var start time.Time
	for e := range ledger.ScanAt(t) {
		changed := false
		for _, p := range e.Postings {
			kind, id, _ := strings.Cut(string(p.Account), ":")
			if kind != "fund" {
				continue
			}
			amount := p.Amount
			if amount.Currency != "USD" {
				if e.Rate.IsZero() {
					continue
				}
				var err error
				if amount, err = money.ToUSD(amount, e.Rate); err != nil {
					continue
				}
			}
			v := usd(amount)
			if p.Side == board.Debit {
				v = -v
			}
			balance[board.FundID(id)] += v
			changed = true
		}
		if !changed {
			continue
		}
		if start.IsZero() {
			start = board.Day(e.Recorded)
		}
		// One point a day at most, the day's last: the chart spans months, and a record of a
		// million acts makes hundreds of thousands of entries in a day.
		day := board.Day(e.Recorded)
		for id, b := range balance {
			if ps := pts[id]; len(ps) > 0 && board.Day(ps[len(ps)-1].At).Equal(day) {
				ps[len(ps)-1] = point{At: e.Recorded, V: b}
			} else {
				pts[id] = append(ps, point{At: e.Recorded, V: b})
			}
		}
	}
	if start.IsZero() {
		return nil
	}
	ids := slices.Sorted(maps.Keys(pts))
	var ss []series
	table := chartTable{Summary: l.t("chart.table"), Head: []string{l.t("col.date")}}
	for i, id := range ids {
		ss = append(ss, series{Label: orID(n.funds, id), Class: "k" + itoa(i%5), Points: pts[id]})
		table.Head = append(table.Head, orID(n.funds, id))
	}
	// One row per day on which a balance changed, with every fund's balance at the end of it.
	days := map[time.Time]bool{}
	for _, id := range ids {
		for _, p := range pts[id] {
			days[board.Day(p.At)] = true
		}
	}
	for _, day := range sortedTimes(days) {
		row := []string{l.Date(day)}
		end := board.EndOfDay(day)
		for _, id := range ids {
			v := 0.0
			for _, p := range pts[id] {
				if !p.At.After(end) {
					v = p.V
				}
			}
			row = append(row, l.MoneyShort(v))
		}
		table.Rows = append(table.Rows, row)
	}
	c := stepChart(l, "chart-funds", l.t("chart.funds"), l.f("chart.funds.desc", l.Date(start), l.Date(t)), start, t, ss, l.MoneyShort)
	c.Table = table
	return &c
}
