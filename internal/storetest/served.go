package storetest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/export"
	"github.com/peaceboard/peaceboard/internal/web"
	"github.com/peaceboard/peaceboard/record"
)

// Served opens an engine on store as "serve" does (its log key given, its clock at redTeamNow)
// and returns every answer its server gives about the record, by request: each GET endpoint of
// the API (from its OpenAPI document), for every entry, State, decision and contributor, as of
// now and as of a past day, every page of each list; the event stream from the first entry; every
// inclusion and consistency proof; the log's checkpoint, key, tiles and entry bundles; and the
// portal's pages, in each language. An answer is its status, content type and body. It returns
// the error of opening the engine.
func Served(t testing.TB, store engine.Store) (map[string]string, error) {
	t.Helper()
	ctx := context.Background()
	now := func() time.Time { return redTeamNow }
	e, err := engine.Open(ctx, store, engine.WithLogKey(redTeamLogKey()), engine.WithClock(now, 0))
	if err != nil {
		return nil, err
	}
	defer e.Close()
	log := slog.New(slog.DiscardHandler)
	mux := http.NewServeMux()
	api.NewLog(e, log).Register(mux)
	web.New(e, now, log, &url.URL{Scheme: "https", Host: "board.example.org"}).Register(mux)
	v1 := api.New(e, api.Config{Now: now, Log: log, Exports: export.ForAPI{}})
	v1.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer v1.CloseStreams()

	c := &crawl{t: t, base: srv.URL, out: map[string]string{}}
	n := e.Len()
	c.api(n)
	c.events(n)
	for i := range n {
		c.get(fmt.Sprintf("/api/v1/proofs/inclusion?index=%d", i))
		c.get(fmt.Sprintf("/api/v1/proofs/consistency?from=%d", i+1))
	}
	c.get("/log/checkpoint")
	c.get("/log/key")
	for _, tile := range tlog.NewTiles(record.TileHeight, 0, int64(n)) {
		p := record.TilePath{Level: tile.L, N: tile.N, W: tile.W}
		c.get("/log/" + p.String())
		if tile.L == 0 {
			p.Entries = true
			c.get("/log/" + p.String())
		}
	}
	c.portal()
	return c.out, nil
}

// pastDay is the past day the crawl asks as of: the demo's first meeting.
const pastDay = "2026-02-19"

// A crawl gathers a server's answers.
type crawl struct {
	t    testing.TB
	base string
	out  map[string]string
	// Path parameters' values, from the answers: States, decisions, contributors.
	states, decisions, contributors []string
}

// get asks for path and keeps the answer, which it returns.
func (c *crawl) get(path string) string {
	c.t.Helper()
	resp, err := http.Get(c.base + path)
	if err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
	c.out[path] = fmt.Sprintf("%d %s\n\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	return string(body)
}

// getPages asks for path and, for a page of a list, for every page after it.
func (c *crawl) getPages(path string) []string {
	var bodies []string
	for {
		body := c.get(path)
		bodies = append(bodies, body)
		var page struct {
			Next string `json:"next_cursor"`
		}
		if json.Unmarshal([]byte(body), &page) != nil || page.Next == "" {
			return bodies
		}
		path = withParam(path, "cursor", page.Next)
	}
}

func withParam(path, name, value string) string {
	u, _ := url.Parse(path)
	q := u.Query()
	q.Set(name, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// items returns the values of field in the items of the pages' answers.
func items(pages []string, field string) []string {
	var out []string
	for _, body := range pages {
		var page struct {
			Items []map[string]any `json:"items"`
		}
		json.Unmarshal([]byte(body), &page)
		for _, it := range page.Items {
			if v, ok := it[field].(string); ok && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// api asks for every GET endpoint of the API's OpenAPI document, but the event stream.
func (c *crawl) api(n uint64) {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name, In string }
		}
	}
	if err := json.Unmarshal([]byte(c.get("/api/v1/openapi.json")), &doc); err != nil {
		c.t.Fatal(err)
	}
	c.states = items(c.getPages("/api/v1/members"), "state")
	c.decisions = items(c.getPages("/api/v1/decisions"), "id")
	var treasury struct {
		Contributors []struct{ Contributor string }
	}
	json.Unmarshal([]byte(c.get("/api/v1/treasury")), &treasury)
	for _, ct := range treasury.Contributors {
		c.contributors = append(c.contributors, ct.Contributor)
	}
	if len(c.states) == 0 || len(c.decisions) == 0 || len(c.contributors) == 0 {
		c.t.Fatalf("the record has %d States, %d decisions, %d contributors: the crawl needs some of each", len(c.states), len(c.decisions), len(c.contributors))
	}
	// The actors whose possible acts are asked: the offices and every State and contributor.
	actors := []string{"chairman", "secretariat", "chief-executive"}
	for _, code := range c.states {
		actors = append(actors, "state:"+code)
	}
	for _, ct := range c.contributors {
		if !slices.Contains(actors, ct) {
			actors = append(actors, ct)
		}
	}
	values := map[string][]string{
		"index": indexes(n), "state": c.states, "id": c.decisions, "contributor": c.contributors,
		"kind":   {"not-found"}, // problems/{kind}: the documentation of a problem type
		"key_id": items(c.getPages("/api/v1/keys"), "key_id"),
		"actor":  actors,
		"file":   exportFiles(),
	}
	for _, path := range slices.Sorted(maps.Keys(doc.Paths)) {
		op, ok := doc.Paths[path]["get"]
		if !ok || strings.HasSuffix(path, "/events") || strings.HasSuffix(path, "/openapi.json") {
			continue
		}
		asOf := false
		paths := []string{path}
		for _, p := range op.Parameters {
			switch {
			case p.In == "path":
				vs, ok := values[p.Name]
				if !ok {
					c.t.Fatalf("%s: the crawl does not know what to ask for {%s}", path, p.Name)
				}
				var next []string
				for _, q := range paths {
					for _, v := range vs {
						next = append(next, strings.Replace(q, "{"+p.Name+"}", url.PathEscape(v), 1))
					}
				}
				paths = next
			case p.Name == "as_of":
				asOf = true
			}
		}
		for _, p := range paths {
			c.getPages(p)
			if asOf {
				c.getPages(withParam(p, "as_of", pastDay))
			}
		}
	}
	for _, k := range board.Kinds() {
		c.getPages("/api/v1/entries?kind=" + string(k))
	}
	for _, a := range []string{"chairman", "secretariat", "state:KAZ", "state:MAR"} {
		c.getPages("/api/v1/entries?actor=" + a)
	}
}

// exportFiles are the open-data files of /api/v1/exports/{file}: every data set in each of
// its formats.
func exportFiles() []string {
	var out []string
	for _, x := range export.Sets() {
		for _, f := range x.Formats {
			out = append(out, x.Name+"."+f)
		}
	}
	return out
}

func indexes(n uint64) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}

// events reads the event stream from the first entry until it has sent all n.
func (c *crawl) events(n uint64) {
	c.t.Helper()
	const path = "/api/v1/events?from=0"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", c.base+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	var got strings.Builder
	fmt.Fprintf(&got, "%d %s\n\n", resp.StatusCode, resp.Header.Get("Content-Type"))
	last := fmt.Sprintf("id: %d", n-1)
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	seen := false
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, ": keep-alive") {
			continue
		}
		got.WriteString(line + "\n")
		if line == last {
			seen = true
		}
		if seen && strings.HasPrefix(line, "data: ") {
			break
		}
	}
	if !seen {
		c.t.Fatalf("GET %s: the stream ended before entry %d (%v)", path, n-1, sc.Err())
	}
	c.out[path] = got.String()
}

// portal asks for every page of the portal, in each language, as of now and as of a past day.
func (c *crawl) portal() {
	pages := []string{"/", "/members", "/invitations", "/decisions", "/executive", "/treasury", "/record", "/timeline", "/feed.atom"}
	for _, s := range c.states {
		pages = append(pages, "/members/"+s)
	}
	for _, d := range c.decisions {
		pages = append(pages, "/decisions/"+url.PathEscape(d))
	}
	for _, p := range pages {
		for _, lang := range []string{"en", "fr"} {
			for _, asOf := range []string{"", pastDay} {
				q := withParam(p, "lang", lang)
				if asOf != "" {
					q = withParam(q, "as_of", asOf)
				}
				if p == "/record" || p == "/timeline" {
					c.everyPage(q)
				} else {
					c.get(q)
				}
			}
		}
	}
}

// everyPage asks for the pages of a paginated portal list, following the links to the next.
func (c *crawl) everyPage(path string) {
	body := c.get(path)
	for i := 2; strings.Contains(body, "page="+strconv.Itoa(i)); i++ {
		body = c.get(withParam(path, "page", strconv.Itoa(i)))
	}
}

// firstDifference names the first request whose answer differs between two crawls, or returns
// "" if none does.
func firstDifference(before, after map[string]string) string {
	for _, path := range slices.Sorted(maps.Keys(before)) {
		a, ok := after[path]
		switch {
		case !ok:
			return path + ": not asked after the change"
		case a != before[path]:
			return path + ":\n" + lineDiff(before[path], a)
		}
	}
	for path := range after {
		if _, ok := before[path]; !ok {
			return path + ": asked after the change only"
		}
	}
	return ""
}

// lineDiff shows the first line that differs between two answers.
func lineDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d was\n\t%.300s\nand is\n\t%.300s", i+1, x, y)
		}
	}
	return "(same lines)"
}
