package engine_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// TestPublished: without a published checkpoint, the latest is published and receipts carry
// it; with one (cosigned, older), receipts of the entries it covers carry it, and those of newer
// entries the latest; CheckpointAt finds each signed checkpoint by its size.
func TestPublished(t *testing.T) {
	ctx := context.Background()
	e, _ := open(t, filepath.Join(t.TempDir(), "pb.db"))
	mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "KAZ"})
	older := e.Checkpoint()
	mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "MAR"})
	latest := e.Checkpoint()
	if got := e.Published(); string(got.Note) != string(latest.Note) {
		t.Fatalf("published before SetPublished: %q, want the latest", got.Note)
	}
	at, err := e.CheckpointAt(ctx, older.Size)
	if err != nil || string(at.Note) != string(older.Note) {
		t.Fatalf("CheckpointAt(%d) = %q, %v", older.Size, at.Note, err)
	}
	if _, err := e.CheckpointAt(ctx, latest.Size+1); board.ErrorKindOf(err) != board.NotFound {
		t.Errorf("CheckpointAt past the log: %v, want not found", err)
	}

	cosigned := engine.SignedCheckpoint{Size: older.Size, Note: append([]byte(string(older.Note)), "— witness.example/w AAAA\n"...)}
	e.SetPublished(cosigned)
	if got := e.Published(); got.Size != older.Size || string(got.Note) != string(cosigned.Note) {
		t.Errorf("Published = %d %q", got.Size, got.Note)
	}
	r, err := e.Receipt(ctx, older.Size-1)
	if err != nil || r.Checkpoint != string(cosigned.Note) {
		t.Errorf("receipt of an entry the published checkpoint covers: %q, %v", r.Checkpoint, err)
	}
	r, err = e.Receipt(ctx, older.Size)
	if err != nil || r.Checkpoint != string(latest.Note) || strings.Contains(r.Checkpoint, "witness.example") {
		t.Errorf("receipt of a newer entry: %q, %v", r.Checkpoint, err)
	}
	e.SetPublished(engine.SignedCheckpoint{})
	if got := e.Published(); got.Size != latest.Size {
		t.Errorf("after SetPublished of nothing: %d, want the latest %d", got.Size, latest.Size)
	}
}
