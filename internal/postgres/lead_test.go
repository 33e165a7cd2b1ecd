package postgres_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/postgres"
	"github.com/peaceboard/peaceboard/internal/postgres/pgtest"
	"github.com/peaceboard/peaceboard/internal/storetest"
	"github.com/peaceboard/peaceboard/record"
)

func batch(i uint64) engine.Batch {
	return engine.Batch{Entries: []record.Entry{storetest.Entry(i)}, Checkpoint: engine.SignedCheckpoint{Size: i + 1, Note: []byte("note")}}
}

// eventually waits up to 10 seconds for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after 10s: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestOneWriterAtATime(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	a, b := open(t, dsn), open(t, dsn)

	lostA, ok, err := a.Lead(ctx)
	if err != nil || !ok {
		t.Fatalf("first Lead = %v, %v; want elected", ok, err)
	}
	if _, ok, err := b.Lead(ctx); err != nil || ok {
		t.Fatalf("second process's Lead = %v, %v; want not elected", ok, err)
	}
	if _, ok, _ := a.Lead(ctx); !ok {
		t.Error("the writer's Lead again: not elected")
	}
	if err := a.Append(ctx, batch(0)); err != nil {
		t.Fatalf("the writer's append: %v", err)
	}
	err = b.Append(ctx, batch(1))
	if board.ErrorKindOf(err) != board.Transient || !errors.Is(err, engine.ErrNotWriter) {
		t.Errorf("a follower's append: err = %v, want a transient error with ErrNotWriter", err)
	}
	// A process that never took part in an election (a replay) is refused too while a writer
	// holds the lock.
	c := open(t, dsn)
	if err := c.Append(ctx, batch(1)); !errors.Is(err, engine.ErrNotWriter) {
		t.Errorf("another process's append: err = %v, want ErrNotWriter", err)
	}

	// The writer resigns (or dies): another process takes over.
	if err := a.Resign(ctx); err != nil {
		t.Fatal(err)
	}
	if !closed(lostA) {
		t.Error("Resign did not close the lost channel")
	}
	if err := a.Append(ctx, batch(1)); !errors.Is(err, engine.ErrNotWriter) {
		t.Errorf("append after resigning: err = %v, want ErrNotWriter", err)
	}
	if _, ok, err := b.Lead(ctx); err != nil || !ok {
		t.Fatalf("Lead after the writer resigned = %v, %v; want elected", ok, err)
	}
	if err := b.Append(ctx, batch(1)); err != nil {
		t.Errorf("the new writer's append: %v", err)
	}
}

// TestWriterSessionEnds kills the writer's session on the server, as a network failure or a
// server restart would: the writer learns it has lost the role, cannot write any more, and
// another process takes over.
func TestWriterSessionEnds(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	a, b := open(t, dsn), open(t, dsn)
	lost, ok, err := a.Lead(ctx)
	if err != nil || !ok {
		t.Fatalf("Lead = %v, %v", ok, err)
	}
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	var killed bool
	if err := admin.QueryRow(ctx, `SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&killed); err != nil || !killed {
		t.Fatalf("terminate the writer's session: %v, %v", killed, err)
	}
	eventually(t, "the writer did not notice that it lost its session", func() bool { return closed(lost) })
	if err := a.Append(ctx, batch(0)); !errors.Is(err, engine.ErrNotWriter) {
		t.Errorf("append after losing the session: err = %v, want ErrNotWriter", err)
	}
	if _, ok, err := b.Lead(ctx); err != nil || !ok {
		t.Errorf("Lead after the writer's session ended = %v, %v; want elected", ok, err)
	}
	// The old writer can stand again once the new one is gone.
	b.Close()
	eventually(t, "the old writer was not elected again", func() bool { _, ok, _ := a.Lead(ctx); return ok })
}

func TestChangesAfterCommit(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dsn := pgtest.DSN(t)
	writer, follower := open(t, dsn), open(t, dsn)
	changes := follower.Changes(ctx)
	select { // once when listening starts
	case <-changes:
	case <-time.After(10 * time.Second):
		t.Fatal("no signal when listening started")
	}
	for i := range uint64(3) {
		if err := writer.Append(ctx, batch(i)); err != nil {
			t.Fatal(err)
		}
		select {
		case <-changes:
		case <-time.After(5 * time.Second):
			t.Fatalf("no signal after commit %d", i)
		}
	}
	// A refused append signals nothing.
	if err := writer.Append(ctx, batch(1)); board.ErrorKindOf(err) != board.Conflict {
		t.Fatalf("append of a stored index: %v", err)
	}
	select {
	case <-changes:
		t.Error("a signal after a refused append")
	case <-time.After(300 * time.Millisecond):
	}
	ended := func(ch <-chan struct{}) func() bool {
		return func() bool {
			select {
			case _, open := <-ch:
				return !open
			default:
				return false
			}
		}
	}
	cancel()
	eventually(t, "Changes not closed after ctx ended", ended(changes))
	// Closing the database stops its listeners too.
	other := open(t, dsn)
	changes = other.Changes(context.Background())
	other.Close()
	eventually(t, "Changes not closed after Close", ended(changes))
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	db, err := postgres.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	applied, pending, err := db.MigrationStatus(ctx)
	if err != nil || len(applied) != 0 || len(pending) != 8 || pending[0] != "0001_record.sql" {
		t.Fatalf("status of a new database = %v, %v, %v; want 8 pending", applied, pending, err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrating twice: %v", err)
	}
	applied, pending, err = db.MigrationStatus(ctx)
	if err != nil || len(applied) != 8 || len(pending) != 0 {
		t.Fatalf("status after Migrate = %v, %v, %v; want 8 applied", applied, pending, err)
	}
	// A schema that a newer program upgraded is refused.
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES (9999)`); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.Open(ctx, dsn); err == nil {
		t.Error("Open accepted a schema with an unknown migration")
	}
	if applied, _, _ := db.MigrationStatus(ctx); len(applied) != 9 {
		t.Errorf("status lists %v, want the unknown migration too", applied)
	}
}

// TestReplicate runs two engines on one database as two server processes would: one writes,
// the other follows within a second and refuses writes; when the writer goes, the follower
// takes over and writes on.
func TestReplicate(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	first := open(t, dsn)
	e1, err := engine.Create(ctx, first, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:replicate", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	run1, stop1 := context.WithCancel(ctx)
	var role1 atomic.Bool
	go e1.Replicate(run1, engine.ReplicaOptions{OnRole: role1.Store})
	eventually(t, "the only process was not elected", func() bool { return e1.Writer() && role1.Load() })

	second := open(t, dsn)
	e2, err := engine.Open(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	run2, stop2 := context.WithCancel(ctx)
	defer stop2()
	go e2.Replicate(run2, engine.ReplicaOptions{Poll: 200 * time.Millisecond})
	time.Sleep(300 * time.Millisecond)
	if e2.Writer() {
		t.Fatal("two writers")
	}

	act := func(id string) board.Act {
		return board.Act{At: time.Date(2026, 1, 19, 0, 0, 0, 0, time.UTC), By: board.Chairman, Body: &board.Directive{ID: board.DecisionID(id), Title: id}}
	}
	for _, id := range []string{"one", "two", "three"} {
		if _, err := e1.SubmitDev(ctx, act(id)); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	eventually(t, "the follower did not follow", func() bool { return e2.Len() == e1.Len() })
	if d := time.Since(start); d > time.Second {
		t.Errorf("the follower took %v to follow, want under a second", d)
	}
	if _, err := e2.SubmitDev(ctx, act("refused")); !errors.Is(err, engine.ErrNotWriter) {
		t.Errorf("submit to the follower: err = %v, want ErrNotWriter", err)
	}

	// The writer stops: the follower takes over, with everything the writer committed.
	n := e1.Len()
	stop1()
	e1.Close()
	first.Close()
	start = time.Now()
	eventually(t, "the follower did not take over", e2.Writer)
	t.Logf("took over in %v", time.Since(start))
	if e2.Len() != n {
		t.Errorf("the new writer has %d entries, want %d", e2.Len(), n)
	}
	if _, err := e2.SubmitDev(ctx, act("four")); err != nil {
		t.Fatalf("submit to the new writer: %v", err)
	}
	if _, err := engine.Verify(ctx, engine.StoreSource{Store: second}, e2.LogKey().Verifier, engine.VerifyOptions{}); err != nil {
		t.Errorf("verify: %v", err)
	}
}
