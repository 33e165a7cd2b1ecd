package engine

import (
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("Lorem ipsum dolor sit amet. ", 10) + "Les États membres soutiennent " + strings.Repeat("la reconstruction ", 12)
	for _, tc := range []struct {
		text  string
		words []string
		want  string // a prefix of the snippet
		max   int    // its length at most, in runes
	}{
		{"Titre\nLe texte des États\nAutre", []string{"etats"}, "Le texte des États", 20},
		{"Titre\nUn\nDeux mots", []string{"deux", "mots"}, "Deux mots", 9},
		{long, []string{"etats"}, "…États membres soutiennent", snippetRunes + 2},
		{"Rien", []string{"zz"}, "Rien", 4},
	} {
		got := snippet(tc.text, tc.words)
		if !strings.HasPrefix(got, tc.want) || len([]rune(got)) > tc.max {
			t.Errorf("snippet(%.30q…, %v) = %q; want it to begin %q, at most %d runes", tc.text, tc.words, got, tc.want, tc.max)
		}
	}
}
