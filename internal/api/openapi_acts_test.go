package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/scenario"
)

// TestActSchemasTakeTheDemo validates every lawful act of the demo scenario, as its canonical
// bytes are (what a client signs and the API receives), against the OpenAPI document's ActObject
// schema: the oneOf of act-KIND schemas, each with its fields-KIND. The schemas must take what
// the rules take.
func TestActSchemasTakeTheDemo(t *testing.T) {
	v := newValidator(t)
	kinds := map[board.Kind]bool{}
	for i, step := range scenario.Demo().Steps {
		if step.ExpectRefused {
			continue // refused on purpose: a schema may refuse it too
		}
		b, err := step.Act.Canonical()
		if err != nil {
			t.Fatalf("demo act %d: %v", i, err)
		}
		if errs := v.validate(v.ref("ActObject"), decode(t, b), "act"); len(errs) > 0 {
			t.Errorf("demo act %d (line %d), %s, does not fit its schema:\n\t%s", i, step.Line, b, strings.Join(errs, "\n\t"))
		}
		kinds[step.Act.Body.Kind()] = true
	}
	t.Logf("%d kinds checked", len(kinds))
	if len(kinds) < 20 {
		t.Errorf("the demo has acts of %d kinds; want at least 20 to check the schemas against", len(kinds))
	}
}

// TestActSchemasRefuse: the schemas, and this test's checker, refuse acts that break what the
// description says.
func TestActSchemasRefuse(t *testing.T) {
	v := newValidator(t)
	good := `{"act":"vote","at":"2026-03-01T10:00:00Z","by":"state:KAZ","fields":{"choice":"yes","proposal":"p1"}}`
	if errs := v.validate(v.ref("ActObject"), decode(t, []byte(good)), "act"); len(errs) > 0 {
		t.Fatalf("%s: %v, want it taken", good, errs)
	}
	for _, bad := range []string{
		`{"act":"vote","at":"2026-03-01T10:00:00Z","by":"state:KAZ","fields":{"choice":"maybe","proposal":"p1"}}`,
		`{"act":"vote","at":"2026-03-01T10:00:00Z","by":"state:KAZ","fields":{"choice":"yes"}}`,
		`{"act":"vote","at":"2026-03-01T10:00:00Z","by":"state:KAZ","fields":{"choice":"yes","proposal":"p1","weight":2}}`,
		`{"act":"vote","at":"2026-03-01T10:00:00Z","by":"chairman","fields":{"choice":"yes","proposal":"p1"}}`,
		`{"act":"vote","at":"2026-03-01T10:00:00+01:00","by":"state:KAZ","fields":{"choice":"yes","proposal":"p1"}}`,
		`{"act":"vote","at":"2026-03-01T10:00:00Z","by":"state:KAZ","fields":{"choice":"yes","proposal":"P 1"}}`,
		`{"act":"vote","at":"2026-03-01T10:00:00Z","by":"state:KAZ"}`,
		`{"act":"casting-vote","at":"2026-03-01T10:00:00Z","by":"chairman","fields":{"choice":"abstain","proposal":"p1"}}`,
		`{"act":"vote-twice","at":"2026-03-01T10:00:00Z","by":"state:KAZ","fields":{}}`,
		`{"act":"pledge","at":"2026-03-01T10:00:00Z","by":"state:KAZ","fields":{"amount":"USD 5"}}`,
		`{"act":"pledge","at":"2026-03-01T10:00:00Z","by":"state:KAZ","fields":{"amount":5}}`,
		`{"act":"invite","at":"2026-03-01T10:00:00Z","by":"chairman","fields":{"state":"kaz"}}`,
		`{"act":"invite","at":"2026-03-01T10:00:00Z","by":"chairman","fields":{"state":"KAZ","founding":"yes"}}`,
		`{"act":"invite","at":"2026-03-01T10:00:00Z","by":"chairman","fields":{"state":"KAZ","head":"` + strings.Repeat("x", board.LimitName+1) + `"}}`,
		`{"act":"set-agenda","at":"2026-03-01T10:00:00Z","by":"executive:rubio","fields":{"meeting":"m","proposals":["p1",2]}}`,
		`{"act":"set-controls","at":"2026-03-01T10:00:00Z","by":"executive:rubio","fields":{"thresholds":[{"above":"USD 1.00"}]}}`,
		`{"act":"open-account","at":"2026-03-01T10:00:00Z","by":"executive:rubio","fields":{"id":"a","institution":"B","currency":"XXX"}}`,
	} {
		if errs := v.validate(v.ref("ActObject"), decode(t, []byte(bad)), "act"); len(errs) == 0 {
			t.Errorf("%s: taken, want it refused", bad)
		}
	}
}

// TestFieldsSchemasAreTheCatalogue: there is a fields-KIND and an act-KIND schema for every
// kind, and nothing else of that name.
func TestFieldsSchemasAreTheCatalogue(t *testing.T) {
	v := newValidator(t)
	var got []string
	for name := range v.schemas {
		if k, ok := strings.CutPrefix(name, "fields-"); ok {
			got = append(got, k)
			if _, ok := v.schemas["act-"+k]; !ok {
				t.Errorf("fields-%s has no act-%s", k, k)
			}
		}
	}
	slices.Sort(got)
	var want []string
	for _, k := range board.Kinds() {
		want = append(want, string(k))
	}
	if !slices.Equal(got, want) {
		t.Errorf("fields-KIND schemas for %v, want every kind %v", got, want)
	}
	// The canonical bytes are described too: however the act is sent, its schema is ActObject.
	canonical, _ := v.ref("SignedAct")["properties"].(map[string]any)["canonical"].(map[string]any)
	if ref, _ := canonical["contentSchema"].(map[string]any); ref["$ref"] != "#/components/schemas/ActObject" {
		t.Errorf("SignedAct.canonical = %v, want its contentSchema ActObject", canonical)
	}
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return v
}

// validator checks JSON values against the document's schemas, for the keywords the act schemas
// use: $ref, oneOf, type, const, enum, pattern, maxLength, properties, required,
// additionalProperties: false, items, maxItems. (format is an annotation: each format the
// schemas give comes with a pattern.) Any other keyword fails the test, so that a schema cannot
// say more than is checked here.
type validator struct {
	t       *testing.T
	schemas map[string]map[string]any
}

func newValidator(t *testing.T) *validator {
	t.Helper()
	b, err := api.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return &validator{t: t, schemas: doc.Components.Schemas}
}

func (v *validator) ref(name string) map[string]any {
	s, ok := v.schemas[name]
	if !ok {
		v.t.Fatalf("no schema %s", name)
	}
	return s
}

var known = []string{"$ref", "oneOf", "discriminator", "type", "const", "enum", "pattern", "format", "maxLength",
	"properties", "required", "additionalProperties", "items", "maxItems", "description", "title"}

// validate returns what is wrong with value under schema s, at path.
func (v *validator) validate(s map[string]any, value any, path string) []string {
	for k := range s {
		if !slices.Contains(known, k) && !strings.HasPrefix(k, "x-") {
			v.t.Fatalf("%s: the checker does not know keyword %q", path, k)
		}
	}
	if ref, ok := s["$ref"].(string); ok {
		return v.validate(v.ref(strings.TrimPrefix(ref, "#/components/schemas/")), value, path)
	}
	if oneOf, ok := s["oneOf"].([]any); ok {
		matched := 0
		var own []string
		for _, sub := range oneOf {
			errs := v.validate(sub.(map[string]any), value, path)
			if len(errs) == 0 {
				matched++
			}
			// Say why the schema of the act's kind refused it, not why all the others did.
			if !slices.ContainsFunc(errs, func(e string) bool { return strings.HasPrefix(e, path+".act: want ") }) {
				own = append(own, errs...)
			}
		}
		if matched != 1 {
			return append([]string{fmt.Sprintf("%s: matches %d of oneOf, want 1", path, matched)}, own...)
		}
		return nil
	}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	if typ, ok := s["type"].(string); ok && !hasType(value, typ) {
		bad("%v is not of type %s", value, typ)
		return errs
	}
	if c, ok := s["const"]; ok && value != c {
		bad("want %v, not %v", c, value)
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, value) {
		bad("%v is not one of %v", value, enum)
	}
	if str, ok := value.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			bad("%q does not match %s", str, p)
		}
		if n, ok := s["maxLength"].(float64); ok && utf8.RuneCountInString(str) > int(n) {
			bad("%d characters, more than %v", utf8.RuneCountInString(str), n)
		}
	}
	if obj, ok := value.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		for _, name := range slices.Sorted(maps.Keys(obj)) {
			sub, ok := props[name].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					bad("unknown field %q", name)
				}
				continue
			}
			errs = append(errs, v.validate(sub, obj[name], path+"."+name)...)
		}
		if req, ok := s["required"].([]any); ok {
			for _, name := range req {
				if _, ok := obj[name.(string)]; !ok {
					bad("field %q is missing", name)
				}
			}
		}
	}
	if list, ok := value.([]any); ok {
		if n, ok := s["maxItems"].(float64); ok && len(list) > int(n) {
			bad("%d items, more than %v", len(list), n)
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, item := range list {
				errs = append(errs, v.validate(items, item, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	return errs
}

func hasType(value any, typ string) bool {
	switch value := value.(type) {
	case string:
		return typ == "string"
	case bool:
		return typ == "boolean"
	case json.Number:
		_, err := value.Int64()
		return typ == "integer" && err == nil || typ == "number"
	case map[string]any:
		return typ == "object"
	case []any:
		return typ == "array"
	}
	return false
}
