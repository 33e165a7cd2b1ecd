package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

func (a *API) search(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	text := q.Get("q")
	if text == "" {
		return board.Errorf(board.Invalid, "q: say what to search for")
	}
	lang := q.Get("lang")
	switch lang {
	case "":
		lang = "en"
	case "en", "fr":
	default:
		return board.Errorf(board.Invalid, "lang %q: want en or fr", lang)
	}
	t, err := a.asOf(r)
	if err != nil {
		return err
	}
	limit, err := limitOf(r)
	if err != nil {
		return err
	}
	cursor, _, err := decodeCursor(r)
	if err != nil {
		return err
	}
	res, err := a.engine.Search(r.Context(), text, t, limit, cursor)
	if err != nil {
		return err
	}
	page := apiv1.Page[apiv1.SearchItem]{Items: make([]apiv1.SearchItem, 0, len(res.Items))}
	for _, it := range res.Items {
		page.Items = append(page.Items, NewSearchItem(it, lang))
	}
	if res.Next != "" {
		page.NextCursor = encodeCursor(res.Next)
	}
	return writeJSON(w, page)
}

// NewSearchItem is the wire form of a search's item, its titles in lang (en or fr).
func NewSearchItem(it engine.SearchItem, lang string) apiv1.SearchItem {
	if n := it.Name; n != nil {
		out := apiv1.SearchItem{Type: string(n.Kind), ID: n.ID, Role: n.Role, Title: n.Name, Snippet: it.Snippet}
		switch n.Kind {
		case board.NameState:
			out.Title = board.StateCode(n.ID).Name(lang)
			out.URL = Prefix + "/members/" + n.ID
		case board.NamePerson:
			out.URL = Prefix + "/status"
			if n.ID != "" {
				out.URL = Prefix + "/members/" + n.ID
			}
		case board.NameFund:
			out.URL = Prefix + "/funds"
		default:
			out.URL = Prefix + "/treasury"
		}
		return out
	}
	index := it.Entry.Index
	out := apiv1.SearchItem{Type: "act", Index: &index, Recorded: it.Entry.At.UTC().Format(time.RFC3339Nano),
		Kind: it.Entry.Kind, Actor: it.Entry.Actor, Title: it.Title, Snippet: it.Snippet,
		URL: Prefix + "/entries/" + strconv.FormatUint(index, 10)}
	if out.Title == "" {
		out.Title = it.Entry.Kind
	}
	return out
}
