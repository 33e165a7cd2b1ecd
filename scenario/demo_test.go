package scenario_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/scenario"
	"github.com/peaceboard/peaceboard/charter"
)

// replayInto replays sc into a new SQLite database and returns the engine.
func replayInto(t *testing.T, sc *scenario.Scenario, rules string) *engine.Engine {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e, err := engine.Create(ctx, db, engine.Meta{Rules: rules, Keyring: "dev:test", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.Replay(ctx, e, nil); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestDemoReplays(t *testing.T) {
	replayInto(t, scenario.Demo(), charter.Default().Source)
}
