package web

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// membersPage is the table of every State ever invited, with its membership and money.
type membersPage struct {
	*page
	Count   int // member States (a removal pending included)
	Rows    []memberRow
	Columns []sortColumn
	Chart   *chart
	Rule    string // the permanent-seat test, in words
}

// A memberRow is one State of the members table.
type memberRow struct {
	Code      board.StateCode
	Name      string
	Status    board.Status
	Founding  bool
	Joined    time.Time
	TermEnd   time.Time
	Permanent bool
	Ended     time.Time
	EndReason board.EndReason
	Head      string
	CashFirst money.Amount // cash counted for the permanent seat (R5), USD
	Pledged   money.Amount // USD
	Received  money.Amount // cash received, USD
}

// A sortColumn is a header of a sortable table: its link sorts by it, and it says whether the
// table is sorted by it (aria-sort).
type sortColumn struct {
	Key, Label, URL, Sort string // Sort: "ascending", "descending" or ""
	Numeric               bool
}

// A memberSort is a column of the members table: its key in ?sort=, its label, how it orders rows.
type memberSort struct {
	key, label string
	numeric    bool
	cmp        func(a, b memberRow) int
}

// memberSorts are the members table's columns, in order, with how each sorts. Rows that tie
// keep the order of their names.
var memberSorts = []memberSort{
	{"state", "col.state", false, func(a, b memberRow) int { return 0 }},
	{"status", "col.status", false, func(a, b memberRow) int { return cmp.Compare(statusOrder(a.Status), statusOrder(b.Status)) }},
	{"founding", "col.founding", false, func(a, b memberRow) int { return cmp.Compare(b2i(a.Founding), b2i(b.Founding)) }},
	{"joined", "col.joined", false, func(a, b memberRow) int { return a.Joined.Compare(b.Joined) }},
	{"term_end", "col.term_end", false, func(a, b memberRow) int { return termOrder(a).Compare(termOrder(b)) }},
	{"permanent", "col.permanent", false, func(a, b memberRow) int { return cmp.Compare(b2i(a.Permanent), b2i(b.Permanent)) }},
	{"cash", "col.cash_first_year", true, func(a, b memberRow) int { return cmp.Compare(a.CashFirst.Minor, b.CashFirst.Minor) }},
	{"received", "col.received", true, func(a, b memberRow) int { return cmp.Compare(a.Received.Minor, b.Received.Minor) }},
	{"pledged", "col.pledged", true, func(a, b memberRow) int { return cmp.Compare(a.Pledged.Minor, b.Pledged.Minor) }},
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// statusOrder orders statuses from the most to the least engaged.
func statusOrder(s board.Status) int {
	return slices.Index([]board.Status{board.StatusMember, board.StatusRemovalPending, board.StatusSignatory,
		board.StatusInvited, board.StatusFormer, board.StatusDeclined, board.StatusInvitationWithdrawn}, s)
}

// termOrder sorts a permanent seat after every term end, and no term (not a member) last.
func termOrder(r memberRow) time.Time {
	switch {
	case r.Permanent:
		return time.Date(9998, 1, 1, 0, 0, 0, 0, time.UTC)
	case r.TermEnd.IsZero():
		return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return r.TermEnd
}

func (s *Server) members(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &membersPage{page: s.newPage(rq, "members.title")}
	key, desc := r.URL.Query().Get("sort"), r.URL.Query().Get("dir") == "desc"
	col := slices.IndexFunc(memberSorts, func(c memberSort) bool { return c.key == key })
	if key != "" && col < 0 {
		rq.bad = badRequest{"error.sort"}
	}
	col = max(col, 0)
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		l, t := data.L, rq.at
		for _, m := range st.Members(rules, t) {
			c := st.Contributor(board.StateActor(m.State), t)
			data.Rows = append(data.Rows, memberRow{Code: m.State, Name: l.State(m.State), Status: m.Status, Founding: m.Founding,
				Joined: m.Joined, TermEnd: m.TermEnd, Permanent: m.Permanent, Ended: m.Ended, EndReason: m.EndReason, Head: m.Head,
				CashFirst: m.CashUSDFirstYear, Pledged: c.PledgedUSD, Received: c.ReceivedCashUSD})
			if m.Status == board.StatusMember || m.Status == board.StatusRemovalPending {
				data.Count++
			}
		}
		data.Chart = membershipChart(l, st, rules, t)
		cmpWord := "rule.more_than"
		if rules.PermanentSeat.Comparison == charter.AtLeast {
			cmpWord = "rule.at_least"
		}
		data.Rule = l.f("members.rule", l.t(cmpWord), l.MoneyText(rules.PermanentSeat.Threshold), l.periodAfterDe(rules.PermanentSeat.Window))
		return nil
	})
	byName := func(a, b memberRow) int { return collate(a.Name, b.Name) }
	slices.SortStableFunc(data.Rows, func(a, b memberRow) int {
		c := memberSorts[col].cmp(a, b)
		if desc {
			c = -c
		}
		return cmp.Or(c, byName(a, b))
	})
	for i, c := range memberSorts {
		sc := sortColumn{Key: c.key, Label: data.L.t(c.label), Numeric: c.numeric, URL: data.Link("/members", "sort", c.key)}
		if i == col {
			sc.Sort = "ascending"
			if desc {
				sc.Sort = "descending"
			} else {
				sc.URL = data.Link("/members", "sort", c.key, "dir", "desc")
			}
		}
		data.Columns = append(data.Columns, sc)
	}
	s.render(w, rq, "members", data, err)
}

// membershipChart draws the number of member States over time, from the first invitation to t;
// nil before any invitation. The count changes only when a membership starts or ends, so it is
// evaluated at those instants only.
func membershipChart(l *locale, st *board.State, rules *charter.Rules, t time.Time) *chart {
	var from time.Time
	instants := map[time.Time]bool{}
	consider := func(at time.Time) {
		if !at.IsZero() && !at.After(t) {
			instants[at] = true
		}
	}
	for _, m := range st.States {
		if m.Invited.After(t) {
			continue
		}
		if from.IsZero() || m.Invited.Before(from) {
			from = m.Invited
		}
		consider(m.Start)
		consider(m.TermEnd)
		consider(m.Ended)
		for _, id := range m.Removals {
			if x := st.Removals[id]; x != nil {
				consider(x.WindowEnd)
			}
		}
	}
	if from.IsZero() {
		return nil
	}
	if !st.InForce.IsZero() {
		consider(rules.PermanentSeat.Window.After(board.Day(st.InForce)))
	}
	var pts []point
	table := chartTable{Summary: l.t("chart.table"), Head: []string{l.t("col.date"), l.t("col.members")}}
	last := -1
	for _, at := range sortedTimes(instants) {
		n := st.MemberCount(rules, at)
		if n == last {
			continue
		}
		last = n
		pts = append(pts, point{At: at, V: float64(n)})
		table.Rows = append(table.Rows, []string{l.Date(at), l.Num(n)})
	}
	from = board.Day(from)
	desc := l.f("chart.members.desc", l.Date(from), l.Date(t), l.Num(max(last, 0)))
	c := stepChart(l, "chart-members", l.t("chart.members"), desc, from, t,
		[]series{{Label: l.t("col.members"), Class: "k0", Points: pts}}, func(v float64) string { return l.Num(int(v)) })
	c.Table = table
	return &c
}

func sortedTimes(set map[time.Time]bool) []time.Time {
	out := make([]time.Time, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}
