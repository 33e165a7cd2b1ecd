package engine

import (
	"bytes"
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
//
// What fn is given about an entry is what its leaf says (see fromLeaf): its actor, kind and,
// unless it was recorded live, its instant are read from the signed act, not from the store's
// columns of the same name, which only Verify vouches for. Every reader that serves entries
// (the API's entries and event streams, the portal's pages) reads them here.
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
		fromLeaf(&en)
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

// fromLeaf sets the fields of a stored entry that its leaf determines, and that a store also
// keeps in columns of their own, from the leaf: the actor and kind the signed act names, and its
// instant when it was not recorded live (an entry recorded live has its recorded instant in its
// leaf, as the store gives it). An entry whose act is not in canonical form is left as it is:
// its leaf is not the log's, which Verify reports.
func fromLeaf(en *record.Entry) {
	at, by, kind, ok := actHead(en.Act)
	if !ok {
		return
	}
	// A sound record's columns agree with the act: no copy then.
	if string(by) != en.Actor {
		en.Actor = string(by)
	}
	if string(kind) != en.Kind {
		en.Kind = string(kind)
	}
	if !en.Live {
		var b [64]byte
		if string(en.At.UTC().AppendFormat(b[:0], time.RFC3339Nano)) != string(at) {
			if t, err := time.Parse(time.RFC3339Nano, string(at)); err == nil {
				en.At = t
			}
		}
	}
}

// actHead returns the time, actor and kind that canonical act bytes begin with. Both act
// formats (board.ActFormat) put them first, each a JSON string that needs no escape (an RFC 3339
// time, an actor id, a kind): act format v2 as {"act":…,"at":…,"by":…, v1 as
// {"at":…,"by":…,"act":…. Reading them takes no decoding of the act. It reports false for bytes
// that do not start so.
func actHead(act []byte) (at, by, kind []byte, ok bool) {
	members, order := [3]string{`{"act":"`, `,"at":"`, `,"by":"`}, [3]int{2, 0, 1} // v2: kind, at, by
	if bytes.HasPrefix(act, []byte(`{"at":"`)) {
		members, order = [3]string{`{"at":"`, `,"by":"`, `,"act":"`}, [3]int{0, 1, 2}
	}
	var fields [3][]byte // at, by, kind
	rest := act
	for i, prefix := range members {
		r, found := bytes.CutPrefix(rest, []byte(prefix))
		if !found {
			return nil, nil, nil, false
		}
		v, r, found := bytes.Cut(r, []byte{'"'})
		if !found || bytes.IndexByte(v, '\\') >= 0 {
			return nil, nil, nil, false
		}
		fields[order[i]], rest = v, r
	}
	if !bytes.HasPrefix(rest, []byte(`,"fields":`)) {
		return nil, nil, nil, false
	}
	return fields[0], fields[1], fields[2], true
}
