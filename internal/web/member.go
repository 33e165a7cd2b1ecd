package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
	"github.com/peaceboard/peaceboard/record"
)

// memberPage is one State's whole history: its invitation and membership, its votes, its
// contributions, and every act of the record that concerns it. Votes, contributions and acts
// are listed newest first, a page of each at a time (?votes_page=, ?contributions_page=,
// ?page=): at a million acts a State has thousands of each.
type memberPage struct {
	*page
	Code            board.StateCode
	Name            string
	Invited         bool // invited by the page's date; a State may also only have contributed
	View            board.MemberView
	FoundingOffered bool
	Invitation      board.InvitationStatus
	Answered        time.Time
	Instrument      string
	Place           string
	Representatives []board.Representative
	Removals        []removalRow
	Votes           []ballotRow
	VotesPager      pager
	Money           board.ContributorView
	Contributions   []contributionRow
	MoneyPager      pager
	Acts            []actView
	Pager           pager
}

// A removalRow is a removal proposed against a State (R7).
type removalRow struct {
	Proposed, WindowEnd, Blocked time.Time
	Reason                       string
	Vetoes, Needed, Base         int
	Status                       string // "pending", "blocked", "effective"
}

// A ballotRow is one State's vote on one proposal, or its absence.
type ballotRow struct {
	Decision board.DecisionID
	Title    string
	Opened   time.Time
	At       time.Time
	Choice   string // "yes", "no", "abstain", "absent" (the vote closed without it), "pending"
}

// A contributionRow is one line of a contributor's account: a pledge, a receipt, in-kind support
// or the reversal of one.
type contributionRow struct {
	ID         board.EntryID
	Type       board.EntryType
	Recorded   time.Time
	ValueDate  time.Time
	Due        time.Time
	Amount     money.Amount
	USD        money.Amount
	Fund       string
	Open       money.Amount // a pledge's unpaid rest
	ReversedBy board.EntryID
	Note       string
}

// actsPerPage is the length of a page of acts: the timeline, the record, a State's history.
const actsPerPage = 50

func (s *Server) member(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	code := board.StateCode(r.PathValue("state"))
	data := &memberPage{page: s.newPage(rq, "member.title"), Code: code}
	data.Name = data.L.State(code)
	data.Title = data.Name
	data.follow(stateFeedPath(code), "feeds.state")
	number, votesPage, moneyPage := rq.pageNumber(), rq.pageNumberOf("votes_page"), rq.pageNumberOf("contributions_page")
	var n *names
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		if err := knownState(st, rules, code, rq.at); err != nil {
			return err
		}
		t := rq.at
		n = namesOf(st, rules, rq.lang)
		v, invited := st.Member(rules, code, t)
		data.Invited, data.View = invited, v
		if invited {
			m := st.States[code]
			data.FoundingOffered, data.Invitation, data.Answered = m.Founding, m.Invitation, m.Answered
			data.Instrument, data.Place = m.Instrument, m.Place
			for _, rep := range m.Representatives {
				if !rep.Since.After(t) {
					data.Representatives = append(data.Representatives, rep)
				}
			}
			for _, id := range m.Removals {
				x := st.Removals[id]
				row := removalRow{Proposed: x.Proposed, WindowEnd: x.WindowEnd, Blocked: x.Blocked, Reason: x.Reason,
					Vetoes: len(x.Vetoes), Needed: x.Needed, Base: x.Base, Status: "pending"}
				switch {
				case !x.Blocked.IsZero():
					row.Status = "blocked"
				case x.EffectiveAt(t):
					row.Status = "effective"
				}
				data.Removals = append(data.Removals, row)
			}
		}
		votes := ballotsOf(st, code, t)
		from, to, pg := paginateBy(data.page, "/members/"+url.PathEscape(string(code)), "votes_page", "h-votes", len(votes), votesPage)
		data.Votes, data.VotesPager = votes[from:to], pg
		c := board.StateActor(code)
		data.Money = st.Contributor(c, t)
		total := st.ContributionCount(c, t)
		from, to, data.MoneyPager = paginateBy(data.page, "/members/"+url.PathEscape(string(code)), "contributions_page", "h-money", total, moneyPage)
		data.Contributions = contributionRows(st.NewestContributions(c, t, from, to-from), n)
		return nil
	})
	if err == nil {
		data.withNames(n)
		data.Acts, data.Pager, err = s.actsConcerning(rq, data.page, n, code, number)
	}
	s.render(w, rq, "member", data, err)
}

// knownState returns a not-found error unless the record names code by t: a State invited, or
// one that contributed. A State's page and its feed answer 404 alike.
func knownState(st *board.State, rules *charter.Rules, code board.StateCode, t time.Time) error {
	if err := board.CheckState(rules, code); err != nil {
		return notFound("%v", err)
	}
	if _, invited := st.Member(rules, code, t); !invited && st.ContributionCount(board.StateActor(code), t) == 0 {
		return notFound("the record names no State %s", code)
	}
	return nil
}

// ballotsOf returns a State's vote on every proposal it could vote on, newest first.
func ballotsOf(st *board.State, code board.StateCode, t time.Time) []ballotRow {
	var out []ballotRow
	for _, d := range st.DecisionList(t) {
		if d.Opened.IsZero() {
			continue
		}
		row := ballotRow{Decision: d.ID, Title: d.Title, Opened: d.Opened, Choice: "pending"}
		i := slices.IndexFunc(d.Ballots, func(b board.Ballot) bool { return b.State == code })
		switch {
		case i >= 0:
			row.Choice, row.At = string(d.Ballots[i].Choice), d.Ballots[i].At
		case !slices.Contains(d.Electorate, code):
			continue
		case !d.Closed.IsZero():
			row.Choice = "absent"
		}
		out = append(out, row)
	}
	slices.Reverse(out)
	return out
}

// contributionRows returns the rows of contribution lines, in their order.
func contributionRows(lines []board.ContributionLine, n *names) []contributionRow {
	out := make([]contributionRow, 0, len(lines))
	for _, line := range lines {
		e := line.Entry
		out = append(out, contributionRow{ID: e.ID, Type: e.Type, Recorded: e.Recorded, ValueDate: e.ValueDate, Due: e.Due,
			Amount: e.Amount, USD: e.USD, Fund: orID(n.funds, e.Fund), Open: line.Open, ReversedBy: line.ReversedBy, Note: e.Note})
	}
	return out
}

// actsConcerning describes one page of the acts that concern a State, newest first, up to the
// request's instant: the store's subjects index says which entries those are, and only they are
// read.
func (s *Server) actsConcerning(rq *request, p *page, n *names, code board.StateCode, number int) ([]actView, pager, error) {
	entries, total, err := s.subjectPage(rq, board.StateSubject(code), number, actsPerPage)
	if err != nil {
		return nil, pager{}, err
	}
	_, _, pg := paginate(p, "/members/"+url.PathEscape(string(code)), total, number)
	out := make([]actView, 0, len(entries))
	d := p.describer(n)
	for _, en := range entries {
		out = append(out, d.describe(en))
	}
	return out, pg, nil
}

// subjectPage returns the page number (from 1; the last if there are fewer) of the entries that
// concern subject up to the request's instant, perPage to a page, newest first, and how many
// there are in all.
func (s *Server) subjectPage(rq *request, subject board.Subject, number, perPage int) ([]record.Entry, int, error) {
	size, err := s.engine.LenAt(rq.Context(), rq.at)
	if err != nil {
		return nil, 0, err
	}
	pg, err := s.engine.Subject(rq.Context(), subject, size, (max(number, 1)-1)*perPage, perPage)
	if err != nil || len(pg.Entries) > 0 || pg.Total == 0 {
		return pg.Entries, pg.Total, err
	}
	// Past the last page: the last one.
	last := (pg.Total + perPage - 1) / perPage
	pg, err = s.engine.Subject(rq.Context(), subject, size, (last-1)*perPage, perPage)
	return pg.Entries, pg.Total, err
}
