package board

import (
	"maps"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// A NameKind is what a searchable name names.
type NameKind string

// The kinds of names search finds, in the order it lists them.
const (
	NameState     NameKind = "state"
	NamePerson    NameKind = "person"
	NameFund      NameKind = "fund"
	NameProgramme NameKind = "programme"
)

// A SearchName is one thing search finds by name: a State, a person, a fund or a programme.
type SearchName struct {
	Kind NameKind
	// ID names it for a link: a State's code, a fund's or a programme's id, and for a person
	// the State whose head of delegation the person is ("" for other people).
	ID string
	// Name is its name as the record writes it (a State's is its code: a reader's language
	// names it).
	Name string
	// Role says who a person is: "chairman", "successor", "head", "representative",
	// "executive"; "" for things other than people.
	Role string
	// Text is what it is found by, one name per line (a State's in both languages, with its
	// code).
	Text string
}

// SearchNames returns the names known as of t: every State invited by then, the people then
// known (the Chairman, the successor designated, each State's head of delegation and
// representatives, the Executive Board members appointed), the funds (of the rules file and
// opened) and the programmes created, in that order, each kind sorted by id and then by name.
// A person named twice (a head of delegation who also sits on the Executive Board) is listed
// once, under the first role.
func (s *State) SearchNames(r *charter.Rules, t time.Time) []SearchName {
	var out []SearchName
	codes := slices.Sorted(maps.Keys(s.States))
	for _, c := range codes {
		if m := s.States[c]; !m.Invited.After(t) {
			out = append(out, SearchName{Kind: NameState, ID: string(c), Name: string(c),
				Text: string(c) + "\n" + c.Name("fr") + "\n" + c.Name("en")})
		}
	}
	seen := map[string]bool{}
	person := func(name, id, role string) {
		if name == "" || seen[Fold(name)] {
			return
		}
		seen[Fold(name)] = true
		out = append(out, SearchName{Kind: NamePerson, ID: id, Name: name, Role: role, Text: name})
	}
	person(s.Chairman, "", "chairman")
	person(s.Successor, "", "successor")
	for _, c := range codes {
		m := s.States[c]
		if m.Invited.After(t) {
			continue
		}
		person(m.Head, string(c), "head")
		for _, rep := range m.Representatives {
			if !rep.Since.After(t) {
				person(rep.Person, string(c), "representative")
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(s.Executives)) {
		if x := s.Executives[id]; !x.Appointed.After(t) {
			person(x.Person, "", "executive")
		}
	}
	for _, f := range r.Funds {
		text := f.ID + "\n" + f.Name
		if fr := f.Translations.In("name", "fr", ""); fr != "" {
			text += "\n" + fr
		}
		out = append(out, SearchName{Kind: NameFund, ID: f.ID, Name: f.Name, Text: text})
	}
	for _, id := range slices.Sorted(maps.Keys(s.Treasury.Funds)) {
		if f := s.Treasury.Funds[id]; !f.Opened.After(t) && !slices.ContainsFunc(r.Funds, func(rf charter.Fund) bool { return rf.ID == string(id) }) {
			out = append(out, SearchName{Kind: NameFund, ID: string(id), Name: f.Name, Text: string(id) + "\n" + f.Name})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(s.Treasury.Programmes)) {
		if p := s.Treasury.Programmes[id]; !p.Created.After(t) {
			out = append(out, SearchName{Kind: NameProgramme, ID: string(id), Name: p.Name, Text: string(id) + "\n" + p.Name})
		}
	}
	return out
}
