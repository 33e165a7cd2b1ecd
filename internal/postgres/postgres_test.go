package postgres_test

import (
	"context"
	"testing"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/postgres"
	"github.com/peaceboard/peaceboard/internal/postgres/pgtest"
	"github.com/peaceboard/peaceboard/internal/storetest"
	"github.com/peaceboard/peaceboard/scenario"
)

// open opens a store on dsn, closed when the test ends.
func open(t testing.TB, dsn string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t testing.TB) (engine.Store, func(testing.TB) engine.Store) {
		dsn := pgtest.DSN(t)
		return open(t, dsn), func(t testing.TB) engine.Store { return open(t, dsn) }
	}, scenario.Demo())
}

// TestSearchBelowTheWindow runs the search conformance tests with a window of 3 entries, so that
// most answers come from GIN below it, as on a large record.
func TestSearchBelowTheWindow(t *testing.T) {
	defer postgres.SetSearchWindow(3)()
	storetest.RunSearch(t, func(t testing.TB) (engine.Store, func(testing.TB) engine.Store) {
		dsn := pgtest.DSN(t)
		return open(t, dsn), func(t testing.TB) engine.Store { return open(t, dsn) }
	}, scenario.Demo())
}
