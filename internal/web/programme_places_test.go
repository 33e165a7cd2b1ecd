package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/money"
)

// TestTreasuryProgrammePlaces: the treasury page's list of programmes shows a programme's
// sectors, recipient countries (by name) and planned dates, in each language, and nothing more
// for a programme created without them.
func TestTreasuryProgrammePlaces(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	at := time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)
	submit(t, e, at, board.Chairman, &board.CreateProgramme{ID: "water", Name: "Water and sanitation", Subsidiary: "gaza-executive-board",
		Budget:    money.Amount{Currency: "USD", Minor: 100_000_000},
		Sectors:   []board.SectorShare{{Code: "14030", Percentage: 70}, {Code: "73010", Percentage: 30}},
		Countries: []board.CountryShare{{Code: "PS", Percentage: 90}, {Code: "EG", Percentage: 10}},
		Start:     time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2028, 3, 31, 0, 0, 0, 0, time.UTC)})
	for lang, want := range map[string]string{
		"en": "Sectors: 14030 (70%), 73010 (30%) · Countries: Palestine (90%), Egypt (10%) · Planned: from 1\u00a0June 2026 to 31\u00a0March 2028",
		"fr": "Secteurs\u00a0: 14030 (70\u202f%), 73010 (30\u202f%) · Pays\u00a0: Palestine (90\u202f%), Égypte (10\u202f%) · Prévu\u00a0: du 1er\u00a0juin 2026 au 31\u00a0mars 2028",
	} {
		_, body := get(t, h, "/treasury?lang="+lang)
		if !strings.Contains(body, want) {
			t.Errorf("%s: the treasury page does not say %q", lang, want)
		}
		// The demo's programme gives none: its row has no such line.
		if n := strings.Count(body, want[:strings.Index(want, ":")]); n != 1 {
			t.Errorf("%s: %d programmes with a line of sectors, countries or dates; want 1", lang, n)
		}
	}
}
