package board

import (
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Search's words: one folding for what is indexed and for what is asked, so that every store
// sees the same words. A word is a run of letters and digits; accents are dropped, letters are
// lower-cased, ligatures are spelled out: "États-Unis d'Amérique" is "etats unis d amerique".

// MaxWordBytes bounds a folded word's length in bytes: a longer word is cut (at a rune) to it,
// in the text indexed and in a query alike, so that a store's limit on a word never differs
// from another's.
const MaxWordBytes = 64

// spelledOut are the letters that canonical decomposition leaves whole but a reader types as
// two, or as a plain Latin letter.
var spelledOut = map[rune]string{
	'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss", 'ẞ': "ss", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th", 'ı': "i",
}

// FoldWords returns the words of s, folded: decomposed (NFKD, which also splits ligatures like
// "ﬁ"), without combining marks, lower-cased, with the letters of spelledOut spelled out, and cut
// at MaxWordBytes. Anything that is not a letter or a digit (spaces, punctuation, apostrophes,
// hyphens) separates words.
func FoldWords(s string) []string {
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, cutWord(w.String()))
			w.Reset()
		}
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // a combining mark of a decomposed letter: part of the word, dropped
		case spelledOut[r] != "":
			w.WriteString(spelledOut[r])
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return words
}

// Fold returns the words of s (FoldWords) joined by single spaces: the text a store indexes.
func Fold(s string) string { return strings.Join(FoldWords(s), " ") }

func cutWord(w string) string {
	if len(w) <= MaxWordBytes {
		return w
	}
	n := MaxWordBytes
	for n > 0 && !utf8.RuneStart(w[n]) {
		n--
	}
	return w[:n]
}

// SearchText is what search finds an act by: its title (a proposal's, a directive's, the name
// of what it creates; "" for an act without one) and its text: every field of text its body
// holds (comments, reasons, purposes, payees, places, names, ids), the names in both languages
// of each State it names, and the actor (a State by its names), one per line: no act's text is
// empty.
//
// Every field of a body whose type is a string, or a list of them, is searchable unless
// unsearched lists it: a new kind's field of free text is found without being named here.
func SearchText(a Act) (title, text string) {
	var lines []string
	addState := func(c StateCode) {
		if c != "" {
			lines = append(lines, string(c), c.Name("fr"), c.Name("en"))
		}
	}
	if c, ok := a.By.State(); ok {
		addState(c)
	} else if a.By != "" {
		lines = append(lines, string(a.By))
	}
	if a.Body == nil {
		return "", ""
	}
	v := reflect.ValueOf(a.Body).Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || unsearched[string(a.Body.Kind())+"."+name] {
			continue
		}
		fv := v.Field(i)
		switch {
		case f.Type == reflect.TypeFor[StateCode]():
			addState(StateCode(fv.String()))
		case f.Type.Kind() == reflect.String:
			if s := fv.String(); s != "" {
				lines = append(lines, s)
				if title == "" && (name == "title" || name == "name") {
					title = s
				}
			}
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
			for j := range fv.Len() {
				if s := fv.Index(j).String(); s != "" {
					lines = append(lines, s)
				}
			}
		}
	}
	return title, strings.Join(lines, "\n")
}

// unsearched are the fields of text ("kind.field") that search leaves out: keys, a whole rules
// file, and closed sets of values or numbers that no reader searches for.
var unsearched = map[string]bool{
	"establish.rules":       true,
	"establish.key":         true,
	"register-key.key":      true,
	"register-key.replaces": true,
	"revoke-key.key_id":     true,
	"receive.usd_rate":      true,
	"receive.form":          true,
	"set-rate.usd_rate":     true,
	"set-rate.currency":     true,
	"open-account.currency": true,
	"accredit.role":         true,
	"consent.instrument":    true,
	"vote.choice":           true,
	"casting-vote.choice":   true,
	"convene.kind":          true,
	"propose.kind":          true,
}
