package workload_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/workload"
	"github.com/peaceboard/peaceboard/scenario"
)

// demoState returns the state after the demo scenario: the base a treasury history is drawn on.
func demoState(t *testing.T, r *charter.Rules) *board.State {
	t.Helper()
	s := board.NewState(r.Organization.Chairman)
	for _, step := range scenario.Demo().Steps {
		events, err := board.Decide(s, r, step.Act)
		if step.ExpectRefused {
			continue
		}
		if err != nil {
			t.Fatalf("demo line %d: %v", step.Line, err)
		}
		s.Apply(step.Act.At, events)
	}
	return s
}

// canonical returns the acts' canonical bytes, one act a line.
func canonical(t *testing.T, acts []board.Act) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, a := range acts {
		c, err := a.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		b.Write(c)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// TestTreasuryHistoryIsReproducible: one seed on one state draws the same acts, byte for byte;
// another seed draws others; a history cannot start before the state's last act.
func TestTreasuryHistoryIsReproducible(t *testing.T) {
	r := charter.Default()
	draw := func(seed int64) ([]byte, workload.TreasuryStats) {
		s := demoState(t, r)
		acts, stats, err := workload.TreasuryHistory{Seed: seed, Steps: 120, Start: s.Last.Add(time.Hour)}.Generate(s, r)
		if err != nil {
			t.Fatal(err)
		}
		if len(acts) < 100 {
			t.Errorf("seed %d: %d acts kept of 120 drawn (%d refused); want most", seed, len(acts), stats.Refused)
		}
		return canonical(t, acts), stats
	}
	a, stats := draw(7)
	b, _ := draw(7)
	c, _ := draw(8)
	if !bytes.Equal(a, b) {
		t.Error("seed 7 drew two different histories")
	}
	if bytes.Equal(a, c) {
		t.Error("seeds 7 and 8 drew the same history")
	}
	if stats.Kinds["create-programme"] == 0 || stats.Kinds["receive"] == 0 {
		t.Errorf("the history has no programme or no receipt: %v", stats.Kinds)
	}

	s := demoState(t, r)
	if _, _, err := (workload.TreasuryHistory{Seed: 1, Steps: 1, Start: s.Last.Add(-time.Hour)}).Generate(s, r); err == nil {
		t.Error("a history starting before the state's last act was drawn")
	}
}
