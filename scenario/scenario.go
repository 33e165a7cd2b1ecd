// Package scenario reads scenario files: a dated list of acts by actors, in YAML, for demos,
// tests and what-if analysis. Every problem is reported with the file's line.
package scenario

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"

	"github.com/peaceboard/peaceboard/board"
)

// A Scenario is a parsed scenario file.
type Scenario struct {
	Name        string // the file name, for messages
	Title       string
	Description string
	Rules       string // "board-of-peace", or a rules file path relative to the scenario
	Steps       []Step
}

// A Step is one act of a scenario, where it stands in the file, and what the file expects of it.
type Step struct {
	Line int
	Act  board.Act
	// ExpectRefused says the act must be refused; ExpectRule, if set, names the rule that must
	// refuse it ("expect: refused R7").
	ExpectRefused bool
	ExpectRule    string
}

// Error is a problem in a scenario file, at a line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// maxSize bounds a scenario file; a larger one is refused before it is parsed.
const maxSize = 32 << 20

// Parse reads a scenario file. name is used in messages.
func Parse(name string, data []byte) (*Scenario, error) {
	sc := &Scenario{Name: name}
	fail := func(line int, format string, args ...any) error {
		return &Error{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) > maxSize {
		return nil, fail(0, "file is larger than %d MiB", maxSize>>20)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fail(0, "the file is empty; want a mapping with rules: and acts:")
		}
		line, msg := yamlError(err)
		return nil, fail(faultyLine(data, line, msg), "not valid YAML: %s", msg)
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		line := more.Line
		if err != nil {
			line, _ = yamlError(err)
		}
		return nil, fail(line, "want one YAML document, found more after the first")
	}
	if len(doc.Content) != 1 || deref(doc.Content[0]).Kind != yaml.MappingNode {
		return nil, fail(doc.Line, "want a mapping with rules: and acts:")
	}
	root := deref(doc.Content[0])
	if k := duplicateKey(root); k != nil {
		return nil, fail(k.Line, "%s: set twice", k.Value)
	}
	var acts *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], deref(root.Content[i+1])
		switch k.Value {
		case "rules", "title", "description":
			if v.Kind != yaml.ScalarNode {
				return nil, fail(v.Line, "%s: want a string", k.Value)
			}
			switch k.Value {
			case "rules":
				sc.Rules = v.Value
			case "title":
				sc.Title = v.Value
			case "description":
				sc.Description = v.Value
			}
		case "acts":
			acts = v
		default:
			return nil, fail(k.Line, "unknown key %q (want rules, title, description, acts)", k.Value)
		}
	}
	if sc.Rules == "" {
		sc.Rules = "board-of-peace"
	}
	if acts == nil || acts.Kind != yaml.SequenceNode {
		return nil, fail(root.Line, "acts: want a list of acts")
	}
	for i, n := range acts.Content {
		step, err := parseStep(deref(n))
		if err != nil {
			return nil, fail(err.line, "act %d: %s", i+1, err.msg)
		}
		sc.Steps = append(sc.Steps, step)
	}
	return sc, nil
}

type stepError struct {
	line int
	msg  string
}

// yamlLine finds the line in the YAML library's messages ("yaml: line 3: mapping values are not
// allowed in this context").
var yamlLine = regexp.MustCompile(`^line ([0-9]+): `)

// yamlError splits a YAML library error into its line (0 if it names none) and message.
func yamlError(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			return n, msg[len(m[0]):]
		}
	}
	return 0, msg
}

// faultyLine returns the line at fault in data, which the YAML library refused with msg at line.
// For some mistakes the library names the line where the enclosing structure began rather than
// the faulty one: a misindented key on line 8 of an act is "line 2: did not find expected '-'
// indicator", line 2 being acts:. The faulty line is the first line that, read with those before
// it, makes the same mistake: the lines before it are valid YAML, or fail otherwise only because
// they are cut short (inside a quoted string or a [list]); and the library stops at the first
// mistake, so every longer prefix makes it too. That makes the faulty line a binary search away.
// When no prefix makes the mistake, the library's line stands.
func faultyLine(data []byte, line int, msg string) int {
	lines := bytes.SplitAfter(data, []byte("\n"))
	if line <= 0 || line > len(lines) {
		return line
	}
	ends := make([]int, len(lines)+1) // ends[n]: the length of the first n lines
	for i, l := range lines {
		ends[i+1] = ends[i] + len(l)
	}
	mistaken := func(n int) bool {
		var doc yaml.Node
		err := yaml.Unmarshal(data[:ends[n]], &doc)
		if err == nil {
			return false
		}
		_, m := yamlError(err)
		return m == msg
	}
	n := line + sort.Search(len(lines)-line+1, func(i int) bool { return mistaken(line + i) })
	if n > len(lines) {
		return line
	}
	return n
}

// deref follows an alias (*name) to the node it names, so that anchors and aliases mean what
// they mean in any YAML file.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// duplicateKey returns the second occurrence of a key the mapping n sets twice, or nil. YAML
// forbids repeated keys, and the node API does not check it: without this, the last one would
// silently win.
func duplicateKey(n *yaml.Node) *yaml.Node {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if seen[k.Value] {
			return k
		}
		seen[k.Value] = true
	}
	return nil
}

// ruleName is the shape of a rule in "expect: refused R7".
var ruleName = regexp.MustCompile(`^R[0-9]{1,3}$`)

func parseStep(n *yaml.Node) (Step, *stepError) {
	fail := func(line int, format string, args ...any) (Step, *stepError) {
		return Step{}, &stepError{line: line, msg: fmt.Sprintf(format, args...)}
	}
	if n.Kind != yaml.MappingNode {
		return fail(n.Line, "want a mapping with at:, by: and act:")
	}
	step := Step{Line: n.Line}
	if k := duplicateKey(n); k != nil {
		return fail(k.Line, "%s: set twice", k.Value)
	}
	fields := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	var at, by, kind *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "at":
			at = deref(v)
		case "by":
			by = deref(v)
		case "act":
			kind = deref(v)
		case "expect":
			v = deref(v)
			what, rule, _ := strings.Cut(v.Value, " ")
			rule = strings.TrimSpace(rule)
			if v.Kind != yaml.ScalarNode || what != "refused" || rule != "" && !ruleName.MatchString(rule) {
				return fail(v.Line, "expect: want \"refused\" or \"refused R7\"")
			}
			step.ExpectRefused, step.ExpectRule = true, rule
		default:
			fields.Content = append(fields.Content, k, v)
		}
	}
	switch {
	case kind == nil:
		return fail(n.Line, "missing act: (the kind of act, like invite)")
	case at == nil:
		return fail(n.Line, "missing at: (a date like 2026-01-22, or an RFC 3339 time)")
	case by == nil:
		return fail(n.Line, "missing by: (the actor, like chairman or state:KAZ)")
	}
	if kind.Kind != yaml.ScalarNode {
		return fail(kind.Line, "act: want the kind of act, like invite")
	}
	body, ok := board.NewBody(board.Kind(kind.Value))
	if !ok {
		return fail(kind.Line, "unknown act %q", kind.Value)
	}
	t, err := parseTime(at.Value)
	if err != nil || at.Kind != yaml.ScalarNode {
		return fail(at.Line, "at: %q is not a date (2026-01-22) or an RFC 3339 time (2026-01-22T10:30:00Z)", at.Value)
	}
	if by.Kind != yaml.ScalarNode {
		return fail(by.Line, "by: want an actor, like chairman or state:KAZ")
	}
	actor, err := board.ParseActor(by.Value)
	if err != nil {
		return fail(by.Line, "by: %v", err)
	}
	known := board.FieldNames(body.Kind())
	for i := 0; i < len(fields.Content); i += 2 {
		if k := fields.Content[i]; !slices.Contains(known, k.Value) {
			want := "it takes no fields"
			if len(known) > 0 {
				want = "it takes " + strings.Join(known, ", ")
			}
			return fail(k.Line, "unknown field %q for act %s (%s)", k.Value, body.Kind(), want)
		}
	}
	if line, err := decodeFields(fields, body); err != nil {
		if line == 0 {
			line = n.Line
		}
		return fail(line, "%s: %v", body.Kind(), err)
	}
	step.Act = board.Act{At: t, By: actor, Body: body}
	return step, nil
}

// decodeFields decodes an act's fields into its body through the JSON names the body declares,
// so that scenario files, the API and canonical bytes share one set of field names and one set
// of checks. On error it returns the line of the field at fault, when it knows it.
func decodeFields(fields *yaml.Node, body board.Body) (int, error) {
	obj := make(map[string]any, len(fields.Content)/2)
	lines := map[string]int{}
	for i := 0; i+1 < len(fields.Content); i += 2 {
		k, v := fields.Content[i], fields.Content[i+1]
		var x any
		if err := v.Decode(&x); err != nil {
			return v.Line, fmt.Errorf("%s: %v", k.Value, err)
		}
		if t, ok := x.(time.Time); ok && v.Tag == "!!timestamp" {
			x = t.UTC().Format(time.RFC3339Nano)
		}
		x = nfc(x)
		if _, err := json.Marshal(x); err != nil {
			return v.Line, fmt.Errorf("%s: not a value an act takes (a string, number, boolean or list)", k.Value)
		}
		obj[k.Value], lines[k.Value] = x, k.Line
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return 0, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(body); err != nil {
		if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
			top, _, _ := strings.Cut(te.Field, ".")
			return lines[top], fmt.Errorf("%s: want %s, got %s", te.Field, typeName(te.Type), te.Value)
		}
		return 0, err
	}
	return 0, nil
}

// typeName names the type a field wants in a scenario writer's words.
func typeName(t reflect.Type) string {
	if reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
		return "a string" // money, times: written as text
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping"
	}
	return t.String()
}

// parseTime reads a date (midnight UTC) or an RFC 3339 time. Its instant in UTC must fall in the
// years 0001 to 9999, which RFC 3339 (and so an act's canonical bytes) can write.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return time.Time{}, err
		}
	}
	if t = t.UTC(); t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, fmt.Errorf("time %q is outside the years 0001 to 9999", s)
	}
	return t, nil
}

// nfc puts the text of a decoded YAML value in Unicode normalization form C, the one form acts
// accept, so that a file typed with decomposed accents means what it shows.
func nfc(x any) any {
	switch v := x.(type) {
	case string:
		return norm.NFC.String(v)
	case []any:
		for i := range v {
			v[i] = nfc(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = nfc(v[k])
		}
	}
	return x
}
