package postgres_test

import (
	"context"
	"os"
	"testing"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/postgres"
	"github.com/peaceboard/peaceboard/internal/postgres/pgtest"
	"github.com/peaceboard/peaceboard/internal/storetest"
)

// BenchmarkSubmitSigned: see storetest.BenchmarkSubmitSigned and docs/benchmarks.md.
func BenchmarkSubmitSigned(b *testing.B) {
	storetest.BenchmarkSubmitSigned(b, func(t testing.TB) (engine.Store, func(testing.TB) engine.Store) {
		dsn := pgtest.DSN(t)
		return open(t, dsn), func(t testing.TB) engine.Store { return open(t, dsn) }
	})
}

// BenchmarkSearch: see storetest.BenchmarkSearch and docs/benchmarks.md. It runs on the record
// in the database $PEACEBOARD_SEARCH_PG names (one "peaceboard bench --db" wrote, or restored),
// and is skipped without one.
func BenchmarkSearch(b *testing.B) {
	dsn := os.Getenv("PEACEBOARD_SEARCH_PG")
	if dsn == "" {
		b.Skip("PEACEBOARD_SEARCH_PG names no record to search")
	}
	store, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	storetest.BenchmarkSearch(b, store, storetest.SearchBenchAsOf)
}
