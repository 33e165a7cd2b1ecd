package iati_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/iati"
	"github.com/peaceboard/peaceboard/money"
)

// TestNoRefNoFile: without organization.iati_ref there is no identifier to build on, and the
// export writes nothing rather than make one up (identifiers, once published, must not change).
func TestNoRefNoFile(t *testing.T) {
	r := *charter.Default()
	r.Organization.IATIRef = ""
	var buf bytes.Buffer
	err := iati.WriteActivities(&buf, board.NewState(r.Organization.Chairman), &r, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), nil)
	if !errors.Is(err, iati.ErrNoRef) {
		t.Errorf("err = %v, want ErrNoRef", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes without a ref", buf.Len())
	}
}

// TestIdentifiers: activity identifiers are the organisation's identifier, a hyphen, and the
// fund's or programme's own, so that they start with the reporting-org's ref as IATI requires.
func TestIdentifiers(t *testing.T) {
	r := &charter.Rules{Organization: charter.Organization{IATIRef: "XI-IATI-T"}}
	for got, want := range map[string]string{
		iati.FundID(r, "general"):          "XI-IATI-T-FUND-general",
		iati.ProgrammeID(r, "gaza-rubble"): "XI-IATI-T-PROG-gaza-rubble",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// TestProgrammePlaces: a programme's planned dates, recipient countries and sectors are written
// where the schema's sequence puts them (activity-date, then recipient-country, then sector,
// then the transactions), with IATI's codes; a programme without them has its actual start
// alone.
func TestProgrammePlaces(t *testing.T) {
	r := charter.Default()
	s := board.NewState(r.Organization.Chairman)
	at := time.Date(2026, 1, 16, 10, 0, 0, 0, time.UTC)
	for _, b := range []board.Body{
		&board.CreateSubsidiary{ID: "gaza", Name: "Gaza Executive Board"},
		&board.CreateProgramme{ID: "bare", Name: "Bare", Subsidiary: "gaza", Budget: money.Amount{Currency: "USD", Minor: 100}},
		&board.CreateProgramme{ID: "water", Name: "Water", Subsidiary: "gaza", Budget: money.Amount{Currency: "USD", Minor: 100},
			Sectors:   []board.SectorShare{{Code: "14030", Percentage: 70}, {Code: "73010", Percentage: 30}},
			Countries: []board.CountryShare{{Code: "PS", Percentage: 100}},
			Start:     time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2028, 1, 31, 0, 0, 0, 0, time.UTC)},
	} {
		events, err := board.Decide(s, r, board.Act{At: at, By: board.Chairman, Body: b})
		if err != nil {
			t.Fatal(err)
		}
		s.Apply(at, events)
	}
	var buf bytes.Buffer
	if err := iati.WriteActivities(&buf, s, r, at, func(board.ActorID) string { return "" }); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	const water = `<iati-identifier>XI-IATI-BOP-EXAMPLE-PROG-water</iati-identifier>`
	i := strings.Index(out, water)
	if i < 0 {
		t.Fatalf("no activity for the programme water:\n%s", out)
	}
	want := []string{
		`<activity-date type="1" iso-date="2026-02-01"></activity-date>`,
		`<activity-date type="2" iso-date="2026-01-16"></activity-date>`,
		`<activity-date type="3" iso-date="2028-01-31"></activity-date>`,
		`<recipient-country code="PS" percentage="100"></recipient-country>`,
		`<sector vocabulary="1" code="14030" percentage="70"></sector>`,
		`<sector vocabulary="1" code="73010" percentage="30"></sector>`,
	}
	rest := out[i:]
	for _, w := range want {
		j := strings.Index(rest, w)
		if j < 0 {
			t.Fatalf("the activity of water lacks %s, or has it out of order:\n%s", w, out[i:])
		}
		rest = rest[j+len(w):]
	}
	bare := out[strings.Index(out, "PROG-bare"):i]
	if strings.Count(bare, "<activity-date") != 1 || strings.Contains(bare, "<sector") || strings.Contains(bare, "<recipient-country") {
		t.Errorf("the activity of a programme without sectors, countries or dates has some:\n%s", bare)
	}
}
