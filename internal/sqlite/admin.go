package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/peaceboard/peaceboard/internal/engine"
)

// Migrate applies the embedded migrations the database has not seen (Open does it too).
func (d *DB) Migrate(ctx context.Context) (err error) {
	defer wrap(&err, "migrate %s", d.path)
	return d.migrate(ctx)
}

// MigrationStatus returns the names of the embedded migrations the database has applied and of
// those it has not, in order. It changes nothing.
func (d *DB) MigrationStatus(ctx context.Context) (applied, pending []string, err error) {
	defer wrap(&err, "migration status of %s", d.path)
	var n int
	if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
		return nil, nil, err
	}
	versions := map[string]bool{}
	if n > 0 {
		rows, err := d.db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return nil, nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				return nil, nil, err
			}
			versions[fmt.Sprintf("%04d", v)] = true
		}
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		if versions[strings.SplitN(base, "_", 2)[0]] {
			applied = append(applied, base)
		} else {
			pending = append(pending, base)
		}
	}
	return applied, pending, nil
}

// Backup writes a consistent copy of the database to a new file at path (VACUUM INTO), while
// the database stays open for reads and writes. The copy is a database like any other. The
// file appears only once complete and on disk, and an existing file is never overwritten.
func (d *DB) Backup(ctx context.Context, path string) (err error) {
	defer wrap(&err, "back up %s to %s", d.path, path)
	if _, err := os.Stat(path); err == nil {
		return errors.New("the file exists: a backup never overwrites one")
	}
	tmp := filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.%d.tmp", filepath.Base(path), os.Getpid()))
	defer os.Remove(tmp)
	if _, err := d.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return err
	}
	f, err := os.Open(tmp)
	if err != nil {
		return err
	}
	err = f.Sync()
	f.Close()
	if err != nil {
		return err
	}
	return os.Link(tmp, path)
}

// AppendAll stores several batches, each following the one before, in one transaction: what a
// restore uses to rebuild a record with every checkpoint it had, without one commit for each.
func (d *DB) AppendAll(ctx context.Context, batches []engine.Batch) (err error) {
	defer wrap(&err, "append")
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, b := range batches {
		if err := d.appendTx(ctx, tx, b); err != nil {
			return err
		}
	}
	return tx.Commit()
}
