package board

import (
	"bytes"
	"encoding/gob"
	"fmt"
)

// snapshotVersion changes whenever the State's shape does: a snapshot of another version is not
// read (the state is rebuilt from the events instead).
const snapshotVersion = 1

// A snapshot is a State as gob encodes it: the ledger only by its entries, whose indexes
// (balances, what each pledge has open, each contributor's entries) are rebuilt by posting them
// again, in order, on restore.
type snapshot struct {
	Version int
	State   *State
}

// Snapshot encodes the state, so that a process starting up can restore it instead of applying
// every event again. The encoding is private to this version of the software.
func (s *State) Snapshot() ([]byte, error) {
	c := *s
	t := *s.Treasury
	t.Ledger = Ledger{Entries: s.Treasury.Ledger.Entries}
	c.Treasury = &t
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(snapshot{Version: snapshotVersion, State: &c}); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

// RestoreState decodes a snapshot made by Snapshot.
func RestoreState(data []byte) (*State, error) {
	var snap snapshot
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&snap); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	if snap.Version != snapshotVersion || snap.State == nil || snap.State.Treasury == nil {
		return nil, fmt.Errorf("snapshot: version %d, not %d", snap.Version, snapshotVersion)
	}
	s := snap.State
	// gob leaves out empty maps: give back the empty maps NewState makes.
	empty(&s.States)
	empty(&s.Incapacity)
	empty(&s.Executives)
	empty(&s.Subsidiaries)
	empty(&s.Removals)
	empty(&s.Keys)
	empty(&s.Meetings)
	empty(&s.Decisions)
	t := s.Treasury
	empty(&t.Funds)
	empty(&t.Accounts)
	empty(&t.Programmes)
	empty(&t.Disbursements)
	empty(&t.Rates)
	entries := t.Ledger.Entries
	t.Ledger = newLedger()
	for _, e := range entries {
		t.Ledger.post(e)
	}
	return s, nil
}

// empty makes a nil map an empty one.
func empty[K comparable, V any](m *map[K]V) {
	if *m == nil {
		*m = map[K]V{}
	}
}
