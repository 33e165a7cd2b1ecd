package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/record"
)

// The conformance tests of search: the store's index (prefixes, every word, bounds, limits,
// words that are not ASCII, catching up), then an engine's answers on the demo, checked against
// a search done the slow way (every act read and matched), which both stores must give exactly.

// RunSearch runs the conformance tests of search (Run runs them too): a store whose search
// takes other ways on large records runs them again with those ways taken on small ones.
func RunSearch(t *testing.T, newStore NewStore, demo replay.Script) {
	t.Run("SearchIndex", func(t *testing.T) { testSearchIndex(t, newStore) })
	t.Run("SearchManyWords", func(t *testing.T) { testSearchManyWords(t, newStore) })
	t.Run("SearchEngine", func(t *testing.T) { testSearchEngine(t, newStore, demo) })
}

// searchDocs are the documents testSearchIndex indexes, entry i holding searchDocs[i].
var searchDocs = []string{
	"etats unis d amerique",
	"conseil de la paix",
	"etats membres du conseil",
	"",
	"مصر egypte",
	"reconstruction de gaza etats",
	"etatsunis",
}

func testSearchIndex(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, reopen := newStore(t)
	var docs []engine.SearchDoc
	for i, w := range searchDocs {
		docs = append(docs, engine.SearchDoc{Index: uint64(i), Words: w})
	}
	n := uint64(len(searchDocs))
	// The first four entries are indexed as Append stores them; the others later, as a record
	// stored before the index is caught up with.
	if err := s.Append(ctx, engine.Batch{Entries: entries(0, 4), Checkpoint: checkpoint(4), Search: docs[:4]}); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(ctx, engine.Batch{Entries: entries(4, n), Checkpoint: checkpoint(n)}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SearchIndexed(ctx); err != nil || got != 4 {
		t.Fatalf("SearchIndexed = %d, %v; want 4", got, err)
	}
	// Given again, the documents of entries indexed already are left out.
	if err := s.IndexSearch(ctx, docs[2:]); err != nil {
		t.Fatal(err)
	}
	for name, st := range map[string]engine.Store{"the writer": s, "another store": reopen(t)} {
		if got, err := st.SearchIndexed(ctx); err != nil || got != n {
			t.Errorf("%s: SearchIndexed = %d, %v; want %d", name, got, err, n)
		}
		for _, tc := range []struct {
			words []string
			below uint64
			limit int
			want  []uint64
		}{
			{[]string{"etats"}, ^uint64(0), 10, []uint64{6, 5, 2, 0}},
			{[]string{"etat"}, ^uint64(0), 10, []uint64{6, 5, 2, 0}},
			{[]string{"e"}, ^uint64(0), 10, []uint64{6, 5, 4, 2, 0}},
			{[]string{"et"}, ^uint64(0), 10, []uint64{6, 5, 2, 0}}, // a prefix FTS5 indexes (prefix = '2 3')
			{[]string{"etats", "conseil"}, ^uint64(0), 10, []uint64{2}},
			{[]string{"conseil", "etats"}, ^uint64(0), 10, []uint64{2}},
			{[]string{"unis"}, ^uint64(0), 10, []uint64{0}}, // "etatsunis" holds unis, but does not begin with it
			{[]string{"etats"}, 5, 10, []uint64{2, 0}},
			{[]string{"etats"}, 6, 1, []uint64{5}},
			{[]string{"etats"}, 0, 10, nil},
			{[]string{"مص"}, ^uint64(0), 10, []uint64{4}},
			{[]string{"paix", "gaza"}, ^uint64(0), 10, nil},
			{[]string{"zzz"}, ^uint64(0), 10, nil},
			{[]string{"d"}, ^uint64(0), 10, []uint64{5, 2, 1, 0}},
		} {
			var got []uint64
			err := st.Search(ctx, engine.SearchQuery{Words: tc.words, Below: tc.below, Limit: tc.limit}, func(e record.Entry) error {
				if diff := sameEntry(e, Entry(e.Index)); diff != "" {
					t.Errorf("%s: search %v: %s", name, tc.words, diff)
				}
				got = append(got, e.Index)
				return nil
			})
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("%s: search %v below %d, limit %d = %v, %v; want %v", name, tc.words, tc.below, tc.limit, got, err, tc.want)
			}
		}
	}
}

// testSearchManyWords asks for a prefix that begins more words than a store asks for one by one
// (engine.MaxSearchTerms): the store asks for the prefix as such, with the same answer.
func testSearchManyWords(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, _ := newStore(t)
	n := uint64(engine.MaxSearchTerms + 6)
	var docs []engine.SearchDoc
	for i := range n {
		docs = append(docs, engine.SearchDoc{Index: i, Words: fmt.Sprintf("mot%03d commun", i)})
	}
	if err := s.Append(ctx, engine.Batch{Entries: entries(0, n), Checkpoint: checkpoint(n), Search: docs}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		words []string
		want  int
	}{{[]string{"mot"}, int(n)}, {[]string{"mot0", "commun"}, 70}, {[]string{"mo", "co"}, int(n)}, {[]string{"mot00"}, 10}, {[]string{"mot000"}, 1}} {
		var got []uint64
		err := s.Search(ctx, engine.SearchQuery{Words: tc.words, Below: n, Limit: 1000}, func(e record.Entry) error {
			got = append(got, e.Index)
			return nil
		})
		if err != nil || len(got) != min(tc.want, int(n)) || !slices.IsSortedFunc(got, func(a, b uint64) int { return int(b) - int(a) }) {
			t.Errorf("search %v = %v, %v; want %d entries, the latest first", tc.words, got, err, tc.want)
		}
	}
}

// searchAt is the instant of the acts testSearchEngine adds after the demo.
var searchAt = time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)

func testSearchEngine(t *testing.T, newStore NewStore, demo replay.Script) {
	ctx := context.Background()
	s, reopen := newStore(t)
	e := newEngine(t, s)
	if _, err := replay.Run(ctx, e, demo, replay.Options{}); err != nil {
		t.Fatal(err)
	}
	// A proposal, and two comments a nanosecond apart.
	at := searchAt
	for _, body := range []board.Body{
		&board.Propose{ID: "hopital", Type: "initiative", Title: "Reconstruction de l'Hôpital Al-Shifa", Text: "Rebâtir l’hôpital, cœur des soins à Gaza."},
		&board.Comment{Proposal: "hopital", Text: "Les États membres soutiennent la RECONSTRUCTION."},
		&board.Comment{Proposal: "hopital", Text: "Straße et œuvre: d'accord."},
	} {
		by := board.Chairman
		if _, ok := body.(*board.Comment); ok {
			by = board.StateActor("KAZ")
		}
		if _, err := e.SubmitDev(ctx, board.Act{At: at, By: by, Body: body}); err != nil {
			t.Fatalf("%s: %v", body.Kind(), err)
		}
		at = at.Add(time.Nanosecond)
	}
	proposed, first, second := e.Len()-3, e.Len()-2, e.Len()-1
	end := searchAt.Add(time.Hour)

	all := func(e *engine.Engine, q string, t0 time.Time, limit int) []string {
		t.Helper()
		var out []string
		cursor := ""
		for pages := 0; ; pages++ {
			p, err := e.Search(ctx, q, t0, limit, cursor)
			if err != nil {
				t.Fatalf("search %q as of %s: %v", q, t0, err)
			}
			if len(p.Items) > limit || (p.Next != "" && len(p.Items) == 0) {
				t.Fatalf("search %q: a page of %d items, limit %d, next %q", q, len(p.Items), limit, p.Next)
			}
			for _, it := range p.Items {
				out = append(out, itemKey(it))
			}
			if p.Next == "" {
				return out
			}
			cursor = p.Next
		}
	}
	for _, tc := range []struct {
		q    string
		at   time.Time
		want []string // items that must be among the answers, in this order
		not  []string // items that must not
	}{
		{"etats", end, []string{"state:USA", fmt.Sprintf("act:%d", first)}, nil},
		{"ÉTATS-UNIS", end, []string{"state:USA"}, []string{"state:ARE"}},
		{"unis", end, []string{"state:ARE", "state:USA"}, nil},
		{"hopital", end, []string{fmt.Sprintf("act:%d", proposed)}, nil},
		{"coeur", end, []string{fmt.Sprintf("act:%d", proposed)}, nil},
		{"strasse oeuvre", end, []string{fmt.Sprintf("act:%d", second)}, nil},
		{"reconstruction", searchAt.Add(time.Nanosecond), []string{fmt.Sprintf("act:%d", first), fmt.Sprintf("act:%d", proposed)}, nil},
		{"reconstruction", searchAt, []string{fmt.Sprintf("act:%d", proposed)}, []string{fmt.Sprintf("act:%d", first)}},
		{"reconstruction", searchAt.Add(-time.Nanosecond), nil, []string{fmt.Sprintf("act:%d", first), fmt.Sprintf("act:%d", proposed)}},
		{"trump", end, []string{"person:Donald J. Trump"}, nil},
		{"kazakh", end, []string{"state:KAZ"}, nil},
		{"KAZ", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), nil, []string{"state:KAZ"}},
		{"qwertyuiop", end, nil, nil},
	} {
		want := slowSearch(t, e, tc.q, tc.at)
		for _, limit := range []int{1, 3, 1000} {
			if got := all(e, tc.q, tc.at, limit); !slices.Equal(got, want) {
				t.Errorf("search %q as of %s, pages of %d:\n got %v\nwant %v", tc.q, tc.at.Format(time.RFC3339Nano), limit, got, want)
			}
		}
		if !isSubsequence(tc.want, want) {
			t.Errorf("search %q as of %s = %v: want %v among them, in this order", tc.q, tc.at.Format(time.RFC3339Nano), want, tc.want)
		}
		for _, no := range tc.not {
			if slices.Contains(want, no) {
				t.Errorf("search %q as of %s = %v: %s must not be found", tc.q, tc.at.Format(time.RFC3339Nano), want, no)
			}
		}
	}
	for _, q := range []string{"", " ", "…", "-- ' !"} {
		if _, err := e.Search(ctx, q, end, 10, ""); board.ErrorKindOf(err) != board.Invalid {
			t.Errorf("search %q: err = %v, want invalid", q, err)
		}
	}
	if _, err := e.Search(ctx, "etats", end, 10, "x12"); board.ErrorKindOf(err) != board.Invalid {
		t.Errorf("a bad cursor: err = %v, want invalid", err)
	}

	// Reopened, as after a restart, the engine answers the same.
	want := all(e, "reconstruction", end, 1000)
	e.Close()
	s.Close()
	again := openEngine(t, reopen(t))
	if got := all(again, "reconstruction", end, 1000); !slices.Equal(got, want) {
		t.Errorf("reopened: %v, want %v", got, want)
	}
}

// itemKey names a search's item: "state:USA", "person:Donald J. Trump", "act:12".
func itemKey(it engine.SearchItem) string {
	if it.Name != nil {
		if it.Name.Kind == board.NameState {
			return "state:" + it.Name.ID
		}
		return string(it.Name.Kind) + ":" + it.Name.Name
	}
	return fmt.Sprintf("act:%d", it.Entry.Index)
}

// slowSearch is what Search must answer, found the slow way: every name as of t and every act
// recorded by t, matched word by word.
func slowSearch(t *testing.T, e *engine.Engine, q string, at time.Time) []string {
	t.Helper()
	ctx := context.Background()
	words := board.FoldWords(q)
	matches := func(text string) bool {
		have := board.FoldWords(text)
		for _, w := range words {
			if !slices.ContainsFunc(have, func(h string) bool { return strings.HasPrefix(h, w) }) {
				return false
			}
		}
		return true
	}
	var out []string
	err := e.View(ctx, at, func(s *board.State, r *charter.Rules) error {
		for _, n := range s.SearchNames(r, at) {
			if matches(n.Text) {
				out = append(out, itemKey(engine.SearchItem{Name: &n}))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var acts []string
	err = e.ReadEntries(ctx, 0, e.Len(), func(en record.Entry) error {
		a, err := board.ParseCanonical(en.Act)
		if err != nil {
			return err
		}
		if _, text := board.SearchText(a); !en.At.After(at) && matches(text) {
			acts = append(acts, fmt.Sprintf("act:%d", en.Index))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(acts)
	return append(out, acts...)
}

// isSubsequence reports whether every item of sub is in list, in the same order.
func isSubsequence(sub, list []string) bool {
	i := 0
	for _, x := range list {
		if i < len(sub) && x == sub[i] {
			i++
		}
	}
	return i == len(sub)
}
