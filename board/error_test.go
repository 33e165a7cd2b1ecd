package board_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

// TestErrorKinds checks the one list of kinds: each has a distinct name, in the form problem
// documents use ("not-found"), and Transient is one of them.
func TestErrorKinds(t *testing.T) {
	seen := map[board.ErrorKind]bool{}
	for _, k := range board.ErrorKinds() {
		if k == "" || strings.ToLower(string(k)) != string(k) || strings.ContainsAny(string(k), " _") {
			t.Errorf("kind %q: want a lower-case name with hyphens", k)
		}
		if seen[k] {
			t.Errorf("kind %q twice", k)
		}
		seen[k] = true
	}
	if !seen[board.Transient] || !seen[board.Internal] {
		t.Errorf("ErrorKinds() = %v; want Transient and Internal among them", board.ErrorKinds())
	}
}

// TestErrorKindOf: the kind and rule of an error are those of the first *board.Error in its
// chain; an error that holds none is Internal.
func TestErrorKindOf(t *testing.T) {
	refusal := &board.Error{Kind: board.Refused, Rule: "R7", Msg: "the veto window closed"}
	tests := []struct {
		name string
		err  error
		kind board.ErrorKind
		rule string
	}{
		{"a refusal", refusal, board.Refused, "R7"},
		{"a refusal wrapped", wrapped(refusal, "submit"), board.Refused, "R7"},
		{"transient", &board.Error{Kind: board.Transient, Msg: "the database is busy"}, board.Transient, ""},
		{"a plain error", io.ErrUnexpectedEOF, board.Internal, ""},
		{"internal with a cause", board.Internalf(io.EOF, "record: entry %d", 3), board.Internal, ""},
		{"the first of several", errors.Join(board.Internalf(nil, "rebuild"), refusal), board.Internal, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := board.ErrorKindOf(tt.err); got != tt.kind {
				t.Errorf("ErrorKindOf(%v) = %s, want %s", tt.err, got, tt.kind)
			}
			if got := board.ErrorRule(tt.err); got != tt.rule {
				t.Errorf("ErrorRule(%v) = %q, want %q", tt.err, got, tt.rule)
			}
		})
	}
}

// wrapped returns err as a function that defers board.Wrap returns it.
func wrapped(err error, op string) (out error) {
	defer board.Wrap(&out, "%s", op)
	return err
}

// TestWrap: a wrapped error names its operation first and keeps what it wraps; nil stays nil.
func TestWrap(t *testing.T) {
	if err := wrapped(nil, "read entries"); err != nil {
		t.Errorf("wrapping nil = %v, want nil", err)
	}
	cause := board.Internalf(io.ErrUnexpectedEOF, "record: entry %d", 7)
	err := wrapped(wrapped(cause, "read entries"), "open")
	if got, want := err.Error(), "open: read entries: record: entry 7: unexpected EOF"; got != want {
		t.Errorf("wrapped error = %q, want %q", got, want)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) || board.ErrorKindOf(err) != board.Internal {
		t.Errorf("wrapped error %v: lost its cause or its kind", err)
	}
	if e, ok := errors.AsType[*board.Error](err); !ok || e.Msg != "record: entry 7" {
		t.Errorf("wrapped error %v: its sentence changed", err)
	}
}
