// Package web serves the public portal: server-rendered pages in the organization's languages,
// that work without JavaScript and load nothing from outside the server. Every page shows the
// organization as of a date (?as_of=YYYY-MM-DD, today by default) in a language (?lang=, then
// Accept-Language, then the organization's first language). One handler per file: overview.go,
// members.go, member.go, invitations.go, decisions.go, decision.go, executive.go, treasury.go,
// fund.go, contributor.go, record.go, timeline.go, feed.go (the record's Atom feed, and one per State and
// per decision); noSuchPage answers every other path; static.go serves the style sheet, the script and the icon;
// describe.go writes the sentence that tells a reader what an act did, with one file per concept
// of the board package (describe_membership.go, describe_offices.go, describe_decisions.go,
// describe_treasury.go, describe_keys.go). cache.go serves the pages and feeds through
// internal/httpcache: ETags, Cache-Control, 304s, and a cache of pages (a page as of a past day
// never changes).
package web

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/httpcache"
	"github.com/peaceboard/peaceboard/record"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Server is the portal.
type Server struct {
	engine *engine.Engine
	now    func() time.Time
	log    *slog.Logger
	public *url.URL                      // where readers reach the portal: see New
	pages  map[string]*template.Template // by page name: "members" is templates/members.html
	assets *assets
	// first is the recorded instant of the record's first entry, once read: it never changes,
	// and every page asks it (dateHint).
	first atomic.Pointer[time.Time]
	// witnessPolicy is the policy of the log's witnesses (SetWitnessPolicy); nil: none.
	witnessPolicy *record.Policy
	// cache keeps the pages served, with their ETags (cache.go).
	cache httpcache.Cache
	// sizes are the counts of entries recorded by past instants (lenAt), by Unix nanosecond.
	sizes struct {
		sync.Mutex
		at map[int64]uint64
	}
}

// New returns the portal over e. now is the clock that "as of today" reads. public is the URL
// readers reach the portal at (serve --public-url): the feed's ids and links and the record
// page's verify command are made from its scheme and host. A request's Host header is never
// used for them: anyone can send any Host, and a cache or a feed reader keeps what it got.
func New(e *engine.Engine, now func() time.Time, log *slog.Logger, public *url.URL) *Server {
	return &Server{engine: e, now: now, log: log, public: public, pages: parsePages(), assets: newAssets()}
}

// origin returns the public URL's scheme and host, "https://board.example.org": absolute links
// are origin followed by a page's path.
func (s *Server) origin() string { return s.public.Scheme + "://" + s.public.Host }

// parsePages parses every page template with the shared ones (layout.html, parts.html): each page
// defines "main", which the layout places. A template that does not parse is a bug: it panics.
func parsePages() map[string]*template.Template {
	funcs := template.FuncMap{
		// px writes an SVG coordinate.
		"px": func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) },
	}
	shared := template.Must(template.New("").Funcs(funcs).Option("missingkey=error").
		ParseFS(templateFiles, "templates/layout.html", "templates/parts.html"))
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, file := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(file, "templates/"), ".html")
		if name == "layout" || name == "parts" {
			continue
		}
		pages[name] = template.Must(template.Must(shared.Clone()).ParseFS(templateFiles, file))
	}
	return pages
}

// Register adds the portal's routes to mux. The paths are stable: other sites link to them.
func (s *Server) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.cached(s.overview))
	mux.HandleFunc("GET /members", s.cached(s.members))
	mux.HandleFunc("GET /members/{state}", s.cached(s.member))
	mux.HandleFunc("GET /members/{state}/feed.atom", s.cached(s.memberFeed))
	mux.HandleFunc("GET /invitations", s.cached(s.invitations))
	mux.HandleFunc("GET /decisions", s.cached(s.decisions))
	mux.HandleFunc("GET /decisions/{id}", s.cached(s.decision))
	mux.HandleFunc("GET /decisions/{id}/feed.atom", s.cached(s.decisionFeed))
	mux.HandleFunc("GET /executive", s.cached(s.executive))
	mux.HandleFunc("GET /treasury", s.cached(s.treasury))
	mux.HandleFunc("GET /treasury/funds/{id}", s.cached(s.fund))
	mux.HandleFunc("GET /treasury/contributors", s.cached(s.contributors))
	mux.HandleFunc("GET /treasury/contributors/{actor}", s.cached(s.contributor))
	mux.HandleFunc("GET /record", s.cached(s.record))
	mux.HandleFunc("GET /timeline", s.cached(s.timeline))
	mux.HandleFunc("GET /feed.atom", s.cached(s.feed))
	mux.HandleFunc("GET /data", s.cached(s.data))
	mux.HandleFunc("GET /workspace", s.cachedLive(s.workspace))
	mux.HandleFunc("GET /search", s.cached(s.search))
	mux.HandleFunc("GET /static/{file}", s.assets.serve)
	// Every other path is the portal's too: it answers a page of the site saying there is
	// none, in the reader's language. The pattern has no method because "GET /" would conflict
	// with the API's "/api/v1/", which the API answers itself, more specific.
	mux.HandleFunc("/", s.noSuchPage)
}

// noSuchPage answers a path no route matches. The portal serves only GET and HEAD, so another
// method on a portal path is 405, as the mux would have said. The log's paths are for machines
// (tlog-tiles clients), which get a plain 404 rather than a page.
func (s *Server) noSuchPage(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/log" || strings.HasPrefix(r.URL.Path, "/log/") {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	rq := s.read(r)
	rq.bad = nil // a malformed as_of matters less than the missing page
	s.fail(w, rq, errNoSuchPage)
}

// errNoSuchPage is the error of a path that names no page of the portal.
var errNoSuchPage = board.Errorf(board.NotFound, "no such page")

// A request is what every page reads from its URL and headers: a language and an instant.
type request struct {
	*http.Request
	lang string
	// negotiated is set when the language was not the URL's (?lang=) but Accept-Language's.
	negotiated bool
	// at is the instant the page shows: the end of the as_of day, or now.
	at time.Time
	// now is the end of the current second, which "as of now" shows: so that a page about now
	// is the same page throughout a second, which the cache keeps for that second (cache.go).
	now time.Time
	// asOf is the as_of the URL gave ("2026-01-22"), or "" for today.
	asOf string
	// past is set when at is before the record's latest recorded instant: the page can never
	// change (cache.go).
	past bool
	// size is the number of entries recorded by at, when past; last is the record's latest
	// recorded instant (zero: not read).
	size uint64
	last time.Time
	// bad is set when the URL asks for something malformed; the page then answers 400.
	bad error
}

// badRequest is the error of a malformed URL: its message is a label, shown in the reader's
// language.
type badRequest struct{ key string }

// Error names the label, for logs; readers see the label itself.
func (e badRequest) Error() string { return "bad request: " + e.key }

// read reads the language and the as_of instant of r, or returns a copy of what cached read of
// it.
func (s *Server) read(r *http.Request) *request {
	if rq, ok := r.Context().Value(requestKey{}).(*request); ok {
		c := *rq
		return &c
	}
	rules := s.engine.Rules()
	now := s.now().UTC().Truncate(time.Second).Add(time.Second - time.Nanosecond)
	rq := &request{Request: r, lang: pickLanguage(r, rules), at: now, now: now}
	rq.negotiated = !knownLanguage(r.URL.Query().Get("lang"), rules)
	if v := r.URL.Query().Get("as_of"); v != "" {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil || d.Year() < 1 {
			rq.bad = badRequest{"error.as_of"}
			return rq
		}
		rq.at, rq.asOf = board.EndOfDay(d), d.Format(time.DateOnly)
	}
	return rq
}

// pageNumber reads ?page=N (from 1); a missing one is 1.
func (rq *request) pageNumber() int { return rq.pageNumberOf("page") }

// pageNumberOf reads the page number in the query parameter name, as pageNumber does.
func (rq *request) pageNumberOf(name string) int {
	v := rq.URL.Query().Get(name)
	if v == "" {
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		rq.bad = badRequest{"error.page"}
		return 1
	}
	return n
}

// pickLanguage picks ?lang=, then Accept-Language, then the organization's first language. Only the
// organization's languages that the portal has labels for are chosen.
func pickLanguage(r *http.Request, rules *charter.Rules) string {
	ok := func(l string) bool { return knownLanguage(l, rules) }
	if l := r.URL.Query().Get("lang"); ok(l) {
		return l
	}
	type choice struct {
		lang string
		q    float64
	}
	best := choice{q: 0}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, found := strings.CutPrefix(strings.TrimSpace(params), "q="); found {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		l, _, _ := strings.Cut(tag, "-")
		if l = strings.ToLower(l); ok(l) && q > best.q {
			best = choice{l, q}
		}
	}
	if best.lang != "" {
		return best.lang
	}
	for _, l := range rules.Organization.Languages {
		if ok(l) {
			return l
		}
	}
	return "en"
}

// knownLanguage reports whether l is one of the organization's languages that the portal has
// labels for.
func knownLanguage(l string, rules *charter.Rules) bool {
	_, known := messages[l]
	return known && rules.Organization.Name[l] != ""
}

// page is what the layout needs; every page's data embeds it.
type page struct {
	L          *locale
	Lang       string
	Org        string
	Title      string
	Path       string
	AsOf       string // the as_of of the URL, "" for today
	Picker     string // the date picker's value: the as_of, or today
	Showing    string // "As of 22 January 2026" or "Today, 22 January 2026"
	Assets     assetURLs
	Nav        []navLink
	Langs      []langLink
	Feed       string
	Follow     *follow // the feed of the one thing the page is about, nil for none
	RecordSize uint64  // the record's size as of the page's instant
	Live       bool    // a page about now only, which has no as-of picker (the workspace)
	Script     string  // the URL of the page's own script, beside the portal's; "" for none
	Hint       *dateHint
	Downloads  *downloads // the page's data sets as files (data.go); nil for none
	SearchQ    string     // the words in the search box: the search page's
}

// A dateHint tells a reader that the date shown lies outside the record's acts, and offers
// the day of the nearest one: a record of future acts (a scenario being prepared) shown as of
// today is all zeros, and nothing else on the page would say why.
type dateHint struct {
	Text, URL, Label string
}

// A follow is the feed of the one thing a page is about (a State, a decision): the layout links
// to it in the head, for feed readers, and under the heading, for people.
type follow struct {
	URL, Title, Label string
}

// follow sets the page's own feed: path is the feed's (feed.go), which, like the record's feed,
// keeps the language but not as_of, a feed being followed from now on. key names its labels
// (key.title, key.link).
func (p *page) follow(path, key string) {
	p.Follow = &follow{URL: path + "?lang=" + p.Lang, Title: p.L.t(key + ".title"), Label: p.L.t(key + ".link")}
}

type navLink struct {
	URL, Label string
	Current    bool
}

type langLink struct {
	URL, Lang, Name string
	Current         bool
}

// navigation lists the pages, in the order of the menu: path and label.
var navigation = [][2]string{
	{"/", "nav.overview"}, {"/members", "nav.members"}, {"/invitations", "nav.invitations"},
	{"/decisions", "nav.decisions"}, {"/executive", "nav.executive"}, {"/treasury", "nav.treasury"},
	{"/timeline", "nav.timeline"}, {"/record", "nav.record"}, {"/workspace", "nav.workspace"},
}

// newPage returns the layout's data for a page whose title is the label titleKey.
func (s *Server) newPage(rq *request, titleKey string) *page {
	rules := s.engine.Rules()
	l := newLocale(rq.lang)
	p := &page{L: l, Lang: rq.lang, Org: rules.Name(rq.lang), Title: l.t(titleKey), Path: rq.URL.Path,
		AsOf: rq.asOf, Picker: rq.asOf, Assets: s.assets.urls, RecordSize: s.sizeAt(rq)}
	if p.Picker == "" {
		p.Picker = rq.now.Format(time.DateOnly)
		p.Showing = l.f("asof.today", l.Date(rq.now))
	} else {
		p.Showing = l.f("asof.showing", l.Date(rq.at))
	}
	for _, n := range navigation {
		current := n[0] == rq.URL.Path || n[0] != "/" && strings.HasPrefix(rq.URL.Path, n[0]+"/")
		p.Nav = append(p.Nav, navLink{URL: p.Link(n[0]), Label: l.t(n[1]), Current: current})
	}
	for _, lang := range rules.Organization.Languages {
		if _, ok := messages[lang]; !ok || rules.Organization.Name[lang] == "" {
			continue
		}
		q := rq.URL.Query()
		q.Set("lang", lang)
		p.Langs = append(p.Langs, langLink{URL: rq.URL.Path + "?" + q.Encode(), Lang: lang,
			Name: messages[lang]["lang.name"], Current: lang == rq.lang})
	}
	p.Feed = "/feed.atom?lang=" + rq.lang
	p.Hint = s.dateHint(rq, p)
	p.offerData(rq.URL.Path, rules.Organization.IATIRef != "")
	return p
}

// dateHint returns the hint for a page shown as of rq.at, or nil: when every act of the record
// lies after that instant, and when an as_of the reader chose lies after the day of the latest
// act (as of today, the usual case, needs no hint). It reads at most two entries.
func (s *Server) dateHint(rq *request, p *page) *dateHint {
	n := s.engine.Len()
	if n == 0 || rq.bad != nil {
		return nil
	}
	at := func(i uint64) (t time.Time, ok bool) {
		err := s.engine.ReadEntries(rq.Context(), i, i+1, func(en record.Entry) error { t = en.At; return nil })
		return t, err == nil && !t.IsZero()
	}
	hint := func(key string, t time.Time) *dateHint {
		day := t.UTC().Format(time.DateOnly)
		q := url.Values{}
		q.Set("lang", p.Lang)
		q.Set("as_of", day)
		return &dateHint{Text: p.L.f(key, p.L.Date(t)), URL: rq.URL.Path + "?" + q.Encode(), Label: p.L.f("hint.see", p.L.Date(t))}
	}
	if first, ok := s.firstAt(at); ok && first.After(rq.at) {
		return hint("hint.after", first)
	}
	if rq.asOf == "" {
		return nil
	}
	last, ok := rq.last, !rq.last.IsZero()
	if !ok {
		last, ok = at(n - 1)
	}
	if ok && board.EndOfDay(board.Day(last)).Before(rq.at) {
		return hint("hint.before", last)
	}
	return nil
}

// firstAt returns the recorded instant of the record's first entry, read once with at.
func (s *Server) firstAt(at func(uint64) (time.Time, bool)) (time.Time, bool) {
	if t := s.first.Load(); t != nil {
		return *t, true
	}
	t, ok := at(0)
	if ok {
		s.first.Store(&t)
	}
	return t, ok
}

// Link returns the URL of path that keeps the page's language and as_of date, with the extra
// query parameters kv (name, value, name, value...).
func (p *page) Link(path string, kv ...string) string {
	q := url.Values{}
	q.Set("lang", p.Lang)
	if p.AsOf != "" {
		q.Set("as_of", p.AsOf)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return path + "?" + q.Encode()
}

// StateLink returns the URL of a State's page.
func (p *page) StateLink(code board.StateCode) string {
	return p.Link("/members/" + url.PathEscape(string(code)))
}

// DecisionLink returns the URL of a decision's page.
func (p *page) DecisionLink(id board.DecisionID) string {
	return p.Link("/decisions/" + url.PathEscape(string(id)))
}

// errorPage is the page of a request that failed.
type errorPage struct {
	*page
	Status  int
	Message string
}

// render executes a page into a buffer first, so that a failure never sends half a page. A
// non-nil err renders the error page instead: 400 for a malformed URL, 404 for something the
// record does not hold, 500 (logged) for anything else.
func (s *Server) render(w http.ResponseWriter, rq *request, name string, data any, err error) {
	if err == nil {
		var buf bytes.Buffer
		if err = s.pages[name].ExecuteTemplate(&buf, "layout", data); err == nil {
			s.write(w, rq, http.StatusOK, &buf)
			return
		}
	}
	s.fail(w, rq, err)
}

// fail answers with the error page for err.
func (s *Server) fail(w http.ResponseWriter, rq *request, err error) {
	p := s.newPage(rq, "error.title")
	p.Downloads = nil // an error page shows no data
	e := errorPage{page: p, Status: http.StatusInternalServerError, Message: p.L.t("error.internal")}
	var bad badRequest
	switch {
	case errors.As(err, &bad):
		e.Status, e.Message = http.StatusBadRequest, p.L.t(bad.key)
	case errors.Is(err, errNoSuchPage):
		e.Status, e.Message = http.StatusNotFound, p.L.t("error.no_page")
	case board.ErrorKindOf(err) == board.NotFound:
		e.Status, e.Message = http.StatusNotFound, p.L.t("error.not_found")
	default:
		s.log.Error("portal", "path", rq.URL.Path, "err", err)
	}
	var buf bytes.Buffer
	if err := s.pages["error"].ExecuteTemplate(&buf, "layout", e); err != nil {
		s.log.Error("portal: error page", "path", rq.URL.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	s.write(w, rq, e.Status, &buf)
}

// contentSecurityPolicy allows nothing from outside the server, and no inline script or style.
const contentSecurityPolicy = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) write(w http.ResponseWriter, rq *request, status int, buf *bytes.Buffer) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	if rq.negotiated {
		h.Set("Vary", "Accept-Language")
	}
	h.Set("Cache-Control", "no-cache") // a page that is a success gets its own (cache.go)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// view calls fn with the state as of the request's instant, unless the request is malformed.
// fn must copy what it keeps: the state may change once it returns.
func (s *Server) view(rq *request, fn func(*board.State, *charter.Rules) error) error {
	if rq.bad != nil {
		return rq.bad
	}
	return s.engine.View(rq.Context(), rq.at, fn)
}

// notFound is the error of a path naming something the record does not hold.
func notFound(format string, args ...any) error {
	return board.Errorf(board.NotFound, format, args...)
}

func itoa(n int) string { return strconv.Itoa(n) }
