package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/storetest"
)

// BenchmarkSubmitSigned: see storetest.BenchmarkSubmitSigned and docs/benchmarks.md.
func BenchmarkSubmitSigned(b *testing.B) {
	storetest.BenchmarkSubmitSigned(b, func(t testing.TB) (engine.Store, func(testing.TB) engine.Store) {
		path := filepath.Join(t.TempDir(), "bench.db")
		open := func(t testing.TB) engine.Store {
			db, err := sqlite.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}
		return open(t), open
	})
}
