package postgres

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/peaceboard/peaceboard/board"
)

// mapError maps PostgreSQL's SQLSTATE codes to error kinds. Errors that have a kind already,
// errors without a code (a lost connection, a cancelled context) and codes not listed stay as
// they are: the last two are Internal.
func mapError(err error) error {
	if _, ok := errors.AsType[*board.Error](err); ok {
		return err
	}
	pe, ok := errors.AsType[*pgconn.PgError](err)
	if !ok {
		return err
	}
	switch pe.Code {
	case "23505": // unique_violation
		return &board.Error{Kind: board.Conflict, Msg: "already stored", Err: err}
	case "40001", "40P01", "55P03": // serialization_failure, deadlock_detected, lock_not_available
		return &board.Error{Kind: board.Transient, Msg: "the database is busy: is another writer running?", Err: err}
	case "3D000": // invalid_catalog_name
		return &board.Error{Kind: board.NotFound, Msg: "no such database (create it first: createdb NAME)", Err: err}
	case "28000", "28P01": // invalid_authorization_specification, invalid_password
		return &board.Error{Kind: board.Unauthorized, Msg: "the database refused the credentials", Err: err}
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
	board.Wrap(errp, "postgres: "+format, args...)
}
