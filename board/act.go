package board

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
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
	rule   string
	by     []ActorKind
	new    func() Body
	fields []fieldPlan // how act format v2 writes the body (jcs.go)
}

// catalogue is the act catalogue (SPEC §4). It is read-only after package initialization.
var catalogue = map[Kind]spec{}

func register[B Body](rule string, by ...ActorKind) {
	var zero B
	newBody := func() Body {
		return reflect.New(reflect.TypeFor[B]().Elem()).Interface().(Body)
	}
	catalogue[zero.Kind()] = spec{rule: rule, by: by, new: newBody, fields: structPlan(reflect.TypeFor[B]().Elem())}
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

// An ActFormat is the form of an act's signed bytes (docs/signing.md). The bytes say which they
// are in: v2 bytes begin {"act":, v1 bytes {"at":.
type ActFormat uint8

const (
	// ActFormatV1 is the act as encoding/json writes canonicalAct: members in the order at, by,
	// act, fields (each body's fields in struct order), <, > and & escaped. Records made before
	// act format v2 hold it; it still verifies, but no new act is taken in it.
	ActFormatV1 ActFormat = 1
	// ActFormatV2 is the act object {"act","at","by","fields"} in RFC 8785 form (jcs.go), which
	// any language can write from a description. Every new act is in it.
	ActFormatV2 ActFormat = 2
)

func (f ActFormat) String() string { return "act format v" + strconv.Itoa(int(f)) }

// FormatOf returns the format act bytes are in, by their first member, or 0 if they begin like
// neither. It does not check the rest: ParseCanonical does.
func FormatOf(b []byte) ActFormat {
	switch {
	case bytes.HasPrefix(b, []byte(`{"act":`)):
		return ActFormatV2
	case bytes.HasPrefix(b, []byte(`{"at":`)):
		return ActFormatV1
	}
	return 0
}

// RetiredFormat is the refusal (Invalid) of a new act of kind k in act format v1: records keep
// the v1 acts they hold, and verify them, but take no new one.
func RetiredFormat(k Kind) error {
	return Errorf(Invalid, `%s: act format v1 is retired for new acts: sign the act's bytes in act format v2 (the act object in RFC 8785 form), after "peaceboard act v2\n", as docs/signing.md says`, k)
}

// canonicalAct is the act as JSON, both formats: act format v1 is what encoding/json makes of
// it (in this field order); act format v2 is written by Canonical, and both are read into it.
type canonicalAct struct {
	At     string          `json:"at"`
	By     ActorID         `json:"by"`
	Act    Kind            `json:"act"`
	Fields json.RawMessage `json:"fields"`
}

// Canonical returns the act's canonical bytes, in act format v2: the object
// {"act":KIND,"at":TIME,"by":ACTOR,"fields":{...}} in RFC 8785 form, the time in UTC with a
// fraction of a second only when it is not zero, optional fields left out when empty, and text
// in Unicode NFC without control characters but line feed and tab (an act with other text is
// refused, Invalid, never normalized). The same act always has the same bytes; signatures and
// the public record are computed over them. docs/signing.md says the same for other languages.
func (a Act) Canonical() ([]byte, error) {
	if a.Body == nil {
		return nil, Errorf(Invalid, "act has no kind")
	}
	kind := a.Body.Kind()
	s, ok := catalogue[kind]
	body := reflect.ValueOf(a.Body)
	if !ok || body.Kind() != reflect.Pointer || body.IsNil() {
		return nil, Errorf(Invalid, "act: unknown kind %q", kind)
	}
	b := make([]byte, 0, 384) // most acts' bytes fit: one allocation
	b = append(b, `{"act":`...)
	b = appendString(b, string(kind)) // a wire name: ASCII, and checked by the catalogue
	b = append(b, `,"at":`...)
	b, err := appendTime(b, a.At)
	if err != nil {
		return nil, Errorf(Invalid, "at: %s", err.(*Error).Msg)
	}
	b = append(b, `,"by":`...)
	if b, err = appendText(b, string(a.By)); err != nil {
		return nil, Errorf(Invalid, "by: %s", err.(*Error).Msg)
	}
	b = append(b, `,"fields":`...)
	if b, err = appendStruct(b, body.Elem(), s.fields); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// CanonicalV1 returns the act's bytes in act format v1, which records made before act format v2
// hold. No new act is written in it: it serves to read those records, and to tell whoever
// signed them that v1 is retired.
func (a Act) CanonicalV1() ([]byte, error) {
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

// ParseCanonical decodes an act's canonical bytes, in act format v2 or v1 (FormatOf says which),
// and refuses, as Invalid, any bytes that are not exactly what Canonical (or, for v1,
// CanonicalV1) writes for the act they describe: two different byte strings never carry the
// same act. Its error says what is wrong: for v2 bytes, first whether they are in RFC 8785
// form at all (CheckJCS), then which member differs from the act's canonical form.
func ParseCanonical(b []byte) (Act, error) {
	switch FormatOf(b) {
	case ActFormatV2:
		return parseV2(b)
	case ActFormatV1:
		// Bytes that are an act's canonical bytes decode and encode again to themselves: a
		// first pass decodes leniently and checks just that. Only bytes that fail it are
		// decoded again strictly (unknown fields refused), for an error that says what is
		// wrong with them.
		if a, err := parseV1(b, false); err == nil {
			return a, nil
		}
		return parseV1(b, true)
	}
	return Act{}, Errorf(Invalid, `act: the bytes are not an act: an act's canonical bytes begin {"act": (act format v2, docs/signing.md)`)
}

func parseV2(b []byte) (Act, error) {
	if a, err := decodeAct(b, false); err == nil {
		if again, err := a.Canonical(); err == nil && bytes.Equal(again, b) {
			return a, nil
		}
	}
	// Not canonical: say why, from the most general reason to the most particular.
	if err := CheckJCS(b); err != nil {
		return Act{}, Errorf(Invalid, "act: not in RFC 8785 form: %v", err)
	}
	a, err := decodeAct(b, true)
	if err != nil {
		return Act{}, err
	}
	again, err := a.Canonical()
	if err != nil {
		return Act{}, Errorf(Invalid, "act %s: %s", a.Body.Kind(), err.(*Error).Msg)
	}
	return Act{}, Errorf(Invalid, "act %s: not in canonical form: %s", a.Body.Kind(), difference(b, again))
}

func parseV1(b []byte, strict bool) (Act, error) {
	a, err := decodeAct(b, strict)
	if err != nil {
		return Act{}, err
	}
	again, err := a.CanonicalV1()
	if err != nil || !bytes.Equal(again, b) {
		return Act{}, Errorf(Invalid, "act %s: bytes are not in canonical form (act format v1)", a.Body.Kind())
	}
	return a, nil
}

// decodeAct decodes act bytes of either format into an act, checking its kind, time and actor;
// strict, it refuses unknown fields.
func decodeAct(b []byte, strict bool) (Act, error) {
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
	return Act{At: at.UTC(), By: c.By, Body: body}, nil
}

// difference names the first member in which got, act bytes in RFC 8785 form, differs from
// want, the canonical bytes of the act they decode to.
func difference(got, want []byte) string {
	var g, w map[string]json.RawMessage
	if json.Unmarshal(got, &g) != nil || json.Unmarshal(want, &w) != nil {
		return "the bytes differ from the act's canonical bytes"
	}
	var gf, wf map[string]json.RawMessage
	json.Unmarshal(g["fields"], &gf)
	json.Unmarshal(w["fields"], &wf)
	for _, set := range []struct {
		prefix    string
		got, want map[string]json.RawMessage
	}{{"", g, w}, {"fields.", gf, wf}} {
		for _, name := range slices.Sorted(maps.Keys(set.got)) {
			v, ok := set.want[name]
			switch {
			case set.prefix == "" && name == "fields" && string(set.got[name]) == "null":
				return "fields is null (an act without fields has {})"
			case set.prefix == "" && name == "fields":
			case !ok && string(set.got[name]) != "null":
				return fmt.Sprintf("%s%s is written empty (an optional field whose value is empty is left out)", set.prefix, name)
			case !ok:
				return fmt.Sprintf("%s%s is null (a field without a value is left out; a list is written [])", set.prefix, name)
			case !bytes.Equal(v, set.got[name]):
				return fmt.Sprintf("%s%s is %s, whose canonical form is %s", set.prefix, name, set.got[name], v)
			}
		}
	}
	return "the bytes differ from the act's canonical bytes"
}

// String describes a for messages: "invite by chairman at 2026-01-19".
func (a Act) String() string {
	return fmt.Sprintf("%s by %s at %s", a.Body.Kind(), a.By, a.At.UTC().Format(time.RFC3339))
}

// checkText refuses text that two people could type differently and see as the same: every
// string of an act must be valid UTF-8, in Unicode normalization form C, without control
// characters other than line feed and tab (checkString). Edges (scenario files, the CLI)
// normalize what they receive; the canonical bytes then have one form for one text. Canonical
// makes the same check as it writes each string; CanonicalV1 walks the act with this.
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
		return checkString(v.String())
	}
	return nil
}
