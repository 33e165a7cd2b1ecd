package engine

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// An actSet finds every act it was given, whether sorted or recent, before and after compact,
// pack and unpack, and no other; unpack sorts acts packed out of order and refuses damage.
func TestActSet(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	hash := func() actHash {
		var h actHash
		binary.BigEndian.PutUint64(h[:8], r.Uint64())
		binary.BigEndian.PutUint64(h[8:], r.Uint64())
		return h
	}
	want := map[actHash]uint64{}
	s := newActSet()
	check := func(stage string) {
		t.Helper()
		if s.len() != len(want) {
			t.Fatalf("%s: len = %d, want %d", stage, s.len(), len(want))
		}
		for h, i := range want {
			if got, ok := s.get(h); !ok || got != i {
				t.Fatalf("%s: get(%x) = %d, %v; want %d", stage, h, got, ok, i)
			}
		}
		for range 1000 {
			if i, ok := s.get(hash()); ok {
				t.Fatalf("%s: an act never added found, as entry %d", stage, i)
			}
		}
	}
	n := uint64(0)
	for round := range 4 {
		for range 500 * (round + 1) {
			h := hash()
			want[h] = n
			s.add(h, n)
			n++
		}
		check("added")
		if round%2 == 0 {
			s.compact()
			check("compacted")
		}
	}
	b := s.pack(nil)
	if len(s.recent) != 0 || len(b) != len(want)*packedAct {
		t.Fatalf("pack: %d recent after, %d bytes for %d acts", len(s.recent), len(b), len(want))
	}
	var err error
	if s, err = unpackActs(bytes.NewReader(b), int64(len(b))); err != nil {
		t.Fatal(err)
	}
	check("unpacked")

	// Acts packed out of order are sorted.
	swapped := append([]byte{}, b...)
	copy(swapped[:packedAct], b[packedAct:2*packedAct])
	copy(swapped[packedAct:2*packedAct], b[:packedAct])
	if s, err = unpackActs(bytes.NewReader(swapped), int64(len(swapped))); err != nil {
		t.Fatal(err)
	}
	check("unpacked out of order")

	if _, err := unpackActs(bytes.NewReader(b[:len(b)-1]), int64(len(b)-1)); err == nil {
		t.Error("unpackActs accepted truncated acts")
	}
	if _, err := unpackActs(bytes.NewReader(b[:len(b)-packedAct]), int64(len(b))); err == nil {
		t.Error("unpackActs accepted fewer acts than it was told")
	}
	twice := append(append([]byte{}, b...), b[:packedAct]...)
	if _, err := unpackActs(bytes.NewReader(twice), int64(len(twice))); err == nil {
		t.Error("unpackActs accepted an act twice")
	}
}
