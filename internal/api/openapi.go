package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
)

// The OpenAPI 3.1 document is made from the route table (routes.go) and the wire types, by
// reflection over their JSON tags: it cannot drift from what the server answers. A golden test
// (testdata/openapi.json, rewritten with -update) shows every change in review, and ./check
// lints it with Redocly.

func (a *API) openapi(w http.ResponseWriter, r *http.Request) error {
	a.docOnce.Do(func() { a.doc, a.docErr = OpenAPI() })
	if a.docErr != nil {
		return &board.Error{Kind: board.Internal, Msg: "openapi document", Err: a.docErr}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	_, err := w.Write(a.doc)
	return err
}

func (a *API) problemType(w http.ResponseWriter, r *http.Request) error {
	kind := r.PathValue("kind")
	pt, ok := problemTypes[kind]
	if !ok {
		return board.Errorf(board.NotFound, "no problem type %q", kind)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := fmt.Fprintf(w, "%s (HTTP %d)\n\n%s\n", pt.title, pt.status, pt.text)
	return err
}

// OpenAPI returns the API's OpenAPI 3.1 document, indented JSON.
func OpenAPI() ([]byte, error) {
	g := &schemaGen{schemas: map[string]any{}}
	paths := map[string]map[string]any{}
	for _, rt := range routes() {
		if rt.ops {
			continue
		}
		op := map[string]any{
			"operationId": rt.id,
			"summary":     rt.summary,
			"tags":        []string{rt.tag},
			"security":    []any{},
		}
		if rt.description != "" {
			op["description"] = rt.description
		}
		var params []any
		for _, p := range rt.params {
			schema := map[string]any{"type": p.typ}
			if p.typ == "integer" {
				schema["minimum"] = 0
			}
			params = append(params, map[string]any{"name": p.name, "in": p.in, "required": p.required,
				"description": p.description, "schema": schema})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(rt.body))}}}
		}
		status := rt.status
		if status == 0 {
			status = http.StatusOK
		}
		ctype := rt.contentType
		if ctype == "" {
			ctype = "application/json"
		}
		content := map[string]any{ctype: map[string]any{"schema": g.schema(reflect.TypeOf(rt.resp))}}
		if len(rt.contentTypes) > 0 {
			content = map[string]any{}
			for _, c := range rt.contentTypes {
				content[c] = map[string]any{"schema": g.schema(reflect.TypeOf(rt.resp))}
			}
		}
		ok := map[string]any{"description": http.StatusText(status), "content": content}
		if len(rt.contentTypes) > 0 {
			ok["headers"] = map[string]any{"Content-Disposition": map[string]any{"description": "attachment; filename=\"peaceboard-NAME-ASOF.FORMAT\"", "schema": map[string]any{"type": "string"}}}
		}
		if rt.method == "POST" {
			ok["headers"] = map[string]any{"Location": map[string]any{"description": "The entry's URL.", "schema": map[string]any{"type": "string"}}}
		}
		responses := map[string]any{fmt.Sprint(status): ok}
		for _, code := range append([]int{400, 429, 500}, rt.errors...) {
			responses[fmt.Sprint(code)] = map[string]any{"$ref": "#/components/responses/Problem"}
		}
		op["responses"] = responses
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = op
	}
	g.describeCanonical()
	problem := g.schema(reflect.TypeFor[apiv1.Problem]())
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "peaceboard API",
			"version": "1",
			"description": "The JSON API of a peaceboard server: the official record of a charter-governed organization " +
				"(by default the Board of Peace). Every read takes as_of; lists are paged (limit, cursor). Writes are " +
				"acts signed client-side with the actor's registered Ed25519 key; an accepted act is answered with its " +
				"receipt, which proves it is in the public log (served as C2SP tlog-tiles under /log/). Errors are " +
				"RFC 9457 problem documents naming the charter rule that refused the act. Shapes are those of the CLI's " +
				"--json output: fields are added, never renamed or removed.",
		},
		"servers": []any{map[string]any{"url": "/", "description": "This server"}},
		"tags": []any{
			map[string]any{"name": "organization", "description": "Membership and offices."},
			map[string]any{"name": "decisions", "description": "Proposals, votes, directives and standing obligations."},
			map[string]any{"name": "treasury", "description": "Contributions, funds, programmes and disbursements."},
			map[string]any{"name": "record", "description": "The public record: entries, receipts and the stream of accepted acts."},
			map[string]any{"name": "acts", "description": "Signed writes."},
			map[string]any{"name": "open data", "description": "Files of the record's data sets (CSV, JSON, IATI XML), each stating what it was built from."},
			map[string]any{"name": "meta", "description": "This document and the problem types."},
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": g.schemas,
			"responses": map[string]any{"Problem": map[string]any{
				"description": "An error, as an RFC 9457 problem document.",
				"content":     map[string]any{"application/problem+json": map[string]any{"schema": problem}},
			}},
		},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// schemaGen makes JSON Schemas of wire types, named struct types as components.
type schemaGen struct {
	schemas map[string]any
}

var (
	rawMessage = reflect.TypeFor[json.RawMessage]()
	hashType   = reflect.TypeFor[tlog.Hash]()
)

// schemaName names a struct type's component: its Go name, or "MemberPage" for Page[Member].
func schemaName(t reflect.Type) string {
	name := t.Name()
	if inner, ok := strings.CutPrefix(name, "Page["); ok {
		inner = strings.TrimSuffix(inner, "]")
		return inner[strings.LastIndex(inner, ".")+1:] + "Page"
	}
	return name
}

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	switch {
	case t == actObjectType:
		return g.actObject()
	case t == rawMessage:
		return map[string]any{"description": "Any JSON value."}
	case t == hashType:
		return map[string]any{"type": "string", "contentEncoding": "base64", "description": "A SHA-256 hash, base64."}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Pointer:
		inner := g.schema(t.Elem())
		if typ, ok := inner["type"].(string); ok {
			out := map[string]any{}
			for k, v := range inner {
				out[k] = v
			}
			out["type"] = []string{typ, "null"}
			return out
		}
		return map[string]any{"anyOf": []any{inner, map[string]any{"type": "null"}}}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		name := schemaName(t)
		ref := map[string]any{"$ref": "#/components/schemas/" + name}
		if _, done := g.schemas[name]; done {
			return ref
		}
		g.schemas[name] = nil // a placeholder while the fields are made
		props := map[string]any{}
		var required []string
		g.fields(t, props, &required)
		s := map[string]any{"type": "object", "properties": props}
		if required != nil {
			s["required"] = required
		}
		g.schemas[name] = s
		return ref
	}
	panic("openapi: no schema for " + t.String())
}

// fields adds t's fields as encoding/json writes them: embedded structs' fields inline.
func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			g.fields(f.Type, props, required)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schema(f.Type)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
}
