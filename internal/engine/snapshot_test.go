package engine_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/record"
	"github.com/peaceboard/peaceboard/scenario"
)

// views returns, as JSON, what the state shows as of each instant: members, overview,
// decisions, compliance and treasury.
func views(t *testing.T, e *engine.Engine, at ...time.Time) string {
	t.Helper()
	var out []any
	for _, t0 := range at {
		err := e.View(context.Background(), time.Time{}.AddDate(9000, 0, 0), func(s *board.State, r *charter.Rules) error {
			out = append(out, s.Members(r, t0), s.Overview(r, t0), s.DecisionList(t0), s.Compliance(r, t0), s.TreasuryAt(r, t0),
				s.Contributors(t0), s.DisbursementList(t0), s.ProgrammeList(t0), s.Acts, s.Last, s.Keys)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSnapshotRestoresTheState replays the first half of the demo (treasury, decisions,
// memberships, offices, keys), closes the engine (which saves a snapshot), opens it again
// (which restores the snapshot), and replays the second half against the restored state. Verify
// then decides every act again from the start: the restored state decided the second half's
// acts as the full history does. The views equal those of a state rebuilt from every event.
func TestSnapshotRestoresTheState(t *testing.T) {
	defer engine.SetSnapshotMin(1)()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pb.db")
	demo := scenario.Demo()
	half := len(demo.Steps) / 2
	first, second := *demo, *demo
	first.Steps, second.Steps = demo.Steps[:half], demo.Steps[half:]

	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:test", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := replay.Run(ctx, e, &first, replay.Options{}); err != nil {
		t.Fatal(err)
	}
	n := e.Len()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	e, err = engine.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if got := engine.SnapshotAt(e); got != n || n == 0 {
		t.Fatalf("opened from a snapshot of %d entries; want %d", got, n)
	}
	// The restored record still holds each act once.
	err = e.ReadEntries(ctx, n-1, n, func(en record.Entry) error {
		act, err := board.ParseCanonical(en.Act)
		if err != nil {
			return err
		}
		_, err = e.Submit(ctx, engine.SignedAct{Act: act, KeyID: board.KeyID(en.KeyID), Signature: en.Signature})
		if board.ErrorKindOf(err) != board.Conflict {
			t.Errorf("entry %d submitted again after the restore: %v; want a conflict", en.Index, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := replay.Run(ctx, e, &second, replay.Options{}); err != nil {
		t.Fatalf("the second half of the demo on the restored state: %v", err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if res, err := verifyDB(t, path); err != nil {
		t.Fatalf("verify: %v", err)
	} else if res.Checkpoint.Size <= n {
		t.Fatalf("verified %d entries; want more than %d", res.Checkpoint.Size, n)
	}

	restored, err := engine.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if engine.SnapshotAt(restored) != restored.Len() {
		t.Fatalf("opened from a snapshot of %d entries; want the %d of the record", engine.SnapshotAt(restored), restored.Len())
	}
	rebuilt, err := engine.OpenFromEvents(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var at []time.Time
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2030; d = d.AddDate(0, 1, 0) {
		at = append(at, d)
	}
	if got, want := views(t, restored, at...), views(t, rebuilt, at...); got != want {
		t.Errorf("the restored state's views differ from the rebuilt state's:\n%.2000s\n%.2000s", got, want)
	}
}

// TestSnapshotThatDoesNotFitIsIgnored: a damaged snapshot, and one of another record, are not
// used: the state is rebuilt from the events.
func TestSnapshotThatDoesNotFitIsIgnored(t *testing.T) {
	defer engine.SetSnapshotMin(1)()
	// other is the snapshot of another record, extra acts longer than the one the tests open.
	other := func(t *testing.T, extra uint64) []byte {
		_, e, _ := founded(t)
		path := filepath.Join(t.TempDir(), "other.db")
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		e2, err := engine.Create(context.Background(), db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:other", Origin: "test"})
		if err != nil {
			t.Fatal(err)
		}
		for i := uint64(0); e2.Len() < e.Len()+extra; i++ {
			mustSubmit(t, e2, day(19), board.Chairman, &board.Invite{State: board.StateCode(charter.Default().States.Codes.Codes()[i])})
		}
		e.Close()
		e2.Close()
		b, err := os.ReadFile(path + ".snapshot")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tt := range []struct {
		name   string
		damage func(t *testing.T, snap []byte) []byte
	}{
		{"truncated", func(t *testing.T, b []byte) []byte { return b[:len(b)/2] }},
		{"stored under another size", func(t *testing.T, b []byte) []byte { b[7]++; return b }},
		{"of another, longer record", func(t *testing.T, b []byte) []byte { return other(t, 1) }},
		{"of another record as long", func(t *testing.T, b []byte) []byte { return other(t, 0) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path, e, db := founded(t)
			n := e.Len()
			want := views(t, e, day(30))
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path + ".snapshot")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path+".snapshot", tt.damage(t, b), 0o600); err != nil {
				t.Fatal(err)
			}
			e, err = engine.Open(context.Background(), db)
			if err != nil {
				t.Fatalf("open with a snapshot that does not fit: %v", err)
			}
			defer e.Close()
			if e.Len() != n || engine.SnapshotAt(e) != 0 {
				t.Errorf("opened with %d entries from a snapshot of %d; want %d from the events", e.Len(), engine.SnapshotAt(e), n)
			}
			if got := views(t, e, day(30)); got != want {
				t.Errorf("views after the rebuild differ")
			}
		})
	}
}
