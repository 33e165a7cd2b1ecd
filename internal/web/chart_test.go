package web

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		max  float64
		want []float64
	}{
		{22, []float64{0, 5, 10, 15, 20, 25}},
		{0, []float64{0, 1}},
		{3, []float64{0, 1, 2, 3}},
		{1.2e10, []float64{0, 2.5e9, 5e9, 7.5e9, 1e10, 1.25e10}},
	}
	for _, tt := range tests {
		if got := niceTicks(tt.max, 5); !slices.Equal(got, tt.want) {
			t.Errorf("niceTicks(%v) = %v, want %v", tt.max, got, tt.want)
		}
	}
}

func TestDateTicks(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	got := dateTicks(day("2026-01-13"), day("2026-06-01"), 6)
	if len(got) == 0 || len(got) > 6 {
		t.Fatalf("%d ticks: %v", len(got), got)
	}
	for _, tick := range got {
		if tick.Day() != 1 {
			t.Errorf("tick %s: want the first of a month over five months", tick.Format(time.DateOnly))
		}
	}
	if short := dateTicks(day("2026-01-13"), day("2026-01-20"), 6); len(short) < 3 || short[1].Sub(short[0]) != 48*time.Hour {
		t.Errorf("a week: %v, want a tick every two days", short)
	}
}

func TestStepChart(t *testing.T) {
	l := newLocale("en")
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := stepChart(l, "c", "Members", "desc", from, from.AddDate(0, 2, 0),
		[]series{{Label: "Members", Class: "k0", Points: []point{{from.AddDate(0, 0, 10), 3}, {from.AddDate(0, 1, 0), 5}}}},
		func(v float64) string { return l.Num(int(v)) })
	if len(c.Paths) != 1 || !strings.HasPrefix(c.Paths[0].D, "M") || strings.Count(c.Paths[0].D, "V") != 2 {
		t.Errorf("path %+v: want one step line with two steps", c.Paths)
	}
	if c.Paths[0].Title != "Members: 5" || c.Legend[0].Label != "Members" {
		t.Errorf("the line is labelled %q, legend %+v", c.Paths[0].Title, c.Legend)
	}
}

func TestBarChart(t *testing.T) {
	c := barChart("b", "t", "d", []barGroup{{"A", []float64{10, 0}}, {"B", []float64{5, 5}}}, []string{"x", "y"}, []string{"k0", "k1"}, false,
		func(v float64) string { return "v" })
	if len(c.Bars) != 3 {
		t.Errorf("%d bars, want 3 (a bar of zero is left out)", len(c.Bars))
	}
	if c.Bars[0].W <= c.Bars[1].W || c.Bars[1].W != c.Bars[2].W {
		t.Errorf("widths %v, %v, %v: want 10 wider than 5, and two equal bars of 5", c.Bars[0].W, c.Bars[1].W, c.Bars[2].W)
	}
	stacked := barChart("s", "t", "d", []barGroup{{"A", []float64{3, 1}}}, []string{"x", "y"}, []string{"k0", "k1"}, true,
		func(v float64) string { return "v" })
	if b := stacked.Bars; len(b) != 2 || b[1].X != b[0].X+b[0].W {
		t.Errorf("stacked: %+v, want the second segment to start where the first ends", b)
	}
}
