package engine

import (
	"context"
	"errors"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// ErrTileNotReady is returned for a tile the tree has not yet filled to the width asked for.
var ErrTileNotReady = errors.New("tile not yet in the log")

// HashTile returns the data of a hash tile (C2SP tlog-tiles), or a NotFound error when the tree
// does not yet hold it at the width asked for.
func (e *Engine) HashTile(p record.TilePath) ([]byte, error) {
	if p.Entries {
		return nil, board.Errorf(board.Invalid, "not a hash tile: %s", p)
	}
	t := e.committed.Load()
	if !record.TileReady(p, t.Size()) {
		return nil, board.Errorf(board.NotFound, "%s: %v", p, ErrTileNotReady)
	}
	data, err := t.Tile(p)
	if err != nil {
		return nil, board.Internalf(err, "tile %s", p)
	}
	return data, nil
}

// EntryBundle returns an entry bundle (C2SP tlog-tiles): the leaf bytes of entries
// [N*256, N*256+W), or a NotFound error when the log does not yet hold them.
func (e *Engine) EntryBundle(ctx context.Context, p record.TilePath) ([]byte, error) {
	if !p.Entries {
		return nil, board.Errorf(board.Invalid, "not an entry bundle: %s", p)
	}
	if !record.TileReady(p, int64(e.Len())) {
		return nil, board.Errorf(board.NotFound, "%s: %v", p, ErrTileNotReady)
	}
	from := uint64(p.N) * record.TileWidth
	to := from + uint64(p.W)
	var bundle []byte
	errDone := errors.New("done")
	err := e.store.Entries(ctx, from, func(en record.Entry) error {
		if en.Index >= to {
			return errDone
		}
		var err error
		bundle, err = record.AppendBundleEntry(bundle, en.Leaf().Bytes())
		return err
	})
	if err != nil && !errors.Is(err, errDone) {
		return nil, err
	}
	return bundle, nil
}

// Prove returns the inclusion proof of entry i in the tree of the first size entries.
func (e *Engine) Prove(i, size uint64) (tlog.RecordProof, error) {
	t := e.committed.Load()
	if i >= size || int64(size) > t.Size() {
		return nil, board.Errorf(board.NotFound, "no entry %d in a tree of %d (the log has %d)", i, size, t.Size())
	}
	return t.ProveInclusion(int64(i), int64(size))
}

// ProveConsistency returns the proof that the tree of the first older entries is a prefix of the
// tree of the first newer.
func (e *Engine) ProveConsistency(older, newer uint64) (tlog.TreeProof, error) {
	t := e.committed.Load()
	if older > newer || int64(newer) > t.Size() {
		return nil, board.Errorf(board.NotFound, "no consistency proof from %d to %d (the log has %d)", older, newer, t.Size())
	}
	return t.ProveConsistency(int64(older), int64(newer))
}

// Receipt returns the receipt of entry i against the published checkpoint (Published: with
// its witnesses' cosignatures) when it covers the entry, else against the latest.
func (e *Engine) Receipt(ctx context.Context, i uint64) (record.Receipt, error) {
	cp := e.Published()
	if i >= cp.Size {
		e.mu.RLock()
		cp = e.checkpoint
		e.mu.RUnlock()
	}
	if i >= cp.Size {
		return record.Receipt{}, board.Errorf(board.NotFound, "no entry %d (the log has %d)", i, cp.Size)
	}
	proof, err := e.Prove(i, cp.Size)
	if err != nil {
		return record.Receipt{}, err
	}
	var leaf []byte
	errDone := errors.New("done")
	if err := e.store.Entries(ctx, i, func(en record.Entry) error {
		leaf = en.Leaf().Bytes()
		return errDone
	}); err != nil && !errors.Is(err, errDone) {
		return record.Receipt{}, err
	}
	return record.Receipt{Index: i, Leaf: leaf, LeafHash: tlog.RecordHash(leaf), Checkpoint: string(cp.Note), Proof: proof}, nil
}

// TreeRoot returns the Merkle root of the tree of the first size entries (an export states it:
// internal/export).
func (e *Engine) TreeRoot(size uint64) (tlog.Hash, error) {
	t := e.committed.Load()
	if int64(size) > t.Size() {
		return tlog.Hash{}, board.Errorf(board.NotFound, "no tree of %d entries (the log has %d)", size, t.Size())
	}
	return t.Root(int64(size))
}
