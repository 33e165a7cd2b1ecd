package api_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/money"
)

// TestProgrammePlacesServed: GET /api/v1/treasury gives each programme's sectors, countries and
// planned days as create-programme gave them, and empty lists and nulls for a programme
// created without them.
func TestProgrammePlacesServed(t *testing.T) {
	s := demoServer(t)
	ctx := context.Background()
	at := time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)
	if _, err := s.engine.SubmitDev(ctx, board.Act{At: at, By: board.Chairman, Body: &board.CreateProgramme{
		ID: "water", Name: "Water", Subsidiary: "gaza-executive-board", Budget: money.Amount{Currency: "USD", Minor: 100_000},
		Sectors:   []board.SectorShare{{Code: "14030", Percentage: 100}},
		Countries: []board.CountryShare{{Code: "PS", Percentage: 60}, {Code: "EG", Percentage: 40}},
		Start:     time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}
	tr, err := s.client.Treasury(ctx, client.Query{AsOf: "2026-05-20"})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, p := range tr.Programmes {
		switch p.Programme {
		case "water":
			found++
			start := "2026-06-01"
			if !reflect.DeepEqual(p.Sectors, []apiv1.Share{{Code: "14030", Percentage: 100}}) ||
				!reflect.DeepEqual(p.Countries, []apiv1.Share{{Code: "PS", Percentage: 60}, {Code: "EG", Percentage: 40}}) ||
				!reflect.DeepEqual(p.Start, &start) || p.End != nil {
				t.Errorf("water: sectors %v, countries %v, start %v, end %v", p.Sectors, p.Countries, p.Start, p.End)
			}
		default:
			found++
			if p.Sectors == nil || len(p.Sectors) != 0 || p.Countries == nil || len(p.Countries) != 0 || p.Start != nil || p.End != nil {
				t.Errorf("%s, created without sectors, countries or dates: %+v", p.Programme, p)
			}
		}
	}
	if found < 2 {
		t.Errorf("%d programmes served; want the demo's and water", found)
	}
}
