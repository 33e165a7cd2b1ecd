package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
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

// feedLength is how many acts the feed holds.
const feedLength = 50

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
	base, host := s.origin(), s.public.Hostname()
	f := atomFeed{Lang: p.Lang, ID: base + "/feed.atom?lang=" + p.Lang, Title: p.L.f("feed.heading", p.Org),
		Author: atomPerson{Name: p.Org},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + p.Feed},
			{Rel: "alternate", Type: "text/html", Href: base + p.Link("/timeline")}}}
	f.Updated = stamp(s.now())
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
	h.Set("Vary", "Accept-Language")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	buf.WriteTo(w)
}

// stamp writes an instant for Atom (RFC 3339, UTC).
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
