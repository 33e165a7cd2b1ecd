package web

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Charts are inline SVG laid out here, on the server, and drawn by the "chart" template: no
// script and no chart library. Each has a title and a description (read by screen readers), a
// legend that names every colour, labels on its bars and lines, and its figures as a table.

// A chart is an SVG figure in a viewBox of W by H.
type chart struct {
	ID          string
	Title, Desc string
	W, H        float64
	Lines       []svgLine
	Bars        []svgBar
	Paths       []svgPath
	Texts       []svgText
	Legend      []legendItem
	Table       chartTable
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

type svgText struct {
	X, Y                float64
	Text, Anchor, Class string
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

// stepChart lays out series over [from, to] as step lines, with a y axis from zero, ticks and
// labels written by tick (for the y axis) and the locale (for dates). Each line ends with its
// last value written beside it.
func stepChart(l *locale, id, title, desc string, from, to time.Time, ss []series, tick func(float64) string) chart {
	c := chart{ID: id, Title: title, Desc: desc, W: 720, H: 300}
	const left, right, top, bottom = 64.0, 110.0, 16.0, 36.0
	plotW, plotH := c.W-left-right, c.H-top-bottom
	if !to.After(from) {
		to = from.Add(24 * time.Hour)
	}
	maxV := 0.0
	for _, s := range ss {
		for _, p := range s.Points {
			maxV = math.Max(maxV, p.V)
		}
	}
	yTicks := niceTicks(maxV, 5)
	yMax := yTicks[len(yTicks)-1]
	x := func(t time.Time) float64 {
		f := float64(t.Sub(from)) / float64(to.Sub(from))
		return left + math.Max(0, math.Min(1, f))*plotW
	}
	y := func(v float64) float64 { return top + plotH - v/yMax*plotH }
	for _, v := range yTicks {
		c.Lines = append(c.Lines, svgLine{X1: left, Y1: y(v), X2: left + plotW, Y2: y(v), Class: "grid"})
		c.Texts = append(c.Texts, svgText{X: left - 6, Y: y(v) + 4, Text: tick(v), Anchor: "end"})
	}
	for _, t := range dateTicks(from, to, 6) {
		c.Lines = append(c.Lines, svgLine{X1: x(t), Y1: top + plotH, X2: x(t), Y2: top + plotH + 5, Class: "axis"})
		c.Texts = append(c.Texts, svgText{X: x(t), Y: top + plotH + 20, Text: l.DateShort(t), Anchor: "middle"})
	}
	c.Lines = append(c.Lines,
		svgLine{X1: left, Y1: top, X2: left, Y2: top + plotH, Class: "axis"},
		svgLine{X1: left, Y1: top + plotH, X2: left + plotW, Y2: top + plotH, Class: "axis"})
	for _, s := range ss {
		var d strings.Builder
		last := 0.0
		fmt.Fprintf(&d, "M%.1f %.1f", left, y(0))
		for _, p := range s.Points {
			if p.At.After(to) {
				break
			}
			fmt.Fprintf(&d, " H%.1f V%.1f", x(p.At), y(p.V))
			last = p.V
		}
		fmt.Fprintf(&d, " H%.1f", left+plotW)
		c.Paths = append(c.Paths, svgPath{D: d.String(), Class: s.Class, Title: l.f("chart.point", s.Label, tick(last))})
		c.Texts = append(c.Texts, svgText{X: left + plotW + 6, Y: y(last) + 4, Text: tick(last), Anchor: "start", Class: "value"})
		c.Legend = append(c.Legend, legendItem{Class: s.Class, Label: s.Label})
	}
	return c
}

// A barGroup is one row of a bar chart: a label and one value per series (grouped bars) or per
// segment (a stacked bar).
type barGroup struct {
	Label  string
	Values []float64
}

// barChart lays out horizontal bars, one row per group. Grouped, each series has its own bar
// in the row; stacked, the values are segments of one bar. Every bar is labelled with its value
// (written by label); segments too narrow for their label are labelled by their tooltip and the
// table.
func barChart(id, title, desc string, groups []barGroup, names, classes []string, stacked bool, label func(float64) string) chart {
	const left, right, top = 200.0, 90.0, 8.0
	barH, gap := 16.0, 12.0
	rowH := barH*float64(len(names)) + gap
	if stacked {
		rowH = barH + 8 + gap
	}
	c := chart{ID: id, Title: title, Desc: desc, W: 720}
	c.H = top + rowH*float64(len(groups)) + 8
	plotW := c.W - left - right
	maxV := 0.0
	for _, g := range groups {
		sum := 0.0
		for _, v := range g.Values {
			maxV = math.Max(maxV, v)
			sum += v
		}
		if stacked {
			maxV = math.Max(maxV, sum)
		}
	}
	if maxV == 0 {
		maxV = 1
	}
	w := func(v float64) float64 { return v / maxV * plotW }
	for i, g := range groups {
		y0 := top + float64(i)*rowH
		c.Texts = append(c.Texts, svgText{X: left - 8, Y: y0 + rowH/2 - gap/2 + 4, Text: clip(g.Label, 26), Anchor: "end"})
		if stacked {
			x := left
			for k, v := range g.Values {
				if v <= 0 {
					continue
				}
				c.Bars = append(c.Bars, svgBar{X: x, Y: y0, W: w(v), H: barH + 8, Class: classes[k], Title: names[k] + ": " + label(v)})
				if w(v) >= 28 && classes[k] != "k-absent" {
					c.Texts = append(c.Texts, svgText{X: x + w(v)/2, Y: y0 + barH/2 + 8, Text: label(v), Anchor: "middle", Class: "value on-bar"})
				}
				x += w(v)
			}
			continue
		}
		for k, v := range g.Values {
			y := y0 + float64(k)*barH
			if v <= 0 {
				continue // the table has it; a bar of nothing would only add noise
			}
			c.Bars = append(c.Bars, svgBar{X: left, Y: y, W: w(v), H: barH - 2, Class: classes[k], Title: g.Label + ", " + names[k] + ": " + label(v)})
			c.Texts = append(c.Texts, svgText{X: left + w(v) + 4, Y: y + barH - 5, Text: label(v), Anchor: "start", Class: "value"})
		}
	}
	c.Lines = append(c.Lines, svgLine{X1: left, Y1: top - 4, X2: left, Y2: c.H - 4, Class: "axis"})
	for k := range names {
		c.Legend = append(c.Legend, legendItem{Class: classes[k], Label: names[k]})
	}
	return c
}

// clip shortens a label to n characters, with an ellipsis; the table has it in full.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
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
