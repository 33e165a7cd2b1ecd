package sqlite_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/record"
)

func entry(i uint64) record.Entry {
	return record.Entry{Index: i, At: time.Date(2026, 1, 22, 10, 0, int(i), 0, time.UTC), Actor: "chairman",
		Kind: "invite", Act: []byte(`{"act":"invite"}`), KeyID: "k", Signature: []byte{1, 2}, Events: []byte(`[]`)}
}

func TestStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pb.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Meta(ctx); board.ErrorKindOf(err) != board.NotFound {
		t.Errorf("meta of a new database: err = %v, want not found", err)
	}
	meta := engine.Meta{Rules: "rules text", Keyring: "dev:x", Origin: "test"}
	if err := db.Init(ctx, meta); err != nil {
		t.Fatal(err)
	}
	if err := db.Init(ctx, meta); board.ErrorKindOf(err) != board.Conflict {
		t.Errorf("second init: err = %v, want conflict", err)
	}
	if err := db.Append(ctx, engine.Batch{Entries: []record.Entry{entry(0), entry(1)}}); err != nil {
		t.Fatal(err)
	}
	// A batch with one bad entry stores none of it.
	if err := db.Append(ctx, engine.Batch{Entries: []record.Entry{entry(2), entry(1)}}); board.ErrorKindOf(err) != board.Conflict {
		t.Errorf("append of an existing index: err = %v, want conflict", err)
	}
	db.Close()

	// Reopening applies no migration twice and finds everything.
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Meta(ctx)
	if err != nil || got != meta {
		t.Errorf("meta = %+v, %v; want %+v", got, err, meta)
	}
	var entries []record.Entry
	if err := db.Entries(ctx, 1, func(e record.Entry) error { entries = append(entries, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Index != 1 || !entries[0].At.Equal(entry(1).At) || !bytes.Equal(entries[0].Signature, []byte{1, 2}) {
		t.Errorf("entries from 1 = %+v, want entry 1 only", entries)
	}
}
