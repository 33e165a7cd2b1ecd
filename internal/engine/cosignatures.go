package engine

import (
	"context"
	"errors"

	"github.com/peaceboard/peaceboard/board"
)

// Witnesses' cosignatures of the log's checkpoints: a witness client (internal/cosigners)
// collects them and keeps them in the store beside the record, and sets the checkpoint the log
// publishes, with them (SetPublished). Commits never wait for them.

// A StoredCosignature is a witness's cosignature of one of the log's checkpoints, as a store
// keeps it.
type StoredCosignature struct {
	Size    uint64 // the tree size of the checkpoint cosigned
	Witness string // the witness's cosigner verifier key ("name+hash+base64")
	Line    string // the note signature line ("— name base64\n") to append to the checkpoint
}

// Cosignatures calls fn with every stored cosignature, by size then witness.
func (e *Engine) Cosignatures(ctx context.Context, fn func(StoredCosignature) error) error {
	return e.store.Cosignatures(ctx, fn)
}

// SaveCosignatures stores cosignatures and forgets those of checkpoints smaller than keepFrom,
// and each witness's older ones above it (see Store).
func (e *Engine) SaveCosignatures(ctx context.Context, cs []StoredCosignature, keepFrom uint64) error {
	return e.store.SaveCosignatures(ctx, cs, keepFrom)
}

// CheckpointAt returns the checkpoint the log signed over its first size entries, or a
// NotFound error.
func (e *Engine) CheckpointAt(ctx context.Context, size uint64) (SignedCheckpoint, error) {
	var out SignedCheckpoint
	errDone := errors.New("done")
	err := e.store.Checkpoints(ctx, size, func(c SignedCheckpoint) error { out = c; return errDone })
	if err != nil && !errors.Is(err, errDone) {
		return SignedCheckpoint{}, err
	}
	if out.Note == nil || out.Size != size {
		return SignedCheckpoint{}, board.Errorf(board.NotFound, "no checkpoint of size %d", size)
	}
	return out, nil
}

// SetPublished sets the checkpoint the log publishes (Published): one it signed, with witnesses'
// cosignature lines after its signature. A zero cp publishes the latest checkpoint again.
func (e *Engine) SetPublished(cp SignedCheckpoint) {
	if cp.Note == nil {
		e.published.Store(nil)
		return
	}
	e.published.Store(&cp)
}

// Published returns the checkpoint the log publishes at /log/checkpoint: the one SetPublished
// set, cosigned by witnesses, or without one the latest checkpoint.
func (e *Engine) Published() SignedCheckpoint {
	if p := e.published.Load(); p != nil {
		return *p
	}
	return e.Checkpoint()
}
