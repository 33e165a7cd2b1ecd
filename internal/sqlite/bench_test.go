package sqlite_test

import (
	"context"
	"os"
	"testing"

	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/storetest"
)

// BenchmarkSubmitSigned: see storetest.BenchmarkSubmitSigned and docs/benchmarks.md.
func BenchmarkSubmitSigned(b *testing.B) { storetest.BenchmarkSubmitSigned(b, newStore) }

// BenchmarkSearch: see storetest.BenchmarkSearch and docs/benchmarks.md. It runs on the record
// at $PEACEBOARD_SEARCH_DB (a database "peaceboard bench --db" wrote), and is skipped without
// one.
func BenchmarkSearch(b *testing.B) {
	path := os.Getenv("PEACEBOARD_SEARCH_DB")
	if path == "" {
		b.Skip("PEACEBOARD_SEARCH_DB names no record to search")
	}
	store, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	storetest.BenchmarkSearch(b, store, storetest.SearchBenchAsOf)
}
