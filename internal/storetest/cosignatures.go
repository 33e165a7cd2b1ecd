package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/peaceboard/peaceboard/internal/engine"
)

// testCosignatures: none at first; saved, they come back by size then witness, across a
// reopen; a witness's second cosignature of one size replaces its first; keepFrom forgets those
// of smaller checkpoints, in the same transaction; a failed save changes nothing.
func testCosignatures(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, reopen := newStore(t)
	if got := readCosignatures(t, s); len(got) != 0 {
		t.Fatalf("a new store has cosignatures: %v", got)
	}
	// Witness keys whose byte order is not the order of a locale's collation.
	wa, wb, wc := "b.example/w+0000000a+BAAA", "B.example/w+0000000b+BAAB", "a-example/w+0000000c+BAAC"
	line := func(w string, n int) string { return "— " + w[:11] + " sig" + string(rune('0'+n)) + "==\n" }
	first := []engine.StoredCosignature{
		{Size: 5, Witness: wa, Line: line(wa, 1)},
		{Size: 5, Witness: wb, Line: line(wb, 1)},
		{Size: 3, Witness: wc, Line: line(wc, 1)},
		{Size: 7, Witness: wc, Line: line(wc, 2)},
	}
	if err := s.SaveCosignatures(ctx, first, 0); err != nil {
		t.Fatal(err)
	}
	// By size, then by witness key in byte order ("B" < "a" < "b").
	want := []engine.StoredCosignature{first[2], first[1], first[0], first[3]}
	if got := readCosignatures(t, s); !slices.Equal(got, want) {
		t.Errorf("Cosignatures = %v,\nwant %v", got, want)
	}
	again := engine.StoredCosignature{Size: 5, Witness: wa, Line: line(wa, 9)}
	if err := s.SaveCosignatures(ctx, []engine.StoredCosignature{again}, 5); err != nil {
		t.Fatal(err)
	}
	want = []engine.StoredCosignature{first[1], again, first[3]}
	if got := readCosignatures(t, reopen(t)); !slices.Equal(got, want) {
		t.Errorf("after a replacement and keepFrom 5, reopened: %v,\nwant %v", got, want)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.SaveCosignatures(cancelled, []engine.StoredCosignature{{Size: 9, Witness: wa, Line: line(wa, 3)}}, 100); err == nil {
		t.Error("a save with an ended context succeeded")
	}
	if got := readCosignatures(t, s); !slices.Equal(got, want) {
		t.Errorf("after a failed save: %v,\nwant %v", got, want)
	}
}

func readCosignatures(t *testing.T, s engine.Store) []engine.StoredCosignature {
	t.Helper()
	var out []engine.StoredCosignature
	if err := s.Cosignatures(context.Background(), func(c engine.StoredCosignature) error { out = append(out, c); return nil }); err != nil {
		t.Fatalf("Cosignatures: %v", err)
	}
	return out
}
