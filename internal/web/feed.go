package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// The Atom feed (RFC 4287) of accepted acts, newest first, in the reader's language: journalists
// and delegations follow the record in any feed reader. It takes ?lang= and ?as_of= as the pages
// do.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published"`
	Author    atomPerson   `xml:"author"`
	Category  atomCategory `xml:"category"`
	Link      atomLink     `xml:"link"`
	Content   atomText     `xml:"content"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// feedLength is how many acts a feed holds: the newest, which is what a feed reader polls for.
// It bounds a request's work whatever the size of the record or of a subject's history.
const feedLength = 50

// The record's feed, /feed.atom: every act.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	p := s.newPage(rq, "feed.title")
	var n *names
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		n = namesOf(st, rules, rq.lang)
		return nil
	})
	var entries []record.Entry
	if err == nil {
		p.withNames(n)
		entries, _, _, err = s.newestEntries(rq, p, "/timeline", 1)
	}
	if err != nil {
		s.fail(w, rq, err)
		return
	}
	if len(entries) > feedLength {
		entries = entries[:feedLength]
	}
	s.writeFeed(w, rq, p, n, "/feed.atom", p.L.f("feed.heading", p.Org), p.Link("/timeline"), entries)
}

// A State's feed, /members/{state}/feed.atom: the acts that concern it, those its page lists
// (board.EntrySubjects). A State the record does not name is 404, as its page is.
func (s *Server) memberFeed(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	code := board.StateCode(r.PathValue("state"))
	p := s.newPage(rq, "feed.title")
	var n *names
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		if err := knownState(st, rules, code, rq.at); err != nil {
			return err
		}
		n = namesOf(st, rules, rq.lang)
		return nil
	})
	var entries []record.Entry
	if err == nil {
		p.withNames(n)
		entries, _, err = s.subjectPage(rq, board.StateSubject(code), 1, feedLength)
	}
	if err != nil {
		s.fail(w, rq, err)
		return
	}
	s.writeFeed(w, rq, p, n, stateFeedPath(code), p.L.f("feeds.state.heading", p.Org, p.L.State(code)), p.StateLink(code), entries)
}

// A decision's feed, /decisions/{id}/feed.atom: the acts that concern it (board.EntrySubjects). A
// decision the record does not hold by the request's instant is 404, as its page is.
func (s *Server) decisionFeed(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	id := board.DecisionID(r.PathValue("id"))
	p := s.newPage(rq, "feed.title")
	var n *names
	var title string
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		d, err := st.Decision(id, rq.at)
		if err != nil {
			return err
		}
		n, title = namesOf(st, rules, rq.lang), d.Title
		return nil
	})
	var entries []record.Entry
	if err == nil {
		p.withNames(n)
		entries, _, err = s.subjectPage(rq, board.DecisionSubject(id), 1, feedLength)
	}
	if err != nil {
		s.fail(w, rq, err)
		return
	}
	s.writeFeed(w, rq, p, n, decisionFeedPath(id), p.L.f("feeds.decision.heading", p.Org, title), p.DecisionLink(id), entries)
}

// stateFeedPath and decisionFeedPath are the paths of a State's and a decision's feeds.
func stateFeedPath(code board.StateCode) string {
	return "/members/" + url.PathEscape(string(code)) + "/feed.atom"
}

func decisionFeedPath(id board.DecisionID) string {
	return "/decisions/" + url.PathEscape(string(id)) + "/feed.atom"
}

// writeFeed answers the Atom feed of entries (newest first) for p's reader. path is the feed's
// own path, without query: with the language it makes the feed's id and self link, which never
// hold as_of, so that the feed is one feed however it was found. alternate is the page it
// follows; title names it.
func (s *Server) writeFeed(w http.ResponseWriter, rq *request, p *page, n *names, path, title, alternate string, entries []record.Entry) {
	base, host := s.origin(), s.public.Hostname()
	self := base + path + "?lang=" + p.Lang
	f := atomFeed{Lang: p.Lang, ID: self, Title: title, Author: atomPerson{Name: p.Org},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: base + alternate}}}
	f.Updated = stamp(rq.at) // no entries: the instant the feed is as of, or now
	if rq.at.After(rq.now) {
		f.Updated = stamp(rq.now)
	}
	if len(entries) > 0 {
		f.Updated = stamp(entries[0].At)
	}
	d := p.describer(n)
	for _, en := range entries {
		v := d.describe(en)
		content := v.Summary
		for _, q := range v.Texts {
			content += "\n" + p.L.f("feed.quote", q.Label, q.Text)
		}
		link := v.Link
		if link == "" {
			link = p.Link("/timeline")
		}
		// An entry's id names the act, not the feed: the same act in the record's feed and in
		// a State's is one entry, which a reader following both may show once.
		f.Entries = append(f.Entries, atomEntry{
			ID:    fmt.Sprintf("tag:%s,2026:record/%d", host, en.Index),
			Title: v.Summary, Updated: stamp(en.At), Published: stamp(en.At),
			Author:   atomPerson{Name: v.By},
			Category: atomCategory{Term: string(v.Kind), Label: v.KindName},
			Link:     atomLink{Rel: "alternate", Type: "text/html", Href: base + link},
			Content:  atomText{Type: "text", Text: content},
		})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		s.fail(w, rq, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	if rq.negotiated {
		h.Set("Vary", "Accept-Language")
	}
	h.Set("Cache-Control", "no-cache") // replaced by the cache's (cache.go)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	buf.WriteTo(w)
}

// stamp writes an instant for Atom (RFC 3339, UTC).
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
