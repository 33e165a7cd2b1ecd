package engine_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
)

// sharedStore is a hand-made engine.Shared over an SQLite store: the test decides who leads.
type sharedStore struct {
	engine.Store
	changes chan struct{}

	mu     sync.Mutex
	leader bool
	lost   chan struct{}
}

func (s *sharedStore) Lead(context.Context) (<-chan struct{}, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lost, s.leader, nil
}

func (s *sharedStore) Resign(context.Context) error { s.lose(); return nil }

func (s *sharedStore) Changes(ctx context.Context) <-chan struct{} {
	out := make(chan struct{}, 1)
	go func() {
		defer close(out)
		for {
			select {
			case <-ctx.Done():
				return
			case <-s.changes:
				select {
				case out <- struct{}{}:
				default:
				}
			}
		}
	}()
	return out
}

func (s *sharedStore) elect() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.leader, s.lost = true, make(chan struct{})
}

func (s *sharedStore) lose() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.leader {
		s.leader = false
		close(s.lost)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after 5s: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// replicated opens, on the SQLite file at path, an engine whose store the test elects.
func replicated(t *testing.T, path string) (*engine.Engine, *sharedStore) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	shared := &sharedStore{Store: db, changes: make(chan struct{}, 1)}
	e, err := engine.Open(context.Background(), shared)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e, shared
}

// replicate runs Replicate until the test ends, and returns the roles it reported.
func replicate(t *testing.T, e *engine.Engine, poll time.Duration) func() []bool {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	t.Cleanup(func() { stop(); <-done })
	var mu sync.Mutex
	var roles []bool
	go func() {
		done <- e.Replicate(ctx, engine.ReplicaOptions{Poll: poll, OnRole: func(w bool) {
			mu.Lock()
			roles = append(roles, w)
			mu.Unlock()
		}})
	}()
	return func() []bool {
		mu.Lock()
		defer mu.Unlock()
		return append([]bool(nil), roles...)
	}
}

func TestReplicateFollowsOnSignal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pb.db")
	writer, _ := open(t, path)
	mustSubmit(t, writer, day(19), board.Chairman, &board.Invite{State: "KAZ"})
	e, shared := replicated(t, path)
	if !e.Replicated() || !e.Writer() {
		t.Fatalf("before Replicate: replicated %v, writer %v; want true, true", e.Replicated(), e.Writer())
	}
	replicate(t, e, time.Hour)
	waitFor(t, "Replicate did not make the engine a follower", func() bool { return !e.Writer() })
	if _, err := submit(t, e, day(20), board.Chairman, &board.Invite{State: "MAR"}); !errors.Is(err, engine.ErrNotWriter) {
		t.Errorf("submit to a follower: err = %v, want ErrNotWriter", err)
	}
	// The writer commits and the store signals it: the follower applies it at once (its poll
	// is an hour).
	mustSubmit(t, writer, day(20), board.Chairman, &board.Invite{State: "BHR"})
	shared.changes <- struct{}{}
	waitFor(t, "the follower did not apply the writer's commit", func() bool { return e.Len() == writer.Len() })
	if got := status(t, e, "BHR", day(21)); got != board.StatusInvited {
		t.Errorf("BHR on the follower = %q, want invited", got)
	}
	if e.Checkpoint().Size != writer.Len() {
		t.Errorf("the follower's checkpoint covers %d entries, want %d", e.Checkpoint().Size, writer.Len())
	}
}

func TestReplicateElection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pb.db")
	writer, _ := open(t, path)
	mustSubmit(t, writer, day(19), board.Chairman, &board.Invite{State: "KAZ"})
	e, shared := replicated(t, path)
	roles := replicate(t, e, 10*time.Millisecond)
	waitFor(t, "Replicate did not make the engine a follower", func() bool { return !e.Writer() })

	// The writer's last act, then it goes and this process is elected: it catches up first.
	mustSubmit(t, writer, day(20), board.Chairman, &board.Invite{State: "QAT"})
	writer.Close()
	shared.elect()
	waitFor(t, "the follower was not elected", e.Writer)
	if got := status(t, e, "QAT", day(21)); got != board.StatusInvited {
		t.Errorf("QAT after the election = %q: the new writer did not catch up first", got)
	}
	mustSubmit(t, e, day(21), board.Chairman, &board.Invite{State: "ARE"})

	// It loses the role: it refuses acts again.
	shared.lose()
	waitFor(t, "the writer did not step down", func() bool { return !e.Writer() })
	if _, err := submit(t, e, day(22), board.Chairman, &board.Invite{State: "JOR"}); !errors.Is(err, engine.ErrNotWriter) {
		t.Errorf("submit after losing the role: err = %v, want ErrNotWriter", err)
	}
	if got := roles(); len(got) != 2 || !got[0] || got[1] {
		t.Errorf("roles reported = %v, want [true false]", got)
	}
}

// TestFollowChecksTheCheckpoint tampers with the checkpoint a follower reads: it refuses the
// entries and keeps its state.
func TestFollowChecksTheCheckpoint(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pb.db")
	writer, _ := open(t, path)
	mustSubmit(t, writer, day(19), board.Chairman, &board.Invite{State: "KAZ"})
	follower, _ := open(t, path)
	n := follower.Len()
	mustSubmit(t, writer, day(20), board.Chairman, &board.Invite{State: "MAR"})

	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var note []byte
	if err := raw.QueryRow(`SELECT note FROM checkpoints WHERE size = ?`, n-1).Scan(&note); err != nil {
		t.Fatal(err)
	}
	// The latest checkpoint is replaced by an older one, validly signed, of another size.
	if _, err := raw.Exec(`UPDATE checkpoints SET note = ? WHERE size = ?`, note, writer.Len()); err != nil {
		t.Fatal(err)
	}
	if _, err := follower.Follow(ctx); err == nil {
		t.Error("Follow accepted a checkpoint that does not match the entries")
	}
	if follower.Len() != n {
		t.Errorf("after a refused Follow: %d entries, want %d", follower.Len(), n)
	}
	if got := status(t, follower, "MAR", day(21)); got != "" {
		t.Errorf("MAR after a refused Follow = %q, want never invited", got)
	}
}
