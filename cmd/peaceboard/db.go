package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/postgres"
	"github.com/peaceboard/peaceboard/internal/sqlite"
)

// A --db value is a file path (SQLite, the embedded default) or a PostgreSQL connection URL
// (postgres://USER@HOST/DATABASE or postgresql://...). The same commands work on both.

// isPostgres reports whether a --db value names a PostgreSQL database rather than a file.
func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// dbName returns a --db value fit for messages: a URL's password is hidden.
func dbName(db string) string {
	if isPostgres(db) {
		if u, err := url.Parse(db); err == nil {
			return u.Redacted()
		}
		return "the PostgreSQL database given"
	}
	return db
}

// openStore opens the store a --db value names: a PostgreSQL database (which must exist) or an
// SQLite file (created if missing). Either way, pending migrations are applied.
func openStore(ctx context.Context, db string) (engine.Store, error) {
	if isPostgres(db) {
		return postgres.Open(ctx, db)
	}
	return sqlite.Open(ctx, db)
}

// openExisting opens the engine on a database that must exist: read commands never create one.
func openExisting(ctx context.Context, path string, opts ...engine.Option) (*engine.Engine, func() error, error) {
	name := dbName(path)
	if !isPostgres(path) {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("no database at %s (create one with \"peaceboard replay FILE --db %s\" or \"peaceboard init --db %s\")", path, path, path)
		}
	}
	db, err := openStore(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	e, err := engine.Open(ctx, db, opts...)
	if board.ErrorKindOf(err) == board.NotFound {
		err = fmt.Errorf("%s has no record yet (create one with \"peaceboard replay FILE --db %s\")", name, name)
	}
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return e, closer(e, db), nil
}

// closer closes the engine (its writer), then the database.
func closer(e *engine.Engine, db engine.Store) func() error {
	return func() error {
		e.Close()
		return db.Close()
	}
}

// openOrCreate opens the engine on the database at path, creating it with meta if it is new.
// It reports whether it created it. When several processes start together on one new
// PostgreSQL database, one creates it and the others open it.
func openOrCreate(ctx context.Context, path string, meta engine.Meta, opts ...engine.Option) (*engine.Engine, func() error, bool, error) {
	db, err := openStore(ctx, path)
	if err != nil {
		return nil, nil, false, err
	}
	created := false
	e, err := engine.Open(ctx, db, opts...)
	if board.ErrorKindOf(err) == board.NotFound {
		e, err = engine.Create(ctx, db, meta, opts...)
		created = true
		if board.ErrorKindOf(err) == board.Conflict {
			e, err = engine.Open(ctx, db, opts...)
			created = false
		}
	}
	if err != nil {
		db.Close()
		return nil, nil, false, err
	}
	return e, closer(e, db), created, nil
}

// replicate runs e as one of several server processes on a shared (PostgreSQL) database, in
// the background until ctx ends: elected the writer, or following the writer's commits. It logs
// each change of role.
func replicate(ctx context.Context, e *engine.Engine, log *slog.Logger) {
	e.StandBy() // before the server answers: Replicate, in the background, elects or follows
	go e.Replicate(ctx, engine.ReplicaOptions{
		OnRole: func(writer bool) {
			if writer {
				log.Info("this process is now the record's writer", "entries", e.Len())
			} else {
				log.Warn("this process lost the writer role: it follows the record and refuses writes")
			}
		},
		OnError: func(err error) { log.Error("replication", "err", err) },
	})
}

// createNew creates a new database with meta and opens the engine on it. It refuses a database
// that exists: a file at path, or a PostgreSQL database that holds a record.
func createNew(ctx context.Context, path string, meta engine.Meta, opts ...engine.Option) (*engine.Engine, func() error, error) {
	if _, err := os.Stat(path); err == nil && !isPostgres(path) {
		return nil, nil, fmt.Errorf("%s already exists; init creates new databases only", path)
	}
	e, closeDB, created, err := openOrCreate(ctx, path, meta, opts...)
	if err != nil {
		return nil, nil, err
	}
	if !created {
		closeDB()
		return nil, nil, fmt.Errorf("%s already holds a record; init creates new databases only", dbName(path))
	}
	return e, closeDB, nil
}
