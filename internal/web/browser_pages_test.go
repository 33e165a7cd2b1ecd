package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The pages of issue 21 in a real browser: sorting with and without JavaScript, the filters'
// forms, the page of an unknown address, and the new pages at a phone's width.
func TestBrowserPages(t *testing.T) {
	browser := startBrowser(t)
	e := demoEngine(t)
	srv := httptest.NewServer(portal(t, e))
	defer srv.Close()
	shots := artifacts(t)

	// column returns the data-sort values of a table's cells of a class, in the page's order.
	column := func(tb *tab, table, class string) []string {
		v := tb.eval(`Array.from(document.querySelectorAll("` + table + ` tbody td.` + class + `")).map(td => td.dataset.sort).join(",")`)
		return strings.Split(v, ",")
	}
	// datesThenBlanks reports whether list is dates in order (descending if desc), then blanks.
	datesThenBlanks := func(list []string, desc bool) bool {
		k := len(list)
		for i, v := range list {
			if v == "" {
				k = i
				break
			}
		}
		for _, v := range list[k:] {
			if v != "" {
				return false
			}
		}
		for i := 1; i < k; i++ {
			if desc && list[i] > list[i-1] || !desc && list[i] < list[i-1] {
				return false
			}
		}
		return k > 1
	}

	t.Run("invitations sort in place", func(t *testing.T) {
		tb := newTab(t, browser, srv.URL)
		tb.open("/invitations?lang=en")
		if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(`#invitations-accepted a[data-sort-key="invited"]`))); err != nil {
			t.Fatal(err)
		}
		if got := column(tb, "#invitations-accepted", "invited"); !datesThenBlanks(got, false) {
			t.Errorf("invitation dates after sorting: %v", got)
		}
		if got := tb.location().Query().Get("sort"); got != "invited" {
			t.Errorf("the URL says sort=%q after sorting, want invited", got)
		}
		tb.check("invitations sorting")
	})

	t.Run("sorting without JavaScript asks the server", func(t *testing.T) {
		tb := newTab(t, browser, srv.URL)
		if _, err := chromedp.Run(tb.ctx, chromedp.Action[cdp.Empty](func(ctx context.Context, tg *chromedp.Target) (cdp.Empty, error) {
			return cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		})); err != nil {
			t.Fatal(err)
		}
		tb.open("/members?lang=fr")
		// The participants table, by entry into force, twice: ascending, then descending.
		for _, desc := range []bool{false, true} {
			tb.follow("sort the participants", chromedp.Click(chromedp.CSS(`#participants a[data-sort-key="in_force"]`)))
			if got := column(tb, "#participants", "in_force"); !datesThenBlanks(got, desc) {
				t.Errorf("descending %v: entry into force %v", desc, got)
			}
			if got := tb.location().Fragment; got != "h-participants" {
				t.Errorf("the sorted page opens at #%s, want the participants table", got)
			}
		}
		tb.screenshot(shots, "members-participants-sorted-nojs-fr")
		tb.open("/invitations?lang=fr")
		tb.follow("sort the invitations", chromedp.Click(chromedp.CSS(`#invitations-accepted a[data-sort-key="invited"]`)))
		if got := column(tb, "#invitations-accepted", "invited"); !datesThenBlanks(got, false) {
			t.Errorf("invitation dates sorted by the server: %v", got)
		}
		tb.check("sorting without JavaScript")
	})

	t.Run("the timeline's filter", func(t *testing.T) {
		tb := newTab(t, browser, srv.URL)
		tb.open("/timeline?lang=en&as_of=2026-03-01")
		if err := chromedp.Do(tb.ctx, chromedp.SetValue(chromedp.ID("filter-actor"), "state:KAZ"),
			chromedp.SetValue(chromedp.ID("filter-kind"), "consent")); err != nil {
			t.Fatal(err)
		}
		tb.follow("submit the filter", chromedp.Click(chromedp.CSS("#timeline-filter button")))
		q := tb.location().Query()
		if q.Get("actor") != "state:KAZ" || q.Get("kind") != "consent" || q.Get("as_of") != "2026-03-01" || q.Get("lang") != "en" {
			t.Errorf("after filtering, the URL asks %v", q)
		}
		if n := tb.eval(`String(document.querySelectorAll("ol.timeline > li[id^=act-]").length)`); n != "1" {
			t.Errorf("Kazakhstan consented once; the timeline shows %s acts", n)
		}
		tb.screenshot(shots, "timeline-filtered-en")
		tb.check("timeline filter")
	})

	t.Run("the contributors' filter", func(t *testing.T) {
		tb := newTab(t, browser, srv.URL)
		tb.open("/treasury/contributors?lang=fr")
		if err := chromedp.Do(tb.ctx, chromedp.SetValue(chromedp.ID("filter-contributor-kind"), "org"),
			chromedp.SetValue(chromedp.ID("filter-year"), "2026")); err != nil {
			t.Fatal(err)
		}
		tb.follow("submit the filter", chromedp.Click(chromedp.CSS("#contributors-filter button")))
		actors := strings.Split(tb.eval(`Array.from(document.querySelectorAll("#contributors tbody tr")).map(tr => tr.dataset.actor).join(",")`), ",")
		for _, a := range actors {
			if !strings.HasPrefix(a, "org:") {
				t.Errorf("organizations only, yet %q is listed", a)
			}
		}
		if got := tb.location().Query(); got.Get("kind") != "org" || got.Get("year") != "2026" {
			t.Errorf("after filtering, the URL asks %v", got)
		}
		tb.screenshot(shots, "treasury-contributors-filtered-fr")
		tb.check("contributors filter")
	})

	t.Run("an unknown address", func(t *testing.T) {
		tb := newTab(t, browser, srv.URL)
		for _, lang := range []string{"en", "fr"} {
			resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(srv.URL+"/nosuchpage?lang="+lang))
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != 404 {
				t.Errorf("/nosuchpage: status %d", resp.Status)
			}
			if h1 := tb.text("h1"); h1 == "" {
				t.Errorf("/nosuchpage (%s): no heading", lang)
			}
			tb.follow("go home", chromedp.Click(chromedp.CSS("main a")))
			if got := tb.location(); got.Path != "/" || got.Query().Get("lang") != lang {
				t.Errorf("the link home went to %v", got)
			}
			// The 404 page is the portal's page; its own console error is the browser reporting the status.
			tb.mu.Lock()
			tb.problems = slicesDeleteStatus(tb.problems)
			tb.mu.Unlock()
			tb.check("404 page (" + lang + ")")
		}
	})

	t.Run("the new pages at a phone's width", func(t *testing.T) {
		tb := newTab(t, browser, srv.URL)
		if err := chromedp.Do(tb.ctx, chromedp.EmulateViewport(390, 844)); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/treasury/funds/gaza-reconstruction", "/treasury/contributors", "/treasury/contributors/org:fifa",
			"/timeline?kind=vote", "/members", "/invitations", "/?as_of=2025-06-01"} {
			for _, lang := range []string{"en", "fr"} {
				sep := "?"
				if strings.Contains(p, "?") {
					sep = "&"
				}
				tb.open(p + sep + "lang=" + lang)
				if w := tb.eval(`String(document.documentElement.scrollWidth)`); w != "390" {
					t.Errorf("%s (%s) at 390 px: the page is %s px wide", p, lang, w)
				}
				name := fileName(p, lang) + "-390"
				if strings.Contains(p, "?") {
					name = strings.NewReplacer("?", "-", "=", "-", "&", "-").Replace(strings.Trim(p, "/")) + "-" + lang + "-390"
				}
				tb.screenshot(shots, name)
				tb.check(p + " (" + lang + ") at 390 px")
			}
		}
	})
}

// slicesDeleteStatus drops the browser's report of a 404 answer, which is the point of the page.
func slicesDeleteStatus(problems []string) []string {
	var out []string
	for _, p := range problems {
		if !strings.Contains(p, "404") {
			out = append(out, p)
		}
	}
	return out
}
