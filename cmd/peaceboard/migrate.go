package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/peaceboard/peaceboard/internal/postgres"
	"github.com/peaceboard/peaceboard/internal/sqlite"
)

// A migrator is a database's schema, as "migrate" sees it. Both stores implement it.
type migrator interface {
	MigrationStatus(ctx context.Context) (applied, pending []string, err error)
	Migrate(ctx context.Context) error
	Close() error
}

var (
	_ migrator = (*sqlite.DB)(nil)
	_ migrator = (*postgres.DB)(nil)
)

// connectSchema opens the database a --db value names without migrating it. A file must exist.
func connectSchema(ctx context.Context, db string) (migrator, error) {
	if isPostgres(db) {
		return postgres.Connect(ctx, db)
	}
	if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no database at %s", db)
	}
	return sqlite.Connect(ctx, db)
}

// migrate shows the schema's migrations (status) or applies the pending ones (up). Every
// command applies pending migrations when it opens a database; "migrate up" does it ahead,
// from a deploy step, so that servers restart on an upgraded schema.
func (m *Main) migrate(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "status" && args[0] != "up") {
		return usageError{"migrate takes a subcommand: status or up (--db PATH|URL)"}
	}
	sub := args[0]
	f := m.newFlags("migrate "+sub, "[--db PATH|URL]")
	f.dbFlag()
	if pos, err := f.parse(args[1:]); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"migrate " + sub + " takes no arguments"}
	}
	db, err := connectSchema(ctx, *f.db)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, pending, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	name := dbName(*f.db)
	if sub == "status" {
		for _, a := range applied {
			fmt.Fprintf(m.Stdout, "applied  %s\n", a)
		}
		for _, p := range pending {
			fmt.Fprintf(m.Stdout, "pending  %s\n", p)
		}
		if len(pending) == 0 {
			fmt.Fprintf(m.Stdout, "%s: the schema is up to date\n", name)
		} else {
			fmt.Fprintf(m.Stdout, "%s: %d migrations pending (peaceboard migrate up)\n", name, len(pending))
		}
		return nil
	}
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	for _, p := range pending {
		fmt.Fprintf(m.Stdout, "applied  %s\n", p)
	}
	fmt.Fprintf(m.Stdout, "%s: the schema is up to date (%d migrations applied now)\n", name, len(pending))
	return nil
}
