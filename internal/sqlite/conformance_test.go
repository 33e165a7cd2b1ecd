package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/storetest"
	"github.com/peaceboard/peaceboard/scenario"
)

func TestConformance(t *testing.T) { storetest.Run(t, newStore, scenario.Demo()) }

// newStore makes a new database file and returns the store on it, with a function that opens it
// again, as the conformance suite and the benchmarks take.
func newStore(t testing.TB) (engine.Store, func(testing.TB) engine.Store) {
	path := filepath.Join(t.TempDir(), "pb.db")
	open := func(t testing.TB) engine.Store {
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	return open(t), open
}
