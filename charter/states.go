package charter

import (
	"embed"
	"fmt"
	"slices"
	"strings"
)

// The lists of State codes a rules file may pin (states.codes). Each is a file under states/,
// named by its version, and is never edited once released: a record's rules name the list they
// were established under, and a verifier reads the same list years later. A new list (a new
// State, a withdrawn code) is a new file, named by a new version of the rules file.

//go:embed states/*.txt
var stateLists embed.FS

// CurrentStateCodes is the name of the newest list: the one the embedded default names.
const CurrentStateCodes = "iso3166-1-2026"

// StateCodes is the list of codes that name States under a rules file. The zero value pins no
// list: it is how rules files written before lists existed are read, and holds every code of the
// right shape (three capital letters), as those records were decided.
type StateCodes struct {
	Name  string            // the list's version, as the rules file names it; "" pins none
	names map[string]string // code → English short name, as the list gives it
}

// Pinned reports whether the rules pin a list (otherwise any three capital letters name a State).
func (l StateCodes) Pinned() bool { return l.Name != "" }

// Has reports whether code names a State under the list. A list that pins nothing holds every
// code: the caller checks the shape (board.StateCode.Valid).
func (l StateCodes) Has(code string) bool {
	if !l.Pinned() {
		return true
	}
	_, ok := l.names[code]
	return ok
}

// English returns the English short name the list gives code, or "" when it gives none (the
// list pins none, or code is not in it).
func (l StateCodes) English(code string) string { return l.names[code] }

// Codes returns the list's codes in order, or nil when it pins none.
func (l StateCodes) Codes() []string {
	out := make([]string, 0, len(l.names))
	for c := range l.names {
		out = append(out, c)
	}
	slices.Sort(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// LoadStateCodes returns the embedded list of State codes named name ("iso3166-1-2026").
func LoadStateCodes(name string) (StateCodes, error) {
	if !IsSlug(name) {
		return StateCodes{}, fmt.Errorf("%q is not the name of a list of State codes (like %q)", name, CurrentStateCodes)
	}
	data, err := stateLists.ReadFile("states/" + name + ".txt")
	if err != nil {
		return StateCodes{}, fmt.Errorf("no list of State codes named %q (this version knows %s)", name, strings.Join(StateCodeLists(), ", "))
	}
	l := StateCodes{Name: name, names: map[string]string{}}
	for line := range strings.SplitSeq(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		code, english, _ := strings.Cut(line, "\t")
		l.names[code] = english
	}
	return l, nil
}

// StateCodeLists returns the names of the embedded lists of State codes, in order.
func StateCodeLists() []string {
	entries, _ := stateLists.ReadDir("states")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".txt"))
	}
	return out
}
