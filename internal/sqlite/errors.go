package sqlite

import (
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/peaceboard/peaceboard/board"
)

// mapError maps SQLite's result codes to error kinds.
func mapError(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
		return &board.Error{Kind: board.Conflict, Msg: "already stored", Err: err}
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &board.Error{Kind: board.Conflict, Msg: "the database is busy: is another writer running?", Err: err}
	}
	return err
}
