package engine

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// keptCheck is what Verify checks of a database's kept states (kept.go): each one the engine
// would use (its sum matches, it decodes) must be the state that the acts which reshaped the
// state make up to its size, which Verify builds beside the whole state as it goes.
type keptCheck struct {
	sizes    []uint64     // of the kept states stored, increasing
	next     int          // the index in sizes of the next one to check
	reshaped *board.State // of the entries verified that were not board.AppendOnly
}

// reshapedKept returns the auditor's hook that builds the state of the acts that reshaped the
// state, or nil if the database keeps no kept state (or Verify reads no database).
func (db *storedRecord) reshapedKept() func(time.Time, []byte, *charter.Rules) error {
	if db == nil || len(db.kept.sizes) == 0 {
		return nil
	}
	return func(at time.Time, encoded []byte, rules *charter.Rules) error {
		// Decoded again: the auditor's state keeps what its events point to.
		events, err := board.DecodeEvents(encoded)
		if err != nil {
			return err
		}
		if db.kept.reshaped == nil {
			db.kept.reshaped = board.NewState(rules.Organization.Chairman)
		}
		db.kept.reshaped.ApplyReshaping(at, events)
		return nil
	}
}

// checkKept checks the kept state of the first size entries, if the database keeps one, against
// the state the acts among them that reshaped the state make. One the engine would not use (its
// sum does not match, it does not decode) is not checked: the engine rebuilds it.
func (db *storedRecord) checkKept(ctx context.Context, size uint64, tree *record.Tree) error {
	if db == nil {
		return nil
	}
	k := &db.kept
	for k.next < len(k.sizes) && k.sizes[k.next] < size {
		k.next++
	}
	if k.next == len(k.sizes) || k.sizes[k.next] != size {
		return nil
	}
	k.next++
	stored, err := db.store.KeptState(ctx, size)
	if board.ErrorKindOf(err) == board.NotFound {
		return nil // deleted meanwhile
	}
	if err != nil {
		return err
	}
	root, err := tree.Root(int64(size))
	if err != nil {
		return err
	}
	if !bytes.Equal(keptSumOf(size, root, stored.Data), stored.Sum) {
		return nil
	}
	s, err := board.RestoreState(bytes.NewReader(stored.Data), int64(len(stored.Data)))
	if err != nil {
		return nil
	}
	if k.reshaped == nil || !reflect.DeepEqual(s, k.reshaped) {
		return fmt.Errorf("the kept state of the first %d entries is not the state the acts among them that reshaped it make", size)
	}
	return nil
}
