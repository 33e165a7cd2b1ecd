package record

import (
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// A Tree is the log's RFC 6962 Merkle tree, kept as tlog's stored hashes: the hash of every
// complete subtree, indexed by tlog.StoredHashIndex. It answers roots, proofs and tiles for any
// size up to its own. It is not safe for concurrent use.
type Tree struct {
	hashes []tlog.Hash
	size   int64
}

// Size returns the number of leaves.
func (t *Tree) Size() int64 { return t.size }

// Hashes returns the number of stored hashes.
func (t *Tree) Hashes() int64 { return int64(len(t.hashes)) }

// Load appends stored hashes read back from storage; they must continue the tree's, and once
// loading is done the tree must hold exactly the hashes of size leaves (see Loaded).
func (t *Tree) Load(h ...tlog.Hash) { t.hashes = append(t.hashes, h...) }

// Loaded sets the tree's size after Load to size leaves, keeping the hashes of those leaves and
// dropping any loaded after them (stored for leaves appended since); it fails if fewer were
// loaded.
func (t *Tree) Loaded(size int64) error {
	want := tlog.StoredHashCount(size)
	if int64(len(t.hashes)) < want {
		return fmt.Errorf("tree: %d stored hashes for %d leaves, want %d", len(t.hashes), size, want)
	}
	t.hashes, t.size = t.hashes[:want], size
	return nil
}

// Append adds a leaf and returns the stored hashes it added.
func (t *Tree) Append(leaf []byte) ([]tlog.Hash, error) {
	added, err := tlog.StoredHashes(t.size, leaf, t)
	if err != nil {
		return nil, err
	}
	t.hashes = append(t.hashes, added...)
	t.size++
	return added, nil
}

// Truncate drops the leaves after the first size, undoing Appends that were not stored.
func (t *Tree) Truncate(size int64) {
	if size < t.size {
		t.hashes = t.hashes[:tlog.StoredHashCount(size)]
		t.size = size
	}
}

// Since returns the stored hashes from index from on, to store after Appends.
func (t *Tree) Since(from int64) []tlog.Hash { return t.hashes[from:] }

// Root returns the tree hash of the first n leaves.
func (t *Tree) Root(n int64) (tlog.Hash, error) { return tlog.TreeHash(n, t) }

// ProveInclusion returns the proof that leaf i is in the tree of the first n leaves.
func (t *Tree) ProveInclusion(i, n int64) (tlog.RecordProof, error) { return tlog.ProveRecord(n, i, t) }

// ProveConsistency returns the proof that the tree of the first older leaves is a prefix of the
// tree of the first newer.
func (t *Tree) ProveConsistency(older, newer int64) (tlog.TreeProof, error) {
	return tlog.ProveTree(newer, older, t)
}

// Tile returns a hash tile's data. The tree must hold it at the width asked for: see TileReady.
func (t *Tree) Tile(p TilePath) ([]byte, error) { return tlog.ReadTileData(p.Tile(), t) }

// TileReady reports whether the first n leaves fill hash tile p to its width.
func TileReady(p TilePath, n int64) bool {
	if p.N < 0 || p.N > 1<<40 || p.Level > 7 {
		return false
	}
	if p.Entries {
		return (p.N*TileWidth + int64(p.W)) <= n
	}
	span := int64(1) << (uint(p.Level) * TileHeight)
	end := (p.N*TileWidth + int64(p.W)) * span
	return end > 0 && end <= n
}

// ReadHashes implements tlog.HashReader.
func (t *Tree) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(t.hashes)) {
			return nil, fmt.Errorf("tree: hash %d is not stored", x)
		}
		out[i] = t.hashes[x]
	}
	return out, nil
}
