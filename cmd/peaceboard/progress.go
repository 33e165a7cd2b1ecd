package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progress draws a progress bar on a terminal, and nothing when the output is piped.
type progress struct {
	w     io.Writer
	label string
	total int
	last  int
	tty   bool // w is a terminal
	on    bool // drawing: on a terminal, with a known total
}

func newProgress(w io.Writer, label string, total int) *progress {
	f, ok := w.(*os.File)
	on := false
	if ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			on = true
		}
	}
	return &progress{w: w, label: label, total: total, tty: on, on: on && total > 0, last: -1}
}

func (p *progress) set(done int) {
	if !p.on {
		return
	}
	pct := done * 100 / p.total
	if pct == p.last {
		return
	}
	p.last = pct
	const width = 30
	n := pct * width / 100
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%% %d/%d", p.label, strings.Repeat("#", n), strings.Repeat(".", width-n), pct, done, p.total)
}

// update is set for work whose total is learned along the way.
func (p *progress) update(done, total int) {
	p.total = total
	p.on = p.tty && total > 0
	p.set(done)
}

func (p *progress) done() {
	if p.on && p.last >= 0 {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
