package engine

import (
	"bufio"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// Snapshot policy: a snapshot is saved when the engine closes, and while it writes at most every
// snapshotInterval, if at least snapshotMin entries came since the last one. Opening a record
// restores the latest snapshot and applies only the events after it.
var (
	snapshotInterval        = 10 * time.Minute
	snapshotMin      uint64 = 1000
)

// A snapshotFile is what the store keeps: the state after the record's first Size entries, the
// tree's stored hashes at that size (tlog.StoredHashCount(Size) of them, 32 bytes each), and the
// record's acts (actSet.pack: sorted by hash). Opening checks the tree against the record's
// latest signed checkpoint: a snapshot of another record, or of a record since restored
// differently, does not fit. It is framed as snapshotMagic, Size, the length of State, State,
// Hashes, then Acts, so that restoring reads each part as a stream of its own.
type snapshotFile struct {
	Size   uint64
	State  []byte
	Hashes []byte
	Acts   []byte
}

const (
	snapshotMagic   = "peaceboard snapshot 2\n"
	snapshotHeadLen = len(snapshotMagic) + 8 + 8 // the magic, Size, and the length of State
)

func (f snapshotFile) encode() []byte {
	b := make([]byte, 0, len(snapshotMagic)+8+8+len(f.State)+len(f.Hashes)+len(f.Acts))
	b = append(b, snapshotMagic...)
	b = binary.BigEndian.AppendUint64(b, f.Size)
	b = binary.BigEndian.AppendUint64(b, uint64(len(f.State)))
	b = append(b, f.State...)
	b = append(b, f.Hashes...)
	return append(b, f.Acts...)
}

// snapshotHead reads a snapshot's magic, size and state length from r, and checks that n bytes
// in all can hold the snapshot they describe: it returns the size, and how many bytes the state,
// the hashes and the acts take.
func snapshotHead(r io.Reader, n int64) (size uint64, state, hashes, acts int64, err error) {
	head := make([]byte, snapshotHeadLen)
	if _, err := io.ReadFull(r, head); err != nil || string(head[:len(snapshotMagic)]) != snapshotMagic {
		return 0, 0, 0, 0, errors.New("snapshot: not one this version reads")
	}
	size = binary.BigEndian.Uint64(head[len(snapshotMagic):])
	stateLen := binary.BigEndian.Uint64(head[len(snapshotMagic)+8:])
	if size > 1<<48 {
		return 0, 0, 0, 0, errors.New("snapshot: damaged")
	}
	rest := uint64(max(0, n-int64(len(head))))
	h := uint64(tlog.StoredHashCount(int64(size))) * tlog.HashSize
	if stateLen > rest || h > rest-stateLen || (rest-stateLen-h)%uint64(packedAct) != 0 {
		return 0, 0, 0, 0, errors.New("snapshot: truncated")
	}
	return size, int64(stateLen), int64(h), int64(rest - stateLen - h), nil
}

// snapshot encodes the engine's state. The caller holds e.replica.mu, so that the state is of
// the committed entries only.
func (e *Engine) snapshot() (uint64, []byte, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	state, err := e.state.Snapshot()
	if err != nil {
		return 0, nil, err
	}
	acts := e.acts.pack(nil) // the caller holds e.replica.mu: no act is added meanwhile
	n := tlog.StoredHashCount(int64(e.next))
	hashes := e.tree.AppendStored(make([]byte, 0, n*tlog.HashSize), n)
	return e.next, snapshotFile{Size: e.next, State: state, Hashes: hashes, Acts: acts}.encode(), nil
}

// saveSnapshot saves a snapshot if at least snapshotMin entries came since the last. The caller
// holds e.replica.mu. A snapshot is a cache: failing to save one loses nothing.
func (e *Engine) saveSnapshot(ctx context.Context) error {
	if e.next < e.snapshotAt+snapshotMin {
		return nil
	}
	size, data, err := e.snapshot()
	if err != nil {
		return err
	}
	if err := e.store.SaveSnapshot(ctx, size, data); err != nil {
		return err
	}
	e.snapshotAt, e.snapshotSaved = size, time.Now()
	return nil
}

// A restoredState is a snapshot decoded: the state after the record's first size entries, the
// tree of those entries, and the record's acts.
type restoredState struct {
	size  uint64
	tree  record.Tree
	state *board.State
	acts  *actSet
}

// restoreSnapshot returns the store's latest snapshot, decoded, or nil if there is none.
//
// The snapshot's parts are read as streams: the state, whose entries decode on every core as
// they are read; meanwhile, the tree's hashes and the acts. A million acts' snapshot is 200 MB,
// of which only a few megabytes are held at once.
func restoreSnapshot(ctx context.Context, store Store) (*restoredState, error) {
	snap, err := store.Snapshot(ctx)
	if err != nil || snap == nil {
		return nil, err
	}
	defer snap.Data.Close()
	size, stateLen, hashesLen, actsLen, err := snapshotHead(io.NewSectionReader(snap.Data, 0, snap.Len), snap.Len)
	if err != nil {
		return nil, err
	}
	if size != snap.Size {
		return nil, fmt.Errorf("snapshot of %d entries stored as of %d", size, snap.Size)
	}
	var (
		wg       sync.WaitGroup
		state    *board.State
		stateErr error
		off      = int64(snapshotHeadLen)
	)
	wg.Go(func() { state, stateErr = board.RestoreState(io.NewSectionReader(snap.Data, off, stateLen), stateLen) })
	r := bufio.NewReaderSize(io.NewSectionReader(snap.Data, off+stateLen, hashesLen+actsLen), 1<<20)
	var tree record.Tree
	var h tlog.Hash
	for range hashesLen / tlog.HashSize {
		if _, err = io.ReadFull(r, h[:]); err != nil {
			break
		}
		tree.Load(h)
	}
	var acts *actSet
	if err == nil {
		acts, err = unpackActs(r, actsLen)
	}
	wg.Wait()
	if err = cmp.Or(stateErr, err); err != nil {
		return nil, err
	}
	if err := tree.Loaded(int64(size)); err != nil {
		return nil, err
	}
	return &restoredState{size: size, tree: tree, state: state, acts: acts}, nil
}
