package web_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSearch types a word without its accents in the search box of a page, in French and
// in English, submits it, and finds the State it names on the page of results, linked to the
// State's page; as of a date before the State was invited, the search finds nothing and keeps
// the date.
func TestBrowserSearch(t *testing.T) {
	browser := startBrowser(t)
	e := demoEngine(t)
	srv := httptest.NewServer(portal(t, e))
	defer srv.Close()
	for _, tc := range []struct{ lang, query, want, state string }{
		{"fr", "etats", "États-Unis", "États-Unis"},
		{"en", "etats-unis", "United States", "United States"},
		{"en", "KAZAKH", "Kazakhstan", "Kazakhstan"},
	} {
		t.Run(tc.lang+" "+tc.query, func(t *testing.T) {
			tb := newTab(t, browser, srv.URL)
			tb.open("/members?lang=" + tc.lang)
			if _, err := chromedp.Run(tb.ctx, chromedp.SendKeys(chromedp.ID("search-q"), tc.query)); err != nil {
				t.Fatal(err)
			}
			tb.follow("submit the search", chromedp.Click(chromedp.CSS("form.search button")))
			loc := tb.location()
			if loc.Path != "/search" || loc.Query().Get("q") != tc.query || loc.Query().Get("lang") != tc.lang {
				t.Errorf("the search box went to %s; want /search with q=%s and lang=%s", loc, tc.query, tc.lang)
			}
			if got := tb.eval(`document.getElementById("search-q").value`); got != tc.query {
				t.Errorf("the search box on the results holds %q, want %q", got, tc.query)
			}
			first := tb.text("#search-results li a")
			if first != tc.want {
				t.Errorf("first result %q, want %q", first, tc.want)
			}
			tb.follow("open the first result", chromedp.Click(chromedp.CSS("#search-results li a")))
			if loc := tb.location(); !strings.HasPrefix(loc.Path, "/members/") || loc.Query().Get("lang") != tc.lang {
				t.Errorf("the first result leads to %s; want a State's page in %s", loc, tc.lang)
			}
			if h1 := tb.text("h1"); !strings.Contains(h1, tc.state) {
				t.Errorf("the State's page is titled %q; want %q in it", h1, tc.state)
			}
			tb.check("search " + tc.query)
		})
	}
	t.Run("as of a date", func(t *testing.T) {
		tb := newTab(t, browser, srv.URL)
		tb.open("/members?lang=en&as_of=2026-01-10")
		if _, err := chromedp.Run(tb.ctx, chromedp.SendKeys(chromedp.ID("search-q"), "kazakhstan")); err != nil {
			t.Fatal(err)
		}
		tb.follow("submit the search", chromedp.Click(chromedp.CSS("form.search button")))
		if got := tb.location().Query().Get("as_of"); got != "2026-01-10" {
			t.Errorf("the search kept as_of=%q, want 2026-01-10", got)
		}
		if got := tb.eval(`String(document.querySelectorAll("#search-results li").length)`); got != "0" {
			t.Errorf("as of 10 January, %s results for Kazakhstan, invited on the 17th; want none", got)
		}
		tb.check("search as of a date")
	})
}
