package engine

import (
	"context"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// SetSnapshotMin sets how many entries must come between snapshots, for a test; it returns a
// function that puts back the default.
func SetSnapshotMin(n uint64) (restore func()) {
	old := snapshotMin
	snapshotMin = n
	return func() { snapshotMin = old }
}

// SnapshotAt returns the size of the snapshot the engine restored or saved last.
func SnapshotAt(e *Engine) uint64 {
	e.replica.mu.Lock()
	defer e.replica.mu.Unlock()
	return e.snapshotAt
}

// OpenFromEvents opens an engine as Open does, but rebuilds the state from every event even if
// the store has a snapshot.
func OpenFromEvents(ctx context.Context, store Store) (*Engine, error) {
	e, _, err := open(ctx, store, false, nil)
	return e, err
}

// SetFoldBatch sets how many entries fold reads and decodes at a time, for a test; it returns a
// function that puts back the default.
func SetFoldBatch(n int) (restore func()) {
	old := foldBatchSize
	foldBatchSize = n
	return func() { foldBatchSize = old }
}

// Staged returns how many acts the state holds that the store does not yet: decided, being
// committed.
func Staged(e *Engine) int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.staged
}

// PastFolds returns how many views rebuilt the state for a past instant.
func PastFolds(e *Engine) uint64 { return e.pastFolds.Load() }

// ViewByFold calls fn as View does, with the state always rebuilt from the record up to t.
func ViewByFold(ctx context.Context, e *Engine, t time.Time, fn func(*board.State, *charter.Rules) error) error {
	s, _, err := e.fold(ctx, nil, 0, t, ^uint64(0), nil)
	if err != nil {
		return err
	}
	return fn(s, e.rules)
}

var ActHead = actHead

// KeptSum returns the sum a kept state of the record's first size entries is stored with.
func KeptSum(e *Engine, size uint64, data []byte) ([]byte, error) { return e.keptSum(size, data) }

// Reapplied returns how many acts views applied again after a kept state (or from nothing).
func Reapplied(e *Engine) uint64 { return e.kept.reapplied.Load() }
