package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/peaceboard/peaceboard/internal/engine"
)

// testCosignatures: none at first; saved, they come back by size then witness, across a
// reopen; a witness's second cosignature of one size replaces its first; a witness keeps its
// cosignature of the checkpoint published (keepFrom) and its latest, not those between; keepFrom
// forgets those of smaller checkpoints, in the same transaction; a failed save changes nothing.
func testCosignatures(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, reopen := newStore(t)
	if got := readCosignatures(t, s); len(got) != 0 {
		t.Fatalf("a new store has cosignatures: %v", got)
	}
	// Witness keys whose byte order is not the order of a locale's collation.
	wa, wb, wc := "b.example/w+0000000a+BAAA", "B.example/w+0000000b+BAAB", "a-example/w+0000000c+BAAC"
	line := func(w string, n int) string { return "— " + w[:11] + " sig" + string(rune('0'+n)) + "==\n" }
	save := func(keepFrom uint64, cs ...engine.StoredCosignature) {
		t.Helper()
		if err := s.SaveCosignatures(ctx, cs, keepFrom); err != nil {
			t.Fatal(err)
		}
	}
	check := func(s engine.Store, what string, want ...engine.StoredCosignature) {
		t.Helper()
		if got := readCosignatures(t, s); !slices.Equal(got, want) {
			t.Errorf("%s: Cosignatures = %v,\nwant %v", what, got, want)
		}
	}
	a5, b5, c3, c7 := engine.StoredCosignature{Size: 5, Witness: wa, Line: line(wa, 1)}, engine.StoredCosignature{Size: 5, Witness: wb, Line: line(wb, 1)},
		engine.StoredCosignature{Size: 3, Witness: wc, Line: line(wc, 1)}, engine.StoredCosignature{Size: 7, Witness: wc, Line: line(wc, 2)}
	save(0, a5, b5, c3)
	// By size, then by witness key in byte order ("B" < "a" < "b").
	check(s, "saved", c3, b5, a5)
	save(0, c7) // c's latest: its cosignature of 3 goes
	check(s, "c's latest saved", b5, a5, c7)
	again := engine.StoredCosignature{Size: 5, Witness: wa, Line: line(wa, 9)}
	a9, a11 := engine.StoredCosignature{Size: 9, Witness: wa, Line: line(wa, 3)}, engine.StoredCosignature{Size: 11, Witness: wa, Line: line(wa, 4)}
	save(5, again, a9)
	check(reopen(t), "a's replaced and its latest, reopened", b5, again, c7, a9)
	save(5, a11) // a keeps 5, published, and 11, its latest
	check(s, "a's latest beside the published one", b5, again, c7, a11)
	save(7)
	check(s, "keepFrom 7", c7, a11)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.SaveCosignatures(cancelled, []engine.StoredCosignature{{Size: 13, Witness: wc, Line: line(wc, 3)}}, 100); err == nil {
		t.Error("a save with an ended context succeeded")
	}
	check(s, "after a failed save", c7, a11)
}

func readCosignatures(t *testing.T, s engine.Store) []engine.StoredCosignature {
	t.Helper()
	var out []engine.StoredCosignature
	if err := s.Cosignatures(context.Background(), func(c engine.StoredCosignature) error { out = append(out, c); return nil }); err != nil {
		t.Fatalf("Cosignatures: %v", err)
	}
	return out
}
