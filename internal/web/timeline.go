package web

import (
	"net/http"
	"slices"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// timelinePage is every act of the record up to the page's date, newest first, a page at a time.
type timelinePage struct {
	*page
	Total int
	Acts  []actView
	Pager pager
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
func paginate(p *page, path string, total, number int) (from, to int, pg pager) {
	return paginateBy(p, path, "page", "", total, number)
}

// paginateBy is paginate for one of several lists on a page: its links set param, and lead to
// the list's heading, anchor ("" for none).
func paginateBy(p *page, path, param, anchor string, total, number int) (from, to int, pg pager) {
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
	if number > 1 {
		pg.Prev = p.Link(path, param, itoa(number-1)) + anchor
	}
	if number < pages {
		pg.Next = p.Link(path, param, itoa(number+1)) + anchor
	}
	return from, to, pg
}

func (s *Server) timeline(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &timelinePage{page: s.newPage(rq, "timeline.title")}
	number := rq.pageNumber()
	var n *names
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		n = namesOf(st, rules, rq.lang)
		return nil
	})
	if err == nil {
		data.withNames(n)
		var entries []record.Entry
		entries, data.Total, data.Pager, err = s.newestEntries(rq, data.page, "/timeline", number)
		d := data.describer(n)
		for _, en := range entries {
			data.Acts = append(data.Acts, d.describe(en))
		}
	}
	s.render(w, rq, "timeline", data, err)
}

// newestEntries reads one page of the record's entries up to the request's instant, newest
// first, with the total number of entries up to that instant.
func (s *Server) newestEntries(rq *request, p *page, path string, number int) ([]record.Entry, int, pager, error) {
	size, err := s.engine.LenAt(rq.Context(), rq.at)
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
