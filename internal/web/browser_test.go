package web_test

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// The portal in a real browser: Debian's chromium, headless, driven by chromedp over the demo.
// Without chromium, these tests fail in CI (CI=true), where .ci/run installs it, and are skipped
// elsewhere.

// chromiumPath returns the browser to drive: $PEACEBOARD_CHROMIUM, or chromium on the PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PEACEBOARD_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "the browser tests need Debian's chromium (apt-get install -y chromium), which is not installed"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg + "; skipped outside CI")
	return ""
}

// artifacts returns the directory where the tests write screenshots: $PEACEBOARD_ARTIFACTS/portal,
// or a temporary directory.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PEACEBOARD_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	dir = filepath.Join(dir, "portal")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// startBrowser starts a headless chromium with a fresh profile, for the whole test.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser now, once
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// A tab is one browser tab on the portal, that records every problem the page reports: a console
// error, an uncaught exception, an error of the browser log (a failed load, a refused content
// security policy), and any request to another host than the portal's.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string // the portal's URL

	mu       sync.Mutex
	problems []string
	// expected is the browser's log error that the page being opened answers with an error
	// status on purpose (the 404 page), which is not a problem; "" for none.
	expected string
}

func newTab(t *testing.T, browser context.Context, base string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	tb := &tab{t: t, ctx: ctx, base: base}
	host := mustHost(t, base)
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			u, err := url.Parse(ev.Request.URL)
			if err != nil || u.Scheme != "data" && u.Host != host {
				tb.problem("request leaving the portal: %s", ev.Request.URL)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				tb.problem("console.%s", ev.Type)
			}
		case *runtime.EventExceptionThrown:
			tb.problem("uncaught exception: %s", ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError && !tb.isExpected(ev.Entry.Text+" "+ev.Entry.URL) {
				tb.problem("browser log error: %s (%s)", ev.Entry.Text, ev.Entry.URL)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func mustHost(t *testing.T, base string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

func (tb *tab) isExpected(entry string) bool {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return tb.expected != "" && entry == tb.expected
}

func (tb *tab) problem(format string, args ...any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.problems = append(tb.problems, fmt.Sprintf(format, args...))
}

// check fails the test with the problems seen since the last check.
func (tb *tab) check(where string) {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		tb.t.Errorf("%s: %s", where, p)
	}
	tb.problems = nil
}

// open loads path and waits for the page to be loaded; a page that answers other than 200 fails.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.openStatus(path, http.StatusOK)
}

// openStatus loads path and waits for the page to be loaded; a page that answers other than
// status fails.
func (tb *tab) openStatus(path string, status int) {
	tb.t.Helper()
	tb.mu.Lock()
	tb.expected = ""
	if status != http.StatusOK {
		tb.expected = fmt.Sprintf("Failed to load resource: the server responded with a status of %d (%s) %s", status, http.StatusText(status), tb.base+path)
	}
	tb.mu.Unlock()
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(tb.base+path))
	if err != nil {
		tb.t.Fatalf("%s: %v", path, err)
	}
	if int(resp.Status) != status {
		tb.t.Errorf("%s: status %d, want %d", path, resp.Status, status)
	}
}

// follow runs an action that loads a new page (a click on a link, a form's submission), and waits
// for it.
func (tb *tab) follow(what string, action chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, action)); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

func (tb *tab) text(css string) string {
	tb.t.Helper()
	s, err := chromedp.Run(tb.ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		tb.t.Fatalf("text of %s: %v", css, err)
	}
	// Compare text as a reader sees it: a no-break space is a space.
	return strings.TrimSpace(strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s))
}

func (tb *tab) eval(js string) string {
	tb.t.Helper()
	s, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		tb.t.Fatalf("%s: %v", js, err)
	}
	return s
}

func (tb *tab) location() *url.URL {
	tb.t.Helper()
	loc, err := chromedp.Run(tb.ctx, chromedp.Location())
	if err != nil {
		tb.t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		tb.t.Fatal(err)
	}
	return u
}

// screenshot writes the whole page as a PNG file in the artifacts directory.
func (tb *tab) screenshot(dir, name string) {
	tb.t.Helper()
	img, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100)) // 100: PNG
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), img, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// fileName turns a page's path into a file name: "/members/KAZ?lang=fr" is "members-KAZ-fr".
func fileName(path, lang string) string {
	p, _, _ := strings.Cut(strings.Trim(path, "/"), "?")
	if p == "" {
		p = "overview"
	}
	return strings.ReplaceAll(p, "/", "-") + "-" + lang
}

// memberCount returns how many States are members at the end of day, from the engine itself.
func memberCount(t *testing.T, e *engine.Engine, day string) int {
	t.Helper()
	d, _ := time.Parse(time.DateOnly, day)
	at := board.EndOfDay(d)
	n := 0
	err := e.View(context.Background(), at, func(s *board.State, r *charter.Rules) error {
		n = s.MemberCount(r, at)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// votedDecision returns a decision of the demo that was voted on, with its ballots.
func votedDecision(t *testing.T, e *engine.Engine) board.DecisionView {
	t.Helper()
	var out board.DecisionView
	err := e.View(context.Background(), now, func(s *board.State, r *charter.Rules) error {
		for _, d := range s.DecisionList(now) {
			if len(d.Ballots) > 0 {
				out = d
				return nil
			}
		}
		return fmt.Errorf("the demo has no decision with votes")
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBrowser(t *testing.T) {
	browser := startBrowser(t)
	e := demoEngine(t)
	srv := httptest.NewServer(portal(t, e))
	defer srv.Close()
	shots := artifacts(t)
	voted := votedDecision(t, e)

	// Every page, in both languages, at a desktop's width and at a phone's: a heading, the
	// language, no problem in the browser's console, no violation axe-core finds, nothing past a
	// phone's width, and a screenshot at each width.
	t.Run("every page in both languages", func(t *testing.T) {
		axeSrc, noAxe := axeSource(t)
		start := time.Now()
		paths := append(browserPages(string(voted.ID)), slices.Sorted(maps.Keys(browserErrorPages))...)
		for _, lang := range []string{"en", "fr"} {
			for _, p := range paths {
				tb := newTab(t, browser, srv.URL)
				tb.openStatus(withLang(p, lang), cmp.Or(browserErrorPages[p], http.StatusOK))
				if got := tb.eval(`document.documentElement.lang`); got != lang {
					t.Errorf("%s: <html lang=%q>, want %q", p, got, lang)
				}
				if h1 := tb.text("h1"); h1 == "" {
					t.Errorf("%s (%s): no heading", p, lang)
				}
				tb.checkPage(axeSrc, shots, p, lang)
				tb.check(p + " (" + lang + ")")
			}
		}
		t.Logf("%d pages checked, in 2 languages at %d widths, in %s", len(paths), len(widths), time.Since(start).Round(time.Millisecond))
		if noAxe != "" {
			t.Skip(noAxe) // after the other checks, whose failures stand
		}
	})

	t.Run("the as-of picker changes the members shown", func(t *testing.T) {
		tb := newTab(t, browser, srv.URL)
		tb.open("/members?lang=en")
		for _, day := range []string{"2026-01-21", "2026-02-22"} {
			if err := chromedp.Do(tb.ctx, chromedp.SetValue(chromedp.ID("as_of"), day)); err != nil {
				t.Fatal(err)
			}
			tb.follow("submit the as-of form", chromedp.Click(chromedp.CSS("form.asof button")))
			if got := tb.location().Query().Get("as_of"); got != day {
				t.Errorf("after choosing %s, the URL has as_of=%q", day, got)
			}
			want := memberCount(t, e, day)
			if got := tb.text("#member-count"); got != fmt.Sprint(want) {
				t.Errorf("as of %s: the page shows %s members, want %d", day, got, want)
			}
			rows := tb.eval(`String(document.querySelectorAll("#members tbody tr").length)`)
			tb.screenshot(shots, "members-as-of-"+day)
			t.Logf("as of %s: %d members, %s States in the table", day, want, rows)
		}
		if memberCount(t, e, "2026-01-21") == memberCount(t, e, "2026-02-22") {
			t.Error("the demo has as many members on 21 January as on 22 February; the test proves nothing")
		}
		tb.check("as-of picker")
	})

	t.Run("French and English", func(t *testing.T) {
		tb := newTab(t, browser, srv.URL)
		tb.open("/members?lang=fr&as_of=2026-02-22")
		for css, want := range map[string]string{"h1": "Membres", ".brand": "Conseil de la paix", `a[data-sort-key="founding"]`: "État fondateur", "label[for=as_of]": "À la date du"} {
			if got := tb.text(css); !strings.Contains(got, want) {
				t.Errorf("fr: %s = %q, want %q", css, got, want)
			}
		}
		if got := tb.text("#showing"); !strings.Contains(got, "22 février 2026") {
			t.Errorf("fr: the date reads %q, want « 22 février 2026 »", got)
		}
		tb.follow("switch to English", chromedp.Click(chromedp.CSS(`.langs a[hreflang="en"]`)))
		if q := tb.location().Query(); q.Get("lang") != "en" || q.Get("as_of") != "2026-02-22" {
			t.Errorf("the language switch went to %v, want lang=en and the same as_of", q)
		}
		for css, want := range map[string]string{"h1": "Members", ".brand": "Board of Peace", "#showing": "22 February 2026"} {
			if got := tb.text(css); !strings.Contains(got, want) {
				t.Errorf("en: %s = %q, want %q", css, got, want)
			}
		}
		// Links keep the language and the date.
		tb.follow("open the timeline", chromedp.Click(chromedp.CSS(`.site nav a[href^="/timeline"]`)))
		if q := tb.location().Query(); q.Get("lang") != "en" || q.Get("as_of") != "2026-02-22" {
			t.Errorf("the timeline link went to %v, want lang=en and as_of=2026-02-22", q)
		}
		tb.check("languages")
	})

	t.Run("a decision's page shows its votes", func(t *testing.T) {
		tb := newTab(t, browser, srv.URL)
		tb.open("/decisions?lang=en")
		tb.follow("open the decision", chromedp.Click(chromedp.CSS(`#decisions a[href^="/decisions/`+string(voted.ID)+`"]`)))
		if got := tb.location().Path; got != "/decisions/"+string(voted.ID) {
			t.Fatalf("the link went to %s", got)
		}
		if got := tb.text("h1"); got != voted.Title {
			t.Errorf("heading %q, want %q", got, voted.Title)
		}
		rows := tb.eval(`String(document.querySelectorAll("#votes tbody tr").length)`)
		if want := fmt.Sprint(len(voted.Electorate)); rows != want {
			t.Errorf("%s rows of votes, want one per State of the electorate (%s)", rows, want)
		}
		for _, b := range voted.Ballots {
			got := tb.text(fmt.Sprintf(`#votes tr[data-state=%q] td`, b.State))
			want := map[board.Choice]string{board.ChoiceYes: "yes", board.ChoiceNo: "no", board.ChoiceAbstain: "abstain"}[b.Choice]
			if got != want {
				t.Errorf("%s's vote reads %q, want %q", b.State, got, want)
			}
		}
		if got, want := tb.text("#tally-yes"), fmt.Sprint(voted.Yes); got != want {
			t.Errorf("tally: %s yes, want %s", got, want)
		}
		if n := tb.eval(`String(document.querySelectorAll("#chart-vote svg rect").length)`); n == "0" {
			t.Error("no vote chart")
		}
		tb.screenshot(shots, "decision-votes")
		tb.check("decision")
	})

	t.Run("keyboard: the skip link comes first", func(t *testing.T) {
		tb := newTab(t, browser, srv.URL)
		tb.open("/?lang=en")
		if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		if got := tb.eval(`document.activeElement.className + " " + document.activeElement.getAttribute("href")`); got != "skip #main" {
			t.Errorf("the first Tab focuses %q, want the skip link", got)
		}
		if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		if got := tb.eval(`location.hash`); got != "#main" {
			t.Errorf("the skip link went to %q", got)
		}
		tb.check("keyboard")
	})

	t.Run("sortable tables", func(t *testing.T) {
		tb := newTab(t, browser, srv.URL)
		tb.open("/members?lang=en")
		if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(`a[data-sort-key="joined"]`))); err != nil {
			t.Fatal(err)
		}
		if got := tb.eval(`document.querySelector('a[data-sort-key="joined"]').parentElement.getAttribute("aria-sort")`); got != "ascending" {
			t.Errorf("after a click on Joined, aria-sort=%q", got)
		}
		dates := tb.eval(`Array.from(document.querySelectorAll("#members tbody tr td:nth-of-type(3)")).map(td => td.dataset.sort).join(",")`)
		list := strings.Split(dates, ",")
		for i := 1; i < len(list); i++ {
			if list[i] < list[i-1] {
				t.Errorf("joined dates out of order after sorting: %s before %s", list[i-1], list[i])
				break
			}
		}
		if got := tb.location().Query().Get("sort"); got != "joined" {
			t.Errorf("the URL says sort=%q after sorting, want joined (so that it can be shared)", got)
		}
		tb.check("sorting")
	})
}
