package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver of database/sql

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/postgres"
	"github.com/peaceboard/peaceboard/internal/postgres/pgtest"
	"github.com/peaceboard/peaceboard/internal/storetest"
	"github.com/peaceboard/peaceboard/scenario"
)

// TestRedTeamEveryColumn (issue 17, finding 7): every column of every table of a PostgreSQL
// record changed in turn: verify fails, or what the server serves is the same.
func TestRedTeamEveryColumn(t *testing.T) {
	storetest.RedTeamEveryColumn(t, storetest.RedTeamStore{
		Create: pgtest.DSN,
		Copy:   pgtest.Copy,
		Open:   func(ctx context.Context, dsn string) (engine.Store, error) { return postgres.Open(ctx, dsn) },
		SQL: func(dsn string) *sql.DB {
			db, _ := sql.Open("pgx", dsn) // opening only checks the driver's name
			return db
		},
		ColumnsQuery: `SELECT c.table_name, c.column_name, EXISTS (
				SELECT 1 FROM information_schema.table_constraints AS k
				JOIN information_schema.key_column_usage AS u USING (constraint_schema, constraint_name)
				WHERE k.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema
					AND u.table_name = c.table_name AND u.column_name = c.column_name)
			FROM information_schema.columns AS c
			WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position`,
		Param: func(n int) string { return fmt.Sprintf("$%d", n) },
		Files: func(string) []string { return nil },
		Demo:  scenario.Demo(),
	})
}
