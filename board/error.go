package board

import (
	"errors"
	"fmt"
)

// An ErrorKind classifies an Error. The set is closed: each kind maps to one HTTP status and one
// CLI exit behaviour at the edges.
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
)

// Error is the application error: a kind, the charter rule that refused the act (if any), and a
// sentence a person understands.
type Error struct {
	Kind ErrorKind
	Rule string // "R7", or "" when no rule is involved
	Msg  string
	Err  error // the underlying error, for Internal
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

// refuse returns a refusal by rule.
func refuse(rule, format string, args ...any) *Error {
	return &Error{Kind: Refused, Rule: rule, Msg: fmt.Sprintf(format, args...)}
}

// conflict returns a refusal of something already done, by rule.
func conflict(rule, format string, args ...any) *Error {
	return &Error{Kind: Conflict, Rule: rule, Msg: fmt.Sprintf(format, args...)}
}

// ErrorKindOf returns the kind of err: Internal for errors that are not *Error.
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
