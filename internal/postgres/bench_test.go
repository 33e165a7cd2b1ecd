package postgres_test

import (
	"testing"

	"github.com/peaceboard/peaceboard/internal/engine"
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
