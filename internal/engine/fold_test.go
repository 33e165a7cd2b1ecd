package engine_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/scenario"
)

// TestFoldInBatches rebuilds the demo's state from its events, read and decoded in batches of 7
// on every core: it equals the state the writer built act by act. A record whose events do not
// decode, or that misses an entry, fails to open naming the entry; an as-of read whose context
// ends returns.
func TestFoldInBatches(t *testing.T) {
	defer engine.SetFoldBatch(7)()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pb.db")
	e, db := open(t, path)
	if _, err := replay.Run(ctx, e, scenario.Demo(), replay.Options{}); err != nil {
		t.Fatal(err)
	}
	var at []time.Time
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2028; d = d.AddDate(0, 2, 0) {
		at = append(at, d)
	}
	want := views(t, e, at...)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	rebuilt, err := engine.OpenFromEvents(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if got := views(t, rebuilt, at...); got != want {
		t.Fatal("the state rebuilt from the events in batches differs from the one the writer built")
	}
	// An as-of read folds too; one whose context has ended returns with that error.
	done, cancel := context.WithCancel(ctx)
	cancel()
	if err := rebuilt.View(done, at[0], func(*board.State, *charter.Rules) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("View with an ended context: %v; want context.Canceled", err)
	}

	raw := rawDB(t, path)
	exec(t, raw, `UPDATE entries SET events = CAST('[{"event":' AS BLOB) WHERE idx = 30`)
	if _, err := engine.OpenFromEvents(ctx, db); err == nil || !strings.Contains(err.Error(), "entry 30") {
		t.Errorf("opening a record whose entry 30's events do not decode: %v; want an error naming it", err)
	}
	exec(t, raw, `DELETE FROM entries WHERE idx = 16`)
	if _, err := engine.OpenFromEvents(ctx, db); err == nil || !strings.Contains(err.Error(), "entry 17 found where 16 was expected") {
		t.Errorf("opening a record missing entry 16: %v; want an error naming it", err)
	}
}
