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
	if len(c.Plot.Paths) != 1 || !strings.HasPrefix(c.Plot.Paths[0].D, "M") || strings.Count(c.Plot.Paths[0].D, "V") != 2 {
		t.Errorf("path %+v: want one step line with two steps", c.Plot.Paths)
	}
	if c.Plot.Paths[0].Title != "Members: 5" || c.Legend[0].Label != "Members" {
		t.Errorf("the line is labelled %q, legend %+v", c.Plot.Paths[0].Title, c.Legend)
	}
}

func TestBarChart(t *testing.T) {
	l := newLocale("en")
	c := barChart(l, "b", "t", "d", []barGroup{{"A", []float64{10, 0}}, {"B", []float64{5, 5}}}, []string{"x", "y"}, []string{"k0", "k1"}, false,
		func(v float64) string { return "v" })
	if len(c.Plot.Bars) != 3 {
		t.Errorf("%d bars, want 3 (a bar of zero is left out)", len(c.Plot.Bars))
	}
	if c.Plot.Bars[0].W <= c.Plot.Bars[1].W || c.Plot.Bars[1].W != c.Plot.Bars[2].W {
		t.Errorf("widths %v, %v, %v: want 10 wider than 5, and two equal bars of 5", c.Plot.Bars[0].W, c.Plot.Bars[1].W, c.Plot.Bars[2].W)
	}
	stacked := barChart(l, "s", "t", "d", []barGroup{{"A", []float64{3, 1}}}, []string{"x", "y"}, []string{"k0", "k1"}, true,
		func(v float64) string { return "v" })
	if b := stacked.Plot.Bars; len(b) != 2 || b[1].X != b[0].X+b[0].W {
		t.Errorf("stacked: %+v, want the second segment to start where the first ends", b)
	}
}

func TestChooseScale(t *testing.T) {
	tests := []struct {
		name     string
		values   []float64
		allowLog bool
		wantLog  bool
	}{
		{"close figures", []float64{1e9, 1.2e9, 75e6}, true, false},
		{"one bar dwarfs the rest", []float64{1e10, 1.2e9, 1.1e6, 2e6}, true, true},
		{"zeros are not the smallest bar", []float64{1e10, 0, 5e9}, true, false},
		{"stacked bars stay linear", []float64{1e10, 1.1e6}, false, false},
		{"nothing at all", []float64{0, 0}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := chooseScale(tt.values, tt.allowLog); got.Log != tt.wantLog {
				t.Errorf("chooseScale(%v).Log = %v, want %v", tt.values, got.Log, tt.wantLog)
			}
		})
	}
}

// The demo's contributors: the United States' $10bn pledge beside Bulgaria's $1.1m.
var demoContributors = []barGroup{
	{"United States", []float64{1e10, 0, 0}},
	{"United Arab Emirates", []float64{1.2e9, 1e8, 0}},
	{"Fédération Internationale de Football Association", []float64{75e6, 10e6, 0}},
	{"Bulgaria", []float64{0, 1.1e6, 0}},
	{"Kazakhstan", []float64{0, 0, 2e6}},
}

func contributorsChart(t *testing.T, lang string) chart {
	t.Helper()
	return contributorChart(newLocale(lang), demoContributors)
}

func TestBarChartLogScale(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		c := contributorsChart(t, lang)
		l := newLocale(lang)
		if c.Scale == "" || !strings.Contains(c.Desc, c.Scale) || c.Title == l.t("chart.contributors") {
			t.Errorf("%s: title %q, desc %q, scale %q: want the log scale said in all three", lang, c.Title, c.Desc, c.Scale)
		}
		if !strings.Contains(strings.ToLower(c.Title), map[string]string{"en": "logarithmic", "fr": "logarithmique"}[lang]) {
			t.Errorf("%s: title %q does not name the scale", lang, c.Title)
		}
	}
	c := contributorsChart(t, "en")
	// On the narrowest phone the layouts are made for, the plot is 80% of narrowPx wide.
	px := func(w float64) float64 { return w / plotUnits * c.Plot.W / 100 * narrowPx }
	const minPx = 12.0
	for _, b := range c.Plot.Bars {
		if px(b.W) < 3 {
			t.Errorf("bar %q is %.1f px wide on a phone, want at least 3", b.Title, px(b.W))
		}
	}
	width := map[string]float64{}
	for _, b := range c.Plot.Bars {
		width[b.Title] = b.W
	}
	for _, title := range []string{"Bulgaria, Received in cash: $1.1m", "Kazakhstan, In kind: $2m"} {
		if w, ok := width[title]; !ok || px(w) < minPx {
			t.Errorf("%q: %.1f px on a phone, want at least %v px beside the $10bn bar (bars %v)", title, px(w), minPx, width)
		}
	}
	if us, uae := width["United States, Pledged: $10bn"], width["United Arab Emirates, Pledged: $1.2bn"]; us <= uae {
		t.Errorf("the $10bn bar (%v) is not longer than the $1.2bn one (%v)", us, uae)
	}
	// The decades are labelled: $100k to $10bn.
	var ticks []string
	for _, tx := range c.Texts {
		if tx.Class == "tick" {
			ticks = append(ticks, tx.Lines...)
		}
	}
	if len(ticks) < 3 || ticks[len(ticks)-1] != "$10bn" {
		t.Errorf("decade labels %q, want several, ending at $10bn", ticks)
	}
}

// Labels are never cut: each group's label is written whole, on as many lines as it needs,
// none longer than fits on a phone.
func TestBarChartLabelsWhole(t *testing.T) {
	long := "Gaza reconstruction framework and the mandate of the International Stabilization Force"
	groups := []barGroup{{long, []float64{12, 3, 1, 4}}, {"Short", []float64{3, 0, 0, 2}}}
	c := voteChart(newLocale("en"), "v", "t", "d", groups)
	var labels []svgText
	for _, tx := range c.Texts {
		if tx.Class == "label" {
			labels = append(labels, tx)
		}
	}
	if len(labels) != 2 {
		t.Fatalf("%d labels, want 2", len(labels))
	}
	if got := strings.Join(labels[0].Lines, " "); got != long {
		t.Errorf("label reads %q, want %q", got, long)
	}
	if len(labels[0].Lines) < 2 {
		t.Errorf("a label of %d characters on one line: %q", len(long), labels[0].Lines)
	}
	for _, line := range labels[0].Lines {
		if n := len([]rune(line)); n > labelChars || strings.Contains(line, "…") {
			t.Errorf("line %q: %d characters, want at most %d and no ellipsis", line, n, labelChars)
		}
	}
	if labels[1].Y <= labels[0].Y+lineH*float64(len(labels[0].Lines)) {
		t.Errorf("the second label (y %v) overlaps the first's %d lines (y %v)", labels[1].Y, len(labels[0].Lines), labels[0].Y)
	}
	if c.Scale != "" {
		t.Errorf("a vote chart has scale %q, want linear", c.Scale)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want []string
	}{
		{"Qatar", 10, []string{"Qatar"}},
		{"United Arab Emirates", 10, []string{"United", "Arab", "Emirates"}},
		{"Gaza reconstruction frame", 12, []string{"Gaza", "reconstructi", "on frame"}},
		{"", 10, []string{""}},
	}
	for _, tt := range tests {
		if got := wrap(tt.s, tt.n); !slices.Equal(got, tt.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

// The fund chart starts where the first fund received cash: its first tick says when.
func TestTimeTicksStart(t *testing.T) {
	from := time.Date(2026, 3, 3, 14, 0, 0, 0, time.UTC)
	to := time.Date(2026, 12, 7, 23, 59, 0, 0, time.UTC)
	got := timeTicks(from, to)
	if len(got) < 2 || !got[0].Equal(from) {
		t.Fatalf("ticks %v, want the start first and round dates after", got)
	}
	span := to.Sub(from)
	for i := 1; i < len(got); i++ {
		if gap := got[i].Sub(got[i-1]); float64(gap) < 0.3*float64(span) {
			t.Errorf("ticks %v and %v are %v apart: their labels would overlap on a phone", got[i-1], got[i], gap)
		}
	}
	l := newLocale("en")
	if s := tickDate(l, from, true); s != "3\u00a0Mar 2026" {
		t.Errorf("first tick %q", s)
	}
	if s := tickDate(l, got[1], false); strings.Contains(s, "2026") {
		t.Errorf("a later tick %q repeats the year", s)
	}
}
