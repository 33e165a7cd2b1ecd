package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/httpcache"
)

// served is one answer of the portal.
type served struct {
	status                   int
	etag, cacheControl, vary string
	body                     string
}

func serve(tb testing.TB, h http.Handler, path string, header ...string) served {
	tb.Helper()
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return served{w.Code, w.Header().Get("ETag"), w.Header().Get("Cache-Control"), w.Header().Get("Vary"), w.Body.String()}
}

// feeds are the portal's Atom feeds over the demo.
var feeds = []string{"/feed.atom", "/members/KAZ/feed.atom", "/decisions/gaza-reconstruction-framework/feed.atom"}

// asOfPath adds lang and as_of to a path.
func asOfPath(path, lang, asOf string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	path += sep + "lang=" + lang
	if asOf != "" {
		path += "&as_of=" + asOf
	}
	return path
}

// TestPastPagesNeverChange: every page and feed of the portal as of a day before the record's
// latest act, in each language, is the same bytes with the same strong ETag and an immutable
// Cache-Control after more acts are recorded, from the portal that kept it and from a new one
// that renders it again; a conditional request with its ETag gets 304 with the same fields.
func TestPastPagesNeverChange(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	var paths []string
	for _, p := range append(pages[:len(pages):len(pages)], feeds...) {
		if p == "/workspace" { // about now, whatever its as_of
			continue
		}
		for _, lang := range []string{"en", "fr"} {
			paths = append(paths, asOfPath(p, lang, "2026-03-10"))
		}
	}
	before := map[string]served{}
	for _, p := range paths {
		a := serve(t, h, p)
		if a.status != http.StatusOK || a.cacheControl != httpcache.Immutable || !strings.HasPrefix(a.etag, `"`) || a.vary != "" {
			t.Fatalf("%s: %d, ETag %s, Cache-Control %q, Vary %q; want 200 with a strong ETag, immutable, no Vary (the URL names the language)", p, a.status, a.etag, a.cacheControl, a.vary)
		}
		before[p] = a
	}
	at := time.Date(2026, 5, 20, 10, 0, 0, 0, time.UTC)
	submit(t, e, at, board.Chairman, &board.Invite{State: "NOR"})
	submit(t, e, at.Add(time.Hour), board.StateActor("NOR"), &board.Consent{Instrument: "signature"})
	fresh := portal(t, e)
	for _, p := range paths {
		for i, h := range []http.Handler{h, fresh} {
			if got, want := serve(t, h, p), before[p]; got != want {
				t.Errorf("%s after more acts (portal %d): %d, ETag %s; want %d, ETag %s, the same bytes\n%s", p, i, got.status, got.etag, want.status, want.etag, firstDifference(got.body, want.body))
			}
		}
		got := serve(t, h, p, "If-None-Match", before[p].etag)
		if got.status != http.StatusNotModified || got.body != "" || got.etag != before[p].etag || got.cacheControl != httpcache.Immutable {
			t.Errorf("%s If-None-Match: %d, ETag %s, Cache-Control %q; want 304 with the same ETag and Cache-Control, no body", p, got.status, got.etag, got.cacheControl)
		}
	}
}

// firstDifference shows where two answers first differ.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		if lineOf(g, i) != lineOf(w, i) {
			return "got:  " + lineOf(g, i) + "\nwant: " + lineOf(w, i)
		}
	}
	return "(no difference)"
}

// TestNowPagesRevalidate: a page about now has an ETag that names the record's size, must be
// revalidated, gets 304 while the record does not change (If-None-Match weak, strong, a list, or
// *), and a new ETag once an act is recorded; a page whose language Accept-Language chose says
// so in Vary.
func TestNowPagesRevalidate(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	for _, p := range []string{"/members?lang=fr", "/record?lang=en", "/?lang=en&as_of=2026-12-01", "/workspace?lang=en&as_of=2026-02-01", "/feed.atom?lang=fr"} {
		a := serve(t, h, p)
		if a.status != http.StatusOK || a.cacheControl != httpcache.Revalidate || !strings.HasPrefix(a.etag, `"`) {
			t.Fatalf("%s: %d, ETag %s, Cache-Control %q; want 200 with an ETag, %q", p, a.status, a.etag, a.cacheControl, httpcache.Revalidate)
		}
		for _, inm := range []string{a.etag, "W/" + a.etag, `"x", ` + a.etag, "*"} {
			if got := serve(t, h, p, "If-None-Match", inm); got.status != http.StatusNotModified || got.etag != a.etag || got.cacheControl != a.cacheControl || got.body != "" {
				t.Errorf("%s If-None-Match %s: %d, ETag %s, Cache-Control %q; want 304 with ETag %s, %q", p, inm, got.status, got.etag, got.cacheControl, a.etag, a.cacheControl)
			}
		}
		if got := serve(t, h, p, "If-None-Match", `"other"`); got.status != http.StatusOK || got.body != a.body {
			t.Errorf("%s If-None-Match \"other\": %d; want 200 and the page", p, got.status)
		}
	}
	negotiated := serve(t, h, "/members", "Accept-Language", "fr")
	if negotiated.vary != "Accept-Language" || !strings.Contains(negotiated.body, `lang="fr"`) {
		t.Errorf("/members with Accept-Language fr: Vary %q; want Accept-Language, and the page in French", negotiated.vary)
	}
	if en := serve(t, h, "/members", "Accept-Language", "en"); en.etag == negotiated.etag {
		t.Errorf("/members in English and in French: the same ETag %s", en.etag)
	}
	before := serve(t, h, "/members?lang=fr")
	submit(t, e, time.Date(2026, 5, 20, 10, 0, 0, 0, time.UTC), board.Chairman, &board.Invite{State: "NOR"})
	after := serve(t, h, "/members?lang=fr")
	if after.etag == before.etag || after.body == before.body {
		t.Errorf("/members?lang=fr: ETag %s before and after an act; want a new page and ETag", before.etag)
	}
	if got := serve(t, h, "/members?lang=fr", "If-None-Match", before.etag); got.status != http.StatusOK {
		t.Errorf("/members?lang=fr with the ETag of before the act: %d, want 200", got.status)
	}
}
