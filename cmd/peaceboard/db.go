package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
)

// openExisting opens the engine on a database that must exist: read commands never create one.
func openExisting(ctx context.Context, path string, opts ...engine.Option) (*engine.Engine, func() error, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("no database at %s (create one with \"peaceboard replay FILE --db %s\" or \"peaceboard init --db %s\")", path, path, path)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	e, err := engine.Open(ctx, db, opts...)
	if board.ErrorKindOf(err) == board.NotFound {
		err = fmt.Errorf("%s has no record yet (create one with \"peaceboard replay FILE --db %s\")", path, path)
	}
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return e, closer(e, db), nil
}

// closer closes the engine (its writer), then the database.
func closer(e *engine.Engine, db *sqlite.DB) func() error {
	return func() error {
		e.Close()
		return db.Close()
	}
}

// openOrCreate opens the engine on the database at path, creating it with meta if it is new.
// It reports whether it created it.
func openOrCreate(ctx context.Context, path string, meta engine.Meta, opts ...engine.Option) (*engine.Engine, func() error, bool, error) {
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, nil, false, err
	}
	created := false
	e, err := engine.Open(ctx, db, opts...)
	if board.ErrorKindOf(err) == board.NotFound {
		e, err = engine.Create(ctx, db, meta, opts...)
		created = true
	}
	if err != nil {
		db.Close()
		return nil, nil, false, err
	}
	return e, closer(e, db), created, nil
}
