package engine

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
)

// Snapshot policy: a snapshot is saved when the engine closes, and while it writes at most every
// snapshotInterval, if at least snapshotMin entries came since the last one. Opening a record
// restores the latest snapshot and applies only the events after it.
var (
	snapshotInterval        = 10 * time.Minute
	snapshotMin      uint64 = 1000
)

// A snapshotFile is what the store keeps: the state after the record's first Size entries, the
// tree's root at that size (a snapshot of another record, or of a record since restored
// differently, does not fit), and the record's acts (actSet) packed as hash and index.
type snapshotFile struct {
	Size  uint64
	Root  tlog.Hash
	State []byte
	Acts  []byte
}

const packedAct = len(actHash{}) + 8

// snapshot encodes the engine's state. The caller holds e.replica.mu, so that the state is of
// the committed entries only.
func (e *Engine) snapshot() (uint64, []byte, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	root, err := e.tree.Root(int64(e.next))
	if err != nil {
		return 0, nil, err
	}
	state, err := e.state.Snapshot()
	if err != nil {
		return 0, nil, err
	}
	acts := make([]byte, 0, len(e.acts)*packedAct)
	for h, i := range e.acts {
		acts = append(acts, h[:]...)
		acts = binary.BigEndian.AppendUint64(acts, i)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(snapshotFile{Size: e.next, Root: root, State: state, Acts: acts}); err != nil {
		return 0, nil, err
	}
	return e.next, buf.Bytes(), nil
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

// restoreSnapshot returns the store's latest snapshot, decoded, or ok false if there is none.
func restoreSnapshot(ctx context.Context, store Store) (f snapshotFile, s *board.State, acts actSet, ok bool, err error) {
	ss, keeps := store.(Snapshots)
	if !keeps {
		return f, nil, nil, false, nil
	}
	size, data, err := ss.Snapshot(ctx)
	if err != nil || data == nil {
		return f, nil, nil, false, err
	}
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&f); err != nil {
		return f, nil, nil, false, fmt.Errorf("snapshot: %w", err)
	}
	if f.Size != size || len(f.Acts)%packedAct != 0 {
		return f, nil, nil, false, fmt.Errorf("snapshot of %d entries stored as of %d", f.Size, size)
	}
	if s, err = board.RestoreState(f.State); err != nil {
		return f, nil, nil, false, err
	}
	acts = make(actSet, len(f.Acts)/packedAct)
	for b := f.Acts; len(b) > 0; b = b[packedAct:] {
		acts[actHash(b[:len(actHash{})])] = binary.BigEndian.Uint64(b[len(actHash{}):packedAct])
	}
	return f, s, acts, true, nil
}
