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

// overviewPage is the home page: the charter's standing, its offices, counts, and what falls due.
type overviewPage struct {
	*page
	InForce                  bool
	EntryIntoForce, Dissolve time.Time
	FirstYearEnds            time.Time
	Chairman, Successor      string
	Counts                   []countCard
	Overdue                  []deadline // obligations not met in time (board Compliance)
	Upcoming                 []deadline // what falls due after the page's date, soonest first
	Chart                    *chart     // membership over time; nil before any invitation
	// ChartNote stands in for the chart before entry into force, when there is no member to
	// chart: it says so, and when the charter entered into force if it later did.
	ChartNote string
}

// A countCard is one figure of the overview.
type countCard struct {
	N, Label, URL string
}

// A deadline is something dated that the organization must do, or that will happen by itself.
type deadline struct {
	At     time.Time
	What   string
	Detail string
	Rule   string
	Status string // an obligation's status ("met", "due", "overdue"), or ""
	URL    string
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &overviewPage{page: s.newPage(rq, "overview.title")}
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		l, t := data.L, rq.at
		o := st.Overview(rules, t)
		data.InForce, data.EntryIntoForce, data.FirstYearEnds = o.InForce, o.EntryIntoForce, o.FirstYearEnds
		data.Dissolve, data.Chairman, data.Successor = o.Dissolved, o.Chairman, o.Successor
		if !data.Dissolve.IsZero() && data.Dissolve.After(t) {
			data.Dissolve = time.Time{}
		}
		members := st.Members(rules, t)
		data.Counts = overviewCounts(data.page, st, members, len(o.ExecutiveBoard), t)
		data.Overdue, data.Upcoming = deadlines(data.page, st, rules, members, o, t)
		data.Chart = membershipChart(l, st, rules, t)
		return nil
	})
	if err == nil && !data.InForce && data.Dissolve.IsZero() {
		data.Chart, data.ChartNote = nil, s.notInForceNote(rq, data.L)
	}
	s.render(w, rq, "overview", data, err)
}

// notInForceNote says that the charter was not yet in force at the page's instant, and when it
// entered into force if it did later: the state as of the page's instant cannot know, so the
// record is asked as of now. A page as of the past names only an entry into force by the record's
// latest act, which no later act can change: the page never changes (cache.go).
func (s *Server) notInForceNote(rq *request, l *locale) string {
	var later time.Time
	now := rq.now
	if rq.at.Before(now) {
		err := s.engine.View(rq.Context(), now, func(st *board.State, rules *charter.Rules) error {
			if o := st.Overview(rules, now); o.InForce && (!rq.past || !o.EntryIntoForce.After(st.Last)) {
				later = o.EntryIntoForce
			}
			return nil
		})
		if err != nil {
			later = time.Time{} // the sentence without the date is still true
		}
	}
	if later.IsZero() {
		return l.f("overview.chart.not_in_force", l.Date(rq.at))
	}
	return l.f("overview.chart.in_force_later", l.Date(rq.at), l.Date(later))
}

// overviewCounts returns the overview's figures: States by status, offices, decisions, money.
func overviewCounts(p *page, st *board.State, members []board.MemberView, executives int, t time.Time) []countCard {
	l := p.L
	by := map[board.Status]int{}
	for _, m := range members {
		by[m.Status]++
	}
	subsidiaries := 0
	for _, x := range st.Subsidiaries {
		if !x.Created.After(t) && (x.Dissolved.IsZero() || x.Dissolved.After(t)) {
			subsidiaries++
		}
	}
	adopted := 0
	for _, x := range st.Decisions { // not DecisionList, which copies every comment
		if s := x.StatusAt(t); s == board.DecisionAdopted || s == board.DecisionDirective {
			adopted++
		}
	}
	total := board.TotalOf(st.Contributors(t))
	pledged, received := total.PledgedUSD, total.ReceivedCashUSD
	card := func(n int, key, url string) countCard { return countCard{l.Num(n), l.noun(key, n), url} }
	return []countCard{
		card(by[board.StatusMember]+by[board.StatusRemovalPending], "count.members", p.Link("/members")),
		card(by[board.StatusSignatory], "count.signatories", p.Link("/invitations")),
		card(by[board.StatusInvited], "count.invited", p.Link("/invitations")),
		card(by[board.StatusDeclined], "count.declined", p.Link("/invitations")),
		card(by[board.StatusInvitationWithdrawn], "count.withdrawn", p.Link("/invitations")),
		card(by[board.StatusFormer], "count.former", p.Link("/members")),
		card(executives, "count.executives", p.Link("/executive")),
		card(subsidiaries, "count.subsidiaries", p.Link("/executive")),
		card(adopted, "count.adopted", p.Link("/decisions")),
		{l.MoneyShort(usd(pledged)), l.t("count.pledged"), p.Link("/treasury")},
		{l.MoneyShort(usd(received)), l.t("count.received"), p.Link("/treasury")},
	}
}

// usd returns a US dollar amount as a number of dollars, for charts and short labels.
func usd(a money.Amount) float64 { return float64(a.Minor) / 100 }

// deadlines returns the obligations overdue at t, and what falls due after t: the end of the
// first-year window (R5), term ends (R4), Executive Board term ends (R17), veto windows (R7),
// meetings convened, and the standing obligations of board Compliance.
func deadlines(p *page, st *board.State, rules *charter.Rules, members []board.MemberView, o board.Overview, t time.Time) (overdue, upcoming []deadline) {
	l := p.L
	if o.InForce && o.FirstYearEnds.After(t) {
		upcoming = append(upcoming, deadline{At: o.FirstYearEnds, Rule: "R5", What: l.t("due.first_year"),
			Detail: l.f("due.first_year.detail", l.MoneyText(rules.PermanentSeat.Threshold)), URL: p.Link("/members", "sort", "cash", "dir", "desc")})
	}
	terms := map[time.Time][]string{}
	for _, m := range members {
		if (m.Status == board.StatusMember || m.Status == board.StatusRemovalPending) && m.TermEnd.After(t) {
			terms[m.TermEnd] = append(terms[m.TermEnd], l.State(m.State))
		}
	}
	for at, states := range terms {
		upcoming = append(upcoming, deadline{At: at, Rule: "R4", What: l.n("due.terms", len(states)),
			Detail: listOf(l, states, 8), URL: p.Link("/members", "sort", "term_end")})
	}
	execs := map[time.Time][]string{}
	for _, x := range o.ExecutiveBoard {
		execs[x.TermEnd] = append(execs[x.TermEnd], x.Person)
	}
	for at, people := range execs {
		upcoming = append(upcoming, deadline{At: at, Rule: "R17", What: l.n("due.executive_terms", len(people)),
			Detail: listOf(l, people, 8), URL: p.Link("/executive")})
	}
	for _, id := range slices.Sorted(maps.Keys(st.Removals)) {
		x := st.Removals[id]
		if x.Proposed.After(t) || !x.PendingAt(t) {
			continue
		}
		vetoes := len(x.Vetoes)
		upcoming = append(upcoming, deadline{At: x.WindowEnd, Rule: "R7", What: l.f("due.veto", l.State(x.State)),
			Detail: l.f("due.veto.detail", l.n("n.veto", vetoes), l.n("n.needed", x.Needed), l.n("n.member_state", x.Base)), URL: p.StateLink(x.State)})
	}
	for _, m := range st.MeetingList() {
		if m.Day().Before(board.Day(t)) || m.Convened.After(t) {
			continue
		}
		upcoming = append(upcoming, deadline{At: m.Date, Rule: map[board.MeetingKind]string{board.MeetingVoting: "R10", board.MeetingReporting: "R12"}[m.Kind],
			What: l.f("due.meeting", l.t("meeting."+string(m.Kind)), m.Place), URL: p.Link("/decisions")})
	}
	for _, ob := range st.Compliance(rules, t) {
		d := deadline{At: ob.Due, Rule: ob.Rule, Status: string(ob.Status), What: obligationText(l, st, rules, ob)}
		switch {
		case ob.Status == board.ObligationOverdue && ob.Due.IsZero():
			d.Detail = l.t("ob.overdue")
		case ob.Status == board.ObligationOverdue:
			d.Detail = l.f("ob.overdue_since", l.Date(ob.Due))
		case ob.Status == board.ObligationDue:
			d.Detail = l.f("ob.due_by", l.Date(ob.Due))
		default:
			d.Detail = l.f("ob.next_by", l.Date(ob.Due))
		}
		if !ob.Last.IsZero() {
			d.Detail += " " + l.f("ob.last", l.Date(ob.Last))
		}
		if ob.Status == board.ObligationOverdue {
			overdue = append(overdue, d)
		} else if !ob.Due.IsZero() {
			upcoming = append(upcoming, d)
		}
	}
	slices.SortStableFunc(upcoming, func(a, b deadline) int { return cmp.Or(a.At.Compare(b.At), strings.Compare(a.What, b.What)) })
	slices.SortStableFunc(overdue, func(a, b deadline) int { return a.At.Compare(b.At) })
	return overdue, upcoming
}

// obligationText says what an obligation of board Compliance asks, in the reader's language.
func obligationText(l *locale, st *board.State, rules *charter.Rules, ob board.Obligation) string {
	switch {
	case ob.ID == "voting-meeting":
		return l.f("ob.voting-meeting", l.Every(rules.Meetings.VotingMinPer))
	case ob.ID == "reporting-meeting":
		return l.f("ob.reporting-meeting", l.Every(rules.Meetings.ReportingMinPer))
	case ob.ID == "successor":
		return l.t("ob.successor")
	case strings.HasPrefix(ob.ID, "approval:"):
		id := board.DecisionID(strings.TrimPrefix(ob.ID, "approval:"))
		title := string(id)
		if x, ok := st.Decisions[id]; ok {
			title = x.Title
		}
		return l.f("ob.approval", title)
	case strings.HasPrefix(ob.ID, "mandate:"):
		id := strings.TrimPrefix(ob.ID, "mandate:")
		for _, m := range rules.Mandates {
			if m.ID == id {
				return l.f("ob.mandate", l.Every(m.ReportEvery), m.Translations.In("name", l.Lang, m.Name), l.Date(m.Until))
			}
		}
	}
	return ob.What
}

// listOf joins names, writing at most n of them and how many others there are.
func listOf(l *locale, items []string, n int) string {
	slices.SortFunc(items, func(a, b string) int { return collate(a, b) })
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + " " + l.n("list.more", len(items)-n)
}
