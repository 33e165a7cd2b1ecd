// Package web serves the public portal: server-rendered pages in the organization's languages,
// that work without JavaScript and load nothing from outside the server.
package web

import (
	"bytes"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
)

//go:embed templates/*.html
var templates embed.FS

// Server is the portal.
type Server struct {
	engine *engine.Engine
	now    func() time.Time
	log    *slog.Logger
	pages  *template.Template
}

// New returns the portal over e. now is the clock that "as of today" reads.
func New(e *engine.Engine, now func() time.Time, log *slog.Logger) *Server {
	pages := template.Must(template.New("").Funcs(template.FuncMap{
		"date": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.UTC().Format(time.DateOnly)
		},
	}).ParseFS(templates, "templates/*.html"))
	return &Server{engine: e, now: now, log: log, pages: pages}
}

// Register adds the portal's routes to mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.members)
	mux.HandleFunc("GET /members", s.members)
}

// page is what every page template gets.
type page struct {
	Lang   string
	T      map[string]string
	Org    string
	AsOf   string
	Status board.Overview
}

func (s *Server) page(r *http.Request, rules *charter.Rules, state *board.State, t time.Time) page {
	lang := language(r, rules)
	return page{Lang: lang, T: messages[lang], Org: rules.Name(lang), AsOf: t.Format(time.DateOnly), Status: state.Overview(rules, t)}
}

// asOf reads ?as_of=YYYY-MM-DD: the end of that day. Without it, now.
func (s *Server) asOf(r *http.Request) (time.Time, bool) {
	v := r.URL.Query().Get("as_of")
	if v == "" {
		return s.now().UTC(), true
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, false
	}
	return board.EndOfDay(d), true
}

// language picks ?lang=, then Accept-Language, then the organization's first language.
func language(r *http.Request, rules *charter.Rules) string {
	ok := func(l string) bool { _, known := messages[l]; return known && rules.Organization.Name[l] != "" }
	if l := r.URL.Query().Get("lang"); ok(l) {
		return l
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		l, _, _ := strings.Cut(tag, "-")
		if l = strings.ToLower(l); ok(l) {
			return l
		}
	}
	return rules.Organization.Languages[0]
}

func (s *Server) members(w http.ResponseWriter, r *http.Request) {
	t, ok := s.asOf(r)
	if !ok {
		http.Error(w, "as_of: want a date like 2026-01-22", http.StatusBadRequest)
		return
	}
	var data struct {
		page
		Members []board.MemberView
	}
	err := s.engine.View(r.Context(), t, func(state *board.State, rules *charter.Rules) error {
		data.page = s.page(r, rules, state, t)
		data.Members = state.Members(rules, t)
		return nil
	})
	s.render(w, r, "members.html", data, err)
}

// render executes a page into a buffer first, so that a failure never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any, err error) {
	var buf bytes.Buffer
	if err == nil {
		err = s.pages.ExecuteTemplate(&buf, name, data)
	}
	if err != nil {
		s.log.Error("render", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'")
	buf.WriteTo(w)
}
