package board_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/peaceboard/peaceboard/board"
)

// jcsOf decodes b with encoding/json and writes it again as RFC 8785 says, independently of
// board's encoder: the oracle the tests hold board.CheckJCS and board.Act.Canonical to. It
// reports false for what acts never hold: invalid JSON, a number that is not an integer of at
// most 2^53-1 in magnitude, nesting deeper than 64.
func jcsOf(b []byte) ([]byte, bool) {
	if !json.Valid(b) {
		return nil, false
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, false
	}
	return appendJCS(nil, v, 0)
}

func appendJCS(b []byte, v any, depth int) ([]byte, bool) {
	if depth > 64 {
		return nil, false
	}
	ok := true
	switch v := v.(type) {
	case nil:
		b = append(b, "null"...)
	case bool:
		b = strconv.AppendBool(b, v)
	case json.Number:
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil || n > 1<<53-1 || n < -(1<<53-1) {
			return nil, false
		}
		b = strconv.AppendInt(b, n, 10)
	case string:
		b = appendJCSString(b, v)
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			if b, ok = appendJCS(b, e, depth+1); !ok {
				return nil, false
			}
		}
		b = append(b, ']')
	case map[string]any:
		keys := slices.SortedFunc(maps.Keys(v), func(x, y string) int {
			return slices.Compare(utf16.Encode([]rune(x)), utf16.Encode([]rune(y)))
		})
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJCSString(b, k)
			b = append(b, ':')
			if b, ok = appendJCS(b, v[k], depth+1); !ok {
				return nil, false
			}
		}
		b = append(b, '}')
	}
	return b, true
}

// appendJCSString writes s as RFC 8785 §3.2.2.2 says, rune by rune.
func appendJCSString(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch r {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\b':
			b = append(b, `\b`...)
		case '\f':
			b = append(b, `\f`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		default:
			if r < 0x20 {
				b = append(b, `\u00`...)
				b = append(b, "0123456789abcdef"[r>>4], "0123456789abcdef"[r&0xf])
			} else {
				b = utf8.AppendRune(b, r)
			}
		}
	}
	return append(b, '"')
}

// TestCanonicalIsJCS: every kind's canonical bytes, and acts whose text needs care, are RFC
// 8785: CheckJCS accepts them, and encoding/json reads them back to a value that the
// independent encoder writes as the same bytes.
func TestCanonicalIsJCS(t *testing.T) {
	acts := []board.Act{}
	for _, body := range sampleBodies {
		acts = append(acts, board.Act{At: ts("2026-01-22T10:00:00.123Z"), By: sampleActor(body.Kind()), Body: body})
	}
	for _, text := range []string{"<b> & </b>", "É, ü, 中文, 😀", "line\nnext\tcol", "U+2028\u2028U+2029\u2029", `"quoted" \ back`, "\u007e~"} {
		acts = append(acts, board.Act{At: ts("2026-01-22T10:00:00Z"), By: "state:HUN", Body: &board.Comment{Proposal: "p", Text: text}})
	}
	for _, a := range acts {
		b, err := a.Canonical()
		if err != nil {
			t.Fatalf("%s: %v", a, err)
		}
		if err := board.CheckJCS(b); err != nil {
			t.Errorf("CheckJCS(%s): %v", b, err)
		}
		if want, ok := jcsOf(b); !ok || !bytes.Equal(b, want) {
			t.Errorf("%s: Canonical = %s\nRFC 8785 writes %s", a, b, want)
		}
		if bytes.Contains(b, []byte(`\u`)) {
			t.Errorf("%s: Canonical = %s has a \\u escape; only control characters need one", a, b)
		}
	}
}

// TestCheckJCS: what RFC 8785 refuses, and what it allows that encoding/json would write
// otherwise; each refusal says why.
func TestCheckJCS(t *testing.T) {
	for _, ok := range []string{
		`{}`, `[]`, `0`, `-1`, `9007199254740991`, `"<>&"`, `"\u001f\b\t\n\f\r\"\\"`, "\"\u2028\"",
		`{"a":1,"b":[true,false,null],"c":{"":""}}`,
		"{\"\U0001F600\":1,\"\uE000\":2}", // UTF-16 order: a surrogate pair (0xD83D) before U+E000
		`{"\u0001":1,"a":2}`,              // names compare as decoded
	} {
		if err := board.CheckJCS([]byte(ok)); err != nil {
			t.Errorf("CheckJCS(%s) = %v; want accepted", ok, err)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{``, "unexpected end"},
		{` {}`, "at byte 0: whitespace"},
		{`{"a": 1}`, "at byte 5: whitespace"},
		{`[1, 2]`, "at byte 3: whitespace"},
		{"{}\n", "at byte 2: data after the JSON value"},
		{`{"b":1,"a":2}`, `members out of order: "a" after "b"`},
		{"{\"\uE000\":1,\"\U0001F600\":2}", "members out of order"},
		{`{"a":1,"a":2}`, `member "a" repeated`},
		{`"\u003c"`, `unneeded escape \u003c`},
		{`"\/"`, `unneeded escape \/`},
		{`"\u000a"`, `\u000a for a character RFC 8785 escapes as \n`},
		{`"\u001F"`, "upper case"},
		{`"\ud83d\ude00"`, `unneeded escape \ud83d`},
		{"\"\x01\"", "control character not escaped"},
		{"\"\xff\"", "not valid UTF-8"},
		{`1.0`, "fraction"},
		{`1e3`, "exponent"},
		{`01`, "leading zero"},
		{`-0`, "-0"},
		{`9007199254740992`, "beyond"},
		{`tru`, "unexpected"},
		{strings.Repeat("[", 70) + strings.Repeat("]", 70), "nested deeper than 64"},
	} {
		err := board.CheckJCS([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckJCS(%s) = %v; want an error saying %s", tt.in, err, tt.want)
		}
	}
}

// FuzzCheckJCS: CheckJCS accepts exactly the JSON values that RFC 8785 writes as themselves (as
// encoding/json reads them and jcsOf writes them), among those acts can hold.
func FuzzCheckJCS(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":[true,false,null],"c":{"":""}}`, `"<>&\u001f"`, `{"b":1,"a":2}`, `"\u003c"`, `-0`, `[1, 2]`, "{\"\U0001F600\":1,\"\uE000\":2}"} {
		f.Add([]byte(s))
	}
	for _, body := range sampleBodies {
		b, err := board.Act{At: ts("2026-01-22T10:00:00Z"), By: sampleActor(body.Kind()), Body: body}.Canonical()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := board.CheckJCS(data)
		want, ok := jcsOf(data)
		if jcs := ok && bytes.Equal(want, data); jcs != (err == nil) {
			t.Fatalf("CheckJCS(%q) = %v; RFC 8785 writes it %q (ok %t)", data, err, want, ok)
		}
	})
}
