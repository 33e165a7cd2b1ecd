package board

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A Kind is an act's wire name: "invite", "veto-removal".
type Kind string

// An Act is one thing an actor does to the organization, at an effective time. Acts are decided
// against the state and the rules (Decide) and, if lawful, produce events.
type Act struct {
	At   time.Time
	By   ActorID
	Body Body
}

// Body holds an act's kind-specific fields. Each kind has its own struct type, registered in the
// catalogue, and decides itself against the state.
type Body interface {
	Kind() Kind
	decide(d *decider) ([]Event, error)
}

// spec describes one kind of act in the catalogue: who may do it and under which rule.
type spec struct {
	rule string
	by   []ActorKind
	new  func() Body
}

// catalogue is the act catalogue (SPEC §4). It is read-only after package initialization.
var catalogue = map[Kind]spec{}

func register[B Body](rule string, by ...ActorKind) {
	var zero B
	newBody := func() Body {
		return reflect.New(reflect.TypeFor[B]().Elem()).Interface().(Body)
	}
	catalogue[zero.Kind()] = spec{rule: rule, by: by, new: newBody}
}

// Kinds returns every act kind, sorted.
func Kinds() []Kind { return slices.Sorted(maps.Keys(catalogue)) }

// NewBody returns an empty body of kind k, to decode fields into.
func NewBody(k Kind) (Body, bool) {
	s, ok := catalogue[k]
	if !ok {
		return nil, false
	}
	return s.new(), true
}

// AllowedActors returns the kinds of actor that may perform acts of kind k at all. Whether a
// particular actor may (a serving Executive Board member, the invited State) is decided later.
func AllowedActors(k Kind) []ActorKind { return slices.Clone(catalogue[k].by) }

// FieldNames returns the field names that acts of kind k accept, sorted.
func FieldNames(k Kind) []string {
	s, ok := catalogue[k]
	if !ok {
		return nil
	}
	var names []string
	t := reflect.TypeOf(s.new()).Elem()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// canonicalAct is the wire shape of an act's canonical bytes. Field order is fixed by the struct.
type canonicalAct struct {
	At     string          `json:"at"`
	By     ActorID         `json:"by"`
	Act    Kind            `json:"act"`
	Fields json.RawMessage `json:"fields"`
}

// Canonical returns the act's canonical bytes: compact JSON with a fixed field order, the time in
// UTC with nanoseconds only when present, no floats, and text in Unicode NFC (see checkText). The same act always has the same bytes;
// signatures and the public record are computed over them.
func (a Act) Canonical() ([]byte, error) {
	if err := checkText(reflect.ValueOf(a.Body)); err != nil {
		return nil, err
	}
	fields, err := json.Marshal(a.Body)
	if err != nil {
		return nil, err
	}
	return json.Marshal(canonicalAct{
		At:     a.At.UTC().Format(time.RFC3339Nano),
		By:     a.By,
		Act:    a.Body.Kind(),
		Fields: fields,
	})
}

// ParseCanonical decodes canonical bytes, and refuses any bytes that are not exactly what
// Canonical would produce for the act they describe.
//
// Bytes that are an act's canonical bytes decode and encode again to themselves: a first pass
// decodes leniently and checks just that. Only bytes that fail it are decoded again strictly
// (unknown fields refused), for an error that says what is wrong with them.
func ParseCanonical(b []byte) (Act, error) {
	if a, err := parseCanonical(b, false); err == nil {
		return a, nil
	}
	return parseCanonical(b, true)
}

func parseCanonical(b []byte, strict bool) (Act, error) {
	decode := json.Unmarshal
	if strict {
		decode = func(b []byte, v any) error {
			d := json.NewDecoder(bytes.NewReader(b))
			d.DisallowUnknownFields()
			return d.Decode(v)
		}
	}
	var c canonicalAct
	if err := decode(b, &c); err != nil {
		return Act{}, Errorf(Invalid, "act: %v", err)
	}
	body, ok := NewBody(c.Act)
	if !ok {
		return Act{}, Errorf(Invalid, "act: unknown kind %q", c.Act)
	}
	if err := decode(c.Fields, body); err != nil {
		return Act{}, Errorf(Invalid, "act %s: %v", c.Act, err)
	}
	at, err := time.Parse(time.RFC3339Nano, c.At)
	if err != nil {
		return Act{}, Errorf(Invalid, "act %s: bad time %q", c.Act, c.At)
	}
	if _, err := ParseActor(string(c.By)); err != nil {
		return Act{}, Errorf(Invalid, "act %s: %v", c.Act, err)
	}
	a := Act{At: at.UTC(), By: c.By, Body: body}
	again, err := a.Canonical()
	if err != nil || !bytes.Equal(again, b) {
		return Act{}, Errorf(Invalid, "act %s: bytes are not in canonical form", c.Act)
	}
	return a, nil
}

// String describes a for messages: "invite by chairman at 2026-01-19".
func (a Act) String() string {
	return fmt.Sprintf("%s by %s at %s", a.Body.Kind(), a.By, a.At.UTC().Format(time.RFC3339))
}

// checkText refuses text that two people could type differently and see as the same: every
// string of an act must be valid UTF-8, in Unicode normalization form C, without control
// characters other than line feed and tab. Edges (scenario files, the API) normalize what they
// receive; the canonical bytes then have one form for one text.
func checkText(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return checkText(v.Elem())
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if err := checkText(v.Field(i)); err != nil {
				name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
				return Errorf(Invalid, "%s: %v", name, err.(*Error).Msg)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := checkText(v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.String:
		s := v.String()
		if !utf8.ValidString(s) {
			return Errorf(Invalid, "text is not valid UTF-8")
		}
		for _, r := range s {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				return Errorf(Invalid, "text contains the control character %U", r)
			}
		}
		if !norm.NFC.IsNormalString(s) {
			return Errorf(Invalid, "text is not in Unicode normalization form C")
		}
	}
	return nil
}
