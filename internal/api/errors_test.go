package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// TestProblemTable checks the one kind-to-status table: every kind of the domain
// (board.ErrorKinds) and of the edge is answered with its status, and has a title and a problem
// type page; those that may succeed later say when with Retry-After.
func TestProblemTable(t *testing.T) {
	domain := map[board.ErrorKind]int{
		board.Invalid: 400, board.Unauthorized: 401, board.Forbidden: 403, board.NotFound: 404,
		board.Conflict: 409, board.Refused: 422, board.Internal: 500, board.Transient: 503,
	}
	for _, kind := range board.ErrorKinds() {
		status, ok := domain[kind]
		if !ok {
			t.Errorf("board.%s: no status in the test", kind)
			continue
		}
		if got := StatusOf(board.Errorf(kind, "an error")); got != status {
			t.Errorf("StatusOf(an error of kind %s) = %d, want %d", kind, got, status)
		}
	}
	edge := map[ErrorKind]int{TooLarge: 413, TooManyRequests: 429, IdempotencyMismatch: 422, IdempotencyInFlight: 409, Unavailable: 503}
	for kind, status := range edge {
		if got := StatusOf(errorf(kind, "an error")); got != status {
			t.Errorf("StatusOf(an error of kind %s) = %d, want %d", kind, got, status)
		}
	}
	// Transient is answered as Unavailable: every kind but it has a row of its own.
	if got, want := len(problemTypes), len(domain)-1+len(edge); got != want {
		t.Errorf("the table has %d kinds, want %d", got, want)
	}
	for kind, pt := range problemTypes {
		if pt.title == "" || pt.text == "" {
			t.Errorf("%s: no title or no problem type text", kind)
		}
		if retry := pt.status == http.StatusServiceUnavailable || pt.status == http.StatusTooManyRequests; retry != (pt.retryAfter != "") {
			t.Errorf("%s (%d): Retry-After %q", kind, pt.status, pt.retryAfter)
		}
	}
}

// TestProblemOf checks the problem documents that errors become.
func TestProblemOf(t *testing.T) {
	wrap := func(err error, op string) error { return fmt.Errorf("%s: %w", op, err) }
	notWriter := &board.Error{Kind: board.Transient, Msg: "this process is no longer the record's writer", Err: engine.ErrNotWriter}
	tests := []struct {
		name       string
		err        error
		status     int
		kind       string
		detail     string // "" for any
		retryAfter string
	}{
		{"a refusal, with its rule apart", &board.Error{Kind: board.Refused, Rule: "R7", Msg: "the veto window closed on 2026-03-01"},
			422, "refused", "the veto window closed on 2026-03-01", ""},
		{"a refusal wrapped on its way: the detail is its sentence", wrap(&board.Error{Kind: board.Refused, Rule: "R7", Msg: "the veto window closed"}, "submit"),
			422, "refused", "the veto window closed", ""},
		{"a write on a demoted writer: retry at the writer, not 409", notWriter,
			503, "unavailable", "this process is no longer the record's writer: this process is not the record's writer", "2"},
		{"a busy database: retry, not 409 already done", wrap(&board.Error{Kind: board.Transient, Msg: "the database is busy: is another writer running?"}, "sqlite: append"),
			503, "unavailable", "the database is busy: is another writer running?", "2"},
		{"a commit that failed on a demoted writer, whose state could not be rebuilt", board.Internalf(errors.Join(notWriter, errors.New("lost")), "the commit failed"),
			503, "unavailable", "", "2"},
		{"a request out of time", wrap(context.DeadlineExceeded, "read entries"),
			503, "unavailable", "the request did not complete: read entries: context deadline exceeded", "2"},
		{"an edge's kind", errorf(TooManyRequests, "more than 50 requests per second"),
			429, "too-many-requests", "more than 50 requests per second", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			p := writeProblem(rec, httptest.NewRequest("POST", "/api/v1/acts", nil), tt.err)
			if p.Status != tt.status || rec.Code != tt.status || p.Kind != tt.kind || p.Type != "/api/v1/problems/"+tt.kind || p.Title == "" {
				t.Errorf("problem = %+v (HTTP %d), want %d %s", p, rec.Code, tt.status, tt.kind)
			}
			if tt.detail != "" && p.Detail != tt.detail {
				t.Errorf("detail = %q, want %q", p.Detail, tt.detail)
			}
			if got := rec.Header().Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("Retry-After = %q, want %q", got, tt.retryAfter)
			}
			if p.Rule != board.ErrorRule(tt.err) {
				t.Errorf("rule = %q, want %q", p.Rule, board.ErrorRule(tt.err))
			}
		})
	}

	p := problemOf(errors.New("disk on fire: /var/lib/secret"), "/api/v1/acts", "abc")
	if p.Status != http.StatusInternalServerError || strings.Contains(p.Detail, "secret") || !strings.Contains(p.Detail, "abc") || p.RequestID != "abc" {
		t.Errorf("internal error = %+v; want 500 with the request id and without the cause", p)
	}
}
