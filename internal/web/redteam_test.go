package web_test

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

// publicURL is the public URL that the test portal is configured with (helpers_test.go).
const publicURL = "https://board.example.org"

// TestRedTeamHostNotReflected (issue 17, finding 11): absolute links, the feed's ids and the
// record page's verify command are made from the configured public URL, never from the request's
// Host header: a request for Host evil.example got a feed whose ids were tag:evil.example,... and
// whose links pointed to http://evil.example/, which a cache or a feed reader then keeps.
func TestRedTeamHostNotReflected(t *testing.T) {
	e := newEngine(t)
	submit(t, e, now.Add(-48*time.Hour), board.Chairman, &board.Invite{State: "KAZ"})
	h := portal(t, e)
	const evil = "evil.example"
	for _, path := range []string{"/", "/members", "/members/KAZ", "/invitations", "/decisions", "/executive",
		"/treasury", "/record", "/timeline", "/feed.atom?lang=en", "/feed.atom?lang=fr"} {
		for host, hostname := range map[string]string{evil: evil, evil + ":8443": evil, "[2001:db8::bad]:80": "2001:db8::bad"} {
			r := httptest.NewRequest("GET", path, nil)
			r.Host = host
			r.Header.Set("X-Forwarded-Host", evil)
			r.Header.Set("Forwarded", "host="+evil)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				t.Errorf("GET %s (Host %s) = %d", path, host, w.Code)
				continue
			}
			if strings.Contains(w.Body.String(), hostname) {
				i := strings.Index(w.Body.String(), hostname)
				t.Errorf("GET %s (Host %s) reflects the Host header: …%s…", path, host, w.Body.String()[max(0, i-60):min(w.Body.Len(), i+60)])
			}
			for k, vs := range w.Header() {
				for _, v := range vs {
					if strings.Contains(v, evil) {
						t.Errorf("GET %s (Host %s): header %s: %s", path, host, k, v)
					}
				}
			}
		}
	}

	// The feed's ids and links, and the verify command, name the public URL.
	r := httptest.NewRequest("GET", "/feed.atom?lang=en", nil)
	r.Host = evil
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var f struct {
		ID    string `xml:"id"`
		Links []struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID   string `xml:"id"`
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &f); err != nil || len(f.Entries) == 0 {
		t.Fatalf("feed: %v, %d entries", err, len(f.Entries))
	}
	urls := []string{f.ID}
	for _, l := range f.Links {
		urls = append(urls, l.Href)
	}
	for _, en := range f.Entries {
		urls = append(urls, en.Link.Href)
		if !strings.HasPrefix(en.ID, "tag:board.example.org,2026:record/") {
			t.Errorf("feed entry id %q, want tag:board.example.org,2026:record/N", en.ID)
		}
	}
	for _, u := range urls {
		if !strings.HasPrefix(u, publicURL+"/") {
			t.Errorf("feed URL %q, want it under %s", u, publicURL)
		}
	}
	_, body := get(t, h, "/record?lang=en")
	if !strings.Contains(body, "peaceboard verify --url "+publicURL+" ") {
		t.Errorf("the record page's verify command does not name %s", publicURL)
	}
}
