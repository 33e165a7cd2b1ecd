package web_test

import (
	"cmp"
	"context"
	"fmt"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Tests of the pages of issue 21: the page of an unknown address, the hint on a date outside
// the record, sorting and filters, the participants table, the fund and contributor pages.

func TestNoSuchPage(t *testing.T) {
	h := portal(t, demoEngine(t))
	tests := []struct {
		path, lang string
		status     int
		says       string
	}{
		{"/nosuchpage", "en", 404, "There is no page at this address"},
		{"/nosuchpage", "fr", 404, "pas de page à cette adresse"},
		{"/members/KAZ/extra", "en", 404, "There is no page at this address"},
		{"/nosuchpage?as_of=2026-01-22", "en", 404, `href="/?as_of=2026-01-22&amp;lang=en">Back to the overview`},
		{"/nosuchpage?as_of=garbage", "fr", 404, "Retour à la vue"},
	}
	for _, tt := range tests {
		status, body := get(t, h, with(tt.path, "lang", tt.lang))
		if status != tt.status || !strings.Contains(body, tt.says) {
			t.Errorf("%s (%s): status %d, want %d saying %q\n%.800s", tt.path, tt.lang, status, tt.status, tt.says, body)
		}
		if !strings.Contains(body, `<html lang="`+tt.lang+`">`) || !strings.Contains(body, `<nav aria-label=`) {
			t.Errorf("%s (%s): not a page of the portal in its language", tt.path, tt.lang)
		}
	}
	// The log's paths are for machines: a plain 404. Another method than GET is refused.
	if status, body := get(t, h, "/log/nosuch"); status != 404 || strings.Contains(body, "<html") {
		t.Errorf("/log/nosuch: status %d, %.200s", status, body)
	}
	r := httptest.NewRequest("POST", "/nosuchpage", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /nosuchpage: status %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
}

// The demo's acts run from 13 January to 15 May 2026. Before the first, or on a chosen day
// after the last, every page says so and offers the day of that act; within them, or as of
// today, no page does.
func TestDateOutsideTheRecord(t *testing.T) {
	h := portal(t, demoEngine(t))
	paths := []string{"/", "/members", "/invitations", "/timeline", "/treasury", "/nosuchpage"}
	tests := []struct {
		asOf, lang, says, link string
	}{
		{"2025-06-01", "en", "The record's first act is on 13 January 2026", `href="%s?as_of=2026-01-13&amp;lang=en">See the organization as of 13 January 2026<`},
		{"2025-06-01", "fr", "Le premier acte du registre date du 13 janvier 2026", `href="%s?as_of=2026-01-13&amp;lang=fr">Voir l`},
		{"2027-01-01", "en", "The record's latest act is on 15 May 2026", `href="%s?as_of=2026-05-15&amp;lang=en">`},
		{"2027-01-01", "fr", "Le dernier acte du registre date du 15 mai 2026", `href="%s?as_of=2026-05-15&amp;lang=fr">`},
	}
	for _, tt := range tests {
		for _, p := range paths {
			_, body := get(t, h, with(p, "lang", tt.lang, "as_of", tt.asOf))
			body = strings.ReplaceAll(body, "\u00a0", " ") // dates keep their day and month together
			says := strings.ReplaceAll(tt.says, "'", "&#39;")
			if !strings.Contains(body, says) || !strings.Contains(body, fmt.Sprintf(tt.link, p)) {
				t.Errorf("%s as of %s (%s): no hint %q with its link %q", p, tt.asOf, tt.lang, tt.says, hintRE.FindString(body))
			}
		}
	}
	for _, asOf := range []string{"", "2026-01-13", "2026-03-01", "2026-05-15"} {
		for _, p := range paths {
			if _, body := get(t, h, with(p, "lang", "en", "as_of", asOf)); strings.Contains(body, `id="date-hint"`) {
				t.Errorf("%s as of %q: a hint, though the date lies within the record", p, asOf)
			}
		}
	}
}

var hintRE = regexp.MustCompile(`<p class="date-hint" id="date-hint">.*</p>`)

// cellsOf returns, in order, the data-sort values of the cells of class class in a page.
func cellsOf(page, class string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<td class="`+class+`" data-sort="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

// section returns the part of page from the element with the given id to the end of its section.
func section(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no element %q in the page", id)
	}
	j := strings.Index(page[i:], "</section>")
	if j < 0 {
		j = len(page) - i
	}
	return page[i : i+j]
}

func TestInvitationsSortWithoutJavaScript(t *testing.T) {
	h := portal(t, demoEngine(t))
	for _, tt := range []struct {
		query, class string
		desc         bool
	}{
		{"sort=invited", "invited", false},
		{"sort=invited&dir=desc", "invited", true},
		{"", "answered", false}, // by date of answer by default
		{"sort=answered&dir=desc", "answered", true},
	} {
		for _, lang := range []string{"en", "fr"} {
			status, body := get(t, h, "/invitations?lang="+lang+"&"+tt.query)
			if status != http.StatusOK {
				t.Fatalf("%s: status %d", tt.query, status)
			}
			got := cellsOf(section(t, body, "accepted"), tt.class)
			if len(got) < 10 {
				t.Fatalf("%s (%s): %d dates in the accepted table", tt.query, lang, len(got))
			}
			order := strings.Compare
			if tt.desc {
				order = func(a, b string) int { return strings.Compare(b, a) }
			}
			if !slices.IsSortedFunc(got, order) || got[0] == got[len(got)-1] {
				t.Errorf("%s (%s): %v not sorted (descending: %v)", tt.query, lang, got, tt.desc)
			}
		}
	}
	_, body := get(t, h, "/invitations?lang=en&sort=state&dir=desc")
	var names []string
	for _, m := range regexp.MustCompile(`<th scope="row" data-sort="([^"]*)">`).FindAllStringSubmatch(section(t, body, "accepted"), -1) {
		names = append(names, m[1])
	}
	if len(names) < 10 || strings.Compare(names[0], names[len(names)-1]) <= 0 {
		t.Errorf("by State, descending: %v", names)
	}
	if !strings.Contains(body, `aria-sort="descending"><a href="/invitations?lang=en&amp;sort=state#h-accepted"`) {
		t.Error("the sorted column is not marked descending, with a link to sort it ascending")
	}
	for _, bad := range []string{"sort=nonsense", "sort=state&dir=sideways"} {
		if status, _ := get(t, h, "/invitations?lang=en&"+bad); status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, status)
		}
	}
}

var actRE = regexp.MustCompile(`(?s)<li id="act-[0-9]+">.*?</li>`)

func TestTimelineFilters(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	// What the record holds, counted from the entries themselves.
	count := func(actor, kind string, until time.Time) int {
		n := 0
		e.ReadEntries(context.Background(), 0, e.Len(), func(en record.Entry) error {
			if (actor == "" || en.Actor == actor) && (kind == "" || en.Kind == kind) && !en.At.After(until) {
				n++
			}
			return nil
		})
		return n
	}
	end := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct{ actor, kind, asOf string }{
		{"state:KAZ", "", ""},
		{"", "vote", ""},
		{"state:KAZ", "vote", ""},
		{"chairman", "invite", "2026-01-20"},
		{"state:KAZ", "withdraw", ""}, // none
	}
	for _, tt := range tests {
		for _, lang := range []string{"en", "fr"} {
			until := end
			if tt.asOf != "" {
				d, _ := time.Parse(time.DateOnly, tt.asOf)
				until = board.EndOfDay(d)
			}
			want := count(tt.actor, tt.kind, until)
			path := with("/timeline", "lang", lang, "actor", tt.actor, "kind", tt.kind, "as_of", tt.asOf)
			status, body := get(t, h, path)
			if status != http.StatusOK {
				t.Fatalf("%s: status %d", path, status)
			}
			acts := actRE.FindAllString(body, -1)
			if tt.kind == "withdraw" && want == 0 {
				if len(acts) != 0 {
					t.Errorf("%s: %d acts, want none", path, len(acts))
				}
				continue
			}
			if want == 0 {
				t.Fatalf("%s: the demo holds no such act; the test needs one", path)
			}
			if len(acts) != min(want, 50) {
				t.Errorf("%s: %d acts shown, want %d", path, len(acts), min(want, 50))
			}
			if !strings.Contains(body, `<option value="`+tt.actor+`" selected>`) && tt.actor != "" {
				t.Errorf("%s: the form does not show the actor chosen", path)
			}
			if tt.kind != "" && !strings.Contains(body, `<option value="`+tt.kind+`" selected>`) {
				t.Errorf("%s: the form does not show the kind chosen", path)
			}
		}
	}
	// Pages of a filtered list keep the filter.
	if n := count("", "vote", end); n > 50 {
		_, body := get(t, h, "/timeline?lang=en&kind=vote")
		if !strings.Contains(body, `href="/timeline?kind=vote&amp;lang=en&amp;page=2"`) {
			t.Error("the next page of votes does not keep kind=vote")
		}
	}
	for _, bad := range []string{"actor=nobody", "kind=dance", "actor=state:kaz"} {
		if status, _ := get(t, h, "/timeline?lang=en&"+bad); status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, status)
		}
	}
}

func TestParticipantsTable(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	for _, lang := range []string{"en", "fr"} {
		_, body := get(t, h, "/members?lang="+lang)
		table := section(t, body, "participants")
		if n := strings.Count(table, "<tr data-state="); n < 20 {
			t.Fatalf("%s: %d participants", lang, n)
		}
		// Kazakhstan consented, and the charter entered into force for it: both dates are there.
		kaz := table[strings.Index(table, `<tr data-state="KAZ">`):]
		kaz = kaz[:strings.Index(kaz, "</tr>")]
		for _, class := range []string{"invited", "in_force"} {
			if v := cellsOf(kaz, class); len(v) != 1 || v[0] == "" {
				t.Errorf("%s: Kazakhstan's %s is %v", lang, class, v)
			}
		}
		if s, n := cellsOf(kaz, "signature"), cellsOf(kaz, "notification"); len(s) != 1 || len(n) != 1 || (s[0] == "") == (n[0] == "") {
			t.Errorf("%s: Kazakhstan consented by signature (%v) or notification (%v), one of them", lang, s, n)
		}
	}
	// Sorted by a date, steps not taken come last, in either direction of the dates.
	for _, dir := range []string{"", "desc"} {
		_, body := get(t, h, with("/members", "lang", "en", "psort", "in_force", "pdir", dir))
		got := cellsOf(section(t, body, "participants"), "in_force")
		k := slices.Index(got, "")
		if k <= 0 {
			t.Fatalf("pdir=%s: %v: want dates, then States it is not in force for", dir, got)
		}
		dates := got[:k]
		order := strings.Compare
		if dir == "desc" {
			order = func(a, b string) int { return strings.Compare(b, a) }
		}
		if !slices.IsSortedFunc(dates, order) || slices.ContainsFunc(got[k:], func(s string) bool { return s != "" }) {
			t.Errorf("pdir=%s: %v", dir, got)
		}
		// The members table's order is left as it was: its links do not carry psort twice.
		if dir == "desc" && !strings.Contains(body, `href="/members?lang=en&amp;pdir=desc&amp;psort=in_force&amp;sort=joined"`) {
			t.Error("the members table's links do not keep the participants table's order")
		}
	}
	// As of a day before entry into force, no State has it in force.
	_, early := get(t, h, "/members?lang=en&as_of=2026-01-15")
	for _, v := range cellsOf(section(t, early, "participants"), "in_force") {
		if v != "" {
			t.Fatalf("as of 15 January 2026, in force for a State on %s", v)
		}
	}
	if status, _ := get(t, h, "/members?lang=en&psort=nonsense"); status != http.StatusBadRequest {
		t.Errorf("psort=nonsense: status %d, want 400", status)
	}
}

// fundEntries counts the ledger entries of fund id by type, as of t, from the state itself.
func fundEntries(t *testing.T, e *engine.Engine, id board.FundID, at time.Time) map[board.EntryType]int {
	t.Helper()
	out := map[board.EntryType]int{}
	err := e.View(context.Background(), at, func(st *board.State, _ *charter.Rules) error {
		for en := range st.Treasury.Ledger.EntriesAt(at) {
			if en.Fund == id {
				out[en.Type]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFundPage(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	for _, tt := range []struct {
		asOf string
		at   time.Time
	}{
		{"", now},
		{"2026-02-20", time.Date(2026, 2, 20, 23, 59, 59, 0, time.UTC)}, // pledged, nothing received yet
	} {
		want := fundEntries(t, e, "gaza-reconstruction", tt.at)
		for _, lang := range []string{"en", "fr"} {
			path := with("/treasury/funds/gaza-reconstruction", "lang", lang, "as_of", tt.asOf)
			status, body := get(t, h, path)
			if status != http.StatusOK {
				t.Fatalf("%s: status %d", path, status)
			}
			for _, c := range []struct {
				heading string
				n       int
			}{
				{"h-deposits", want[board.EntryReceipt] + want[board.EntryInKind]},
				{"h-pledges", want[board.EntryPledge]},
				{"h-allocations", want[board.EntryAllocation]},
			} {
				got := 0
				if i := strings.Index(body, `aria-labelledby="`+c.heading+`"`); i >= 0 {
					table := body[i:]
					got = strings.Count(table[:strings.Index(table, "</table>")], "<tr><td><code>")
				}
				if got != c.n {
					t.Errorf("%s: %s has %d rows, want %d", path, c.heading, got, c.n)
				}
			}
			if tt.asOf == "2026-02-20" && want[board.EntryPledge] == 0 {
				t.Fatal("the demo has pledged nothing to the fund by 20 February; the test needs pledges")
			}
		}
	}
	if want := fundEntries(t, e, "gaza-reconstruction", now); want[board.EntryReceipt] == 0 || want[board.EntryAllocation] == 0 {
		t.Fatalf("the demo's fund has %v; the test needs receipts and allocations", want)
	}
	// The treasury links each fund's page, and each contributor's.
	_, treasury := get(t, h, "/treasury?lang=en&as_of=2026-04-02")
	for _, link := range []string{`href="/treasury/funds/gaza-reconstruction?as_of=2026-04-02&amp;lang=en"`,
		`href="/treasury/contributors/org:fifa?as_of=2026-04-02&amp;lang=en"`, `href="/treasury/contributors?as_of=2026-04-02&amp;lang=en"`} {
		if !strings.Contains(treasury, link) {
			t.Errorf("the treasury has no link %s", link)
		}
	}
	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/treasury/funds/no-such-fund?lang=en", 404},
		{"/treasury/funds/gaza-reconstruction?lang=en&as_of=1999-01-01", 200}, // a fund of the rules file exists before any act
	} {
		if status, _ := get(t, h, tt.path); status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, status, tt.status)
		}
	}
}

var shareRE = regexp.MustCompile(`<p id="share">([^<]*)</p>`)

func TestContributorPage(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	var fifa board.ContributorView
	var lines int
	e.View(context.Background(), now, func(st *board.State, _ *charter.Rules) error {
		fifa, lines = st.Contributor("org:fifa", now), len(st.Contributions("org:fifa", now))
		return nil
	})
	if fifa.PledgedUSD.Minor == 0 {
		t.Fatal("FIFA pledged nothing in the demo; the test needs a pledge")
	}
	for _, lang := range []string{"en", "fr"} {
		status, body := get(t, h, "/treasury/contributors/org:fifa?lang="+lang)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", lang, status)
		}
		if got := strings.Count(body, "<tr data-type="); got != lines {
			t.Errorf("%s: %d entries, want %d", lang, got, lines)
		}
		pct := fmt.Sprintf("%.0f", float64(fifa.ReceivedCashUSD.Minor)/float64(fifa.PledgedUSD.Minor)*100)
		if m := shareRE.FindStringSubmatch(body); m == nil || !strings.Contains(m[1], pct) {
			t.Errorf("%s: share %q, want %s%%", lang, m, pct)
		}
	}
	// Before its first pledge, the contributor has no page; an address that names no actor is 400.
	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/treasury/contributors/org:fifa?lang=en&as_of=2026-02-01", 404},
		{"/treasury/contributors/state:ZZZ?lang=fr", 404},
		{"/treasury/contributors/nobody?lang=en", 400},
		{"/treasury/contributors/state:KWT?lang=en", 200},
	} {
		if status, _ := get(t, h, tt.path); status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, status, tt.status)
		}
	}
}

var contributorRowRE = regexp.MustCompile(`<tr data-actor="([^"]+)">`)

func TestContributorsFilters(t *testing.T) {
	h := portal(t, demoEngine(t))
	actors := func(path string) []string {
		t.Helper()
		status, body := get(t, h, path)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", path, status)
		}
		var out []string
		for _, m := range contributorRowRE.FindAllStringSubmatch(body, -1) {
			out = append(out, m[1])
		}
		return out
	}
	all := actors("/treasury/contributors?lang=en")
	if len(all) < 5 || !slices.Contains(all, "org:fifa") {
		t.Fatalf("every contributor: %v", all)
	}
	orgs, states := actors("/treasury/contributors?lang=fr&kind=org"), actors("/treasury/contributors?lang=en&kind=state")
	if len(orgs) == 0 || len(orgs)+len(states) != len(all) {
		t.Errorf("%d organizations and %d States, of %d contributors", len(orgs), len(states), len(all))
	}
	for _, a := range orgs {
		if !strings.HasPrefix(a, "org:") {
			t.Errorf("kind=org lists %s", a)
		}
	}
	for _, a := range states {
		if !strings.HasPrefix(a, "state:") {
			t.Errorf("kind=state lists %s", a)
		}
	}
	if got := actors("/treasury/contributors?lang=en&year=2025"); len(got) != 0 {
		t.Errorf("year=2025 lists %v, before the demo's first pledge", got)
	}
	if got := actors("/treasury/contributors?lang=en&year=2026"); len(got) != len(all) {
		t.Errorf("year=2026 lists %d contributors, want all %d", len(got), len(all))
	}
	// By amount pledged, largest first (the default order), and the other way round.
	if _, body := get(t, h, "/treasury/contributors?lang=en"); !strings.Contains(body, `aria-sort="descending" class="num"><a href="/treasury/contributors?lang=en&amp;sort=pledged"`) {
		t.Error("by default, the table is not sorted by pledges, largest first")
	}
	for _, dir := range []string{"desc", "asc"} {
		_, body := get(t, h, "/treasury/contributors?lang=en&sort=pledged&dir="+dir)
		var pledged []int64
		for _, v := range cellsOf(body, "num pledged") {
			n, _ := strconv.ParseInt(v, 10, 64)
			pledged = append(pledged, n)
		}
		sorted := slices.IsSorted(pledged)
		if dir == "desc" {
			sorted = slices.IsSortedFunc(pledged, func(a, b int64) int { return cmp.Compare(b, a) })
		}
		if len(pledged) != len(all) || !sorted || pledged[0] == pledged[len(pledged)-1] {
			t.Errorf("dir=%s: pledged %v", dir, pledged)
		}
	}
	for _, bad := range []string{"year=last", "kind=person", "sort=colour"} {
		if status, _ := get(t, h, "/treasury/contributors?lang=en&"+bad); status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, status)
		}
	}
}
