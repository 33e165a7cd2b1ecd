package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/client"
)

// TestSearch: GET /search finds States by their names in both languages, accents folded, and
// acts by their text, honours as_of, pages with cursors, and refuses a query without a word.
func TestSearch(t *testing.T) {
	s := demoServer(t)
	ctx := context.Background()

	p, err := s.client.Search(ctx, "etats", "fr", client.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) == 0 || p.Items[0].Type != "state" || p.Items[0].ID != "USA" || p.Items[0].Title != "États-Unis" || p.Items[0].URL != "/api/v1/members/USA" {
		t.Errorf("search etats, lang fr: first item %+v, want the State USA titled États-Unis", first(p.Items))
	}
	if p, err := s.client.Search(ctx, "etats unis", "en", client.Query{}); err != nil || len(p.Items) == 0 || p.Items[0].Title != "United States" {
		t.Errorf("search etats unis, lang en: %+v, %v; want the United States first", first(p.Items), err)
	}

	// Acts: the latest first, each with its entry; none recorded after as_of.
	all, err := s.client.Search(ctx, "illustrative", "en", client.Query{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var acts []apiv1.SearchItem
	for _, it := range all.Items {
		if it.Type == "act" {
			acts = append(acts, it)
		}
	}
	if len(acts) < 3 {
		t.Fatalf("search illustrative: %d acts, want the demo's illustrative acts", len(acts))
	}
	for i, it := range acts {
		if it.Index == nil || it.Kind == "" || it.Actor == "" || it.Recorded == "" || it.URL == "" || it.Title == "" ||
			!strings.Contains(strings.ToLower(it.Snippet), "illustrative") {
			t.Errorf("act item %+v: want index, kind, actor, recorded, url, title and a snippet holding the word", it)
		}
		if i > 0 && *it.Index >= *acts[i-1].Index {
			t.Errorf("acts not the latest first: %d after %d", *it.Index, *acts[i-1].Index)
		}
	}
	early, err := s.client.Search(ctx, "illustrative", "en", client.Query{Limit: 1000, AsOf: acts[1].Recorded})
	if err != nil {
		t.Fatal(err)
	}
	if n := countActs(early.Items); n != len(acts)-1 {
		t.Errorf("as of the second latest act's instant: %d acts, want %d", n, len(acts)-1)
	}

	// Pages of 2 give the same items.
	var paged []apiv1.SearchItem
	q := client.Query{Limit: 2}
	for pages := 0; pages < 100; pages++ {
		p, err := s.client.Search(ctx, "illustrative", "en", q)
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, p.Items...)
		if p.NextCursor == nil {
			break
		}
		q.Cursor = *p.NextCursor
	}
	if len(paged) != len(all.Items) {
		t.Errorf("paged: %d items, want %d", len(paged), len(all.Items))
	}

	if p, err := s.client.Search(ctx, "qwertyuiop", "en", client.Query{}); err != nil || len(p.Items) != 0 || p.NextCursor != nil {
		t.Errorf("no match: %+v, %v; want no item", p, err)
	}
	for _, bad := range []string{"!?", "…"} {
		_, err := s.client.Search(ctx, bad, "en", client.Query{})
		problem(t, err, 400, board.Invalid)
	}
	_, err = s.client.Search(ctx, "etats", "de", client.Query{})
	problem(t, err, 400, board.Invalid)
	_, err = s.client.Search(ctx, "etats", "en", client.Query{Cursor: "bm90IG9uZQ"})
	problem(t, err, 400, board.Invalid)
}

func first(items []apiv1.SearchItem) apiv1.SearchItem {
	if len(items) == 0 {
		return apiv1.SearchItem{}
	}
	return items[0]
}

func countActs(items []apiv1.SearchItem) int {
	n := 0
	for _, it := range items {
		if it.Type == "act" {
			n++
		}
	}
	return n
}
