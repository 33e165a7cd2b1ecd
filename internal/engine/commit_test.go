package engine_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
)

// failingStore fails every Append while fail is set, as a full disk would.
type failingStore struct {
	engine.Store
	fail atomic.Bool
}

func (f *failingStore) Append(ctx context.Context, b engine.Batch) error {
	if f.fail.Load() {
		return errors.New("disk full")
	}
	return f.Store.Append(ctx, b)
}

func TestFailedCommitChangesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pb.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := &failingStore{Store: db}
	e, err := engine.Create(ctx, store, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:test", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "KAZ"})
	n, cp := e.Len(), e.Checkpoint()

	store.fail.Store(true)
	if _, err := submit(t, e, day(20), board.Chairman, &board.Invite{State: "MAR"}); err == nil {
		t.Fatal("an act was acknowledged although its commit failed")
	}
	if e.Len() != n || string(e.Checkpoint().Note) != string(cp.Note) {
		t.Errorf("after a failed commit: %d entries, checkpoint changed = %v; want %d, unchanged", e.Len(), string(e.Checkpoint().Note) != string(cp.Note), n)
	}
	if got := status(t, e, "MAR", day(21)); got != "" {
		t.Errorf("MAR after a failed commit = %q, want never invited", got)
	}

	store.fail.Store(false)
	if en := mustSubmit(t, e, day(20), board.Chairman, &board.Invite{State: "MAR"}); en.Index != n {
		t.Errorf("the next act got index %d, want %d", en.Index, n)
	}
	if got := status(t, e, "MAR", day(21)); got != board.StatusInvited {
		t.Errorf("MAR = %q, want invited", got)
	}
	if res, err := verifyDB(t, path); err != nil || res.Checkpoint.Size != e.Len() {
		t.Errorf("verify after recovery: %+v, %v", res, err)
	}
}
