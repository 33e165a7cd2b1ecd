package engine

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// Search (SPEC §6.1): the acts of the record, by the words of their text (board.SearchText), and
// the names known as of an instant (board.SearchNames). The words of acts are indexed by the
// store, in the transaction that stores the entries (Batch.Search); names are few, and known
// only from the state as of the instant asked, so they are matched here. Both match alike: each
// word asked, folded (board.FoldWords), begins a word of the text, and every word asked does.

// A SearchDoc is what the search index holds of one entry: the folded words of its act.
type SearchDoc struct {
	Index uint64
	Words string // board.Fold of the act's search text: words of letters and digits, one space apart
}

// A SearchQuery asks a store for the entries whose words match: each of Words begins a word of
// the entry's document, and every one does.
type SearchQuery struct {
	Words []string // folded (board.FoldWords), at least one
	Below uint64   // only entries with an index below it
	Limit int      // at most this many entries, at least 1
}

// SearchTerms returns the words of docs, each once, sorted: what a store adds to the words its
// index holds.
func SearchTerms(docs []SearchDoc) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range docs {
		for _, w := range strings.Fields(d.Words) {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	slices.Sort(out)
	return out
}

// MaxSearchTerms is how many of the words an index holds a word asked may stand for: a store
// asks for those words as they are, and for the prefix as such when more begin with it.
const MaxSearchTerms = 64

// SearchTermBound is the upper bound, exclusive, of the words that begin with prefix, in byte
// order: prefix followed by the last code point, which no folded word holds.
func SearchTermBound(prefix string) string { return prefix + "\U0010FFFF" }

// searchWords are the words the index holds of act a. Submit folds them on the submitter's
// goroutine: the writer only passes them on.
func searchWords(a board.Act) string {
	_, text := board.SearchText(a)
	return board.Fold(text)
}

// entrySearchDoc is the document of a stored entry: of its act, or empty for bytes that do not
// parse (Verify reports those).
func entrySearchDoc(en record.Entry) SearchDoc {
	a, err := board.ParseCanonical(en.Act)
	if err != nil {
		return SearchDoc{Index: en.Index}
	}
	return SearchDoc{Index: en.Index, Words: searchWords(a)}
}

// searchCatchUpBatch is how many entries catchUpSearch indexes in one call of IndexSearch.
const searchCatchUpBatch = 1024

// catchUpSearch indexes the entries the store holds and its search index does not: all of
// those of a record stored before there was an index (the migration that made it made it
// empty), none otherwise, since Append indexes what it stores.
func (e *Engine) catchUpSearch(ctx context.Context) (err error) {
	defer board.Wrap(&err, "index the record for search")
	from, err := e.store.SearchIndexed(ctx)
	if err != nil {
		return err
	}
	docs := make([]SearchDoc, 0, searchCatchUpBatch)
	err = e.ReadEntries(ctx, from, e.Len(), func(en record.Entry) error {
		docs = append(docs, entrySearchDoc(en))
		if len(docs) < searchCatchUpBatch {
			return nil
		}
		err := e.store.IndexSearch(ctx, docs)
		docs = docs[:0]
		return err
	})
	if err == nil && len(docs) > 0 {
		err = e.store.IndexSearch(ctx, docs)
	}
	return err
}

// MaxSearchWords bounds the words of one search.
const MaxSearchWords = 8

// A SearchItem is one thing a search found: a name, or an act.
type SearchItem struct {
	Name *board.SearchName // the name found; nil for an act
	// Entry is the act's entry, as ReadEntries gives it, and Act the act it holds (an act only;
	// Act's Body is nil if the entry's bytes do not parse).
	Entry record.Entry
	Act   board.Act
	// Title is the act's title (board.SearchText; "" if it has none), or the name.
	Title string
	// Snippet is the line of the act's text or of the name's that matches the most words asked,
	// cut around the first of them when it is long.
	Snippet string
}

// A SearchPage is a page of a search's answer, and the cursor of the next page ("" on the last).
type SearchPage struct {
	Items []SearchItem
	Next  string
}

// Search finds the names known as of t that match text (in board.SearchNames' order), then the
// acts recorded at or before t whose text matches it, the latest first: limit items, from the
// cursor the page before gave ("" for the first page). Text matches when each of its words,
// folded, begins a word of the name or of the act's text.
//
// Errors: Invalid for a text without a word (only punctuation), with more than MaxSearchWords
// words, or a cursor this search did not give; the store's, reading it.
func (e *Engine) Search(ctx context.Context, text string, t time.Time, limit int, cursor string) (_ SearchPage, err error) {
	defer board.Wrap(&err, "search")
	words := board.FoldWords(text)
	switch {
	case len(words) == 0:
		return SearchPage{}, board.Errorf(board.Invalid, "the search %q has no word (letters or digits) to look for", text)
	case len(words) > MaxSearchWords:
		return SearchPage{}, board.Errorf(board.Invalid, "the search has %d words: at most %d", len(words), MaxSearchWords)
	case limit < 1:
		return SearchPage{}, board.Errorf(board.Invalid, "a page of a search holds at least one item")
	}
	names, below, err := parseSearchCursor(cursor)
	if err != nil {
		return SearchPage{}, err
	}
	// The state as of t says how many entries were recorded by then (its Acts): the acts found
	// are among them.
	var n uint64
	var found []board.SearchName
	err = e.View(ctx, t, func(s *board.State, r *charter.Rules) error {
		n = uint64(s.Acts)
		if names < 0 {
			return nil
		}
		for _, nm := range s.SearchNames(r, t) {
			if matchesAll(words, nm.Text) {
				found = append(found, nm)
			}
		}
		return nil
	})
	if err != nil {
		return SearchPage{}, err
	}
	below = min(below, n)
	var page SearchPage
	if names >= 0 {
		for i := names; i < len(found); i++ {
			if len(page.Items) == limit {
				page.Next = "n" + strconv.Itoa(i)
				return page, nil
			}
			page.Items = append(page.Items, SearchItem{Name: &found[i], Title: found[i].Name, Snippet: snippet(found[i].Text, words)})
		}
	}
	want := limit - len(page.Items)
	var acts []record.Entry
	err = e.store.Search(ctx, SearchQuery{Words: words, Below: below, Limit: want + 1}, func(en record.Entry) error {
		fromLeaf(&en)
		acts = append(acts, en)
		return nil
	})
	if err != nil {
		return SearchPage{}, err
	}
	if len(acts) > want {
		acts = acts[:want]
		if want == 0 {
			page.Next = "n" + strconv.Itoa(max(names, 0)+len(page.Items))
		} else {
			page.Next = "a" + strconv.FormatUint(acts[want-1].Index, 10)
		}
	}
	for _, en := range acts {
		item := SearchItem{Entry: en}
		if a, err := board.ParseCanonical(en.Act); err == nil {
			item.Act = a
			var body string
			item.Title, body = board.SearchText(a)
			item.Snippet = snippet(body, words)
		}
		page.Items = append(page.Items, item)
	}
	return page, nil
}

// parseSearchCursor reads a cursor Search gave: "nK", the names from the K-th on, then the acts;
// "aI", the acts below index I. The first page ("") is "n0".
func parseSearchCursor(c string) (names int, below uint64, err error) {
	if c == "" {
		return 0, ^uint64(0), nil
	}
	if len(c) > 1 {
		switch c[0] {
		case 'n':
			if k, err := strconv.Atoi(c[1:]); err == nil && k >= 0 {
				return k, ^uint64(0), nil
			}
		case 'a':
			if i, err := strconv.ParseUint(c[1:], 10, 64); err == nil {
				return -1, i, nil
			}
		}
	}
	return 0, 0, board.Errorf(board.Invalid, "the cursor %q is not one a search gave", c)
}

// matchesAll reports whether each of words begins a word of text, folded.
func matchesAll(words []string, text string) bool {
	have := board.FoldWords(text)
	for _, w := range words {
		if !beginsAny(w, have) {
			return false
		}
	}
	return true
}

func beginsAny(w string, have []string) bool {
	for _, h := range have {
		if strings.HasPrefix(h, w) {
			return true
		}
	}
	return false
}

// snippetRunes is how long a snippet is at most, in runes.
const snippetRunes = 160

// snippet returns the line of text that matches the most of words (the first of those), cut to
// snippetRunes runes from a little before its first matching word when it is longer.
func snippet(text string, words []string) string {
	best, score := "", -1
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		have := board.FoldWords(line)
		n := 0
		for _, w := range words {
			if beginsAny(w, have) {
				n++
			}
		}
		if n > score {
			best, score = line, n
		}
	}
	if utf8.RuneCountInString(best) <= snippetRunes {
		return best
	}
	start := 0
	for i, r := range best { // the first word of the line that a word asked begins
		if i > 0 && isWordRune(r) && !isWordRune(lastRune(best[:i])) {
			if firstWordBegins(words, best[i:]) {
				start = i
				break
			}
		}
	}
	runes := []rune(best[start:])
	lead := ""
	if start > 0 {
		lead = "…"
	}
	if len(runes) > snippetRunes {
		return lead + string(runes[:snippetRunes]) + "…"
	}
	return lead + string(runes)
}

// firstWordBegins reports whether the first word of s, folded, begins with one of words.
func firstWordBegins(words []string, s string) bool {
	end := strings.IndexFunc(s, func(r rune) bool { return !isWordRune(r) })
	if end < 0 {
		end = len(s)
	}
	first := board.FoldWords(s[:end])
	for _, w := range words {
		if len(first) > 0 && strings.HasPrefix(first[0], w) {
			return true
		}
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}
