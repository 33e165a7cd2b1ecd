package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Charts are inline SVG laid out here, on the server, and drawn by the "chart" template: no
// script and no chart library. Each has a title and a description (read by screen readers), a
// legend that names every colour, labels on its bars and lines, and its figures as a table.
//
// A chart's SVG has no viewBox: it is as wide as its container and H pixels high, so that its
// text keeps the style sheet's size at every width. (A chart drawn in a fixed viewBox is scaled
// as a whole: 12-pixel labels laid out for 720 units shrink to 6 pixels on a phone.) Text is
// placed at a percentage of the width plus an offset in pixels; what must stretch with the
// width (bars, lines, grid) is drawn in the chart's plot, a nested SVG whose viewBox is
// stretched horizontally only.

// plotUnits is the width of a plot's viewBox: a plot's horizontal coordinates run from 0 to
// plotUnits, whatever its width in pixels; its vertical ones are pixels.
const plotUnits = 1000.0

// A chart is an SVG figure H pixels high, as wide as the page.
type chart struct {
	ID          string
	Title, Desc string
	// Scale says how to read the chart's scale when it is not the plain linear one, as a
	// sentence; it is shown beside the chart and said in its description.
	Scale  string
	H      float64
	Plot   plot
	Texts  []svgText
	Legend []legendItem
	Table  chartTable
}

// A plot is the part of a chart that stretches: X and W are percentages of the chart's width,
// Y and H pixels; what it holds is in plot units across (0 to plotUnits) and pixels down.
type plot struct {
	X, W, Y, H float64
	Lines      []svgLine
	Bars       []svgBar
	Paths      []svgPath
}

type svgLine struct {
	X1, Y1, X2, Y2 float64
	Class          string
}

type svgBar struct {
	X, Y, W, H   float64
	Class, Title string
}

type svgPath struct {
	D, Class, Title string
}

// An svgText is placed at X percent of the chart's width, moved DX pixels, its baseline at Y
// pixels. A label too long for a phone's width has several Lines, one below the other.
type svgText struct {
	X, DX, Y      float64
	Lines         []string
	Anchor, Class string
}

// textAt returns a one-line svgText.
func textAt(x, dx, y float64, s, anchor, class string) svgText {
	return svgText{X: x, DX: dx, Y: y, Lines: []string{s}, Anchor: anchor, Class: class}
}

type legendItem struct{ Class, Label string }

// chartTable is a chart's figures: the first column names the row, the others are figures.
type chartTable struct {
	Summary string
	Head    []string
	Rows    [][]string
}

// A series is one line of a step chart: a value that holds from each point's instant until the
// next point's.
type series struct {
	Label, Class string
	Points       []point
}

type point struct {
	At time.Time
	V  float64
}

// Layout constants. narrowPx is the narrowest plot the layouts are made for: a 360-pixel phone
// less the page's margins. lineH is the height of a line of label text (12 pixels, spaced).
const (
	narrowPx = 320.0
	lineH    = 16.0
	// labelChars is how many characters of a bar's label fit on a line at narrowPx.
	labelChars = 44
)

// stepChart lays out series over [from, to] as step lines, with a y axis from zero, ticks and
// labels written by tick (for the y axis) and the locale (for dates): a tick at from, where the
// chart starts, then round dates. Each line's last value is written above its end.
func stepChart(l *locale, id, title, desc string, from, to time.Time, ss []series, tick func(float64) string) chart {
	// The margins are percentages: on a phone, the left one holds « 150 M $US »; the right one
	// only the half of a date, since each line's last value is written above its end.
	const left, width, top, bottom = 20.0, 76.0, 16.0, 36.0
	c := chart{ID: id, Title: title, Desc: desc, H: 300}
	c.Plot = plot{X: left, W: width, Y: top, H: c.H - top - bottom}
	p := &c.Plot
	if !to.After(from) {
		to = from.Add(24 * time.Hour)
	}
	maxV := 0.0
	for _, s := range ss {
		for _, pt := range s.Points {
			maxV = math.Max(maxV, pt.V)
		}
	}
	yTicks := niceTicks(maxV, 5)
	yMax := yTicks[len(yTicks)-1]
	frac := func(t time.Time) float64 {
		return math.Max(0, math.Min(1, float64(t.Sub(from))/float64(to.Sub(from))))
	}
	y := func(v float64) float64 { return p.H - v/yMax*p.H } // in the plot
	for _, v := range yTicks {
		p.Lines = append(p.Lines, svgLine{X1: 0, Y1: y(v), X2: plotUnits, Y2: y(v), Class: "grid"})
		c.Texts = append(c.Texts, textAt(left, -6, top+y(v)+4, tick(v), "end", ""))
	}
	for i, t := range timeTicks(from, to) {
		f := frac(t)
		p.Lines = append(p.Lines, svgLine{X1: f * plotUnits, Y1: p.H, X2: f * plotUnits, Y2: p.H + 5, Class: "axis"})
		label, anchor := tickDate(l, t, i == 0 || t.Month() == time.January), "middle"
		if (1-f)*width/100*narrowPx < textPx(label)/2 {
			anchor = "end" // centred, it would reach past the chart's right edge on a phone
		}
		c.Texts = append(c.Texts, textAt(left+f*width, 0, top+p.H+20, label, anchor, "tick"))
	}
	p.Lines = append(p.Lines,
		svgLine{X1: 0, Y1: 0, X2: 0, Y2: p.H, Class: "axis"},
		svgLine{X1: 0, Y1: p.H, X2: plotUnits, Y2: p.H, Class: "axis"})
	for _, s := range ss {
		var d strings.Builder
		last := 0.0
		fmt.Fprintf(&d, "M0 %.1f", y(0))
		for _, pt := range s.Points {
			if pt.At.After(to) {
				break
			}
			fmt.Fprintf(&d, " H%.1f V%.1f", frac(pt.At)*plotUnits, y(pt.V))
			last = pt.V
		}
		fmt.Fprintf(&d, " H%.1f", plotUnits)
		p.Paths = append(p.Paths, svgPath{D: d.String(), Class: s.Class, Title: l.f("chart.point", s.Label, tick(last))})
		c.Texts = append(c.Texts, textAt(left+width, 0, top+y(last)-6, tick(last), "end", "value"))
		c.Legend = append(c.Legend, legendItem{Class: s.Class, Label: s.Label})
	}
	return c
}

// timeTicks returns the instants a time axis over [from, to] is marked at: from itself, so that
// a reader sees where the line starts, then round dates (dateTicks) far enough from the previous
// mark for their labels not to overlap on a phone.
func timeTicks(from, to time.Time) []time.Time {
	const minGap = 0.3 // of the axis: a label of "1 Sep" or « 1er sept. » is under a third of it at narrowPx
	span := float64(to.Sub(from))
	out := []time.Time{from}
	for _, t := range dateTicks(from, to, 4) {
		if float64(t.Sub(out[len(out)-1]))/span >= minGap {
			out = append(out, t)
		}
	}
	return out
}

// tickDate writes a date of a time axis short: with its year on the first tick and in January
// ("3 Mar 2026", "1 Jun", "1 Jan 2027"), without it elsewhere, so that four fit on a phone.
func tickDate(l *locale, t time.Time, withYear bool) string {
	s := l.DateShort(t)
	if withYear {
		return s
	}
	return strings.TrimSuffix(s, " "+strconv.Itoa(t.UTC().Year()))
}

// A barGroup is one row of a bar chart: a label and one value per series (grouped bars) or per
// segment (a stacked bar).
type barGroup struct {
	Label  string
	Values []float64
}

// A scale maps a bar's value to its length, as a fraction of the plot's width.
type scale struct {
	Log    bool
	lo, hi float64 // a log scale's bounds, powers of ten; a linear scale's maximum is hi
}

// logSpread is the ratio of the largest to the smallest bar beyond which a linear scale would
// leave the smallest under 1% of the largest, a sliver nobody sees; a log scale is then chosen.
const logSpread = 100

// minBar is the shortest a bar of more than nothing is drawn, as a fraction of the plot: at
// least 3 pixels on a phone.
const minBar = 3 / narrowPx

// chooseScale returns the scale for bars of values: linear from zero, unless the largest value
// is more than logSpread times the smallest above zero and log is allowed (the bars are not
// stacked: segments have no meaning on a log scale). A log scale runs from a power of ten at
// least half a decade below the smallest value, so that the smallest bar is long enough to
// compare, to the power of ten at or above the largest.
func chooseScale(values []float64, allowLog bool) scale {
	lo, hi := math.Inf(1), 0.0
	for _, v := range values {
		if v > 0 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if hi == 0 {
		return scale{hi: 1}
	}
	if !allowLog || hi/lo <= logSpread {
		return scale{hi: hi}
	}
	return scale{Log: true, lo: math.Pow(10, math.Floor(math.Log10(lo)-0.5)), hi: math.Pow(10, math.Ceil(math.Log10(hi)))}
}

// frac returns the length of a bar of v, a fraction of the plot: 0 for nothing, at least
// minBar for anything more.
func (s scale) frac(v float64) float64 {
	if v <= 0 {
		return 0
	}
	f := v / s.hi
	if s.Log {
		f = math.Log10(v/s.lo) / math.Log10(s.hi/s.lo)
	}
	return math.Min(1, math.Max(minBar, f))
}

// decades returns a log scale's gridlines: each power of ten from lo to hi.
func (s scale) decades() []float64 {
	var out []float64
	for v := s.lo; v <= s.hi*1.0001; v *= 10 {
		out = append(out, v)
	}
	return out
}

// barChart lays out horizontal bars, one row per group, each row's label above its bars so that
// it has the page's whole width (a long title wraps, never cut). Grouped, each series has its
// own bar in the row; stacked, the values are segments of one bar. Every bar is labelled with
// its value (written by label) at its end; segments too narrow for their label are labelled by
// their tooltip and the table. Grouped bars whose values spread too far for a linear scale are
// drawn on a logarithmic one (chooseScale), said in the chart's title, description and Scale.
func barChart(l *locale, id, title, desc string, groups []barGroup, names, classes []string, stacked bool, label func(float64) string) chart {
	// Grouped, the plot leaves a fifth of the width for the value written at the end of the
	// longest bar; stacked, values are written on the segments and the bar takes it all.
	plotW, barH := 80.0, 16.0
	if stacked {
		plotW, barH = 100, 24
	}
	c := chart{ID: id, Title: title, Desc: desc}
	var all []float64
	for _, g := range groups {
		sum := 0.0
		for _, v := range g.Values {
			sum += v
		}
		if stacked {
			all = append(all, sum)
		} else {
			all = append(all, g.Values...)
		}
	}
	sc := chooseScale(all, !stacked)
	y := 4.0
	p := &c.Plot
	var grid []float64 // where a log scale's gridlines are, as fractions of the plot
	if sc.Log {
		c.Title = l.f("chart.log.title", title)
		c.Scale = l.t("chart.log.scale")
		c.Desc = desc + " " + c.Scale
		grid = c.decadeLabels(sc, plotW, 12, label)
		y += lineH
	}
	for _, g := range groups {
		lines := wrap(g.Label, labelChars)
		c.Texts = append(c.Texts, svgText{X: 0, Y: y + 12, Lines: lines, Class: "label"})
		y += lineH*float64(len(lines)) + 2
		if stacked {
			x := 0.0
			for k, v := range g.Values {
				f := sc.frac(v)
				if f == 0 {
					continue
				}
				p.Bars = append(p.Bars, svgBar{X: x * plotUnits, Y: y, W: f * plotUnits, H: barH, Class: classes[k], Title: names[k] + ": " + label(v)})
				// A segment's label needs about 28 pixels: so much of a phone's plot.
				if f*plotW/100*narrowPx >= 28 && classes[k] != "k-absent" {
					c.Texts = append(c.Texts, textAt((x+f/2)*plotW, 0, y+barH/2+4, label(v), "middle", "value on-bar"))
				}
				x += f
			}
			y += barH + 14
			continue
		}
		for k, v := range g.Values {
			f := sc.frac(v)
			if f == 0 {
				continue // the table has it; a bar of nothing would only add noise
			}
			p.Bars = append(p.Bars, svgBar{X: 0, Y: y, W: f * plotUnits, H: barH - 2, Class: classes[k], Title: g.Label + ", " + names[k] + ": " + label(v)})
			c.Texts = append(c.Texts, textAt(f*plotW, 4, y+barH-4, label(v), "start", "value"))
			y += barH
		}
		y += 14
	}
	c.H = y
	p.X, p.W, p.Y, p.H = 0, plotW, 0, y
	for _, f := range grid {
		p.Lines = append(p.Lines, svgLine{X1: f * plotUnits, Y1: lineH, X2: f * plotUnits, Y2: y - 10, Class: "grid"})
	}
	p.Lines = append(p.Lines, svgLine{X1: 0, Y1: 0, X2: 0, Y2: y - 10, Class: "axis"})
	for k := range names {
		c.Legend = append(c.Legend, legendItem{Class: classes[k], Label: names[k]})
	}
	return c
}

// decadeLabels writes a log scale's decades along the top of a bar chart whose plot is plotW
// percent of its width, their baseline at y, and returns where their gridlines go, as fractions
// of the plot. Every decade has its gridline; one is labelled only where its label, as wide as it
// would be on a phone, leaves room after the previous one (« 100 k $US » is long).
func (c *chart) decadeLabels(sc scale, plotW, y float64, label func(float64) string) []float64 {
	var grid []float64
	right := math.Inf(-1)
	for _, v := range sc.decades() {
		f := 0.0 // the scale's start, which frac would lift to minBar
		if v > sc.lo {
			f = sc.frac(v)
		}
		grid = append(grid, f)
		s, at, anchor := label(v), f*plotW/100*narrowPx, "middle"
		w := textPx(s)
		start := at - w/2
		if f == 0 {
			start, anchor = at, "start"
		}
		if start >= right+8 {
			c.Texts = append(c.Texts, textAt(f*plotW, 0, y, s, anchor, "tick"))
			right = start + w
		}
	}
	return grid
}

// textPx is a generous estimate of the width of s in pixels, in the charts' 12-pixel type.
func textPx(s string) float64 { return 7.5 * float64(len([]rune(s))) }

// wrap breaks s into lines of at most n characters, between words; a word longer than n is
// broken. Nothing is left out: a label is never cut.
func wrap(s string, n int) []string {
	var lines []string
	var line []rune
	for _, word := range strings.Fields(s) {
		w := []rune(word)
		if len(line) > 0 && len(line)+1+len(w) > n {
			lines, line = append(lines, string(line)), nil
		}
		for len(w) > n {
			if len(line) > 0 {
				lines, line = append(lines, string(line)), nil
			}
			lines, w = append(lines, string(w[:n])), w[n:]
		}
		if len(line) > 0 {
			line = append(line, ' ')
		}
		line = append(line, w...)
	}
	if len(line) > 0 || len(lines) == 0 {
		lines = append(lines, string(line))
	}
	return lines
}

// niceTicks returns about n round values from 0 to at least max: 0, 5, 10, 15; 0, 2bn, 4bn.
func niceTicks(max float64, n int) []float64 {
	if max <= 0 {
		return []float64{0, 1}
	}
	raw := max / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if step < 1 && max >= 1 {
		step = 1
	}
	var out []float64
	for v := 0.0; ; v += step {
		out = append(out, v)
		if v >= max {
			break
		}
	}
	return out
}

// dateTicks returns at most about n instants between from and to at a round interval: days,
// weeks, months, quarters or years.
func dateTicks(from, to time.Time, n int) []time.Time {
	days := to.Sub(from).Hours() / 24
	type step struct{ y, m, d int }
	steps := []step{{0, 0, 1}, {0, 0, 2}, {0, 0, 7}, {0, 0, 14}, {0, 1, 0}, {0, 2, 0}, {0, 3, 0}, {0, 6, 0}, {1, 0, 0}, {2, 0, 0}, {5, 0, 0}, {10, 0, 0}}
	chosen := steps[len(steps)-1]
	for _, s := range steps {
		if days/float64(s.y*365+s.m*30+s.d) <= float64(n) {
			chosen = s
			break
		}
	}
	start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case chosen.y > 0:
		start = time.Date(from.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	case chosen.m > 0:
		start = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	var out []time.Time
	for t := start; !t.After(to); t = t.AddDate(chosen.y, chosen.m, chosen.d) {
		if !t.Before(from) {
			out = append(out, t)
		}
	}
	return out
}
