package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

// TestDecodeStrict checks the edges of decodeStrict that the red-team test does not reach:
// escapes that only look like surrogates, embedded structs, maps, free-form values, nesting.
func TestDecodeStrict(t *testing.T) {
	type Inner struct {
		Deep string `json:"deep"`
	}
	type embedded struct {
		Promoted string `json:"promoted"`
	}
	type doc struct {
		embedded
		Name   string            `json:"name"`
		Plain  string            // no tag: its Go name, exactly
		Skip   string            `json:"-"`
		Inner  *Inner            `json:"inner,omitempty"`
		List   []Inner           `json:"list"`
		Labels map[string]string `json:"labels"`
		Raw    json.RawMessage   `json:"raw"`
		Any    any               `json:"any"`
	}
	for _, c := range []struct {
		body string
		err  string // "" when it must decode
	}{
		{`{"name":"a\\ud800"}`, ""}, // an escaped backslash, then the letters ud800
		{`{"name":"\ud834\udd1e"}`, ""},
		{`{"name":"\ufffd"}`, ""},
		{`{"promoted":"p","Plain":"x"}`, ""},
		{`{"inner":{"deep":"d"},"list":[{"deep":"1"},{"deep":"2"}]}`, ""},
		{`{"labels":{"A":"1","a":"2"}}`, ""}, // a map's keys are data: both cases are kept
		{`{"raw":{"X":1,"x":2},"any":{"Y":[1,{"y":2}]}}`, ""},
		{` {"name":"a"}` + "\n\t ", ""},
		{`{"name":"\ud834"}`, "lone UTF-16 surrogate"},
		{`{"name":"\ud834\u0041"}`, "lone UTF-16 surrogate"},
		{`{"name":"\udd1e"}`, "lone UTF-16 surrogate"},
		{`{"name":"\ud834`, "lone UTF-16 surrogate"},
		{"{\"name\":\"\xc3\"}", "not valid UTF-8"},
		{`{"PROMOTED":"p"}`, `did you mean "promoted"`},
		{`{"plain":"x"}`, `did you mean "Plain"`},
		{`{"Skip":"x"}`, `unknown key "Skip"`},
		{`{"inner":{"Deep":"d"}}`, `unknown key "inner.Deep"`},
		{`{"list":[{"deep":"1"},{"deep":"2","deep":"3"}]}`, `key "list[1].deep" is given twice`},
		{`{"labels":{"a":"1","a":"2"}}`, `key "labels.a" is given twice`},
		{`{"raw":{"x":1,"x":2}}`, `key "raw.x" is given twice`},
		{`{"any":[{"y":1,"y":2}]}`, `key "any[0].y" is given twice`},
		{`{"name":"a"}{}`, "data after its JSON value"},
		{`{"name":"a"}]`, "data after its JSON value"},
		{`{"name":"a"`, "unexpected EOF"},
		{``, "is empty"},
		{"  \n", "is empty"},
		{`{"name":`, "unexpected EOF"},
		{`{"any":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`, "nested deeper than"},
		{`{"name":1}`, "cannot unmarshal number"},
	} {
		var d doc
		err := decodeStrict([]byte(c.body), &d, "the body")
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v; want it decoded", c.body, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: %v; want an error with %q", c.body, err, c.err)
		case err != nil && board.ErrorKindOf(err) != board.Invalid:
			t.Errorf("%s: %v is %s; want invalid", c.body, err, board.ErrorKindOf(err))
		}
	}
}
