package board_test

import (
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

func TestR18SetRate(t *testing.T) {
	w := treasury(t, nil, 3)
	at := ts("2026-03-05T10:00:00Z")
	w.must(t, at, board.Secretariat, &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "1.0800", Source: "ECB"})
	w.must(t, at, board.Secretariat, &board.SetRate{Date: ts("2026-03-04"), Currency: "EUR", USDRate: "1.09", Source: "ECB"})
	w.must(t, at, board.Secretariat, &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "1.07", Source: "ECB, corrected"})
	for _, c := range []struct{ day, want string }{{"2026-03-01", ""}, {"2026-03-02", "1.07"}, {"2026-03-03", "1.07"}, {"2026-03-04", "1.09"}, {"2027-01-01", "1.09"}} {
		r, ok := w.state.Treasury.RateOn("EUR", ts(c.day))
		if r.Rate.String() != c.want || ok != (c.want != "") {
			t.Errorf("RateOn(EUR, %s) = %s, %v; want %q", c.day, r.Rate, ok, c.want)
		}
	}
	for _, tt := range []struct {
		name string
		body *board.SetRate
	}{
		{"the US dollar", &board.SetRate{Date: ts("2026-03-02"), Currency: "USD", USDRate: "1", Source: "x"}},
		{"an unknown currency", &board.SetRate{Date: ts("2026-03-02"), Currency: "XYZ", USDRate: "1", Source: "x"}},
		{"a future date", &board.SetRate{Date: ts("2026-03-06"), Currency: "EUR", USDRate: "1", Source: "x"}},
		{"zero", &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "0.000", Source: "x"}},
		{"a negative rate", &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "-1.1", Source: "x"}},
		{"an exponent", &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "1e0", Source: "x"}},
		{"no source", &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "1.1"}},
		{"no date", &board.SetRate{Currency: "EUR", USDRate: "1.1", Source: "x"}},
	} {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			wantRefusal(t, w.do(t, at, board.Secretariat, tt.body), board.Invalid, "")
		})
	}
}
