package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/storetest"
	"github.com/peaceboard/peaceboard/scenario"
)

// TestRedTeamEveryColumn (issue 17, finding 7): every column of every table of an SQLite record,
// and its snapshot file, changed in turn: verify fails, or what the server serves is the same.
func TestRedTeamEveryColumn(t *testing.T) {
	storetest.RedTeamEveryColumn(t, redTeamStore())
}

// redTeamStore is the SQLite store as the red-team test changes it: database files, copied as
// files (with their write-ahead log and snapshot), changed with SQL.
func redTeamStore() storetest.RedTeamStore {
	return storetest.RedTeamStore{
		Create: func(t testing.TB) string { return filepath.Join(t.TempDir(), "pb.db") },
		Copy: func(t testing.TB, path string) string {
			t.Helper()
			to := filepath.Join(t.TempDir(), "pb.db")
			for _, suffix := range []string{"", "-wal", ".snapshot"} {
				data, err := os.ReadFile(path + suffix)
				if errors.Is(err, fs.ErrNotExist) && suffix != "" {
					continue
				}
				if err == nil {
					err = os.WriteFile(to+suffix, data, 0o600)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			return to
		},
		Open: func(ctx context.Context, path string) (engine.Store, error) { return sqlite.Open(ctx, path) },
		SQL: func(path string) *sql.DB {
			db, _ := sql.Open("sqlite", path) // opening only checks the driver's name
			return db
		},
		// Tables, not the FTS5 search index (a virtual table, kept in shadow tables): like an
		// index of a table, it is the database's own structure.
		ColumnsQuery: `SELECT m.name, c.name, c.pk > 0 FROM sqlite_master AS m, pragma_table_info(m.name) AS c
			JOIN pragma_table_list AS l ON l.schema = 'main' AND l.name = m.name
			WHERE m.type = 'table' AND l.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid`,
		Param: func(int) string { return "?" },
		Files: func(path string) []string { return []string{path + ".snapshot"} },
		Demo:  scenario.Demo(),
	}
}
