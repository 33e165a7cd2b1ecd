package api

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// TestProblemTable checks the one kind-to-status table: every kind of the domain and of the
// edge has a status, a title and a problem type page, and an internal error shows only its
// request id.
func TestProblemTable(t *testing.T) {
	want := map[board.ErrorKind]int{
		board.Invalid: 400, board.Unauthorized: 401, board.Forbidden: 403, board.NotFound: 404,
		board.Conflict: 409, board.Refused: 422, board.Internal: 500,
		TooLarge: 413, TooManyRequests: 429, IdempotencyMismatch: 422, IdempotencyInFlight: 409, Unavailable: 503,
	}
	for kind, status := range want {
		if got := StatusOf(kind); got != status {
			t.Errorf("StatusOf(%s) = %d, want %d", kind, got, status)
		}
		if problemKinds[kind].title == "" || problemText[kind] == "" {
			t.Errorf("%s: no title or no problem type text", kind)
		}
	}
	if len(problemKinds) != len(want) {
		t.Errorf("the table has %d kinds, the test %d", len(problemKinds), len(want))
	}

	p := problemOf(&board.Error{Kind: board.Refused, Rule: "R7", Msg: "the veto window closed on 2026-03-01"}, "/api/v1/acts", "abc")
	if p.Status != 422 || p.Rule != "R7" || p.Detail != "the veto window closed on 2026-03-01" || p.Type != "/api/v1/problems/refused" || p.RequestID != "abc" {
		t.Errorf("refusal = %+v", p)
	}
	p = problemOf(&board.Error{Kind: board.Conflict, Msg: "this process is no longer the record's writer", Err: engine.ErrNotWriter}, "/api/v1/acts", "abc")
	if p.Status != http.StatusServiceUnavailable || p.Kind != string(Unavailable) {
		t.Errorf("a write on a demoted writer = %+v, want 503 (retry at the writer), not 409", p)
	}
	p = problemOf(errors.New("disk on fire: /var/lib/secret"), "/api/v1/acts", "abc")
	if p.Status != http.StatusInternalServerError || strings.Contains(p.Detail, "secret") || !strings.Contains(p.Detail, "abc") {
		t.Errorf("internal error = %+v; want 500 with the request id and without the cause", p)
	}
}
