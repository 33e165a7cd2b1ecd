package sqlite

import (
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/peaceboard/peaceboard/board"
)

// mapError maps SQLite's result codes to error kinds. An error that has a kind already, and one
// without a code, stay as they are (the latter is Internal).
func mapError(err error) error {
	if _, ok := errors.AsType[*board.Error](err); ok {
		return err
	}
	se, ok := errors.AsType[*sqlite.Error](err)
	if !ok {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
		return &board.Error{Kind: board.Conflict, Msg: "already stored", Err: err}
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &board.Error{Kind: board.Transient, Msg: "the database is busy: is another writer running?", Err: err}
	}
	return err
}

// wrap names the operation that failed in a non-nil *errp, whose driver error it maps to its
// kind first (mapError). Every method that reaches the database defers it.
func wrap(errp *error, format string, args ...any) {
	if *errp == nil {
		return
	}
	*errp = mapError(*errp)
	board.Wrap(errp, "sqlite: "+format, args...)
}
