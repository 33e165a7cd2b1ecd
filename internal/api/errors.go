package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// An ErrorKind is a kind of error that only the HTTP edge knows. The domain's kinds
// (board.ErrorKind) cover everything about acts and the record; these cover the transport. Like
// the domain's, the list is closed: each kind has its row in problemTypes.
type ErrorKind string

// The edge's kinds of error.
const (
	// TooLarge: the request body is over the limit (MaxBody).
	TooLarge ErrorKind = "too-large"
	// TooManyRequests: the client's token bucket is empty.
	TooManyRequests ErrorKind = "too-many-requests"
	// IdempotencyMismatch: an Idempotency-Key was used before with another body.
	IdempotencyMismatch ErrorKind = "idempotency-mismatch"
	// IdempotencyInFlight: a request with the same Idempotency-Key is still being answered.
	IdempotencyInFlight ErrorKind = "idempotency-in-flight"
	// Unavailable: the request could not be answered now and may be sent again: the server is
	// shutting down, the request ran out of time, or the domain's error is board.Transient
	// (this process is not the record's writer, the database is busy).
	Unavailable ErrorKind = "unavailable"
)

// An Error is an error of one of the edge's kinds, with a sentence for the client.
type Error struct {
	Kind ErrorKind
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// errorf returns an Error of kind.
func errorf(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// A problemType is how the API answers one kind of error: the HTTP status, the title of the
// problem document, the Retry-After header if the same request may succeed later, and the text
// of the page at the problem's type URI (GET /api/v1/problems/{kind}).
type problemType struct {
	status     int
	title      string
	retryAfter string // in seconds; "" for none
	text       string
}

// problemTypes is the one table of the problems the API answers (docs/api.md), by their kind
// member, which is the last segment of their type URI. Each of the domain's kinds is answered
// under its own name, but Transient, which is answered as Unavailable (problemKind); then come
// the edge's own kinds.
//
// A refusal by a charter rule is 422: the request was understood and well-formed, and the
// charter does not allow it (409 is kept for "already done": a repeated id, a second vote).
var problemTypes = map[string]problemType{
	string(board.Invalid):       {http.StatusBadRequest, "Malformed request", "", "The request is malformed: a body that is not JSON, an unknown act or field, a bad date, text not in Unicode NFC, bytes not in canonical form, a bad query parameter."},
	string(board.Unauthorized):  {http.StatusUnauthorized, "Signature not accepted", "", "The act's signature does not verify, or its key is not a registered, unrevoked key of the act's actor."},
	string(board.Forbidden):     {http.StatusForbidden, "Not an act for this actor", "", "The actor has no power to do this act at all (rule names the charter rule): for example a State inviting another State (R2 is the Chairman's)."},
	string(board.NotFound):      {http.StatusNotFound, "Not found", "", "The thing named does not exist: a State never invited, a proposal never made, an entry beyond the log."},
	string(board.Conflict):      {http.StatusConflict, "Already done", "", "The act was already done: a repeated id, a second vote, a record already established."},
	string(board.Refused):       {http.StatusUnprocessableEntity, "Refused by the charter", "", "The charter refuses the act as things stand (rule names the rule, detail says why): for example a veto after the veto window closed (R7)."},
	string(board.Internal):      {http.StatusInternalServerError, "Internal error", "", "The server failed; the request may be retried. The log has the error under the request id."},
	string(TooLarge):            {http.StatusRequestEntityTooLarge, "Request body too large", "", "The request body is over 64 KiB."},
	string(TooManyRequests):     {http.StatusTooManyRequests, "Too many requests", "1", "This client address sent too many requests; wait for Retry-After seconds."},
	string(IdempotencyMismatch): {http.StatusUnprocessableEntity, "Idempotency-Key reused with another request", "", "The Idempotency-Key was used before with a different request body. Use a new key for a new act."},
	string(IdempotencyInFlight): {http.StatusConflict, "A request with this Idempotency-Key is in progress", "", "A request with this Idempotency-Key is still being answered; retry it shortly."},
	string(Unavailable):         {http.StatusServiceUnavailable, "Unavailable", "2", "The request could not be answered now; nothing was recorded, and the same request may be sent again after Retry-After seconds: this server follows the record and another process is its writer, the database is busy, the server is shutting down, or the request timed out."},
}

// problemKind returns the kind member of the problem that answers err: an edge's error by its
// kind; a domain error by its kind (board.ErrorKindOf), but a Transient one as Unavailable, like
// a request that ran out of time or whose server is shutting down.
func problemKind(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return string(e.Kind)
	}
	// A process that lost the writer's role while the request was in flight may fail the
	// commit with an Internal error that holds ErrNotWriter (the state could not be rebuilt):
	// the act was not recorded either, and the writer will take it.
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, engine.ErrNotWriter) {
		return string(Unavailable)
	}
	kind := board.ErrorKindOf(err)
	if kind == board.Transient {
		return string(Unavailable)
	}
	return string(kind)
}

// StatusOf returns the HTTP status that answers err.
func StatusOf(err error) int {
	if pt, ok := problemTypes[problemKind(err)]; ok {
		return pt.status
	}
	return http.StatusInternalServerError
}

// problemOf returns the problem document of err, as answered to a request with id reqID. The
// detail of an internal error is not shown: it is logged with the request id.
func problemOf(err error, instance, reqID string) apiv1.Problem {
	kind := problemKind(err)
	pt, ok := problemTypes[kind]
	if !ok {
		kind, pt = string(board.Internal), problemTypes[string(board.Internal)]
	}
	p := apiv1.Problem{
		Type:      "/api/v1/problems/" + kind,
		Title:     pt.title,
		Status:    pt.status,
		Detail:    err.Error(),
		Kind:      kind,
		Rule:      board.ErrorRule(err),
		Instance:  instance,
		RequestID: reqID,
	}
	switch kind {
	case string(board.Internal):
		p.Detail = "an internal error occurred; the server's log has it under request id " + reqID
		return p
	case string(Unavailable):
		p.Detail = "the request did not complete: " + err.Error()
	}
	if e, ok := errors.AsType[*Error](err); ok {
		p.Detail = e.Msg
	} else if e, ok := errors.AsType[*board.Error](err); ok {
		// The rule is its own member; the detail is the sentence alone, without the operations
		// that wrapped it on its way.
		p.Detail = e.Msg
		if e.Err != nil {
			p.Detail += ": " + e.Err.Error()
		}
	}
	return p
}

// writeProblem answers err as an RFC 9457 problem document, and logs it if it is the server's
// fault (an internal error; an unavailable one is the client's to retry, and Observe's request
// line records it). It is the one place where errors become HTTP answers.
func writeProblem(w http.ResponseWriter, r *http.Request, err error) apiv1.Problem {
	p := problemOf(err, r.URL.Path, RequestID(r.Context()))
	if p.Kind == string(board.Internal) {
		Logger(r.Context()).Error("request failed", "err", err)
	}
	if s := problemTypes[p.Kind].retryAfter; s != "" {
		w.Header().Set("Retry-After", s)
	}
	writeJSONStatus(w, p.Status, "application/problem+json", p)
	return p
}

// writeJSONStatus writes v as JSON with status and content type.
func writeJSONStatus(w http.ResponseWriter, status int, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		slog.Default().Error("encode answer", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
