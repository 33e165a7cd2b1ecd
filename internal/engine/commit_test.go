package engine_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/record"
)

// failingStore fails every Append while fail is set, as a full disk would, and every read of the
// entries while unreadable is set, as a database gone would.
type failingStore struct {
	engine.Store
	fail, unreadable atomic.Bool
}

func (f *failingStore) Append(ctx context.Context, b engine.Batch) error {
	if f.fail.Load() {
		return errors.New("disk full")
	}
	return f.Store.Append(ctx, b)
}

func (f *failingStore) Entries(ctx context.Context, from uint64, fn func(record.Entry) error) error {
	if f.unreadable.Load() {
		return board.Errorf(board.Transient, "connection lost")
	}
	return f.Store.Entries(ctx, from, fn)
}

// failingEngine returns an engine on a new SQLite database at path, through a failingStore.
func failingEngine(t *testing.T, path string) (*engine.Engine, *failingStore) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store := &failingStore{Store: db}
	e, err := engine.Create(ctx, store, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:test", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e, store
}

func TestFailedCommitChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pb.db")
	e, store := failingEngine(t, path)
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

// gatedStore, once gated, holds each Append until the test releases it, and then fails it if
// told to: the writer decides the next group while one is being stored.
type gatedStore struct {
	engine.Store
	gated   atomic.Bool
	entered chan struct{} // receives when a gated Append starts
	release chan bool     // the test sends whether the Append fails
}

func (g *gatedStore) Append(ctx context.Context, b engine.Batch) error {
	if !g.gated.Load() {
		return g.Store.Append(ctx, b)
	}
	g.entered <- struct{}{}
	if <-g.release {
		return errors.New("disk full")
	}
	return g.Store.Append(ctx, b)
}

// TestCommitWhileNextGroupIsDecided: an act decided while the group before it is being stored
// goes to the store after that group, and fails with it if that group fails; nothing of either
// stays in the state, and the record goes on.
func TestCommitWhileNextGroupIsDecided(t *testing.T) {
	for _, fail := range []bool{false, true} {
		t.Run(map[bool]string{false: "both stored", true: "the first fails"}[fail], func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "pb.db")
			db, err := sqlite.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			store := &gatedStore{Store: db, entered: make(chan struct{}, 16), release: make(chan bool, 16)}
			e, err := engine.Create(ctx, store, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:test", Origin: "test"})
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "KAZ"})
			store.gated.Store(true)
			n := e.Len()

			type answer struct {
				index uint64
				err   error
			}
			first, second := make(chan answer, 1), make(chan answer, 1)
			go func() {
				en, err := submit(t, e, day(20), board.Chairman, &board.Invite{State: "MAR"})
				first <- answer{en.Index, err}
			}()
			<-store.entered // MAR's group is being stored
			go func() {
				en, err := submit(t, e, day(20), board.Chairman, &board.Invite{State: "EGY"})
				second <- answer{en.Index, err}
			}()
			for engine.Staged(e) < 2 { // EGY decided, not yet stored (a view would wait for both)
				time.Sleep(time.Millisecond)
			}
			if e.Len() != n {
				t.Fatalf("%d entries before the store answered; want %d", e.Len(), n)
			}
			store.release <- fail
			if !fail {
				store.release <- false
			}
			a, b := <-first, <-second
			if fail {
				if a.err == nil || b.err == nil {
					t.Fatalf("MAR: %v, EGY: %v; want both to fail with the first group's commit", a.err, b.err)
				}
				if e.Len() != n || status(t, e, "MAR", day(21)) != "" || status(t, e, "EGY", day(21)) != "" {
					t.Errorf("after the failure: %d entries, MAR %q, EGY %q; want %d, never invited", e.Len(),
						status(t, e, "MAR", day(21)), status(t, e, "EGY", day(21)), n)
				}
				store.release <- false
				if en := mustSubmit(t, e, day(20), board.Chairman, &board.Invite{State: "EGY"}); en.Index != n {
					t.Errorf("the next act got index %d, want %d", en.Index, n)
				}
			} else if a.err != nil || b.err != nil || a.index != n || b.index != n+1 {
				t.Fatalf("MAR: %d, %v; EGY: %d, %v; want %d and %d, stored", a.index, a.err, b.index, b.err, n, n+1)
			}
			if res, err := verifyDB(t, path); err != nil || res.Checkpoint.Size != e.Len() {
				t.Errorf("verify: %+v, %v", res, err)
			}
		})
	}
}

// TestStaleStateAfterFailedRebuild: when a commit fails and the state cannot be rebuilt from the
// store, the state holds an act never stored: readers get a Transient error rather than that
// state, acts fail while it stays so, and once the store answers again the state is rebuilt
// (on a reader's knock, with no act needed) and the record goes on.
func TestStaleStateAfterFailedRebuild(t *testing.T) {
	e, store := failingEngine(t, filepath.Join(t.TempDir(), "pb.db"))
	mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "KAZ"})
	n := e.Len()

	store.fail.Store(true)
	store.unreadable.Store(true)
	if _, err := submit(t, e, day(20), board.Chairman, &board.Invite{State: "MAR"}); err == nil {
		t.Fatal("an act was acknowledged although its commit failed")
	}
	view := func() error {
		return e.View(context.Background(), day(21), func(*board.State, *charter.Rules) error { return nil })
	}
	if err := view(); board.ErrorKindOf(err) != board.Transient {
		t.Errorf("a view of a state not rebuilt = %v; want a Transient error", err)
	}
	if _, err := submit(t, e, day(20), board.Chairman, &board.Invite{State: "EGY"}); err == nil {
		t.Error("an act was acknowledged while the state could not be rebuilt")
	}

	store.fail.Store(false)
	store.unreadable.Store(false)
	deadline := time.Now().Add(10 * time.Second)
	for view() != nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := status(t, e, "MAR", day(21)); got != "" {
		t.Errorf("MAR after the state was rebuilt = %q, want never invited", got)
	}
	if en := mustSubmit(t, e, day(20), board.Chairman, &board.Invite{State: "EGY"}); en.Index != n {
		t.Errorf("the next act got index %d, want %d", en.Index, n)
	}
}
