package web_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/web"
	"github.com/peaceboard/peaceboard/money"
	"github.com/peaceboard/peaceboard/record"
)

// with adds query parameters to a path.
func with(path string, kv ...string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return path + sep + q.Encode()
}

func TestEveryPageRenders(t *testing.T) {
	h := portal(t, demoEngine(t))
	for _, lang := range []string{"en", "fr"} {
		for _, p := range append(pages, "/?as_of=2026-01-10", "/members?as_of=2026-01-21", "/treasury?as_of=2026-02-20") {
			status, body := get(t, h, with(p, "lang", lang))
			if status != http.StatusOK {
				t.Errorf("%s (%s): status %d\n%.3000s", p, lang, status, body)
				continue
			}
			if !strings.Contains(body, `<html lang="`+lang+`">`) {
				t.Errorf("%s (%s): the page is not marked as written in its language", p, lang)
			}
		}
	}
}

var memberCountRE = regexp.MustCompile(`id="member-count">([0-9]+)<`)

func TestMembersAsOf(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	for _, day := range []string{"2026-01-21", "2026-01-22", "2026-02-22"} {
		_, body := get(t, h, "/members?lang=en&as_of="+day)
		m := memberCountRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s: no member count", day)
		}
		if want := memberCount(t, e, day); m[1] != strconv.Itoa(want) {
			t.Errorf("as of %s: %s members shown, want %d", day, m[1], want)
		}
	}
	// Before entry into force nobody is a member; Kazakhstan has consented and is a signatory.
	_, body := get(t, h, "/members?lang=en&as_of=2026-01-21")
	if !strings.Contains(body, `id="member-count">0<`) || !strings.Contains(body, `<span class="status signatory">signatory</span>`) {
		t.Error("as of 21 January: want no member and a signatory")
	}
	// An invitation made later is not shown.
	_, early := get(t, h, "/invitations?lang=en&as_of=2026-01-14")
	if strings.Contains(early, `/members/KAZ`) {
		t.Error("as of 14 January, Kazakhstan (invited on the 19th) is listed")
	}
}

func TestLanguageNegotiation(t *testing.T) {
	h := portal(t, demoEngine(t))
	tests := []struct {
		query, accept, want string
	}{
		{"", "", "en"}, // the organization's first language
		{"", "fr-CH, fr;q=0.9, en;q=0.8", "fr"},
		{"", "de-DE, en;q=0.5, fr;q=0.7", "fr"},
		{"", "de, es", "en"},
		{"?lang=fr", "en", "fr"},
		{"?lang=xx", "fr", "fr"}, // an unknown ?lang= is ignored
	}
	for _, tt := range tests {
		_, body := get(t, h, "/"+tt.query, "Accept-Language", tt.accept)
		if !strings.Contains(body, `<html lang="`+tt.want+`">`) {
			t.Errorf("?%s with Accept-Language %q: want %s", tt.query, tt.accept, tt.want)
		}
	}
	r := httptest.NewRequest("GET", "/members", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if !strings.Contains(w.Header().Get("Vary"), "Accept-Language") {
		t.Error("pages chosen by Accept-Language must say Vary: Accept-Language")
	}
}

func TestFrenchVocabulary(t *testing.T) {
	h := portal(t, demoEngine(t))
	_, overview := get(t, h, "/?lang=fr&as_of=2026-02-22")
	_, members := get(t, h, "/members?lang=fr&as_of=2026-02-22")
	_, member := get(t, h, "/members/KAZ?lang=fr&as_of=2026-02-22")
	for _, c := range []struct{ body, want string }{
		{overview, "Conseil de la paix"},
		{overview, "22\u00a0janvier 2026"},
		{overview, "Président"},
		{members, "État fondateur"},
		{members, "siège permanent"},
		{overview, "La charte"},
		{member, "Kazakhstan"},
		{member, "État fondateur"},
		{member, "19\u00a0janvier 2026"},
	} {
		if !strings.Contains(c.body, c.want) && !strings.Contains(strings.ReplaceAll(c.body, "&#39;", "'"), c.want) {
			t.Errorf("the French pages do not say %q", c.want)
		}
	}
}

func TestErrors(t *testing.T) {
	h := portal(t, demoEngine(t))
	tests := []struct {
		path   string
		status int
		says   string
	}{
		{"/members?as_of=22-01-2026&lang=en", 400, "YYYY-MM-DD"},
		{"/members?as_of=2026-02-30&lang=fr", 400, "AAAA-MM-JJ"},
		{"/timeline?page=0&lang=en", 400, "page number"},
		{"/members?sort=nonsense&lang=en", 400, "cannot be sorted"},
		{"/members/ZZZ?lang=en", 404, "holds nothing"},
		{"/members/kaz?lang=en", 404, "holds nothing"},
		{"/members/ISR?lang=en&as_of=2026-01-10", 404, "holds nothing"}, // not yet invited then
		{"/decisions/no-such-thing?lang=fr", 404, "ne contient rien"},
		{"/static/nothing.css", 404, ""},
	}
	for _, tt := range tests {
		status, body := get(t, h, tt.path)
		if status != tt.status || !strings.Contains(body, tt.says) {
			t.Errorf("%s: status %d, want %d saying %q\n%.500s", tt.path, status, tt.status, tt.says, body)
		}
	}
}

func TestHeadersAndStatic(t *testing.T) {
	h := portal(t, demoEngine(t))
	r := httptest.NewRequest("GET", "/?lang=en", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if got := w.Header().Get("Content-Security-Policy"); !strings.HasPrefix(got, "default-src 'self'") || strings.Contains(got, "unsafe") {
		t.Errorf("Content-Security-Policy %q", got)
	}
	body := w.Body.String()
	if strings.Contains(body, "<style") || strings.Contains(body, " style=") || regexp.MustCompile(`<script>|<script [^s]`).MatchString(body) {
		t.Error("a page has inline style or script, which the policy refuses")
	}
	if regexp.MustCompile(`(href|src)="(https?:)?//`).MatchString(body) {
		t.Error("a page links to another site's resources")
	}
	assets := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(assets) != 3 {
		t.Fatalf("%d static files linked, want the style sheet, the script and the icon", len(assets))
	}
	for _, a := range assets {
		r := httptest.NewRequest("GET", a[1], nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || w.Body.Len() == 0 {
			t.Errorf("%s: %d, Cache-Control %q", a[1], w.Code, w.Header().Get("Cache-Control"))
		}
	}
	r = httptest.NewRequest("GET", "/static/portal.css", nil)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 || w.Header().Get("Cache-Control") != "no-cache" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("/static/portal.css: %d, %q, %q", w.Code, w.Header().Get("Cache-Control"), w.Header().Get("Content-Type"))
	}
}

var hrefRE = regexp.MustCompile(`href="(/[^"]*)"`)

func TestLinksKeepLanguageAndDate(t *testing.T) {
	h := portal(t, demoEngine(t))
	for _, p := range []string{"/", "/members", "/members/KAZ", "/decisions", "/invitations", "/timeline", "/treasury", "/executive"} {
		_, body := get(t, h, p+"?lang=fr&as_of=2026-02-22")
		links := 0
		for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
			u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case strings.HasPrefix(u.Path, "/static/"), strings.HasPrefix(u.Path, "/log/"):
				continue
			case u.Path == "/feed.atom", strings.HasSuffix(u.Path, "/feed.atom"):
				// A feed keeps the language but not the date: it is followed from now on.
				if u.RawQuery != "lang=fr" {
					t.Errorf("%s: the feed link %s does not keep the language alone", p, m[1])
				}
				continue
			case u.Query().Get("lang") == "en" && u.Query().Get("as_of") == "2026-02-22":
				continue // the language switch
			case u.Path == p && u.RawQuery == "lang=fr":
				continue // back to today
			}
			links++
			if u.Query().Get("lang") != "fr" || u.Query().Get("as_of") != "2026-02-22" {
				t.Errorf("%s: the link %s drops the language or the date", p, m[1])
			}
		}
		if links < 8 {
			t.Errorf("%s: only %d links checked", p, links)
		}
	}
}

func TestMembersSortWithoutJavaScript(t *testing.T) {
	h := portal(t, demoEngine(t))
	_, body := get(t, h, "/members?lang=en&sort=joined&dir=desc")
	var joined []string
	for _, m := range regexp.MustCompile(`<td class="joined" data-sort="([^"]*)">`).FindAllStringSubmatch(body, -1) {
		joined = append(joined, m[1])
	}
	if len(joined) < 20 {
		t.Fatalf("%d joined dates found", len(joined))
	}
	if !slices.IsSortedFunc(joined, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("joined dates not in descending order: %v", joined)
	}
	if !strings.Contains(body, `aria-sort="descending"`) {
		t.Error("the sorted column is not marked aria-sort=descending")
	}
}

func TestTimelineAsOf(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	at := board.EndOfDay(time.Date(2026, 1, 22, 0, 0, 0, 0, time.UTC))
	n, err := e.LenAt(context.Background(), at)
	if err != nil {
		t.Fatal(err)
	}
	// LenAt agrees with a plain count of the entries.
	count := uint64(0)
	if err := e.ReadEntries(context.Background(), 0, e.Len(), func(en record.Entry) error {
		if !en.At.After(at) {
			count++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != count || n == 0 || n == e.Len() {
		t.Fatalf("LenAt = %d, counted %d of %d", n, count, e.Len())
	}
	_, body := get(t, h, "/timeline?lang=en&as_of=2026-01-22")
	if !strings.Contains(body, ": "+strconv.Itoa(int(n))+" acts up to the date shown") {
		t.Errorf("the timeline as of 22 January does not count %d acts", n)
	}
	if strings.Contains(body, "23\u00a0January 2026") || !strings.Contains(body, "22\u00a0January 2026") {
		t.Error("the timeline as of 22 January shows a later act, or none of that day")
	}
	if !strings.Contains(body, `id="act-`+strconv.Itoa(int(n-1))+`"`) || strings.Contains(body, `id="act-`+strconv.Itoa(int(n))+`"`) {
		t.Errorf("the newest act shown should be entry %d", n-1)
	}
}

func TestFeed(t *testing.T) {
	h := portal(t, demoEngine(t))
	for _, lang := range []string{"en", "fr"} {
		r := httptest.NewRequest("GET", "/feed.atom?lang="+lang, nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("%s: %d %s", lang, w.Code, w.Header().Get("Content-Type"))
		}
		var f struct {
			Lang    string `xml:"lang,attr"`
			Title   string `xml:"title"`
			Entries []struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &f); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if f.Lang != lang || len(f.Entries) != 50 || f.Entries[0].Updated < f.Entries[49].Updated {
			t.Errorf("%s: lang %q, %d entries, newest %s, oldest %s", lang, f.Lang, len(f.Entries), f.Entries[0].Updated, f.Entries[49].Updated)
		}
		ids := map[string]bool{}
		for _, e := range f.Entries {
			if ids[e.ID] || e.Title == "" {
				t.Errorf("%s: entry %q repeated or without title", lang, e.ID)
			}
			ids[e.ID] = true
		}
		if lang == "fr" && !strings.Contains(f.Title, "Conseil de la paix") {
			t.Errorf("the French feed is titled %q", f.Title)
		}
	}
}

func TestMemberHistory(t *testing.T) {
	h := portal(t, demoEngine(t))
	_, body := get(t, h, "/members/KAZ?lang=en")
	for _, want := range []string{"The Chairman invited Kazakhstan", "Kazakhstan consented to be bound", "Kazakhstan voted on",
		"Kazakhstan commented on", "The secretariat received", "founding-State status offered", "Kassym-Jomart Tokayev"} {
		if !strings.Contains(body, want) {
			t.Errorf("Kazakhstan's page does not say %q", want)
		}
	}
	for _, other := range []string{"United States consented", "The Chairman invited Qatar"} {
		if strings.Contains(body, other) {
			t.Errorf("Kazakhstan's page shows another State's act: %q", other)
		}
	}
	// As of the day it accepted, only its invitation and its consent are there.
	_, early := get(t, h, "/members/KAZ?lang=en&as_of=2026-01-19")
	if n := strings.Count(early, `<li id="act-`); n != 2 || strings.Contains(early, "voted on") {
		t.Errorf("as of 19 January: %d acts, want the invitation and the consent", n)
	}
}

// TestPagesWhileWriting renders pages while acts are recorded, as a live server does (run it
// with -race): a page copies what it shows from the state before the writer changes it.
func TestPagesWhileWriting(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	at := time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)
	submit(t, e, at, board.Chairman, &board.Propose{ID: "busy", Type: board.KindOther, Title: "Busy day"})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 200 {
			code := []board.StateCode{"KAZ", "QAT", "HUN", "USA"}[i%4]
			if _, err := e.SubmitDev(context.Background(), board.Act{At: at, By: board.StateActor(code),
				Body: &board.Comment{Proposal: "busy", Text: "Comment " + strconv.Itoa(i)}}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for _, p := range []string{"/", "/members", "/members/KAZ", "/decisions", "/decisions/busy", "/executive", "/treasury", "/timeline", "/record"} {
		for range 3 {
			if status, _ := get(t, h, p+"?lang=fr"); status != http.StatusOK {
				t.Errorf("%s: status %d while acts are recorded", p, status)
			}
		}
	}
	<-done
	_, body := get(t, h, "/members/KAZ?lang=en")
	if n := strings.Count(body, "commented on “Busy day”"); n != 50 {
		t.Errorf("Kazakhstan's page shows %d of its 50 comments on the first page of its history", n)
	}
}

// TestTreasuryContributionPages: the treasury lists contributions newest first, a page at a
// time, with a pager that leads to the older ones at the table; as of an earlier day it lists
// only those recorded by then. A million-act record holds half a million contributions, which
// on one page took 18 s and 144 MB.
func TestTreasuryContributionPages(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	_, before := get(t, h, "/treasury?lang=en")
	demoRows := strings.Count(ledgerTable(t, before), "<tr>") - 1 // less the head
	steps := strings.Count(fundChart(t, before), " V")
	start := time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)
	const added = 70
	for i := range added {
		submit(t, e, start.Add(time.Duration(i)*time.Minute), board.Secretariat, &board.Receive{
			ID: board.EntryID(fmt.Sprintf("page-test-%02d", i)), Contributor: "org:page-test", Amount: money.Amount{Currency: "USD", Minor: int64(100 + i)},
			ValueDate: board.Day(start), Form: board.FormCash, Fund: "gaza-reconstruction"})
	}
	total := demoRows + added

	_, first := get(t, h, "/treasury?lang=en")
	// The fund chart draws a fund's cash as at the end of each day: 70 receipts on one day add
	// one step to each fund's line, not 70.
	if got, funds := strings.Count(fundChart(t, first), " V"), strings.Count(fundChart(t, first), "<path"); got > steps+funds {
		t.Errorf("the fund chart has %d steps after 70 receipts on one day; want at most %d (one more for each of its %d funds)", got, steps+funds, funds)
	}
	ids := entryIDs(ledgerTable(t, first))
	if len(ids) != 50 || ids[0] != "page-test-69" || ids[49] != "page-test-20" {
		t.Fatalf("first page lists %d contributions, %v ... %v; want 50, newest first: page-test-69 to page-test-20", len(ids), ids[:min(3, len(ids))], ids[max(0, len(ids)-3):])
	}
	if !strings.Contains(first, fmt.Sprintf("Page 1 of 2 (1–50 of %d)", total)) || !strings.Contains(first, `href="/treasury?lang=en&amp;page=2#h-ledger"`) {
		t.Errorf("first page: no pager to page 2 at the contributions (want %d in all)", total)
	}
	_, second := get(t, h, "/treasury?lang=en&page=2")
	ids = entryIDs(ledgerTable(t, second))
	if len(ids) != total-50 || ids[0] != "page-test-19" || ids[19] != "page-test-00" {
		t.Fatalf("second page lists %d contributions beginning %v; want %d, from page-test-19 down to page-test-00, then the demo's", len(ids), ids[:min(3, len(ids))], total-50)
	}
	if !strings.Contains(second, `href="/treasury?lang=en&amp;page=1#h-ledger"`) || strings.Contains(second, "page=3") {
		t.Errorf("second page: want a pager back to page 1 and none further")
	}
	_, earlier := get(t, h, "/treasury?lang=en&as_of=2026-05-19")
	if got := strings.Count(ledgerTable(t, earlier), "<tr>") - 1; got != demoRows {
		t.Errorf("as of 2026-05-19 the treasury lists %d contributions; want the demo's %d", got, demoRows)
	}
}

// ledgerTable returns the treasury page's table of contributions.
func ledgerTable(t *testing.T, page string) string {
	t.Helper()
	return tableOf(t, page, "h-ledger")
}

// tableOf returns the table of a page that its heading heading labels.
func tableOf(t *testing.T, page, heading string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `<table aria-labelledby="`+heading+`">`)
	table, _, ok2 := strings.Cut(rest, "</table>")
	if !ok || !ok2 {
		t.Fatalf("no table under heading %s", heading)
	}
	return table
}

// fundChart returns the treasury page's chart of the funds' cash.
func fundChart(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `id="chart-funds"`)
	svg, _, ok2 := strings.Cut(rest, "</svg>")
	if !ok || !ok2 {
		t.Fatal("no chart of the funds on the treasury page")
	}
	return svg
}

// entryIDs returns the entry ids of a table of contributions, in order.
func entryIDs(table string) []string {
	var ids []string
	for _, row := range strings.Split(table, "<tr>")[2:] {
		id, _, _ := strings.Cut(strings.TrimPrefix(row, "<td><code>"), "</code>")
		ids = append(ids, id)
	}
	return ids
}

// TestConcernedAgreesWithParsing: which States an entry concerns, read from two fields of the
// act, is what parsing the whole act says, for every entry of the demo and of the hostile
// record (every kind of act, a pledge by a State and one named by the secretariat).
func TestConcernedAgreesWithParsing(t *testing.T) {
	for name, e := range map[string]*engine.Engine{"the demo and hostile acts": hostileEngine(t)} {
		n := 0
		err := e.ReadEntries(context.Background(), 0, e.Len(), func(en record.Entry) error {
			got, want := web.Concerned(en), concernedByParsing(t, en)
			if !slices.Equal(got, want) {
				t.Errorf("%s entry %d (%s by %s): concerns %v; parsed, %v", name, en.Index, en.Kind, en.Actor, got, want)
			}
			if len(want) > 1 || (len(want) == 1 && !strings.HasPrefix(en.Actor, "state:")) {
				n++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("%s: no entry names a State other than its actor's: the test tests nothing", name)
		}
	}
}

// concernedByParsing is concerned as it was, parsing the whole act.
func concernedByParsing(t *testing.T, en record.Entry) []board.StateCode {
	var out []board.StateCode
	if code, ok := board.ActorID(en.Actor).State(); ok {
		out = append(out, code)
	}
	a, err := board.ParseCanonical(en.Act)
	if err != nil {
		t.Fatal(err)
	}
	var named board.StateCode
	switch b := a.Body.(type) {
	case *board.Invite:
		named = b.State
	case *board.WithdrawInvitation:
		named = b.State
	case *board.RenewTerm:
		named = b.State
	case *board.ProposeRemoval:
		named = b.State
	case *board.Accredit:
		named = b.State
	case *board.Pledge:
		named, _ = b.Contributor.State()
	case *board.Receive:
		named, _ = b.Contributor.State()
	}
	if named != "" && !slices.Contains(out, named) {
		out = append(out, named)
	}
	return out
}

// TestMemberContributionPages: a State's page lists its contributions newest first, a page at
// a time, with a pager of its own (?contributions_page=) that leads to their table and leaves
// the acts' pager (?page=) alone.
func TestMemberContributionPages(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	_, before := get(t, h, "/members/QAT?lang=en")
	demoRows := strings.Count(memberMoneyTable(t, before), "<tr>") - 1
	start := time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)
	const added = 60
	for i := range added {
		submit(t, e, start.Add(time.Duration(i)*time.Minute), board.Secretariat, &board.Receive{
			ID: board.EntryID(fmt.Sprintf("qat-page-%02d", i)), Contributor: "state:QAT", Amount: money.Amount{Currency: "USD", Minor: int64(100 + i)},
			ValueDate: board.Day(start), Form: board.FormCash, Fund: "gaza-reconstruction"})
	}
	total := demoRows + added
	_, first := get(t, h, "/members/QAT?lang=en")
	ids := entryIDs(memberMoneyTable(t, first))
	if len(ids) != 50 || ids[0] != "qat-page-59" || ids[49] != "qat-page-10" {
		t.Fatalf("first page lists %d contributions, %v ... %v; want 50, qat-page-59 down to qat-page-10", len(ids), ids[:min(3, len(ids))], ids[max(0, len(ids)-3):])
	}
	if !strings.Contains(first, fmt.Sprintf("Page 1 of 2 (1–50 of %d)", total)) || !strings.Contains(first, `href="/members/QAT?contributions_page=2&amp;lang=en#h-money"`) {
		t.Errorf("first page: no pager to the second page of contributions (want %d in all)", total)
	}
	_, second := get(t, h, "/members/QAT?lang=en&contributions_page=2")
	ids = entryIDs(memberMoneyTable(t, second))
	if len(ids) != total-50 || ids[0] != "qat-page-09" || ids[9] != "qat-page-00" {
		t.Fatalf("second page lists %d contributions beginning %v; want %d, from qat-page-09 down, then the demo's", len(ids), ids[:min(3, len(ids))], total-50)
	}
	if strings.Contains(second, "votes_page=") {
		t.Error("a pager of votes on a State with fewer than 50")
	}
	if code, _ := get(t, h, "/members/QAT?contributions_page=zero"); code != http.StatusBadRequest {
		t.Errorf("contributions_page=zero: %d; want 400", code)
	}
}

// memberMoneyTable returns a State's page's table of contributions.
func memberMoneyTable(t *testing.T, page string) string {
	t.Helper()
	return tableOf(t, page, "h-money")
}
