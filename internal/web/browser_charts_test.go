package web_test

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// chartTextReport is what the page says of its charts' text and its width, at the viewport the
// tab emulates.
type chartTextReport struct {
	Texts       int     // text elements of the charts
	MinPx       float64 // the smallest rendered font size among them, in CSS pixels
	Smallest    string  // the text rendered that small
	PastRight   string  // a chart text reaching past the viewport's right edge, or ""
	ScrollWidth int     // document.documentElement.scrollWidth
	ClientWidth int     // document.documentElement.clientWidth
}

// chartTextJS measures every chart's text as rendered: its computed font size times the scale
// its SVG applies (the screen matrix, 1 when the SVG has no viewBox), and its box against the
// viewport.
const chartTextJS = `(() => {
  const r = {Texts: 0, MinPx: 1e9, Smallest: "", PastRight: "",
    ScrollWidth: document.documentElement.scrollWidth, ClientWidth: document.documentElement.clientWidth};
  for (const el of document.querySelectorAll("figure.chart svg text")) {
    const m = el.getScreenCTM();
    const px = parseFloat(getComputedStyle(el).fontSize) * Math.hypot(m.a, m.b);
    r.Texts++;
    if (px < r.MinPx) { r.MinPx = px; r.Smallest = el.textContent; }
    const box = el.getBoundingClientRect();
    if ((box.right > document.documentElement.clientWidth + 0.5 || box.left < -0.5) && !r.PastRight) r.PastRight = el.textContent;
  }
  return JSON.stringify(r);
})()`

// TestBrowserChartsPhone opens the pages with charts at a phone's width (390 pixels) and checks
// that no chart text renders under 11 pixels, none reaches past the screen, and no element makes
// the page scroll sideways.
func TestBrowserChartsPhone(t *testing.T) {
	browser := startBrowser(t)
	e := demoEngine(t)
	srv := httptest.NewServer(portal(t, e))
	defer srv.Close()
	shots := artifacts(t)
	voted := votedDecision(t, e)
	// As of 19 February 2026, the demo's proposals passed and await the Chairman's approval: the
	// longest statuses ("majority"), which must not be cut on a phone.
	paths := []string{"/", "/treasury", "/decisions", "/decisions/" + string(voted.ID), "/?as_of=2026-01-10",
		"/decisions?as_of=2026-02-19", "/decisions/" + string(voted.ID) + "?as_of=2026-02-19"}
	for _, width := range []int64{390, 1280} {
		tb := newTab(t, browser, srv.URL)
		if err := chromedp.Do(tb.ctx, chromedp.EmulateViewport(width, 844)); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"en", "fr"} {
			for _, p := range paths {
				sep := "?"
				if strings.Contains(p, "?") {
					sep = "&"
				}
				where := p + sep + "lang=" + lang
				tb.open(where)
				var r chartTextReport
				if err := json.Unmarshal([]byte(tb.eval(chartTextJS)), &r); err != nil {
					t.Fatal(err)
				}
				if r.Texts > 0 && r.MinPx < 11 {
					t.Errorf("%s at %d px: %q renders at %.1f px, want at least 11", where, width, r.Smallest, r.MinPx)
				}
				if r.PastRight != "" {
					t.Errorf("%s at %d px: chart text %q reaches past the screen's edge", where, width, r.PastRight)
				}
				if p == "/?as_of=2026-01-10" {
					// Before entry into force: a sentence in place of an empty chart.
					if n := tb.eval(`String(document.querySelectorAll("#chart-members").length)`); n != "0" {
						t.Errorf("%s: a membership chart before entry into force", where)
					}
					if got := tb.text("#membership-note"); got == "" {
						t.Errorf("%s: nothing says the charter was not yet in force", where)
					}
				}
				if r.ScrollWidth > r.ClientWidth {
					t.Errorf("%s at %d px: the page is %d px wide, wider than the screen's %d", where, width, r.ScrollWidth, r.ClientWidth)
				}
				name := fileName(p, lang) + "-charts-" + map[int64]string{390: "phone", 1280: "wide"}[width]
				if strings.Contains(p, "as_of=") {
					name += "-as-of"
				}
				tb.screenshot(shots, name)
				// Each chart alone too, at the size it is read at.
				var ids []string
				if err := json.Unmarshal([]byte(tb.eval(`JSON.stringify(Array.from(document.querySelectorAll("figure.chart"), f => f.id))`)), &ids); err != nil {
					t.Fatal(err)
				}
				for _, id := range ids {
					img, err := chromedp.Run(tb.ctx, chromedp.Screenshot(chromedp.ID(id)))
					if err != nil {
						t.Fatalf("screenshot of #%s: %v", id, err)
					}
					if err := os.WriteFile(filepath.Join(shots, name+"-"+id+".png"), img, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				tb.check(where)
				t.Logf("%s at %d px: %d chart texts, the smallest %.1f px", where, width, r.Texts, r.MinPx)
			}
		}
	}
}
