package web

import (
	"net/http"
	"reflect"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// searchPage is what the search box found (/search?q=): names known as of the page's date, then
// acts recorded by then, the latest first, a page at a time (?cursor=, from the link to the next
// page).
type searchPage struct {
	*page
	Query   string // the words asked, as typed; "" before a search
	Count   int    // items on this page
	Items   []searchRow
	More    string // the next page's URL, "" on the last
	FromTop string // the first page's URL, on a later page
}

// A searchRow is one item found: its link, what it is, and the text it was found by.
type searchRow struct {
	URL, Title, What, Snippet string
	At                        time.Time // an act's recorded instant; zero for a name
}

// searchPageSize is how many items a page of the portal's search shows.
const searchPageSize = 20

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &searchPage{page: s.newPage(rq, "search.title")}
	data.Query = r.URL.Query().Get("q")
	data.SearchQ = data.Query
	if data.Query == "" || rq.bad != nil {
		s.render(w, rq, "search", data, rq.bad)
		return
	}
	if len(board.FoldWords(data.Query)) == 0 {
		s.render(w, rq, "search", data, badRequest{"search.no_words"})
		return
	}
	cursor := r.URL.Query().Get("cursor")
	res, err := s.engine.Search(r.Context(), data.Query, rq.at, searchPageSize, cursor)
	if board.ErrorKindOf(err) == board.Invalid {
		err = badRequest{"search.bad"}
	}
	if err == nil {
		err = s.view(rq, func(st *board.State, rules *charter.Rules) error {
			data.withNames(namesOf(st, rules, rq.lang))
			return nil
		})
	}
	if err != nil {
		s.render(w, rq, "search", data, err)
		return
	}
	for _, it := range res.Items {
		data.Items = append(data.Items, data.searchRow(it))
	}
	data.Count = len(data.Items)
	if res.Next != "" {
		data.More = data.Link("/search", "q", data.Query, "cursor", res.Next)
	}
	if cursor != "" {
		data.FromTop = data.Link("/search", "q", data.Query)
	}
	s.render(w, rq, "search", data, nil)
}

// searchRow is the row of an item found, linked to its page.
func (p *searchPage) searchRow(it engine.SearchItem) searchRow {
	if n := it.Name; n != nil {
		row := searchRow{Title: n.Name, What: p.L.t("search.what." + string(n.Kind)), Snippet: it.Snippet}
		switch n.Kind {
		case board.NameState:
			row.Title, row.URL = p.L.State(board.StateCode(n.ID)), p.StateLink(board.StateCode(n.ID))
		case board.NamePerson:
			row.What = p.L.t("search.role." + n.Role)
			row.URL = p.Link("/executive")
			if n.ID != "" {
				row.URL = p.StateLink(board.StateCode(n.ID))
			}
		case board.NameFund:
			row.URL = p.FundLink(board.FundID(n.ID))
		default:
			row.URL = p.Link("/treasury")
		}
		return row
	}
	row := searchRow{Title: it.Title, At: it.Entry.At, Snippet: it.Snippet,
		What: p.L.kindName(board.Kind(it.Entry.Kind)) + " · " + p.L.Actor(board.ActorID(it.Entry.Actor)), URL: p.actLink(it)}
	if row.Title == "" {
		row.Title = p.L.kindName(board.Kind(it.Entry.Kind))
	}
	return row
}

// actLink is the page an act found leads to: its decision's, when it acts on one; else the
// page of the fund or the State it names, or of the State that made it; else the record.
func (p *searchPage) actLink(it engine.SearchItem) string {
	if it.Act.Body != nil {
		v := reflect.ValueOf(it.Act.Body).Elem()
		for _, typ := range []reflect.Type{reflect.TypeFor[board.DecisionID](), reflect.TypeFor[board.FundID](), reflect.TypeFor[board.StateCode]()} {
			for i := range v.NumField() {
				if v.Field(i).Type() != typ || v.Field(i).String() == "" {
					continue
				}
				switch id := v.Field(i).String(); typ {
				case reflect.TypeFor[board.DecisionID]():
					return p.DecisionLink(board.DecisionID(id))
				case reflect.TypeFor[board.FundID]():
					return p.FundLink(board.FundID(id))
				default:
					return p.StateLink(board.StateCode(id))
				}
			}
		}
	}
	if c, ok := board.ActorID(it.Entry.Actor).State(); ok {
		return p.StateLink(c)
	}
	return p.Link("/record")
}
