package board_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

// TestR19ProgrammePlaces: a programme's sectors, countries and planned dates are refused at each
// boundary IATI sets (a code not of its list, a repeat, a share outside 1..100, shares not adding
// up to 100, a date that is not a day, an end before the start), and kept as given when right.
func TestR19ProgrammePlaces(t *testing.T) {
	w := treasury(t, nil, 3)
	at := ts("2026-03-02T10:00:00Z")
	type sh = board.SectorShare
	type ch = board.CountryShare
	sectors := func(s ...sh) func(*board.CreateProgramme) {
		return func(b *board.CreateProgramme) { b.Sectors = s }
	}
	countries := func(c ...ch) func(*board.CreateProgramme) {
		return func(b *board.CreateProgramme) { b.Countries = c }
	}
	dates := func(start, end string) func(*board.CreateProgramme) {
		return func(b *board.CreateProgramme) {
			if start != "" {
				b.Start = ts(start)
			}
			if end != "" {
				b.End = ts(end)
			}
		}
	}
	create := func(id string, mod func(*board.CreateProgramme)) *board.CreateProgramme {
		b := &board.CreateProgramme{ID: board.ProgrammeID(id), Name: "Water", Subsidiary: "gaza", Budget: usd("1000")}
		mod(b)
		return b
	}
	for _, tt := range []struct {
		name, want string
		mod        func(*board.CreateProgramme)
	}{
		{"a sector of 4 digits", `sector "7301"`, sectors(sh{"7301", 100})},
		{"a sector of 6 digits", `sector "730100"`, sectors(sh{"730100", 100})},
		{"a sector of no DAC category", `sector "99910"`, sectors(sh{"99910", 100})},
		{"a sector that is not digits", `sector "7301a"`, sectors(sh{"7301a", 100})},
		{"an empty sector", `sector ""`, sectors(sh{"", 100})},
		{"a sector given twice", "73010 is given twice", sectors(sh{"73010", 50}, sh{"73010", 50})},
		{"a sector at 0 percent", "0 percent", sectors(sh{"73010", 0}, sh{"72010", 100})},
		{"a sector at 101 percent", "101 percent", sectors(sh{"73010", 101})},
		{"a negative share", "-1 percent", sectors(sh{"73010", 100}, sh{"72010", -1})},
		{"sectors adding up to 99", "add up to 99", sectors(sh{"73010", 60}, sh{"72010", 39})},
		{"sectors adding up to 101", "add up to 101", sectors(sh{"73010", 60}, sh{"72010", 41})},
		{"a country in alpha-3", `give the ISO 3166-1 alpha-2 code, "PS"`, countries(ch{"PSE", 100})},
		{"a country in lower case", `country "ps"`, countries(ch{"ps", 100})},
		{"a code that is no country", `country "ZZ"`, countries(ch{"ZZ", 100})},
		{"a region, not a country", `country "EU"`, countries(ch{"EU", 100})},
		{"the United Nations", `country "UN"`, countries(ch{"UN", 100})},
		{"a code reserved for a territory", `country "AC"`, countries(ch{"AC", 100})},
		{"a code of a country that no longer exists", `country "YU"`, countries(ch{"YU", 100})},
		{"a country given twice", "PS is given twice", countries(ch{"PS", 50}, ch{"PS", 50})},
		{"countries adding up to 90", "add up to 90", countries(ch{"PS", 60}, ch{"EG", 30})},
		{"a country at 0 percent", "0 percent", countries(ch{"PS", 100}, ch{"EG", 0})},
		{"a start that is not a day", "start 2026-05-01T10:00:00Z is not a day", dates("2026-05-01T10:00:00Z", "")},
		{"an end that is not a day", "end 2026-05-01T00:00:01Z is not a day", dates("", "2026-05-01T00:00:01Z")},
		{"an end the day before the start", "the planned end 2026-04-30 is before the planned start 2026-05-01", dates("2026-05-01", "2026-04-30")},
	} {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			err := w.do(t, at, board.Chairman, create("x", tt.mod))
			wantRefusal(t, err, board.Invalid, "R19")
			if err != nil && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}

	// At the boundaries that are allowed: one share of 100, shares of 1 and 99, an end on the
	// start's day, Kosovo, an end without a start.
	for i, mod := range []func(*board.CreateProgramme){
		sectors(sh{"73010", 100}),
		sectors(sh{"73010", 99}, sh{"15250", 1}),
		countries(ch{"XK", 100}),
		countries(ch{"PS", 1}, ch{"EG", 99}),
		dates("2026-05-01", "2026-05-01"),
		dates("", "2027-12-31"),
	} {
		w.must(t, at, board.Chairman, create("ok-"+string(rune('a'+i)), mod))
	}
	full := create("full", func(b *board.CreateProgramme) {
		sectors(sh{"73010", 60}, sh{"14030", 40})(b)
		countries(ch{"PS", 80}, ch{"EG", 20})(b)
		dates("2026-04-01", "2028-03-31")(b)
	})
	w.must(t, at, board.Chairman, full)
	var got board.ProgrammeView
	for _, p := range w.state.ProgrammeList(at) {
		if p.ID == "full" {
			got = p
		}
	}
	if !slices.Equal(got.Sectors, full.Sectors) || !slices.Equal(got.Countries, full.Countries) ||
		!got.Start.Equal(full.Start) || !got.End.Equal(full.End) {
		t.Errorf("view %+v; want the act's sectors %v, countries %v, %s to %s", got, full.Sectors, full.Countries, full.Start, full.End)
	}
	checkActRoundTrip(t, board.Act{At: at, By: board.Chairman, Body: full})
}

// TestProgrammeWithoutPlacesKeepsItsBytes: a programme created without the fields added for
// IATI has the act and event bytes it had before they existed, so that old records verify.
func TestProgrammeWithoutPlacesKeepsItsBytes(t *testing.T) {
	act := board.Act{At: ts("2026-02-25T10:00:00Z"), By: board.Chairman, Body: &board.CreateProgramme{
		ID: "rubble", Name: "Rubble clearance", Area: "Gaza", Subsidiary: "gaza", Budget: usd("1000")}}
	b, err := act.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"act":"create-programme","at":"2026-02-25T10:00:00Z","by":"chairman","fields":{"area":"Gaza","budget":"USD 1000.00","id":"rubble","name":"Rubble clearance","subsidiary":"gaza"}}`
	if string(b) != want {
		t.Errorf("canonical bytes\n%s\nwant\n%s", b, want)
	}
}
