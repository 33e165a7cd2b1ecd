package engine

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
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
// record's acts (actSet) packed as hash and index. Opening checks the tree against the record's
// latest signed checkpoint: a snapshot of another record, or of a record since restored
// differently, does not fit. It is framed as snapshotMagic, Size, the length of State, State,
// Hashes, then Acts, so that restoring reads each part in place.
type snapshotFile struct {
	Size   uint64
	State  []byte
	Hashes []byte
	Acts   []byte
}

const snapshotMagic = "peaceboard snapshot 2\n"

func (f snapshotFile) encode() []byte {
	b := make([]byte, 0, len(snapshotMagic)+8+8+len(f.State)+len(f.Hashes)+len(f.Acts))
	b = append(b, snapshotMagic...)
	b = binary.BigEndian.AppendUint64(b, f.Size)
	b = binary.BigEndian.AppendUint64(b, uint64(len(f.State)))
	b = append(b, f.State...)
	b = append(b, f.Hashes...)
	return append(b, f.Acts...)
}

func decodeSnapshot(b []byte) (f snapshotFile, err error) {
	head := len(snapshotMagic) + 8 + 8
	if len(b) < head || string(b[:len(snapshotMagic)]) != snapshotMagic {
		return f, errors.New("snapshot: not one this version reads")
	}
	b = b[len(snapshotMagic):]
	f.Size = binary.BigEndian.Uint64(b)
	n := binary.BigEndian.Uint64(b[8:])
	b = b[16:]
	if f.Size > 1<<48 {
		return f, errors.New("snapshot: damaged")
	}
	h := uint64(tlog.StoredHashCount(int64(f.Size))) * tlog.HashSize
	if n > uint64(len(b)) || h > uint64(len(b))-n || (uint64(len(b))-n-h)%uint64(packedAct) != 0 {
		return f, errors.New("snapshot: truncated")
	}
	f.State, f.Hashes, f.Acts = b[:n], b[n:n+h], b[n+h:]
	return f, nil
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

// saveSnapshot saves a snapshot if the store keeps them and at least snapshotMin entries came
// since the last. The caller holds e.replica.mu. A snapshot is a cache: failing to save one
// loses nothing.
func (e *Engine) saveSnapshot(ctx context.Context) error {
	ss, ok := e.store.(Snapshots)
	if !ok || e.next < e.snapshotAt+snapshotMin {
		return nil
	}
	size, data, err := e.snapshot()
	if err != nil {
		return err
	}
	if err := ss.SaveSnapshot(ctx, size, data); err != nil {
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
func restoreSnapshot(ctx context.Context, store Store) (*restoredState, error) {
	ss, keeps := store.(Snapshots)
	if !keeps {
		return nil, nil
	}
	size, data, err := ss.Snapshot(ctx)
	if err != nil || data == nil {
		return nil, err
	}
	f, err := decodeSnapshot(data)
	if err != nil {
		return nil, err
	}
	if f.Size != size {
		return nil, fmt.Errorf("snapshot of %d entries stored as of %d", f.Size, size)
	}
	// The act index and the tree load alongside the state, which is most of the work.
	var (
		wg      sync.WaitGroup
		acts    *actSet
		actsErr error
		tree    record.Tree
	)
	wg.Go(func() { acts, actsErr = unpackActs(f.Acts) })
	wg.Go(func() {
		for b := f.Hashes; len(b) > 0; b = b[tlog.HashSize:] {
			tree.Load(tlog.Hash(b[:tlog.HashSize]))
		}
	})
	state, err := board.RestoreState(f.State)
	wg.Wait()
	if err = cmp.Or(err, actsErr); err != nil {
		return nil, err
	}
	if err := tree.Loaded(int64(f.Size)); err != nil {
		return nil, err
	}
	return &restoredState{size: f.Size, tree: tree, state: state, acts: acts}, nil
}
