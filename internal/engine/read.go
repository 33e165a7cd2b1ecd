package engine

import (
	"context"
	"errors"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// errStopReading ends a read of the store early; it never leaves this file.
var errStopReading = errors.New("stop reading")

// ReadEntries calls fn with each entry of the record with an index in [from, to), in order, and
// returns fn's first error. to is capped at the number of committed entries, so that a reader
// never sees an entry the writer is still committing. Reads run alongside the writer.
func (e *Engine) ReadEntries(ctx context.Context, from, to uint64, fn func(record.Entry) error) error {
	to = min(to, e.Len())
	if from >= to {
		return nil
	}
	var fnErr error
	err := e.store.Entries(ctx, from, func(en record.Entry) error {
		if en.Index >= to {
			return errStopReading
		}
		if err := fn(en); err != nil {
			fnErr = err
			return errStopReading
		}
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil && !errors.Is(err, errStopReading) {
		return err
	}
	return nil
}

// LenAt returns how many entries the record held as of instant t: the number of entries whose
// effective time is at or before t. Effective times never decrease along the record, so the
// answer is found by a binary search over the stored entries, one read each step.
func (e *Engine) LenAt(ctx context.Context, t time.Time) (_ uint64, err error) {
	defer board.Wrap(&err, "count the entries as of %s", t.Format(time.RFC3339Nano))
	e.mu.RLock()
	n, last := e.next, e.state.Last
	e.mu.RUnlock()
	if !t.Before(last) {
		return n, nil
	}
	// Invariant: entries before lo are at or before t; entries from hi on are after it.
	lo, hi := uint64(0), n
	for lo < hi {
		mid := lo + (hi-lo)/2
		var at time.Time
		if err := e.ReadEntries(ctx, mid, mid+1, func(en record.Entry) error { at = en.At; return nil }); err != nil {
			return 0, err
		}
		if at.After(t) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo, nil
}
