package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var searchLinkRE = regexp.MustCompile(`<li><a href="([^"]+)">([^<]+)</a>`)

// TestSearchPage: the search box on every page, and the page of results: names in the reader's
// language linked to their pages, acts linked to their decision, the date and language kept,
// the next page's link, and a 400 for a search without a word.
func TestSearchPage(t *testing.T) {
	h := portal(t, demoEngine(t))
	for _, p := range []string{"/", "/members", "/record?as_of=2026-02-01"} {
		_, body := get(t, h, p+"?lang=fr")
		if strings.Contains(p, "?") {
			_, body = get(t, h, p+"&lang=fr")
		}
		if !strings.Contains(body, `<form class="search" method="get" action="/search" role="search">`) ||
			!strings.Contains(body, `<label for="search-q" class="visually-hidden">Rechercher dans le registre</label>`) {
			t.Errorf("%s: no search box", p)
		}
		if strings.Contains(p, "as_of") && !strings.Contains(body, `<input type="hidden" name="as_of" value="2026-02-01">`) {
			t.Errorf("%s: the search box does not keep the date", p)
		}
	}

	status, body := get(t, h, "/search?q=etats&lang=fr")
	_, results, _ := strings.Cut(body, `id="search-results"`)
	links := searchLinkRE.FindAllStringSubmatch(results, -1)
	if status != http.StatusOK || len(links) == 0 || links[0][2] != "États-Unis" || html.UnescapeString(links[0][1]) != "/members/USA?lang=fr" {
		t.Fatalf("search etats (fr): status %d, first link %v; want États-Unis, to /members/USA\n%.3000s", status, links, body)
	}
	if !strings.Contains(body, `value="etats"`) || !strings.Contains(body, "résultats pour") {
		t.Errorf("search etats (fr): the page does not say what was searched")
	}

	// Acts on a decision lead to it; a page of 20 has a link to the next.
	if _, body := get(t, h, "/search?q=illustrative&lang=en"); !strings.Contains(body, `href="/decisions/`) {
		t.Errorf("search illustrative: want links to decisions\n%.3000s", body)
	}
	_, body = get(t, h, "/search?q=chairman&lang=en")
	more := regexp.MustCompile(`href="([^"]+)" rel="next" id="search-more"`).FindStringSubmatch(body)
	if more == nil {
		t.Fatal("no link to the next page")
	}
	status, next := get(t, h, html.UnescapeString(more[1]))
	if status != http.StatusOK || !strings.Contains(next, "Back to the first results") || next == body {
		t.Errorf("the next page: status %d\n%.2000s", status, next)
	}

	// As of a date before the invitations, no State is found.
	if _, body := get(t, h, "/search?q=kazakhstan&lang=en&as_of=2026-01-10"); !strings.Contains(body, "Nothing found") {
		t.Errorf("search kazakhstan as of 10 January: want nothing\n%.2000s", body)
	}
	// The page without a search explains the box; a search without a word is 400.
	if status, body := get(t, h, "/search?lang=en"); status != http.StatusOK || !strings.Contains(body, "Type words in the search box") {
		t.Errorf("/search without q: status %d", status)
	}
	for _, p := range []string{"/search?q=%21%3F&lang=en", "/search?q=etats&cursor=zz&lang=en"} {
		if status, _ := get(t, h, p); status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", p, status)
		}
	}
}
