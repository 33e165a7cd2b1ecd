package web

import (
	"cmp"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// contributorPage is one contributor's statement as of the page's date
// (/treasury/contributors/{actor}): what it pledged and gave, entry by entry, and how much of
// its pledges it has paid, as the API's statement endpoint gives it.
type contributorPage struct {
	*page
	Actor   board.ActorID
	State   board.StateCode // "" for an organization
	Totals  []countCard
	Share   string // received as a share of pledged, "" when nothing was pledged
	Entries []statementLine
}

// A statementLine is a contribution entry with its fund's id, for the link to the fund's page.
type statementLine struct {
	contributionRow
	FundID board.FundID
}

func (s *Server) contributor(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &contributorPage{page: s.newPage(rq, "contributor.title")}
	a, err := board.ParseActor(r.PathValue("actor"))
	if err != nil {
		rq.bad = badRequest{"error.contributor"}
	}
	data.Actor = a
	data.State, _ = a.State()
	err = s.view(rq, func(st *board.State, rules *charter.Rules) error {
		n := namesOf(st, rules, rq.lang)
		l, t := data.withNames(n), rq.at
		lines := st.Contributions(a, t)
		if len(lines) == 0 {
			return notFound("%s has no pledge or receipt in the record as of %s", a, t.Format(time.DateOnly))
		}
		data.Title = l.Actor(a)
		c := st.Contributor(a, t)
		for _, card := range []struct {
			a   money.Amount
			key string
		}{{c.PledgedUSD, "col.pledged"}, {c.ReceivedCashUSD, "col.received"}, {c.ReceivedInKindUSD, "col.in_kind"}, {c.OutstandingUSD, "col.outstanding"}} {
			data.Totals = append(data.Totals, countCard{N: l.Money(card.a), Label: l.t(card.key)})
		}
		data.Share = share(l, c.ReceivedCashUSD, c.PledgedUSD)
		for i, row := range contributionRows(lines, n) {
			data.Entries = append(data.Entries, statementLine{contributionRow: row, FundID: lines[i].Entry.Fund})
		}
		slices.Reverse(data.Entries) // newest first, as the treasury's ledger
		return nil
	})
	s.render(w, rq, "contributor", data, err)
}

// share writes part as a percentage of whole, "" when whole is zero: a contributor that pledged
// nothing has no share to show, however much it gave.
func share(l *locale, part, whole money.Amount) string {
	if whole.Minor <= 0 {
		return ""
	}
	pct := float64(part.Minor) / float64(whole.Minor) * 100
	return l.f("contributor.share", strconv.FormatFloat(pct, 'f', 0, 64))
}

// contributorsPage lists the contributors with what they pledged and gave, in one year or in
// all (?year=2026), of one kind or both (?kind=state|org), sortable (?sort=, ?dir=).
type contributorsPage struct {
	*page
	Rows      []contributorLine
	Columns   []sortColumn
	Years     []option
	Kinds     []option
	Year      int
	YearLabel string
	Kind      string
	Total     contributorLine
}

// A contributorLine is one contributor's pledges and receipts in the period chosen, in US dollars.
type contributorLine struct {
	Actor                 board.ActorID
	State                 board.StateCode
	Name                  string
	Pledged, Cash, InKind money.Amount
	Share                 string
	ShareSort             int64 // the share in hundredths of a percent, -1 for none: sorts last
}

var contributorSorts = []sortable[contributorLine]{
	{"contributor", "col.contributor", false, func(a, b contributorLine) int { return collate(a.Name, b.Name) }, nil},
	{"pledged", "col.pledged", true, func(a, b contributorLine) int { return cmp.Compare(a.Pledged.Minor, b.Pledged.Minor) }, nil},
	{"received", "col.received", true, func(a, b contributorLine) int { return cmp.Compare(a.Cash.Minor, b.Cash.Minor) }, nil},
	{"in_kind", "col.in_kind", true, func(a, b contributorLine) int { return cmp.Compare(a.InKind.Minor, b.InKind.Minor) }, nil},
	{"share", "col.share", true, func(a, b contributorLine) int { return cmp.Compare(a.ShareSort, b.ShareSort) },
		func(r contributorLine) bool { return r.ShareSort < 0 }},
}

func (s *Server) contributors(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &contributorsPage{page: s.newPage(rq, "contributors.title")}
	q := r.URL.Query()
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1 || y > 9999 {
			rq.bad = badRequest{"error.year"}
		}
		data.Year, data.YearLabel = y, v
	}
	switch data.Kind = q.Get("kind"); data.Kind {
	case "", "state", "org":
	default:
		rq.bad = badRequest{"error.contributor_kind"}
	}
	col, desc := readSort(rq, contributorSorts, 1)
	if q.Get("sort") == "" {
		desc = true // the largest pledges first, as on the treasury's page
	}
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		l, t := data.withNames(namesOf(st, rules, rq.lang)), rq.at
		years := map[int]bool{}
		lines := map[board.ActorID]*contributorLine{}
		var order []board.ActorID
		for _, line := range st.Contributions("", t) {
			e := line.Entry
			years[e.Recorded.Year()] = true
			if data.Year != 0 && e.Recorded.Year() != data.Year || line.ReversedBy != "" || e.Type == board.EntryReversal {
				continue
			}
			if k := e.Contributor.Kind(); data.Kind != "" && string(k) != data.Kind {
				continue
			}
			cl := lines[e.Contributor]
			if cl == nil {
				cl = &contributorLine{Actor: e.Contributor, Name: l.Actor(e.Contributor)}
				cl.State, _ = e.Contributor.State()
				cl.Pledged, cl.Cash, cl.InKind = usdZero(), usdZero(), usdZero()
				lines[e.Contributor] = cl
				order = append(order, e.Contributor)
			}
			switch e.Type {
			case board.EntryPledge:
				cl.Pledged.Minor += e.USD.Minor
			case board.EntryReceipt:
				cl.Cash.Minor += e.USD.Minor
			case board.EntryInKind:
				cl.InKind.Minor += e.USD.Minor
			}
		}
		total := contributorLine{Pledged: usdZero(), Cash: usdZero(), InKind: usdZero()}
		for _, a := range order {
			cl := lines[a]
			cl.Share, cl.ShareSort = share(l, cl.Cash, cl.Pledged), -1
			if cl.Pledged.Minor > 0 {
				cl.ShareSort = cl.Cash.Minor * 10000 / cl.Pledged.Minor
			}
			total.Pledged.Minor += cl.Pledged.Minor
			total.Cash.Minor += cl.Cash.Minor
			total.InKind.Minor += cl.InKind.Minor
			data.Rows = append(data.Rows, *cl)
		}
		total.Share = share(l, total.Cash, total.Pledged)
		data.Total = total
		for _, y := range slices.Sorted(maps.Keys(years)) {
			data.Years = append(data.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == data.Year})
		}
		for _, k := range []string{"state", "org"} {
			data.Kinds = append(data.Kinds, option{Value: k, Label: l.t("contributors.kind." + k), Selected: k == data.Kind})
		}
		return nil
	})
	sortRows(data.Rows, contributorSorts, col, desc, func(a, b contributorLine) int { return collate(a.Name, b.Name) })
	var keep []string
	if data.Year != 0 {
		keep = append(keep, "year", strconv.Itoa(data.Year))
	}
	if data.Kind != "" {
		keep = append(keep, "kind", data.Kind)
	}
	data.Columns = sortHeaders(data.page, "/treasury/contributors", "", contributorSorts, col, desc, keep...)
	s.render(w, rq, "contributors", data, err)
}

func usdZero() money.Amount { return money.Amount{Currency: "USD"} }

// ContributorLink returns the URL of a contributor's page.
func (p *page) ContributorLink(a board.ActorID) string {
	return p.Link("/treasury/contributors/" + url.PathEscape(string(a)))
}
