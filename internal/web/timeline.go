package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// timelinePage is every act of the record up to the page's date, newest first, a page at a time;
// only one actor's, or one kind's, when the reader filters them (?actor=state:KAZ&kind=vote).
type timelinePage struct {
	*page
	Total int
	Acts  []actView
	Pager pager
	// The filter form: its choices, and what the URL chose ("" for any).
	Actor, Kind string
	Actors      []option
	Kinds       []option
	Filtered    bool
}

// An option is a choice of a form's select.
type option struct {
	Value, Label string
	Selected     bool
}

// timelineFilter is which entries the timeline shows: an actor's, a kind's, or both.
type timelineFilter struct {
	actor, kind string
}

func (f timelineFilter) any() bool { return f.actor != "" || f.kind != "" }

// params returns the filter as query parameters (name, value...), for the pager's links.
func (f timelineFilter) params() []string {
	var kv []string
	if f.actor != "" {
		kv = append(kv, "actor", f.actor)
	}
	if f.kind != "" {
		kv = append(kv, "kind", f.kind)
	}
	return kv
}

func (f timelineFilter) match(en record.Entry) bool {
	return (f.actor == "" || en.Actor == f.actor) && (f.kind == "" || en.Kind == f.kind)
}

// readTimelineFilter reads ?actor= and ?kind=, as the API's entries endpoint does: an actor that
// does not parse, or a kind not in the catalogue, makes the request malformed (400).
func readTimelineFilter(rq *request) timelineFilter {
	q := rq.URL.Query()
	f := timelineFilter{actor: q.Get("actor"), kind: q.Get("kind")}
	if f.actor != "" {
		if _, err := board.ParseActor(f.actor); err != nil {
			rq.bad = badRequest{"error.filter"}
		}
	}
	if f.kind != "" {
		if _, ok := board.NewBody(board.Kind(f.kind)); !ok {
			rq.bad = badRequest{"error.filter"}
		}
	}
	return f
}

// pager is the "pager" template's data.
type pager struct {
	Label, Where         string
	Prev, Next           string
	PrevLabel, NextLabel string
}

// paginate returns which items of a list of total, newest first, page number shows (items
// [from, to)), and the links to the pages before and after it. A number past the last page
// shows the last page.
// extra are further query parameters the links keep (name, value...), a list's filters.
func paginate(p *page, path string, total, number int, extra ...string) (from, to int, pg pager) {
	return paginateBy(p, path, "page", "", total, number, extra...)
}

// paginateBy is paginate for one of several lists on a page: its links set param, and lead to
// the list's heading, anchor ("" for none).
func paginateBy(p *page, path, param, anchor string, total, number int, extra ...string) (from, to int, pg pager) {
	pages := max(1, (total+actsPerPage-1)/actsPerPage)
	number = min(number, pages)
	from = (number - 1) * actsPerPage
	to = min(total, from+actsPerPage)
	l := p.L
	pg = pager{Label: l.t("pager.label"), PrevLabel: l.t("pager.newer"), NextLabel: l.t("pager.older")}
	if total > 0 {
		pg.Where = l.f("pager.where", l.Num(number), l.Num(pages), l.Num(from+1), l.Num(to), l.Num(total))
	}
	if anchor != "" {
		anchor = "#" + anchor
	}
	link := func(n int) string { return p.Link(path, append(slices.Clone(extra), param, itoa(n))...) + anchor }
	if number > 1 {
		pg.Prev = link(number - 1)
	}
	if number < pages {
		pg.Next = link(number + 1)
	}
	return from, to, pg
}

func (s *Server) timeline(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &timelinePage{page: s.newPage(rq, "timeline.title")}
	number := rq.pageNumber()
	f := readTimelineFilter(rq)
	data.Actor, data.Kind, data.Filtered = f.actor, f.kind, f.any()
	var n *names
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		n = namesOf(st, rules, rq.lang)
		data.Actors = actorOptions(data.withNames(n), st, f.actor)
		return nil
	})
	if err == nil {
		data.Kinds = kindOptions(data.L, f.kind)
		var entries []record.Entry
		if f.any() {
			entries, data.Total, data.Pager, err = s.newestMatching(rq, data.page, "/timeline", number, f)
		} else {
			entries, data.Total, data.Pager, err = s.newestEntries(rq, data.page, "/timeline", number)
		}
		d := data.describer(n)
		for _, en := range entries {
			data.Acts = append(data.Acts, d.describe(en))
		}
	}
	s.render(w, rq, "timeline", data, err)
}

// actorOptions lists who may have acted, for the timeline's filter: the offices, every State
// invited, every executive named, each by name; and chosen, if it is none of them, so that the
// form shows what the URL asked.
func actorOptions(l *locale, st *board.State, chosen string) []option {
	var out []option
	add := func(a board.ActorID) {
		out = append(out, option{Value: string(a), Label: l.Actor(a), Selected: string(a) == chosen})
	}
	for _, a := range []board.ActorID{"chairman", "secretariat", "chief-executive"} {
		add(a)
	}
	offices := len(out)
	for code := range st.States {
		add(board.StateActor(code))
	}
	for id := range l.people {
		add(board.ActorID("executive:" + string(id)))
	}
	slices.SortFunc(out[offices:], func(a, b option) int { return collate(a.Label, b.Label) })
	if chosen != "" && !slices.ContainsFunc(out, func(o option) bool { return o.Selected }) {
		add(board.ActorID(chosen))
	}
	return out
}

// kindOptions lists the kinds of act of the catalogue, by their label.
func kindOptions(l *locale, chosen string) []option {
	var out []option
	for _, k := range board.Kinds() {
		out = append(out, option{Value: string(k), Label: l.kindName(k), Selected: string(k) == chosen})
	}
	slices.SortFunc(out, func(a, b option) int { return cmp.Or(collate(a.Label, b.Label), strings.Compare(a.Value, b.Value)) })
	return out
}

// newestMatching is newestEntries for the entries f matches. It reads the record up to the
// request's instant once to find them, keeping only their indexes, then reads the page's.
// Unlike the unfiltered timeline, its cost grows with the record (a scan per request); an index
// by actor and kind in the store would remove the scan if records grow large.
func (s *Server) newestMatching(rq *request, p *page, path string, number int, f timelineFilter) ([]record.Entry, int, pager, error) {
	size, err := s.lenAt(rq)
	if err != nil {
		return nil, 0, pager{}, err
	}
	var found []uint64
	err = s.engine.ReadEntries(rq.Context(), 0, size, func(en record.Entry) error {
		if f.match(en) {
			found = append(found, en.Index)
		}
		return nil
	})
	if err != nil {
		return nil, 0, pager{}, err
	}
	from, to, pg := paginate(p, path, len(found), number, f.params()...)
	slices.Reverse(found) // newest first
	page := found[from:to]
	var out []record.Entry
	if len(page) > 0 {
		want := map[uint64]bool{}
		for _, i := range page {
			want[i] = true
		}
		err = s.engine.ReadEntries(rq.Context(), page[len(page)-1], page[0]+1, func(en record.Entry) error {
			if want[en.Index] {
				out = append(out, en)
			}
			return nil
		})
	}
	slices.Reverse(out)
	return out, len(found), pg, err
}

// newestEntries reads one page of the record's entries up to the request's instant, newest
// first, with the total number of entries up to that instant.
func (s *Server) newestEntries(rq *request, p *page, path string, number int) ([]record.Entry, int, pager, error) {
	size, err := s.lenAt(rq)
	if err != nil {
		return nil, 0, pager{}, err
	}
	from, to, pg := paginate(p, path, int(size), number)
	// Item i of the newest-first list is entry size-1-i.
	first, end := size-uint64(to), size-uint64(from)
	var out []record.Entry
	err = s.engine.ReadEntries(rq.Context(), first, end, func(en record.Entry) error {
		out = append(out, en)
		return nil
	})
	slices.Reverse(out)
	return out, int(size), pg, err
}
