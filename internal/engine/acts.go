package engine

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/peaceboard/peaceboard/board"
)

// An actSet holds the acts of a record by a hash of their canonical bytes, with each act's
// entry: an act is recorded once. A client retrying after it lost an answer, or anyone
// submitting again a signed act copied from the public record, gets a conflict that names the
// entry holding it. Acts meant to happen twice differ in their time or their content.
//
// Most acts are kept in a slice sorted by hash, 24 bytes each and nothing for the garbage
// collector to scan (a map took 55 bytes an act: 55 MB for a million); the acts added since the
// last compact are kept in a map. Snapshots hold the sorted slice, so restoring one builds no map.
type actSet struct {
	sorted []actEntry
	recent map[actHash]uint64
}

// An actHash is the first 128 bits of the SHA-256 of an act's canonical bytes.
type actHash [16]byte

// An actEntry is an act's hash and the index of the entry holding it.
type actEntry struct {
	hash  actHash
	index uint64
}

func hashAct(canonical []byte) actHash {
	sum := sha256.Sum256(canonical)
	return actHash(sum[:16])
}

func newActSet() *actSet { return &actSet{recent: map[actHash]uint64{}} }

// compareHashes orders hashes as big-endian numbers, like bytes.Compare.
func compareHashes(a, b actHash) int {
	return cmp.Or(cmp.Compare(binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(b[:8])),
		cmp.Compare(binary.BigEndian.Uint64(a[8:]), binary.BigEndian.Uint64(b[8:])))
}

func compareEntries(a, b actEntry) int { return compareHashes(a.hash, b.hash) }

// get returns the index of the entry that holds the act with hash h.
func (s *actSet) get(h actHash) (uint64, bool) {
	if i, ok := s.recent[h]; ok {
		return i, true
	}
	k, ok := slices.BinarySearchFunc(s.sorted, h, func(e actEntry, h actHash) int { return compareHashes(e.hash, h) })
	if !ok {
		return 0, false
	}
	return s.sorted[k].index, true
}

// add records that entry i holds the act with hash h.
func (s *actSet) add(h actHash, i uint64) { s.recent[h] = i }

// len returns the number of acts.
func (s *actSet) len() int { return len(s.sorted) + len(s.recent) }

// compact merges the recent acts into the sorted ones.
func (s *actSet) compact() {
	if len(s.recent) == 0 {
		return
	}
	add := make([]actEntry, 0, len(s.recent))
	for h, i := range s.recent {
		add = append(add, actEntry{h, i})
	}
	slices.SortFunc(add, compareEntries)
	merged := make([]actEntry, 0, len(s.sorted)+len(add))
	a, b := s.sorted, add
	for len(a) > 0 && len(b) > 0 {
		if compareEntries(a[0], b[0]) <= 0 {
			merged, a = append(merged, a[0]), a[1:]
		} else {
			merged, b = append(merged, b[0]), b[1:]
		}
	}
	merged = append(append(merged, a...), b...)
	s.sorted, s.recent = merged, map[actHash]uint64{}
}

// packedAct is the size of an act packed: its hash, then its entry's index (big-endian).
const packedAct = len(actHash{}) + 8

// pack compacts the set and appends its acts to b, packed, in order.
func (s *actSet) pack(b []byte) []byte {
	s.compact()
	b = slices.Grow(b, len(s.sorted)*packedAct)
	for _, e := range s.sorted {
		b = append(b, e.hash[:]...)
		b = binary.BigEndian.AppendUint64(b, e.index)
	}
	return b
}

// unpackActs reads n bytes of acts packed by pack into a new set, sorting them should they not
// be in order.
func unpackActs(r io.Reader, n int64) (*actSet, error) {
	if n%int64(packedAct) != 0 {
		return nil, errors.New("acts: truncated")
	}
	sorted := make([]actEntry, n/int64(packedAct))
	var p [packedAct]byte
	for i := range sorted {
		if _, err := io.ReadFull(r, p[:]); err != nil {
			return nil, fmt.Errorf("acts: %w", err)
		}
		sorted[i] = actEntry{actHash(p[:len(actHash{})]), binary.BigEndian.Uint64(p[len(actHash{}):])}
	}
	if !slices.IsSortedFunc(sorted, compareEntries) {
		slices.SortFunc(sorted, compareEntries)
	}
	for i := 1; i < len(sorted); i++ {
		if sorted[i].hash == sorted[i-1].hash {
			return nil, errors.New("acts: an act twice")
		}
	}
	return &actSet{sorted: sorted, recent: map[actHash]uint64{}}, nil
}

// duplicate is the answer to an act that the record holds already, as entry i.
func duplicate(i uint64) error {
	return board.Errorf(board.Conflict, "this act is already in the record, as entry %d", i)
}
