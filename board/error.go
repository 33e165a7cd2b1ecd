package board

import (
	"errors"
	"fmt"
)

// An ErrorKind classifies an Error. The set is closed and this is its one list (ErrorKinds):
// each kind maps to one HTTP status and one CLI exit behaviour at the edges. Kinds are only
// ever added, at the end, never renamed: their names are in problem documents and in stored
// logs. An edge's own failures (a request body too large, a client rate-limited) are the
// edge's kinds, with a type of their own, never ErrorKinds.
type ErrorKind string

// The kinds of error.
const (
	Invalid      ErrorKind = "invalid"      // malformed input: bad field, bad date, unknown act
	Refused      ErrorKind = "refused"      // lawful-looking input the charter forbids; Rule says which rule
	Forbidden    ErrorKind = "forbidden"    // the actor has no power to do this act; Rule says which rule
	NotFound     ErrorKind = "not-found"    // the thing named does not exist
	Conflict     ErrorKind = "conflict"     // already done: a repeated id, a second vote
	Unauthorized ErrorKind = "unauthorized" // bad signature, unknown or revoked key
	Internal     ErrorKind = "internal"     // a bug or a failing disk; never the caller's fault
	// Transient: a passing condition, neither the caller's fault nor a failure: the database is
	// busy, this process is not (or no longer) the record's writer, the engine is shutting down.
	// Nothing was recorded; the same request, sent again later (or to the writer), may succeed.
	Transient ErrorKind = "transient"
)

// ErrorKinds returns every kind of error, in the order of their list.
func ErrorKinds() []ErrorKind {
	return []ErrorKind{Invalid, Refused, Forbidden, NotFound, Conflict, Unauthorized, Internal, Transient}
}

// Error is the application error: a kind, the charter rule that refused the act (if any), and a
// sentence a person understands.
type Error struct {
	Kind ErrorKind
	Rule string // "R7", or "" when no rule is involved
	Msg  string
	Err  error // the underlying error, for Internal and Transient
}

func (e *Error) Error() string {
	msg := e.Msg
	if e.Err != nil {
		if msg == "" {
			msg = e.Err.Error()
		} else {
			msg += ": " + e.Err.Error()
		}
	}
	if e.Rule != "" {
		return e.Rule + ": " + msg
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error of kind with no rule.
func Errorf(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// Internalf returns an Internal error: the sentence says what failed, and cause (nil if there
// is none) why. It is the one way code outside this package makes an Internal error of its own.
func Internalf(cause error, format string, args ...any) *Error {
	return &Error{Kind: Internal, Msg: fmt.Sprintf(format, args...), Err: cause}
}

// Wrap adds the operation that failed to a non-nil *errp, keeping what it wraps (its kind, its
// rule, and causes that errors.Is looks for). It is deferred at the top of a function whose
// error result is named, so that every error the function returns says where it came from:
//
//	func (d *DB) Append(ctx context.Context, b Batch) (err error) {
//		defer board.Wrap(&err, "append entries from %d", b.Entries[0].Index)
//
// An Error's own sentence (Error.Msg), which the edges show to a person, is unchanged.
func Wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}

// refuse returns a refusal by rule.
func refuse(rule, format string, args ...any) *Error {
	return &Error{Kind: Refused, Rule: rule, Msg: fmt.Sprintf(format, args...)}
}

// conflict returns a refusal of something already done, by rule.
func conflict(rule, format string, args ...any) *Error {
	return &Error{Kind: Conflict, Rule: rule, Msg: fmt.Sprintf(format, args...)}
}

// ErrorKindOf returns the kind of err, the kind of the first Error in its chain: Internal for
// errors that hold none.
func ErrorKindOf(err error) ErrorKind {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Kind
	}
	return Internal
}

// ErrorRule returns the rule that refused err, or "".
func ErrorRule(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Rule
	}
	return ""
}
