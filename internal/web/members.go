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
	// The participants table, in the manner of the UN Treaty Collection's status tables: what
	// each State invited did, and when, with its own order (?psort=, ?pdir=).
	Participants       []participantRow
	ParticipantColumns []sortColumn
}

// A participantRow is one State's dealings with the charter: invited, consent to be bound by
// signature or by notification (R2), entry into force for it, and the end of its membership or
// of its invitation, with why. A zero time is a step not taken by the date shown.
type participantRow struct {
	Code                board.StateCode
	Name                string
	Invited             time.Time
	Signed, Notified    time.Time
	Place               string
	InForce             time.Time
	Ended               time.Time
	Why                 string // the label key of the end: "end.withdrawn", "invitations.declined"...
	Founding, Permanent bool
}

// participantSorts are the participants table's columns, in order. Rows that tie keep the order
// of their names; steps not taken sort after every date.
var participantSorts = []sortable[participantRow]{
	{"state", "col.state", false, func(a, b participantRow) int { return collate(a.Name, b.Name) }, nil},
	{"invited", "col.invited", false, func(a, b participantRow) int { return a.Invited.Compare(b.Invited) }, nil},
	{"signature", "col.signature", false, func(a, b participantRow) int { return a.Signed.Compare(b.Signed) },
		func(r participantRow) bool { return r.Signed.IsZero() }},
	{"notification", "col.notification", false, func(a, b participantRow) int { return a.Notified.Compare(b.Notified) },
		func(r participantRow) bool { return r.Notified.IsZero() }},
	{"in_force", "col.in_force_for", false, func(a, b participantRow) int { return a.InForce.Compare(b.InForce) },
		func(r participantRow) bool { return r.InForce.IsZero() }},
	{"ended", "col.ended", false, func(a, b participantRow) int { return a.Ended.Compare(b.Ended) },
		func(r participantRow) bool { return r.Ended.IsZero() }},
}

// participant returns the participants table's row of State m as of t.
func participant(l *locale, ms *board.Membership, m board.MemberView, t time.Time) participantRow {
	p := participantRow{Code: m.State, Name: l.State(m.State), Invited: m.Invited, InForce: m.Joined, Ended: m.Ended,
		Founding: m.Founding, Permanent: m.Permanent}
	by := func(at time.Time) bool { return !at.IsZero() && !at.After(t) }
	if ms.Invitation == board.InviteAccepted && by(ms.Consented) {
		if ms.Instrument == "notification" {
			p.Notified = ms.Consented
		} else {
			p.Signed = ms.Consented
		}
		p.Place = ms.Place
	}
	switch {
	case m.EndReason != "":
		p.Why = "end." + string(m.EndReason)
	case m.Status == board.StatusDeclined && by(ms.Answered):
		p.Ended, p.Why = ms.Answered, "participants.declined"
	case m.Status == board.StatusInvitationWithdrawn && by(ms.Answered):
		p.Ended, p.Why = ms.Answered, "participants.withdrawn"
	}
	return p
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
	BlankLast             bool // rows with nothing in the column sort last both ways (sortable.blank)
}

// A sortable is a column of a table sorted by the server (?sort=KEY&dir=desc), so that sorting
// works without JavaScript: its key in ?sort=, its label, how it orders rows (ascending).
type sortable[R any] struct {
	key, label string
	numeric    bool
	cmp        func(a, b R) int
	// blank, if not nil, says that a row has nothing in the column (a step not yet taken): such
	// rows come after the others in either direction, where a reader looking for dates does not
	// have to scroll past them.
	blank func(R) bool
}

// memberSort is a column of the members table.
type memberSort = sortable[memberRow]

// readSort reads ?sort= and ?dir= for a table of columns cols, whose default order is column
// def, ascending. A key that names no column makes the request malformed (400): a link to it
// is broken, and showing another order would hide it.
func readSort[R any](rq *request, cols []sortable[R], def int) (col int, desc bool) {
	return readSortBy(rq, "sort", "dir", cols, def)
}

// readSortBy is readSort for one of several sorted tables of a page, whose order is in the
// query parameters sortParam and dirParam.
func readSortBy[R any](rq *request, sortParam, dirParam string, cols []sortable[R], def int) (col int, desc bool) {
	key, dir := rq.URL.Query().Get(sortParam), rq.URL.Query().Get(dirParam)
	col = slices.IndexFunc(cols, func(c sortable[R]) bool { return c.key == key })
	if key != "" && col < 0 || dir != "" && dir != "asc" && dir != "desc" {
		rq.bad = badRequest{"error.sort"}
	}
	if col < 0 {
		col = def
	}
	return col, dir == "desc"
}

// sortRows sorts rows by column col of cols, descending if desc; rows that tie are ordered by
// tie, always ascending.
func sortRows[R any](rows []R, cols []sortable[R], col int, desc bool, tie func(a, b R) int) {
	blank := cols[col].blank
	slices.SortStableFunc(rows, func(a, b R) int {
		if blank != nil {
			if c := cmp.Compare(b2i(blank(a)), b2i(blank(b))); c != 0 {
				return c
			}
		}
		c := cols[col].cmp(a, b)
		if desc {
			c = -c
		}
		return cmp.Or(c, tie(a, b))
	})
}

// sortHeaders returns the headers of a table of columns cols sorted by col: each links to the
// page at path sorted by its column, ascending, or descending for the column already sorted
// ascending; extra are further query parameters the links keep (name, value...), and anchor
// the id of the table's heading the links lead back to ("" for none).
func sortHeaders[R any](p *page, path, anchor string, cols []sortable[R], col int, desc bool, extra ...string) []sortColumn {
	return sortHeadersBy(p, path, anchor, "sort", "dir", cols, col, desc, extra...)
}

// sortHeadersBy is sortHeaders for a table sorted by the query parameters sortParam and dirParam.
func sortHeadersBy[R any](p *page, path, anchor, sortParam, dirParam string, cols []sortable[R], col int, desc bool, extra ...string) []sortColumn {
	if anchor != "" {
		anchor = "#" + anchor
	}
	var out []sortColumn
	for i, c := range cols {
		kv := append(slices.Clone(extra), sortParam, c.key)
		sc := sortColumn{Key: c.key, Label: p.L.t(c.label), Numeric: c.numeric, BlankLast: c.blank != nil}
		if i == col {
			sc.Sort = "ascending"
			if desc {
				sc.Sort = "descending"
			} else {
				kv = append(kv, dirParam, "desc")
			}
		}
		sc.URL = p.Link(path, kv...) + anchor
		out = append(out, sc)
	}
	return out
}

// memberSorts are the members table's columns, in order, with how each sorts. Rows that tie
// keep the order of their names.
var memberSorts = []memberSort{
	{"state", "col.state", false, func(a, b memberRow) int { return collate(a.Name, b.Name) }, nil},
	{"status", "col.status", false, func(a, b memberRow) int { return cmp.Compare(statusOrder(a.Status), statusOrder(b.Status)) }, nil},
	{"founding", "col.founding", false, func(a, b memberRow) int { return cmp.Compare(b2i(a.Founding), b2i(b.Founding)) }, nil},
	{"joined", "col.joined", false, func(a, b memberRow) int { return a.Joined.Compare(b.Joined) }, nil},
	{"term_end", "col.term_end", false, func(a, b memberRow) int { return termOrder(a).Compare(termOrder(b)) }, nil},
	{"permanent", "col.permanent", false, func(a, b memberRow) int { return cmp.Compare(b2i(a.Permanent), b2i(b.Permanent)) }, nil},
	{"cash", "col.cash_first_year", true, func(a, b memberRow) int { return cmp.Compare(a.CashFirst.Minor, b.CashFirst.Minor) }, nil},
	{"received", "col.received", true, func(a, b memberRow) int { return cmp.Compare(a.Received.Minor, b.Received.Minor) }, nil},
	{"pledged", "col.pledged", true, func(a, b memberRow) int { return cmp.Compare(a.Pledged.Minor, b.Pledged.Minor) }, nil},
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
	col, desc := readSort(rq, memberSorts, 0)
	pcol, pdesc := readSortBy(rq, "psort", "pdir", participantSorts, 0)
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		l, t := data.L, rq.at
		for _, m := range st.Members(rules, t) {
			c := st.Contributor(board.StateActor(m.State), t)
			data.Rows = append(data.Rows, memberRow{Code: m.State, Name: l.State(m.State), Status: m.Status, Founding: m.Founding,
				Joined: m.Joined, TermEnd: m.TermEnd, Permanent: m.Permanent, Ended: m.Ended, EndReason: m.EndReason, Head: m.Head,
				CashFirst: m.CashUSDFirstYear, Pledged: c.PledgedUSD, Received: c.ReceivedCashUSD})
			data.Participants = append(data.Participants, participant(l, st.States[m.State], m, t))
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
	sortRows(data.Rows, memberSorts, col, desc, func(a, b memberRow) int { return collate(a.Name, b.Name) })
	// Each table's links keep the other's order, unless it is the default (the first column,
	// ascending), and lead back to the table they sort.
	keep := func(sortParam, dirParam, key string, desc bool) []string {
		if key == "state" && !desc {
			return nil
		}
		kv := []string{sortParam, key}
		if desc {
			kv = append(kv, dirParam, "desc")
		}
		return kv
	}
	data.Columns = sortHeaders(data.page, "/members", "", memberSorts, col, desc,
		keep("psort", "pdir", participantSorts[pcol].key, pdesc)...)
	sortRows(data.Participants, participantSorts, pcol, pdesc, func(a, b participantRow) int { return collate(a.Name, b.Name) })
	data.ParticipantColumns = sortHeadersBy(data.page, "/members", "h-participants", "psort", "pdir", participantSorts, pcol, pdesc,
		keep("sort", "dir", memberSorts[col].key, desc)...)
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
