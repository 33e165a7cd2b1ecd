package web

import (
	"fmt"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Plurals. Every count the portal writes beside a noun goes through N (templates) or n (Go): a
// label that depends on a count has two forms in messages, KEY.one and KEY.other, and the
// language's rule chooses between them. The rule is CLDR's, from golang.org/x/text: English
// says "1 member State" and "0 member States"; French says « 0 invitation retirée » and
// « 1 invitation retirée », its singular covering 0 and 1. CLDR's other categories (French's
// "many", for « 1 000 000 de … ») are written as "other": the portal's nouns have two forms.
// TestMessagesPluralForms checks that every label with one form has the other.

// pluralKey returns the key of the form of label key that a count of n takes in lang.
func pluralKey(lang, key string, n int) string {
	if n < 0 {
		n = -n
	}
	tag := language.English
	if lang == "fr" {
		tag = language.French
	}
	if plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0) == plural.One {
		return key + ".one"
	}
	return key + ".other"
}

// N returns the form of label key for count (an int, or a record's size as uint64), with the
// count (grouped, as Num writes it) in its first verb and args in the next:
// {{.L.N "count.members" 3}} is "3 member States". A form may leave the count out ("It commits
// to the first entry."); it then takes no args either.
func (l *locale) N(key string, count any, args ...any) (string, error) {
	var n int
	switch c := count.(type) {
	case int:
		n = c
	case uint64:
		n = int(c)
	default:
		return "", fmt.Errorf("label %q: count %v is not a whole number", key, count)
	}
	m, err := l.T(pluralKey(l.Lang, key, n))
	if err != nil {
		return "", err
	}
	return l.fill(m, n, args), nil
}

// n is N for Go code that knows its keys exist, as t is T.
func (l *locale) n(key string, n int, args ...any) string {
	return l.fill(l.t(pluralKey(l.Lang, key, n)), n, args)
}

// noun returns the form of label key for a count of n, for a count written apart from its noun
// (the overview's figures, where the number stands above its label).
func (l *locale) noun(key string, n int) string { return l.t(pluralKey(l.Lang, key, n)) }

func (l *locale) fill(form string, n int, args []any) string {
	if !hasVerb(form) {
		return form
	}
	return fmt.Sprintf(form, append([]any{l.Num(n)}, args...)...)
}

// hasVerb reports whether a label has a verb for fmt (a % other than %%).
func hasVerb(s string) bool {
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '%' {
			if s[i+1] != '%' {
				return true
			}
			i++
		}
	}
	return false
}
