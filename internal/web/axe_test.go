package web_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Accessibility: axe-core (npm axe-core, injected through DevTools) checks every page of the
// portal in both languages, at a desktop's width and at a phone's, for violations of WCAG 2.2 A
// and AA and of its own best practices; the test also checks that nothing reaches past the
// page's width (reflow, WCAG 1.4.10, which axe-core does not check), and screenshots every page at
// both widths into $PEACEBOARD_ARTIFACTS/portal ("treasury-fr.png", "treasury-fr-phone.png").

// browserPages are the pages the browser tests visit: the portal's pages (pages, in
// helpers_test.go: a new page of the portal goes THERE, and TestBrowserPagesCoverRoutes fails
// until every route has one), then the pages that need the demo's state: a decision's page, and
// pages as of a date before the charter's entry into force (22 January 2026 in the demo), after
// it, before the record's first act (13 January 2026) and after its last (15 May 2026).
func browserPages(decision string) []string {
	return append(slices.Clone(pages),
		"/decisions/"+decision,
		"/?as_of=2026-01-21", "/members?as_of=2026-01-21", "/decisions?as_of=2026-01-21",
		"/executive?as_of=2026-01-21", "/treasury?as_of=2026-01-21", "/timeline?as_of=2026-01-21",
		"/?as_of=2026-02-19", "/?as_of=2025-12-31", "/?as_of=2027-01-15",
	)
}

// browserErrorPages are the pages the portal answers with an error, and their status: pages of
// the site all the same, checked as the others are. A route that answers only errors, such as
// the page of a path that names none, gets its page here.
var browserErrorPages = map[string]int{"/nosuchpage": http.StatusNotFound}

// notPages are the routes that answer something other than an HTML page, which the browser
// tests do not visit.
var notPages = map[string]string{
	"GET /feed.atom":                 "an Atom feed",
	"GET /members/{state}/feed.atom": "a State's Atom feed",
	"GET /decisions/{id}/feed.atom":  "a decision's Atom feed",
	"GET /static/{file}":             "the style sheet, scripts and icon",
}

// widths are the viewport widths every page is checked at: a desktop's and a phone's.
var widths = []int64{1280, 390}

// axeTags are the rules axe-core checks: WCAG 2.0, 2.1 and 2.2, levels A and AA, and axe-core's
// best practices.
const axeTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]`

// TestBrowserPagesCoverRoutes fails when a route of the portal (web.go's Register) has no page in
// browserPages or browserErrorPages, so that a new page is checked in the browser as soon as it is routed.
func TestBrowserPagesCoverRoutes(t *testing.T) {
	routes := registeredRoutes(t)
	if len(routes) < 5 {
		t.Fatalf("found %d routes in the package's mux.HandleFunc calls, want the portal's; how are routes registered now?", len(routes))
	}
	mux, ok := portal(t, newEngine(t)).(*http.ServeMux)
	if !ok {
		t.Fatal("the portal's handler is not a ServeMux")
	}
	covered := map[string]bool{}
	for _, p := range append(browserPages("d-1"), slices.Sorted(maps.Keys(browserErrorPages))...) {
		_, pattern := mux.Handler(httptest.NewRequest("GET", p, nil))
		covered[pattern] = true
	}
	for _, r := range routes {
		if _, ok := notPages[r]; !ok && !covered[r] {
			t.Errorf("the route %q has no page in the browser tests' list: add one to pages (helpers_test.go), or to browserErrorPages if it answers an error", r)
		}
	}
}

// registeredRoutes returns the patterns the package's code gives mux.HandleFunc and mux.Handle
// (web.go's Register, or any other file's).
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			lit, isLit := call.Args[0].(*ast.BasicLit)
			if !ok || !isLit || lit.Kind != token.STRING || sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle" {
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err == nil {
				routes = append(routes, s)
			}
			return true
		})
	}
	return routes
}

// axeSource returns the source of axe-core's axe.min.js ($PEACEBOARD_AXE, or npm's global
// axe-core), or "" and why when it is missing. Without it the test fails in CI (CI=true), where
// .ci/run installs it; elsewhere the pages are still checked and screenshot without it, and the
// caller says that axe-core was skipped.
func axeSource(t *testing.T) (src, missing string) {
	t.Helper()
	path := os.Getenv("PEACEBOARD_AXE")
	if path == "" {
		if out, err := exec.Command("npm", "root", "-g").Output(); err == nil {
			if p := filepath.Join(strings.TrimSpace(string(out)), "axe-core", "axe.min.js"); fileExists(p) {
				path = p
			}
		}
	}
	if path == "" {
		msg := "the accessibility test needs axe-core (npm install -g axe-core@4.11.1, or PEACEBOARD_AXE=path/to/axe.min.js), which is not installed"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		return "", msg + "; axe-core's checks skipped outside CI"
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), ""
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// An axeViolation is one rule axe-core found broken on a page, with the elements that break it.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []string
}

// axe runs axe-core (its source is src; none when src is "") on the tab's page and returns the
// violations. The script is given through DevTools, which the page's Content-Security-Policy does not govern.
func (tb *tab) axe(src string) []axeViolation {
	tb.t.Helper()
	if src == "" {
		return nil
	}
	if tb.eval(`typeof axe`) == "undefined" {
		if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			tb.t.Fatalf("loading axe-core: %v", err)
		}
	}
	// resultTypes: only the violations' elements are gathered, which halves the run on a long page.
	out, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: `+axeTags+`}, resultTypes: ["violations"]}).then(r =>
		JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary.replaceAll("\n", " "))}))))`, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("running axe-core: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		tb.t.Fatalf("axe-core's answer: %v\n%s", err, out)
	}
	return vs
}

// overflowing is a script that names the first element reaching past the viewport's width, or "".
const overflowing = `(() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return "";
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className : "");
  const e = [...document.querySelectorAll("body *")].find(e =>
    getComputedStyle(e).overflowX === "visible" && (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 || e.getBoundingClientRect().right > width + 1));
  return (e ? name(e) + ": " + e.textContent.trim().slice(0, 60) : "the page") + " (" + document.documentElement.scrollWidth + "px wide for " + width + ")";
})()`

// shotName is the file name of a page's screenshot: "/members/KAZ?lang=fr" at a phone's width is
// "members-KAZ-fr-phone", "/?as_of=2026-01-21" is "overview-en-as-of-2026-01-21".
func shotName(path, lang string, width int64) string {
	name := fileName(path, lang)
	if _, q, ok := strings.Cut(path, "?"); ok {
		for _, kv := range strings.Split(q, "&") {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "as_of":
				name += "-as-of-" + v
			case "lang":
			default:
				name += "-" + k + v
			}
		}
	}
	if width != widths[0] {
		name += "-phone"
	}
	return name
}

// withLang adds lang to path's query.
func withLang(path, lang string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "lang=" + lang
}

// checkPage screenshots the tab's page at each width, has axe-core (axeSrc) check it at each width, and
// checks that nothing reaches past the page's width; failures name the page, the language and
// the width. It leaves the tab at the first width.
func (tb *tab) checkPage(axeSrc, shots, path, lang string) {
	tb.t.Helper()
	viewport := func(width int64) {
		if err := chromedp.Do(tb.ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			tb.t.Fatal(err)
		}
	}
	for _, width := range widths {
		viewport(width)
		tb.screenshot(shots, shotName(path, lang, width))
	}
	// axe-core checks only what is rendered: the figures of a chart, in a closed <details>, are
	// checked open.
	tb.eval(`document.querySelectorAll("details:not([open])").forEach(d => d.open = true), ""`)
	for _, width := range widths {
		viewport(width)
		at := fmt.Sprintf("%s (%s, %dpx)", path, lang, width)
		for _, v := range tb.axe(axeSrc) { // none without axe-core
			tb.t.Errorf("axe-core, %s: %s (%s, %s) on\n  %s", at, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
		}
		if over := tb.eval(overflowing); over != "" {
			tb.t.Errorf("%s: %s reaches past the page's width", at, over)
		}
	}
	viewport(widths[0])
}
