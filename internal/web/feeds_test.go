package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/money"
	"github.com/peaceboard/peaceboard/record"
)

// atomDoc is what the tests read of an Atom feed.
type atomDoc struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string     `xml:"lang,attr"`
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Links   []atomHref `xml:"link"`
	Entries []struct {
		ID       string   `xml:"id"`
		Title    string   `xml:"title"`
		Updated  string   `xml:"updated"`
		Link     atomHref `xml:"link"`
		Category struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
	} `xml:"entry"`
}

type atomHref struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

// feedLength is the portal's: a feed holds the newest 50 acts of its subject.
const feedLength = 50

// A feedSubject is what a feed follows in the tests: its feed's path, and which entries of the
// record concern it, decided by parsing the whole act, apart from the portal's index.
type feedSubject struct {
	path     string // "/members/KAZ"
	concerns func(record.Entry) bool
}

// TestSubjectFeeds: the feed of every State and every decision of the demo, in both languages,
// today and as of a date, is valid Atom with the feed's id, self link and updated instant, and
// holds exactly the newest acts (up to 50) that concern its subject, newest first, each with
// the act's stable id and an absolute link. Kazakhstan pledges 60 times after the demo, so that
// its feed has more acts than it holds.
func TestSubjectFeeds(t *testing.T) {
	e := demoEngine(t)
	amount, err := money.Parse("USD 1000")
	if err != nil {
		t.Fatal(err)
	}
	for i := range feedLength + 10 {
		submit(t, e, time.Date(2026, 5, 20, 9, i, 0, 0, time.UTC), "state:KAZ", &board.Pledge{Amount: amount})
	}
	h := portal(t, e)
	subjects := demoSubjects(t, e)
	asOf := board.EndOfDay(time.Date(2026, 2, 19, 0, 0, 0, 0, time.UTC))
	var all []record.Entry
	if err := e.ReadEntries(context.Background(), 0, e.Len(), func(en record.Entry) error {
		all = append(all, en)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	full, kinds := 0, map[string]bool{}
	for _, sub := range subjects {
		for _, lang := range []string{"en", "fr"} {
			for _, date := range []string{"", "2026-02-19"} {
				at := now
				query := "?lang=" + lang
				if date != "" {
					at, query = asOf, query+"&as_of="+date
				}
				var want []uint64
				for _, en := range all {
					if !en.At.After(at) && sub.concerns(en) {
						want = append(want, en.Index)
					}
				}
				if date != "" && strings.HasPrefix(sub.path, "/decisions/") && len(want) == 0 {
					continue // proposed after the date: its feed is 404, as TestSubjectFeedNotFound checks
				}
				if len(want) > feedLength {
					full++
				}
				want = want[max(0, len(want)-feedLength):]
				slices.Reverse(want)
				f := getFeed(t, h, sub.path+"/feed.atom"+query)
				var got []uint64
				for i, en := range f.Entries {
					n, ok := strings.CutPrefix(en.ID, "tag:board.example.org,2026:record/")
					index, err := strconv.ParseUint(n, 10, 64)
					if !ok || err != nil {
						t.Fatalf("%s%s: entry id %q", sub.path, query, en.ID)
					}
					got = append(got, index)
					kinds[en.Category.Term] = true
					if en.Title == "" || !strings.HasPrefix(en.Link.Href, publicURL+"/") || en.Updated != all[index].At.UTC().Format(time.RFC3339) {
						t.Errorf("%s%s: entry %d: title %q, link %q, updated %s (act at %s)", sub.path, query, index, en.Title, en.Link.Href, en.Updated, all[index].At)
					}
					if i > 0 && en.Updated > f.Entries[i-1].Updated {
						t.Errorf("%s%s: entry %d is newer than the one before it", sub.path, query, index)
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s%s: the feed holds entries %v; the newest acts concerning it are %v", sub.path, query, got, want)
				}
				self := publicURL + sub.path + "/feed.atom?lang=" + lang
				links := map[string]string{}
				for _, l := range f.Links {
					links[l.Rel] = l.Href
				}
				if f.Lang != lang || f.ID != self || links["self"] != self || !strings.HasPrefix(links["alternate"], publicURL+sub.path+"?") || f.Title == "" {
					t.Errorf("%s%s: lang %q, id %q, links %v, title %q", sub.path, query, f.Lang, f.ID, links, f.Title)
				}
				if len(f.Entries) > 0 && f.Updated != f.Entries[0].Updated {
					t.Errorf("%s%s: updated %s, newest entry %s", sub.path, query, f.Updated, f.Entries[0].Updated)
				}
			}
		}
	}
	// The demo must exercise what the feeds promise, or the test proves little.
	for _, k := range []string{"invite", "vote", "comment", "propose", "set-agenda", "approve-agenda", "open-vote", "close-vote", "pledge"} {
		if !kinds[k] {
			t.Errorf("no feed holds an act of kind %s", k)
		}
	}
	if full == 0 {
		t.Error("no subject has more than 50 acts: the bound is untested")
	}
}

// demoSubjects returns every State the demo names and every decision it holds.
func demoSubjects(t *testing.T, e *engine.Engine) []feedSubject {
	t.Helper()
	var out []feedSubject
	err := e.View(context.Background(), now, func(st *board.State, _ *charter.Rules) error {
		for code := range st.States {
			out = append(out, feedSubject{"/members/" + string(code), func(en record.Entry) bool {
				return slices.Contains(concernedByParsing(t, en), code)
			}})
		}
		for _, d := range st.DecisionList(now) {
			var meeting board.MeetingID
			if d.Meeting != nil {
				meeting = d.Meeting.ID
			}
			out = append(out, feedSubject{"/decisions/" + string(d.ID), func(en record.Entry) bool {
				return namesDecision(t, en, d.ID, meeting)
			}})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 20 {
		t.Fatalf("%d States and decisions in the demo", len(out))
	}
	return out
}

// namesDecision reports whether an act names decision id in any field, or approves the agenda of
// meeting, the one the decision is on.
func namesDecision(t *testing.T, en record.Entry, id board.DecisionID, meeting board.MeetingID) bool {
	a, err := board.ParseCanonical(en.Act)
	if err != nil {
		t.Fatalf("entry %d: %v", en.Index, err)
	}
	if a.Body.Kind() == "approve-agenda" {
		return meeting != "" && a.Body.(*board.ApproveAgenda).Meeting == meeting
	}
	v := reflect.ValueOf(a.Body).Elem()
	for i := range v.NumField() {
		switch f := v.Field(i).Interface().(type) {
		case board.DecisionID:
			if f == id {
				return true
			}
		case []board.DecisionID:
			if slices.Contains(f, id) {
				return true
			}
		}
	}
	return false
}

// getFeed gets an Atom feed and parses it.
func getFeed(t *testing.T, h http.Handler, path string) atomDoc {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("%s: %d %s", path, w.Code, w.Header().Get("Content-Type"))
	}
	var f atomDoc
	if err := xml.Unmarshal(w.Body.Bytes(), &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

// TestSubjectFeedNotFound: the feed of a State or decision the record does not name, or not yet
// as of the date asked, is 404, as its page is.
func TestSubjectFeedNotFound(t *testing.T) {
	h := portal(t, demoEngine(t))
	for _, p := range []string{
		"/members/ZZZ/feed.atom?lang=en", "/members/kaz/feed.atom?lang=en", "/members/ATA/feed.atom?lang=fr",
		"/members/KAZ/feed.atom?lang=en&as_of=2025-12-31",
		"/decisions/no-such-decision/feed.atom?lang=en", "/decisions/d-1/feed.atom?lang=fr&as_of=2025-12-31",
	} {
		page, _ := strings.CutSuffix(strings.Split(p, "?")[0], "/feed.atom")
		pageStatus, _ := get(t, h, page+"?"+strings.Split(p, "?")[1])
		if status, _ := get(t, h, p); status != http.StatusNotFound || pageStatus != http.StatusNotFound {
			t.Errorf("%s: %d, its page %d; want 404 for both", p, status, pageStatus)
		}
	}
}

// TestPagesLinkTheirFeed: a State's page and a decision's name their own feed in the head, for
// feed readers, and link to it in the page, for people, beside the record's feed.
func TestPagesLinkTheirFeed(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	decision := votedDecision(t, e).ID
	for _, page := range []string{"/members/KAZ", "/decisions/" + string(decision)} {
		for _, lang := range []string{"en", "fr"} {
			status, body := get(t, h, page+"?lang="+lang+"&as_of=2026-05-01")
			feed := page + "/feed.atom?lang=" + lang
			for _, want := range []string{
				`<link rel="alternate" type="application/atom+xml" href="` + feed + `"`,
				`<a href="` + feed + `" type="application/atom+xml">`,
				`<link rel="alternate" type="application/atom+xml" href="/feed.atom?lang=` + lang + `"`,
			} {
				if status != http.StatusOK || !strings.Contains(body, want) {
					t.Errorf("%s (%s): %d, without %s", page, lang, status, want)
				}
			}
		}
	}
	// Other pages follow nothing in particular.
	if _, body := get(t, h, "/members?lang=en"); strings.Contains(body, "/feed.atom?lang=en\" type=") {
		t.Error("the members page links a subject's feed")
	}
}
