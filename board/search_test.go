package board

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

func TestFoldWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"États-Unis d'Amérique", "etats unis d amerique"},
		{"ÉTATS", "etats"},
		{"Cœur ŒUVRE Æther", "coeur oeuvre aether"},
		{"Straße", "strasse"},
		{"ﬁnance", "finance"},
		{"Łódź, Øresund", "lodz oresund"},
		{"l’aide « humanitaire »", "l aide humanitaire"},
		{"Résolution nº 2803 (2025)", "resolution no 2803 2025"},
		{"  …  ", ""},
		{"Ελλάδα", "ελλαδα"},
		{strings.Repeat("é", 40), strings.Repeat("e", 40)},
		{strings.Repeat("a", 70), strings.Repeat("a", MaxWordBytes)},
		{strings.Repeat("ж", 40), strings.Repeat("ж", MaxWordBytes/2)},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// textTypes are the types of body fields that hold no text for search; any other field is a
// string (searched, or left out by unsearched), a list of strings, or one of these. A field of a
// new type fails TestSearchTextCoversEveryField until it is classified here or searched.
var textless = map[reflect.Type]bool{
	reflect.TypeFor[time.Time]():    true,
	reflect.TypeFor[money.Amount](): true,
	reflect.TypeFor[bool]():         true,
	reflect.TypeFor[[]Threshold]():  true,
	reflect.TypeFor[int]():          true,
	// Codes and shares (a programme's sectors and countries), and witnesses' key names and keys:
	// identifiers, not words a reader searches for.
	reflect.TypeFor[[]SectorShare]():   true,
	reflect.TypeFor[[]CountryShare]():  true,
	reflect.TypeFor[[]PolicyWitness](): true,
}

// TestSearchTextCoversEveryField fills every field of text of every kind of act with a word of
// its own, and finds each word in the act's SearchText, unless unsearched leaves the field out;
// it fails on a field of a type it does not know, and on an entry of unsearched that names no
// field.
func TestSearchTextCoversEveryField(t *testing.T) {
	used := map[string]bool{}
	for _, k := range Kinds() {
		body, _ := NewBody(k)
		v := reflect.ValueOf(body).Elem()
		want := map[string]string{}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			key := string(k) + "." + name
			word := "w" + strings.NewReplacer("-", "", "_", "").Replace(string(k)+name)
			switch {
			case f.Type == reflect.TypeFor[StateCode]():
				v.Field(i).SetString("QAT")
				word = "qatar"
			case f.Type.Kind() == reflect.String:
				v.Field(i).SetString(strings.ToUpper(word))
			case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
				s := reflect.MakeSlice(f.Type, 1, 1)
				s.Index(0).SetString(word)
				v.Field(i).Set(s)
			case textless[f.Type]:
				continue
			default:
				t.Errorf("%s: a field of type %s: search it (SearchText) or say it holds no text (textless)", key, f.Type)
				continue
			}
			if unsearched[key] {
				used[key] = true
				continue
			}
			want[key] = word
		}
		_, text := SearchText(Act{By: Chairman, Body: body})
		words := FoldWords(text)
		for key, word := range want {
			if !slices.Contains(words, word) {
				t.Errorf("%s: %q not in the act's search text %q", key, word, text)
			}
		}
	}
	for key := range unsearched {
		if !used[key] {
			t.Errorf("unsearched names %s, which is no field of text of any kind", key)
		}
	}
}

func TestSearchTextTitleAndActor(t *testing.T) {
	title, text := SearchText(Act{By: StateActor("FRA"), Body: &Propose{ID: "p1", Title: "Plan de paix", Text: "Le texte"}})
	if title != "Plan de paix" {
		t.Errorf("title %q, want the proposal's", title)
	}
	for _, w := range []string{"fra", "france", "p1", "plan", "texte"} {
		if !slices.Contains(FoldWords(text), w) {
			t.Errorf("%q not in %q", w, text)
		}
	}
	if title, _ := SearchText(Act{By: Chairman, Body: &Comment{Proposal: "p1", Text: "x"}}); title != "" {
		t.Errorf("a comment's title %q, want none", title)
	}
}

func TestSearchNamesAsOf(t *testing.T) {
	r := charter.Default()
	s := NewState(r.Organization.Chairman)
	t0 := time.Date(2026, 1, 22, 10, 0, 0, 0, time.UTC)
	s.States["QAT"] = &Membership{State: "QAT", Head: "Tamim", Invited: t0}
	s.Executives["x1"] = &Executive{ID: "x1", Person: "Tamim", Appointed: t0} // named once
	s.Treasury.Programmes["schools"] = &Programme{ID: "schools", Name: "Écoles", Created: t0.Add(time.Hour)}
	names := func(at time.Time) (out []string) {
		for _, n := range s.SearchNames(r, at) {
			out = append(out, string(n.Kind)+":"+n.Name+":"+n.Role)
		}
		return out
	}
	before := names(t0.Add(-time.Nanosecond))
	if slices.ContainsFunc(before, func(s string) bool { return strings.HasPrefix(s, "state:") || strings.Contains(s, "Tamim") }) {
		t.Errorf("before the invitation: %v", before)
	}
	at := names(t0)
	for _, want := range []string{"state:QAT:", "person:Tamim:head"} {
		if !slices.Contains(at, want) {
			t.Errorf("as of the invitation, %q missing from %v", want, at)
		}
	}
	if slices.Contains(at, "person:Tamim:executive") || slices.ContainsFunc(at, func(s string) bool { return strings.HasPrefix(s, "programme:") }) {
		t.Errorf("as of the invitation: %v", at)
	}
	if after := names(t0.Add(time.Hour)); !slices.Contains(after, "programme:Écoles:") {
		t.Errorf("after the programme's creation: %v", after)
	}
}
