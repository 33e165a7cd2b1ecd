package api

import (
	"reflect"
	"slices"
	"strings"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
)

// The act object's schemas, made from board's description of the catalogue (board.Describe):
// ActObject is a oneOf of one schema per kind, act-KIND (act, at, by, fields), discriminated by
// act, and each kind's fields are fields-KIND. Clients are generated from them, and the
// workspace builds its forms from the fields-KIND schemas: those names, and the plain JSON Schema
// keywords used here, are a contract.

var actObjectType = reflect.TypeFor[apiv1.ActObject]()

const schemaRef = "#/components/schemas/"

// actObject adds the act schemas to g and returns a reference to ActObject.
func (g *schemaGen) actObject() map[string]any {
	ref := map[string]any{"$ref": schemaRef + "ActObject"}
	if _, done := g.schemas["ActObject"]; done {
		return ref
	}
	var oneOf []any
	mapping := map[string]any{}
	for _, d := range board.Catalogue() {
		k := string(d.Kind)
		g.schemas["act-"+k] = actSchema(d)
		g.schemas["fields-"+k] = fieldsSchema(d)
		oneOf = append(oneOf, map[string]any{"$ref": schemaRef + "act-" + k})
		mapping[k] = schemaRef + "act-" + k
	}
	g.schemas["ActObject"] = map[string]any{
		"description": "An act, as the JSON object of its canonical bytes: one schema per kind of act (docs/acts.md).",
		"oneOf":       oneOf,
		"discriminator": map[string]any{
			"propertyName": "act",
			"mapping":      mapping,
		},
	}
	return ref
}

// describeCanonical says what SignedAct's canonical bytes are: base64 of the JSON of an
// ActObject (contentSchema), so that the per-kind schemas describe the act however it is sent.
func (g *schemaGen) describeCanonical() {
	ref := g.actObject()
	signed, _ := g.schemas["SignedAct"].(map[string]any)
	props, _ := signed["properties"].(map[string]any)
	if canonical, ok := props["canonical"].(map[string]any); ok {
		canonical["description"] = "The act's canonical bytes (docs/signing.md), base64: the JSON of an ActObject."
		canonical["contentMediaType"] = "application/json"
		canonical["contentSchema"] = ref
	}
}

// actSchema is the schema of an act object of one kind.
func actSchema(d board.KindDescription) map[string]any {
	by := make([]string, len(d.By))
	for i, a := range d.By {
		by[i] = string(a)
	}
	s := map[string]any{
		"type":        "object",
		"title":       string(d.Kind),
		"description": d.Summary,
		"properties": map[string]any{
			"act": map[string]any{"type": "string", "const": string(d.Kind), "description": "The kind of act."},
			"at": map[string]any{"type": "string", "format": string(board.FormatDateTime), "pattern": board.PatternDateTime,
				"description": "When the actor acts: RFC 3339 in UTC, ending in Z."},
			"by": map[string]any{"type": "string", "pattern": d.ByPattern,
				"description": "Who acts: " + strings.Join(by, " or ") + " (actor form, like chairman or state:KAZ)."},
			"fields": map[string]any{"$ref": schemaRef + "fields-" + string(d.Kind)},
		},
		"required":             []string{"act", "at", "by", "fields"},
		"additionalProperties": false,
		"x-peaceboard-by":      by,
	}
	if d.Rule != "" {
		s["x-peaceboard-rule"] = d.Rule
	}
	return s
}

// fieldsSchema is the schema of the fields of an act of one kind.
func fieldsSchema(d board.KindDescription) map[string]any {
	s := objectSchema(d.Fields)
	s["description"] = "The fields of a " + string(d.Kind) + " act. An optional field is left out when empty."
	return s
}

// objectSchema is the schema of an object with fields: every field it has, and no other.
func objectSchema(fields []board.FieldDescription) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, f := range fields {
		props[f.Name] = fieldSchema(f)
		if !f.Optional {
			required = append(required, f.Name)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		slices.Sort(required)
		s["required"] = required
	}
	return s
}

// fieldSchema is the schema of one field, or of a list's items.
func fieldSchema(f board.FieldDescription) map[string]any {
	if f.Type == board.TypeObject {
		s := objectSchema(f.Fields)
		if f.Description != "" {
			s["description"] = f.Description
		}
		return s
	}
	s := map[string]any{"type": string(f.Type)}
	if f.Description != "" {
		s["description"] = f.Description
	}
	if f.Format != "" {
		s["format"] = string(f.Format)
	}
	if f.Pattern != "" {
		s["pattern"] = f.Pattern
	}
	if f.Enum != nil {
		s["enum"] = f.Enum
	}
	if f.Text != "" {
		// JSON Schema counts characters and board bytes of UTF-8: a text of at most MaxLength
		// bytes has at most MaxLength characters, so maxLength is right but may let through a
		// text that board refuses; x-peaceboard-max-bytes says the exact limit.
		s["maxLength"] = f.MaxLength
		s["x-peaceboard-max-bytes"] = f.MaxLength
		s["x-peaceboard-text"] = string(f.Text)
	}
	if f.Minimum != nil {
		s["minimum"] = *f.Minimum
	}
	if f.Maximum != nil {
		s["maximum"] = *f.Maximum
	}
	if f.Items != nil {
		s["items"] = fieldSchema(*f.Items)
		s["maxItems"] = f.MaxItems
	}
	return s
}
