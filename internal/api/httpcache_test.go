package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/export"
	"github.com/peaceboard/peaceboard/internal/httpcache"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/scenario"
)

// pastReads are the API's GET answers as of a past day of the demo: every read of the state, the
// export files, search.
var pastReads = []string{
	"/api/v1/status", "/api/v1/members", "/api/v1/members/KAZ", "/api/v1/members?status=member&limit=2",
	"/api/v1/invitations", "/api/v1/decisions", "/api/v1/decisions/gaza-reconstruction-framework",
	"/api/v1/compliance", "/api/v1/treasury", "/api/v1/funds", "/api/v1/contributions",
	"/api/v1/contributors/org:fifa", "/api/v1/disbursements", "/api/v1/keys", "/api/v1/keys/{key}",
	"/api/v1/actors/state:KAZ/acts", "/api/v1/search?q=etats",
	"/api/v1/exports/members.csv", "/api/v1/exports/votes.json", "/api/v1/exports/iati.xml",
}

type answer struct {
	status             int
	etag, cacheControl string
	body               string
}

func fetch(t *testing.T, url string, header ...string) answer {
	t.Helper()
	r, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("Cache-Control"), string(b)}
}

// withAsOf adds as_of to a path.
func withAsOf(path, asOf string) string {
	sep := "?"
	for _, c := range path {
		if c == '?' {
			sep = "&"
		}
	}
	return path + sep + "as_of=" + asOf
}

// TestPastAnswersNeverChange: an answer as of a day before the record's latest act is the same
// bytes, with the same strong ETag and an immutable Cache-Control, after more acts are
// recorded, from the server that kept it and from a new one that computes it again; a
// conditional request with its ETag gets 304.
func TestPastAnswersNeverChange(t *testing.T) {
	s := newServer(t, "", api.Config{Exports: export.ForAPI{}})
	s.replayDemo(t)
	var keys struct {
		Items []struct {
			KeyID string `json:"key_id"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(fetch(t, s.srv.URL+"/api/v1/keys?limit=1").body), &keys); err != nil || len(keys.Items) == 0 {
		t.Fatalf("keys: %v", err)
	}
	paths := make([]string, len(pastReads))
	for i, p := range pastReads {
		if p == "/api/v1/keys/{key}" {
			p = "/api/v1/keys/" + keys.Items[0].KeyID
		}
		paths[i] = withAsOf(p, "2026-02-22")
	}
	before := map[string]answer{}
	for _, p := range paths {
		a := fetch(t, s.srv.URL+p)
		if a.status != http.StatusOK || a.cacheControl != httpcache.Immutable || a.etag == "" || a.etag[0] != '"' {
			t.Fatalf("%s: %d, ETag %s, Cache-Control %q; want 200 with a strong ETag, immutable", p, a.status, a.etag, a.cacheControl)
		}
		before[p] = a
	}
	s.moreActs(t)
	mux := http.NewServeMux()
	api.New(s.engine, api.Config{Exports: export.ForAPI{}, Now: testNow, Log: slog.New(slog.DiscardHandler)}).Register(mux)
	fresh := httptest.NewServer(mux)
	defer fresh.Close()
	for _, p := range paths {
		for _, srv := range []string{s.srv.URL, fresh.URL} {
			if got, want := fetch(t, srv+p), before[p]; got != want {
				t.Errorf("%s after more acts: %d, ETag %s, %d bytes; want %d, ETag %s, %d bytes (the same)", p, got.status, got.etag, len(got.body), want.status, want.etag, len(want.body))
			}
		}
		got := fetch(t, s.srv.URL+p, "If-None-Match", before[p].etag)
		if got.status != http.StatusNotModified || got.body != "" || got.etag != before[p].etag || got.cacheControl != httpcache.Immutable {
			t.Errorf("%s If-None-Match: %d, ETag %s, Cache-Control %q, %d bytes; want 304, the same ETag and Cache-Control, no body", p, got.status, got.etag, got.cacheControl, len(got.body))
		}
	}
}

// TestNowAnswersRevalidate: an answer about now (no as_of, or an as_of after the latest act)
// has an ETag that names the record's size, must be revalidated, gets 304 while the record does
// not change, and a new ETag once an act is recorded. If-None-Match is compared weakly and may
// list several tags, or be *.
func TestNowAnswersRevalidate(t *testing.T) {
	s := newServer(t, "", api.Config{Exports: export.ForAPI{}})
	s.replayDemo(t)
	for _, p := range []string{"/api/v1/members", "/api/v1/status?as_of=2027-01-01", "/api/v1/exports/members.csv", "/api/v1/entries?limit=5", "/api/v1/openapi.json"} {
		t.Run(p, func(t *testing.T) {
			a := fetch(t, s.srv.URL+p)
			if a.status != http.StatusOK || a.cacheControl != httpcache.Revalidate || a.etag == "" {
				t.Fatalf("%d, ETag %s, Cache-Control %q; want 200 with an ETag, %q", a.status, a.etag, a.cacheControl, httpcache.Revalidate)
			}
			for _, inm := range []string{a.etag, "W/" + a.etag, `"other", ` + a.etag, `W/"x,y", W/` + a.etag + `, "z"`, "*"} {
				got := fetch(t, s.srv.URL+p, "If-None-Match", inm)
				if got.status != http.StatusNotModified || got.body != "" || got.etag != a.etag || got.cacheControl != a.cacheControl {
					t.Errorf("If-None-Match %s: %d, ETag %s, Cache-Control %q; want 304 with ETag %s, %q", inm, got.status, got.etag, got.cacheControl, a.etag, a.cacheControl)
				}
			}
			for _, inm := range []string{`"other"`, `W/"other", "again"`, "garbage"} {
				if got := fetch(t, s.srv.URL+p, "If-None-Match", inm); got.status != http.StatusOK || got.body != a.body {
					t.Errorf("If-None-Match %s: %d; want 200 and the answer", inm, got.status)
				}
			}
		})
	}
	now := fetch(t, s.srv.URL+"/api/v1/members")
	s.moreActs(t)
	after := fetch(t, s.srv.URL+"/api/v1/members")
	if after.etag == now.etag {
		t.Errorf("/api/v1/members: ETag %s before and after an act; want a new one", now.etag)
	}
	if got := fetch(t, s.srv.URL+"/api/v1/members", "If-None-Match", now.etag); got.status != http.StatusOK {
		t.Errorf("/api/v1/members with the ETag of before the act: %d, want 200", got.status)
	}
}

// replayDemo records the demo scenario, whose last act is on 2026-05-15.
func (s *testServer) replayDemo(t *testing.T) {
	t.Helper()
	if _, err := replay.Run(context.Background(), s.engine, scenario.Demo(), replay.Options{}); err != nil {
		t.Fatalf("demo: %v", err)
	}
}

// moreActs records acts after the demo's last: an invitation, and its consent.
func (s *testServer) moreActs(t *testing.T) {
	t.Helper()
	at := time.Date(2026, 5, 20, 10, 0, 0, 0, time.UTC)
	for _, a := range []board.Act{
		{At: at, By: board.Chairman, Body: &board.Invite{State: "NOR"}},
		{At: at.Add(time.Hour), By: board.StateActor("NOR"), Body: &board.Consent{Instrument: "signature"}},
	} {
		if _, err := s.engine.SubmitDev(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
}
