package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/scenario"
)

// demoServer returns a server over the demo scenario (the real 2026 timeline).
func demoServer(t *testing.T) *testServer {
	t.Helper()
	s := newServer(t, "", api.Config{})
	if _, err := replay.Run(context.Background(), s.engine, scenario.Demo(), replay.Options{}); err != nil {
		t.Fatalf("demo: %v", err)
	}
	return s
}

// view returns what fn computes from the state as of t, read in-process: what the API's
// answers are compared with.
func view[T any](t *testing.T, s *testServer, at time.Time, fn func(*board.State, *charter.Rules) T) T {
	t.Helper()
	var out T
	if err := s.engine.View(context.Background(), at, func(st *board.State, r *charter.Rules) error {
		out = fn(st, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadsMatchTheDomain(t *testing.T) {
	s := demoServer(t)
	ctx := context.Background()
	asOf := "2026-02-22"
	at := board.EndOfDay(time.Date(2026, 2, 22, 0, 0, 0, 0, time.UTC))
	q := client.Query{AsOf: asOf}

	t.Run("members", func(t *testing.T) {
		want := view(t, s, at, func(st *board.State, r *charter.Rules) []apiv1.Member {
			var out []apiv1.Member
			for _, v := range st.Members(r, at) {
				out = append(out, api.NewMember(v))
			}
			return out
		})
		got, err := s.client.Members(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || len(got) < 30 {
			t.Errorf("members as of %s: got %d, want the %d of the domain", asOf, len(got), len(want))
		}
		// Paging through small pages gives the same list.
		var paged []apiv1.Member
		pq := client.Query{AsOf: asOf, Limit: 7}
		for pages := 0; ; pages++ {
			p, err := s.client.MembersPage(ctx, pq)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) > 7 {
				t.Fatalf("page of %d items with limit 7", len(p.Items))
			}
			paged = append(paged, p.Items...)
			if p.NextCursor == nil {
				break
			}
			pq.Cursor = *p.NextCursor
		}
		if !reflect.DeepEqual(paged, want) {
			t.Errorf("members in pages of 7: %d, want %d in the same order", len(paged), len(want))
		}
		members, err := s.client.Members(ctx, client.Query{AsOf: asOf, Status: "member"})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range members {
			if m.Status != string(board.StatusMember) {
				t.Errorf("status=member gave %s with status %s", m.State, m.Status)
			}
		}
		if len(members) == 0 || len(members) == len(want) {
			t.Errorf("status=member: %d of %d; want a strict subset", len(members), len(want))
		}
		isr, err := s.client.Member(ctx, "ISR", q)
		if err != nil || isr.Status != string(board.StatusMember) || isr.Joined == nil || *isr.Joined != "2026-02-11" {
			t.Errorf("member ISR = %+v, %v; want a member since 2026-02-11", isr, err)
		}
		_, err = s.client.Member(ctx, "ISR", client.Query{AsOf: "2026-01-01"})
		problem(t, err, http.StatusNotFound, board.NotFound)
	})

	t.Run("status", func(t *testing.T) {
		want := view(t, s, at, func(st *board.State, r *charter.Rules) apiv1.Status { return api.NewStatus(st, r, at) })
		got, err := s.client.Status(ctx, q)
		if err != nil || !reflect.DeepEqual(got, want) || !got.InForce {
			t.Errorf("status = %+v, %v; want %+v", got, err, want)
		}
	})

	t.Run("invitations", func(t *testing.T) {
		got, err := s.client.Invitations(ctx, client.Query{AsOf: asOf, Status: "withdrawn"})
		if err != nil || len(got) != 1 || got[0].State != "CAN" || got[0].Answered == nil || *got[0].Answered != "2026-01-22" {
			t.Errorf("withdrawn invitations = %+v, %v; want Canada's, withdrawn on 2026-01-22", got, err)
		}
	})

	t.Run("decisions", func(t *testing.T) {
		want := view(t, s, at, func(st *board.State, _ *charter.Rules) []apiv1.Decision {
			var out []apiv1.Decision
			for _, v := range st.DecisionList(at) {
				out = append(out, api.NewDecision(v))
			}
			return out
		})
		got, err := s.client.Decisions(ctx, q)
		if err != nil || !reflect.DeepEqual(got, want) || len(got) == 0 {
			t.Errorf("decisions: %d, %v; want the %d of the domain", len(got), err, len(want))
		}
		d, err := s.client.Decision(ctx, board.DecisionID(want[0].ID), q)
		if err != nil || d.ID != want[0].ID || len(d.History) == 0 {
			t.Errorf("decision %s = %+v, %v", want[0].ID, d, err)
		}
		_, err = s.client.Decision(ctx, "no-such-decision", q)
		problem(t, err, http.StatusNotFound, board.NotFound)
		directives, err := s.client.Decisions(ctx, client.Query{AsOf: asOf, Kind: "directive"})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range directives {
			if d.Kind != string(board.KindDirective) {
				t.Errorf("kind=directive gave %s of kind %s", d.ID, d.Kind)
			}
		}
	})

	t.Run("treasury", func(t *testing.T) {
		want := view(t, s, at, func(st *board.State, r *charter.Rules) apiv1.Treasury {
			return api.NewTreasury(st.TreasuryAt(r, at), r, at)
		})
		got, err := s.client.Treasury(ctx, q)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("treasury = %+v, %v; want %+v", got, err, want)
		}
		funds, err := s.client.Funds(ctx, q)
		if err != nil || len(funds) != len(want.Funds) {
			t.Errorf("funds = %d, %v; want %d", len(funds), err, len(want.Funds))
		}
		if len(want.Contributors) == 0 {
			t.Fatal("the demo has no contributor as of 2026-02-22")
		}
		c := want.Contributors[0].Contributor
		st, err := s.client.Statement(ctx, board.ActorID(c), q)
		if err != nil || st.Contributor.Contributor != c || len(st.Entries) == 0 {
			t.Errorf("statement of %s = %+v, %v", c, st, err)
		}
		lines, err := s.client.Contributions(ctx, client.Query{AsOf: asOf, Contributor: string(c)})
		if err != nil || len(lines) != len(st.Entries) {
			t.Errorf("contributions of %s = %d, %v; want the statement's %d", c, len(lines), err, len(st.Entries))
		}
		_, err = s.client.Statement(ctx, "org:nobody", q)
		problem(t, err, http.StatusNotFound, board.NotFound)
		_, err = s.client.Statement(ctx, "chairman", q)
		problem(t, err, http.StatusBadRequest, board.Invalid)
		if _, err := s.client.Disbursements(ctx, client.Query{Status: "paid"}); err != nil {
			t.Error(err)
		}
		if _, err := s.client.Compliance(ctx, q); err != nil {
			t.Error(err)
		}
	})

	t.Run("contributions in pages", func(t *testing.T) {
		// As of today (after the last entry) a page is read alone; as of a day before the last
		// entry the whole list is made for each page. Both give the domain's lines, in order.
		for _, c := range []struct {
			asOf string
			at   time.Time
		}{{"", time.Now()}, {asOf, at}} {
			for _, who := range []board.ActorID{"", "state:QAT"} {
				want := view(t, s, c.at, func(st *board.State, _ *charter.Rules) []apiv1.LedgerEntry {
					out := []apiv1.LedgerEntry{}
					for _, l := range st.Contributions(who, c.at) {
						out = append(out, api.NewLedgerEntry(l))
					}
					return out
				})
				got, err := s.client.Contributions(ctx, client.Query{AsOf: c.asOf, Contributor: string(who), Limit: 3})
				if err != nil || !reflect.DeepEqual(got, want) || len(want) == 0 || (who == "" && len(want) < 4) {
					t.Errorf("contributions of %q as of %q in pages of 3: %d, %v; want the %d of the domain", who, c.asOf, len(got), err, len(want))
				}
			}
		}
		for _, cursor := range []string{"bm8tc3VjaC1lbnRyeQ", "!"} { // "no-such-entry", and no cursor at all
			if status, _, body := get(t, s.srv.URL+"/api/v1/contributions?cursor="+cursor); status != http.StatusBadRequest {
				t.Errorf("contributions after cursor %q: %d %s; want 400", cursor, status, body)
			}
		}
	})

	t.Run("entries", func(t *testing.T) {
		p, err := s.client.EntriesPage(ctx, client.Query{Kind: "consent", Limit: 5})
		if err != nil || len(p.Items) != 5 || p.NextCursor == nil {
			t.Fatalf("consents, first page = %d items, %v", len(p.Items), err)
		}
		for _, e := range p.Items {
			if e.Kind != "consent" || !strings.HasPrefix(e.Actor, "state:") {
				t.Errorf("kind=consent gave entry %d: %s by %s", e.Index, e.Kind, e.Actor)
			}
		}
		p2, err := s.client.EntriesPage(ctx, client.Query{Kind: "consent", Limit: 5, Cursor: *p.NextCursor})
		if err != nil || len(p2.Items) == 0 || p2.Items[0].Index <= p.Items[4].Index {
			t.Errorf("second page = %+v, %v; want later consents", p2.Items, err)
		}
		e, err := s.client.Entry(ctx, p.Items[0].Index)
		if err != nil || e.Receipt == nil {
			t.Fatalf("entry %d = %+v, %v; want it with a receipt", p.Items[0].Index, e, err)
		}
		s.checkReceipt(*e.Receipt)
		r, err := s.client.Receipt(ctx, e.Index)
		if err != nil || r.Index != e.Index {
			t.Errorf("receipt %d = %+v, %v", e.Index, r, err)
		}
		_, err = s.client.Entry(ctx, 1<<40)
		problem(t, err, http.StatusNotFound, board.NotFound)
	})

	t.Run("bad queries", func(t *testing.T) {
		for _, path := range []string{
			"/api/v1/members?as_of=yesterday", "/api/v1/members?limit=0", "/api/v1/members?limit=1001",
			"/api/v1/members?cursor=!!", "/api/v1/members?cursor=WlpaWg", "/api/v1/members?status=happy",
			"/api/v1/members/kaz", "/api/v1/decisions?kind=war", "/api/v1/entries?kind=coup", "/api/v1/entries/x",
		} {
			status, ctype, body := get(t, s.srv.URL+path)
			if status != http.StatusBadRequest || ctype != "application/problem+json" {
				t.Errorf("GET %s = %d %s %s; want 400 problem", path, status, ctype, body)
			}
		}
		status, ctype, _ := get(t, s.srv.URL+"/api/v1/nothing-here")
		if status != http.StatusNotFound || ctype != "application/problem+json" {
			t.Errorf("GET an unknown endpoint = %d %s; want 404 problem", status, ctype)
		}
	})
}

// get answers a GET's status, content type and body.
func get(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// TestOpenAPIServed checks that the server serves the golden document, and that every route of
// the document answers (not 404 or 405) on a real server.
func TestOpenAPIServed(t *testing.T) {
	s := newServer(t, "", api.Config{})
	doc, err := s.client.OpenAPI(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := api.OpenAPI()
	if string(doc) != string(want[:len(want)-1]) && string(doc) != string(want) {
		t.Error("GET /api/v1/openapi.json is not the document OpenAPI() makes")
	}
	var parsed struct {
		OpenAPI string                     `json:"openapi"`
		Paths   map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(doc, &parsed); err != nil || parsed.OpenAPI != "3.1.0" || len(parsed.Paths) < 15 {
		t.Fatalf("document: openapi %q, %d paths, %v", parsed.OpenAPI, len(parsed.Paths), err)
	}
	status, ctype, body := get(t, s.srv.URL+"/api/v1/problems/refused")
	if status != http.StatusOK || !strings.HasPrefix(ctype, "text/plain") || !strings.Contains(body, "422") {
		t.Errorf("problem type refused = %d %s %q", status, ctype, body)
	}
}
