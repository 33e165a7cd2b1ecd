package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// Kinds of error that only the HTTP edge knows: the domain's kinds (board.ErrorKind) cover
// everything about acts and the record; these cover the transport.
const (
	// TooLarge: the request body is over the limit (MaxBody).
	TooLarge board.ErrorKind = "too-large"
	// TooManyRequests: the client's token bucket is empty.
	TooManyRequests board.ErrorKind = "too-many-requests"
	// IdempotencyMismatch: an Idempotency-Key was used before with another body.
	IdempotencyMismatch board.ErrorKind = "idempotency-mismatch"
	// IdempotencyInFlight: a request with the same Idempotency-Key is still being answered.
	IdempotencyInFlight board.ErrorKind = "idempotency-in-flight"
	// Unavailable: the server is shutting down, or the client went away before an answer.
	Unavailable board.ErrorKind = "unavailable"
)

// problemKind is one row of the kind-to-status table: the HTTP status of a kind of error and
// the title of its problem document.
type problemKind struct {
	status int
	title  string
}

// problemKinds is the one table mapping every kind of error to its HTTP status (docs/api.md).
// A refusal by a charter rule is 422: the request was understood and well-formed, and the
// charter does not allow it (409 is kept for "already done": a repeated id, a second vote).
var problemKinds = map[board.ErrorKind]problemKind{
	board.Invalid:       {http.StatusBadRequest, "Malformed request"},
	board.Unauthorized:  {http.StatusUnauthorized, "Signature not accepted"},
	board.Forbidden:     {http.StatusForbidden, "Not an act for this actor"},
	board.NotFound:      {http.StatusNotFound, "Not found"},
	board.Conflict:      {http.StatusConflict, "Already done"},
	board.Refused:       {http.StatusUnprocessableEntity, "Refused by the charter"},
	board.Internal:      {http.StatusInternalServerError, "Internal error"},
	TooLarge:            {http.StatusRequestEntityTooLarge, "Request body too large"},
	TooManyRequests:     {http.StatusTooManyRequests, "Too many requests"},
	IdempotencyMismatch: {http.StatusUnprocessableEntity, "Idempotency-Key reused with another request"},
	IdempotencyInFlight: {http.StatusConflict, "A request with this Idempotency-Key is in progress"},
	Unavailable:         {http.StatusServiceUnavailable, "Unavailable"},
}

// StatusOf returns the HTTP status of an error of kind k.
func StatusOf(k board.ErrorKind) int {
	if p, ok := problemKinds[k]; ok {
		return p.status
	}
	return http.StatusInternalServerError
}

// problemOf returns the problem document of err, as answered to a request with id reqID. The
// detail of an internal error is not shown: it is logged with the request id.
func problemOf(err error, instance, reqID string) Problem {
	kind := board.ErrorKindOf(err)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, engine.ErrNotWriter) {
		// A process that lost the writer's role while the request was in flight: the act was not
		// recorded, and the writer will take it.
		kind = Unavailable
	}
	pk, ok := problemKinds[kind]
	if !ok {
		kind, pk = board.Internal, problemKinds[board.Internal]
	}
	p := Problem{
		Type:      "/api/v1/problems/" + string(kind),
		Title:     pk.title,
		Status:    pk.status,
		Detail:    err.Error(),
		Kind:      string(kind),
		Rule:      board.ErrorRule(err),
		Instance:  instance,
		RequestID: reqID,
	}
	if kind == board.Internal {
		p.Detail = "an internal error occurred; the server's log has it under request id " + reqID
	}
	if kind == Unavailable {
		p.Detail = "the request did not complete: " + err.Error()
	}
	if e, ok := errors.AsType[*board.Error](err); ok && kind != board.Internal {
		// The rule is its own member; the detail is the sentence alone.
		p.Detail = e.Msg
		if e.Err != nil {
			p.Detail += ": " + e.Err.Error()
		}
	}
	return p
}

// writeProblem answers err as an RFC 9457 problem document, and logs it if it is the server's
// fault. It is the one place where errors become HTTP answers.
func writeProblem(w http.ResponseWriter, r *http.Request, err error) Problem {
	p := problemOf(err, r.URL.Path, RequestID(r.Context()))
	if p.Status >= 500 {
		Logger(r.Context()).Error("request failed", "err", err)
	}
	switch p.Status {
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "1")
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "2")
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

// problemText describes each kind of problem for GET /api/v1/problems/{kind}, the type URI of
// every problem document.
var problemText = map[board.ErrorKind]string{
	board.Invalid:       "The request is malformed: a body that is not JSON, an unknown act or field, a bad date, text not in Unicode NFC, bytes not in canonical form, a bad query parameter.",
	board.Unauthorized:  "The act's signature does not verify, or its key is not a registered, unrevoked key of the act's actor.",
	board.Forbidden:     "The actor has no power to do this act at all (rule names the charter rule): for example a State inviting another State (R2 is the Chairman's).",
	board.NotFound:      "The thing named does not exist: a State never invited, a proposal never made, an entry beyond the log.",
	board.Conflict:      "The act was already done: a repeated id, a second vote, a record already established.",
	board.Refused:       "The charter refuses the act as things stand (rule names the rule, detail says why): for example a veto after the veto window closed (R7).",
	board.Internal:      "The server failed; the request may be retried. The log has the error under the request id.",
	TooLarge:            "The request body is over 64 KiB.",
	TooManyRequests:     "This client address sent too many requests; wait for Retry-After seconds.",
	IdempotencyMismatch: "The Idempotency-Key was used before with a different request body. Use a new key for a new act.",
	IdempotencyInFlight: "A request with this Idempotency-Key is still being answered; retry it shortly.",
	Unavailable:         "The server is shutting down or the request timed out before an answer.",
}
