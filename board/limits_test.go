package board_test

import (
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/money"
)

// TestEveryFieldHasALimit walks every kind of act: each of its text fields, and each list of
// text, has a limit of its own in the table, and docs/api.md's table of limits gives it.
func TestEveryFieldHasALimit(t *testing.T) {
	docs, err := os.ReadFile("../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	limits := board.FieldLimits()
	for _, k := range board.Kinds() {
		body, _ := board.NewBody(k)
		for _, field := range textFields(reflect.TypeOf(body), "") {
			limit, ok := limits[field]
			if _, name, nested := strings.Cut(field, "."); nested && !ok {
				field = name // a field of a list's objects, whose limit is its name's
				limit, ok = limits[field]
			}
			if !ok {
				t.Errorf("%s: field %q has no limit in board's table (limits.go)", k, field)
				continue
			}
			row := regexp.MustCompile("(?m)^\\|[^|\\n]*`" + regexp.QuoteMeta(field) + "`[^|\\n]*\\| " + strconv.Itoa(limit) + "\\b")
			if !row.Match(docs) {
				t.Errorf("%s: docs/api.md's table of limits does not give field %q its limit, %d", k, field, limit)
			}
		}
	}
}

// textFields returns the JSON names of t's string fields, and of its lists of strings, within
// board's own types; a field of a list's objects by its path ("witnesses.name").
func textFields(t reflect.Type, name string) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return []string{name}
	case reflect.Struct:
		if t.PkgPath() != reflect.TypeFor[board.Act]().PkgPath() {
			return nil
		}
		var out []string
		for i := range t.NumField() {
			n, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name != "" {
				n = name + "." + n
			}
			out = append(out, textFields(t.Field(i).Type, n)...)
		}
		return out
	}
	return nil
}

// TestActLimits checks each class of limit at its bound and one byte past it, in CheckLimits,
// which the API and the engine call before anything else is looked at. (Decide does not: a
// record made before a limit existed verifies as it was decided. The engine's
// TestSubmitChecksLimits checks that an act past a limit is refused before its signature.)
func TestActLimits(t *testing.T) {
	at := ts("2026-02-19T17:00:00Z")
	long := func(n int) string { return strings.Repeat("a", n) }
	for _, c := range []struct {
		name string
		by   board.ActorID
		body board.Body
		ok   bool
	}{
		{"a comment at the limit", "state:QAT", &board.Comment{Proposal: "p1", Text: long(board.LimitText)}, true},
		{"a comment past it", "state:QAT", &board.Comment{Proposal: "p1", Text: long(board.LimitText + 1)}, false},
		{"a title past the limit", board.Chairman, &board.Directive{ID: "d1", Title: long(board.LimitTitle + 1)}, false},
		{"an id past the limit", board.Chairman, &board.Directive{ID: board.DecisionID(long(board.LimitID + 1)), Title: "T"}, false},
		{"a reason past the limit", board.Secretariat, &board.Reverse{Entry: "e1", Reason: long(board.LimitNote + 1)}, false},
		{"a name past the limit", board.Chairman, &board.AppointExecutive{ID: "x", Person: long(board.LimitName + 1)}, false},
		{"a place past the limit", "state:QAT", &board.Consent{Instrument: "signature", Place: long(board.LimitName + 1)}, false},
		{"a list of members past the limit", board.Chairman, &board.CreateSubsidiary{ID: "s", Name: "S", Members: make([]string, board.LimitItems+1)}, false},
		{"a contributor past the limit", board.Secretariat, &board.Pledge{Contributor: board.ActorID("org:" + long(board.LimitActor)), Amount: money.Amount{Currency: "USD", Minor: 1}}, false},
		{"a key id of 65 KB", board.Secretariat, &board.RevokeKey{Actor: "state:QAT", KeyID: board.KeyID(long(64 << 10))}, false},
		{"a key id in capitals", board.Secretariat, &board.RevokeKey{Actor: "state:QAT", KeyID: "ABCDEF0123456789"}, false},
		{"a key id of 15 digits", board.Secretariat, &board.RevokeKey{Actor: "state:QAT", KeyID: "abcdef012345678"}, false},
		{"an actor past the limit", board.ActorID("org:" + long(board.LimitActor)), &board.Pledge{Amount: money.Amount{Currency: "USD", Minor: 1}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			act := board.Act{At: at, By: c.by, Body: c.body}
			err := board.CheckLimits(act)
			if (err == nil) != c.ok {
				t.Fatalf("CheckLimits = %v; want ok %v", err, c.ok)
			}
			if !c.ok {
				wantRefusal(t, err, board.Invalid, "")
			}
		})
	}
}
