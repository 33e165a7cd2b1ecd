package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
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
// request's instant. The server's index of States (entryIndex) says which entries those are.
func (s *Server) actsConcerning(rq *request, p *page, n *names, code board.StateCode, number int) ([]actView, pager, error) {
	size, err := s.engine.LenAt(rq.Context(), rq.at)
	if err != nil {
		return nil, pager{}, err
	}
	all, err := s.states.entries(rq.Context(), s.engine, code)
	if err != nil {
		return nil, pager{}, err
	}
	// Entries are in record order: keep those up to the instant, newest first.
	upTo, _ := slices.BinarySearch(all, size)
	found := slices.Clone(all[:upTo])
	slices.Reverse(found)
	from, to, pg := paginate(p, "/members/"+url.PathEscape(string(code)), len(found), number)
	var out []actView
	d := p.describer(n)
	for _, i := range found[from:to] {
		err := s.engine.ReadEntries(rq.Context(), i, i+1, func(en record.Entry) error {
			out = append(out, d.describe(en))
			return nil
		})
		if err != nil {
			return nil, pager{}, err
		}
	}
	return out, pg, nil
}

// An entryIndex remembers which entries of the record concern each subject of one sort (a
// State, a decision), so that a subject's page or feed reads its own entries only. It reads the
// entries appended since it last looked each time it is asked: the first request after the
// server starts reads the whole record.
type entryIndex[K comparable] struct {
	mu   sync.Mutex
	next uint64 // the entries before next are indexed
	by   map[K][]uint64
	// concerned returns the subjects an entry concerns. It sees each entry once, in record
	// order, under mu: it may remember what earlier entries said (an agenda's proposals).
	concerned func(record.Entry) []K
}

// entries returns the indexes of the entries that concern subject, in record order.
func (x *entryIndex[K]) entries(ctx context.Context, e *engine.Engine, subject K) ([]uint64, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.by == nil {
		x.by = map[K][]uint64{}
	}
	err := e.ReadEntries(ctx, x.next, e.Len(), func(en record.Entry) error {
		for _, c := range x.concerned(en) {
			if list := x.by[c]; len(list) == 0 || list[len(list)-1] != en.Index {
				x.by[c] = append(list, en.Index)
			}
		}
		x.next = en.Index + 1
		return nil
	})
	return slices.Clone(x.by[subject]), err
}

// concerned returns the States an entry concerns: the State that acted, and the State an act
// names (stateFields). Only the acts that can name a State are read, and of them only the two
// fields that can: the record holds canonical acts, checked when they were written, and the
// first request for a State's page after start reads every entry of the record (a million in
// about 5.5 s; 7.6 s when each act was parsed whole).
func concerned(en record.Entry) []board.StateCode {
	var out []board.StateCode
	if code, ok := board.ActorID(en.Actor).State(); ok {
		out = append(out, code)
	}
	field, ok := stateFields[board.Kind(en.Kind)]
	if !ok {
		return out
	}
	var a struct {
		Fields struct {
			State       board.StateCode `json:"state"`
			Contributor board.ActorID   `json:"contributor"`
		} `json:"fields"`
	}
	if err := json.Unmarshal(en.Act, &a); err != nil {
		return out
	}
	named := a.Fields.State
	if field == "contributor" {
		named, _ = a.Fields.Contributor.State()
	}
	if named != "" && !slices.Contains(out, named) {
		out = append(out, named)
	}
	return out
}

// stateFields names, by kind, the field by which an act names a State other than its actor: an
// invitation, a renewal, a removal, an accreditation ("state"), a contribution ("contributor",
// an actor that may be a State). TestEveryKindNamingAStateIsIndexed walks board.Kinds(), so that
// a new kind that names a State cannot be left off a State's page.
var stateFields = map[board.Kind]string{
	"invite": "state", "withdraw-invitation": "state", "renew-term": "state", "propose-removal": "state",
	"accredit": "state", "pledge": "contributor", "receive": "contributor",
}
