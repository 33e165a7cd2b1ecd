package record

import (
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// A Tree is the log's RFC 6962 Merkle tree, kept as tlog's stored hashes: the hash of every
// complete subtree, indexed by tlog.StoredHashIndex. It answers roots, proofs and tiles for any
// size up to its own. It is not safe for concurrent use.
//
// The hashes are kept in pages of a fixed size, so that loading millions of them never copies
// them to grow one slice, and a grown tree wastes at most part of one page. A hash, once
// stored, never moves: see Frozen.
type Tree struct {
	pages []*page
	n     int64 // stored hashes
	size  int64
}

const (
	pageBits = 16
	pageSize = 1 << pageBits
)

type page [pageSize]tlog.Hash

func (t *Tree) at(i int64) tlog.Hash { return t.pages[i>>pageBits][i&(pageSize-1)] }

func (t *Tree) push(h tlog.Hash) {
	if t.n == int64(len(t.pages))<<pageBits {
		t.pages = append(t.pages, new(page))
	}
	t.pages[t.n>>pageBits][t.n&(pageSize-1)] = h
	t.n++
}

// cut keeps the first n stored hashes.
func (t *Tree) cut(n int64) {
	if n >= t.n {
		return
	}
	keep := int((n + pageSize - 1) >> pageBits)
	clear(t.pages[keep:])
	t.pages = t.pages[:keep]
	t.n = n
}

// A FrozenTree is a tree's first leaves, read-only. It shares the tree's hashes.
type FrozenTree struct{ t Tree }

// Frozen returns the tree of t's first size leaves (at most t's). It is safe to read while t
// grows, from any number of goroutines, as long as t is never truncated to fewer than size
// leaves: t only ever writes the hashes that come after.
func (t *Tree) Frozen(size int64) *FrozenTree {
	size = min(size, t.size)
	n := tlog.StoredHashCount(size)
	k := int((n + pageSize - 1) >> pageBits)
	return &FrozenTree{Tree{pages: t.pages[:k:k], n: n, size: size}}
}

// Size returns the number of leaves.
func (f *FrozenTree) Size() int64 { return f.t.size }

// Root returns the tree hash of the first n leaves.
func (f *FrozenTree) Root(n int64) (tlog.Hash, error) { return f.t.Root(n) }

// ProveInclusion returns the proof that leaf i is in the tree of the first n leaves.
func (f *FrozenTree) ProveInclusion(i, n int64) (tlog.RecordProof, error) {
	return f.t.ProveInclusion(i, n)
}

// ProveConsistency returns the proof that the tree of the first older leaves is a prefix of the
// tree of the first newer.
func (f *FrozenTree) ProveConsistency(older, newer int64) (tlog.TreeProof, error) {
	return f.t.ProveConsistency(older, newer)
}

// Tile returns a hash tile's data. The tree must hold it at the width asked for: see TileReady.
func (f *FrozenTree) Tile(p TilePath) ([]byte, error) { return f.t.Tile(p) }

// Size returns the number of leaves.
func (t *Tree) Size() int64 { return t.size }

// Hashes returns the number of stored hashes.
func (t *Tree) Hashes() int64 { return t.n }

// Load appends stored hashes read back from storage; they must continue the tree's, and once
// loading is done the tree must hold exactly the hashes of size leaves (see Loaded).
func (t *Tree) Load(h ...tlog.Hash) {
	for _, x := range h {
		t.push(x)
	}
}

// Loaded sets the tree's size after Load to size leaves, keeping the hashes of those leaves and
// dropping any loaded after them (stored for leaves appended since); it fails if fewer were
// loaded.
func (t *Tree) Loaded(size int64) error {
	want := tlog.StoredHashCount(size)
	if t.n < want {
		return fmt.Errorf("tree: %d stored hashes for %d leaves, want %d", t.n, size, want)
	}
	t.cut(want)
	t.size = size
	return nil
}

// Append adds a leaf and returns the stored hashes it added.
func (t *Tree) Append(leaf []byte) ([]tlog.Hash, error) {
	added, err := tlog.StoredHashes(t.size, leaf, t)
	if err != nil {
		return nil, err
	}
	t.Load(added...)
	t.size++
	return added, nil
}

// Truncate drops the leaves after the first size, undoing Appends that were not stored.
func (t *Tree) Truncate(size int64) {
	if size < t.size {
		t.cut(tlog.StoredHashCount(size))
		t.size = size
	}
}

// Since returns a copy of the stored hashes from index from on, to store after Appends.
func (t *Tree) Since(from int64) []tlog.Hash {
	out := make([]tlog.Hash, 0, max(t.n-from, 0))
	for i := from; i < t.n; i++ {
		out = append(out, t.at(i))
	}
	return out
}

// AppendStored appends the first n stored hashes to b, 32 bytes each, for Load to read back.
func (t *Tree) AppendStored(b []byte, n int64) []byte {
	for i := range min(n, t.n) {
		h := t.at(i)
		b = append(b, h[:]...)
	}
	return b
}

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

// TileReady reports whether the first n leaves fill hash tile p to its width. The leaves a
// tile covers end at (N*TileWidth+W) << (Level*TileHeight): that is compared with n shifted the
// other way, so that no tile's span can wrap int64 and seem to fit a small log (tile/2/<2^40>.p/1
// would wrap to 65,536 leaves, and be answered with tile/2/000.p/1's bytes).
func TileReady(p TilePath, n int64) bool {
	if p.N < 0 || p.N > 1<<40 || p.Level < 0 || p.Level > 7 || p.W < 1 || p.W > TileWidth || n < 0 {
		return false
	}
	end := p.N*TileWidth + int64(p.W)
	if p.Entries {
		return end <= n
	}
	return end <= n>>(uint(p.Level)*TileHeight)
}

// ReadHashes implements tlog.HashReader.
func (t *Tree) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= t.n {
			return nil, fmt.Errorf("tree: hash %d is not stored", x)
		}
		out[i] = t.at(x)
	}
	return out, nil
}
