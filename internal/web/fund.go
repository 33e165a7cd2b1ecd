package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// fundPage is one fund as of the page's date (/treasury/funds/{id}), the way a pooled fund's
// gateway shows it: its balance by currency, what was deposited into it and pledged to it, what
// it allocated to programmes, and what those programmes paid out.
type fundPage struct {
	*page
	ID            board.FundID
	Name, Purpose string
	Opened        time.Time // zero for a fund of the rules file
	Cash, Pledged []money.Amount
	InKind        money.Amount
	Deposits      fundTable // receipts and in-kind support
	Pledges       fundTable
	Allocations   fundTable
	Disbursements []disbursementRow // of the programmes the fund allocated to
}

// A fundTable is one table of a fund's entries, with the page (its labels and links) and the
// id of its heading, which names it.
type fundTable struct {
	P       *page
	Heading string
	Rows    []fundEntryRow
}

// A fundEntryRow is one ledger entry about a fund: who gave, or which programme received.
type fundEntryRow struct {
	ID          board.EntryID
	Type        board.EntryType
	Recorded    time.Time
	ValueDate   time.Time
	Amount, USD money.Amount
	Contributor board.ActorID // "" for an allocation
	Name        string        // the contributor's or the programme's
	ReversedBy  board.EntryID // "" unless reversed by the page's date
	Note        string
}

func (s *Server) fund(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &fundPage{page: s.newPage(rq, "fund.title"), ID: board.FundID(r.PathValue("id"))}
	data.Deposits = fundTable{P: data.page, Heading: "h-deposits"}
	data.Pledges = fundTable{P: data.page, Heading: "h-pledges"}
	data.Allocations = fundTable{P: data.page, Heading: "h-allocations"}
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		n := namesOf(st, rules, rq.lang)
		l, t := data.withNames(n), rq.at
		funds := st.FundList(rules, t)
		i := slices.IndexFunc(funds, func(f board.FundView) bool { return f.ID == data.ID })
		if i < 0 {
			return notFound("no fund %q as of %s", data.ID, t.Format(time.DateOnly))
		}
		f := funds[i]
		data.Name, data.Purpose, data.Opened = f.Name, f.Purpose, f.Opened
		data.Title = f.Name
		data.Cash, data.Pledged, data.InKind = byCurrency(f.Cash), byCurrency(f.Pledged), f.InKindUSD
		ledger := &st.Treasury.Ledger
		funded := map[board.ProgrammeID]bool{}
		for e := range ledger.EntriesAt(t) {
			if e.Fund != data.ID {
				continue
			}
			row := fundEntryRow{ID: e.ID, Type: e.Type, Recorded: e.Recorded, ValueDate: e.ValueDate, Amount: e.Amount, USD: e.USD,
				Contributor: e.Contributor, Note: e.Note, ReversedBy: reversedBy(ledger, e.ID, t)}
			switch e.Type {
			case board.EntryReceipt, board.EntryInKind:
				row.Name = l.Actor(e.Contributor)
				data.Deposits.Rows = append(data.Deposits.Rows, row)
			case board.EntryPledge:
				row.Name = l.Actor(e.Contributor)
				data.Pledges.Rows = append(data.Pledges.Rows, row)
			case board.EntryAllocation:
				row.Name = orID(n.programmes, e.Programme)
				data.Allocations.Rows = append(data.Allocations.Rows, row)
				if row.ReversedBy == "" {
					funded[e.Programme] = true
				}
			}
		}
		for _, d := range st.DisbursementList(t) {
			if funded[d.Programme] {
				data.Disbursements = append(data.Disbursements, disbursementRow{ID: d.ID, Programme: orID(n.programmes, d.Programme),
					Payee: d.Payee, Purpose: d.Purpose, Amount: d.Amount, Status: d.Status, Required: d.Required,
					Requested: d.Requested, Paid: d.Paid})
			}
		}
		return nil
	})
	s.render(w, rq, "fund", data, err)
}

// reversedBy returns the entry that reversed entry id by t, or "". A reversal recorded after t
// did not exist yet on the page's date.
func reversedBy(l *board.Ledger, id board.EntryID, t time.Time) board.EntryID {
	r, ok := l.ReversedBy[id]
	if !ok {
		return ""
	}
	if e, found := l.Find(r); !found || e.Recorded.After(t) {
		return ""
	}
	return r
}

// FundLink returns the URL of a fund's page.
func (p *page) FundLink(id board.FundID) string {
	return p.Link("/treasury/funds/" + url.PathEscape(string(id)))
}
