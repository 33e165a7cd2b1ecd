package api

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/peaceboard/peaceboard/board"
)

// Strict decoding of request bodies. encoding/json is lenient in ways that let two different
// documents mean the same request, or a request mean something its sender did not write: it
// matches keys to fields whatever their case (KEY_ID is key_id), keeps the last of a key given
// twice, and turns bytes that are not UTF-8, and escaped lone surrogates, into U+FFFD. The
// standard library's strict decoder (encoding/json/v2) is still behind GOEXPERIMENT=jsonv2 in
// this Go version, so decodeStrict checks the document token by token against the Go type first,
// then lets encoding/json decode it.
//
// None of this changes what a signed act means: its meaning is its canonical bytes, which
// board.ParseCanonical already takes only in their one canonical form; these checks only refuse,
// with 400, documents that encoding/json would have read as something else than they say.

// maxJSONDepth bounds the nesting of a request body: no request of the API nests deeper than a
// few levels, and the check below recurses once per level.
const maxJSONDepth = 32

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// decodeStrict decodes data, one JSON value, into v, a pointer. It refuses, as board.Invalid
// errors that name the key at fault:
//   - bytes that are not UTF-8, and \u escapes of lone surrogates;
//   - a key twice in one object;
//   - a key that is not exactly the JSON name of one of the struct's fields (the case counts);
//   - anything but white space after the value.
//
// what names the document in messages ("the body", "act fields").
func decodeStrict(data []byte, v any, what string) error {
	if i := invalidUTF8(data); i >= 0 {
		return board.Errorf(board.Invalid, "%s is not valid UTF-8 (at byte %d)", what, i)
	}
	if i := loneSurrogate(data); i >= 0 {
		return board.Errorf(board.Invalid, "%s escapes a lone UTF-16 surrogate (at byte %d): that is not text", what, i)
	}
	if len(bytes.Trim(data, " \t\r\n")) == 0 { // JSON's white space
		return board.Errorf(board.Invalid, "%s is empty: want a JSON value", what)
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := checkJSON(d, reflect.TypeOf(v), "", 0); err != nil {
		return board.Errorf(board.Invalid, "%s: %v", what, err)
	}
	if _, err := d.Token(); err != io.EOF {
		return board.Errorf(board.Invalid, "%s has data after its JSON value", what)
	}
	d = json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return board.Errorf(board.Invalid, "%s: %v", what, err)
	}
	return nil
}

// checkJSON reads one JSON value from d and checks its objects' keys against t, the Go type it
// will be decoded into; a nil t (an interface, a json.RawMessage, a type that decodes itself)
// takes any keys, each once.
func checkJSON(d *json.Decoder, t reflect.Type, path string, depth int) error {
	if depth > maxJSONDepth {
		return fmt.Errorf("nested deeper than %d levels", maxJSONDepth)
	}
	tok, err := token(d)
	if err != nil {
		return err
	}
	t = decodedType(t)
	switch tok {
	case json.Delim('{'):
		var fields map[string]reflect.Type
		if t != nil && t.Kind() == reflect.Struct {
			fields = jsonFields(t)
		}
		seen := map[string]bool{}
		for d.More() {
			tok, err := token(d)
			if err != nil {
				return err
			}
			key := tok.(string) // the decoder returns an object's keys as strings
			at := joinPath(path, key)
			if seen[key] {
				return fmt.Errorf("key %q is given twice", at)
			}
			seen[key] = true
			var elem reflect.Type
			switch {
			case fields != nil:
				f, ok := fields[key]
				if !ok {
					return unknownKey(at, key, fields)
				}
				elem = f
			case t != nil && t.Kind() == reflect.Map:
				elem = t.Elem()
			}
			if err := checkJSON(d, elem, at, depth+1); err != nil {
				return err
			}
		}
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; d.More(); i++ {
			if err := checkJSON(d, elem, path+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
				return err
			}
		}
	default:
		return nil // a scalar: encoding/json checks it against t
	}
	_, err = token(d) // the closing delimiter
	return err
}

// token reads d's next token; the document ending there is an error, since checkJSON only reads
// where a value, a key or a closing delimiter must come.
func token(d *json.Decoder) (json.Token, error) {
	tok, err := d.Token()
	if err == io.EOF {
		return nil, io.ErrUnexpectedEOF
	}
	return tok, err
}

// decodedType returns the type whose keys checkJSON checks for a value decoded into t: t without
// its pointers, or nil when any keys go (an interface, a type that decodes itself).
func decodedType(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		if t.Implements(jsonUnmarshaler) || t.Implements(textUnmarshaler) {
			return nil
		}
		t = t.Elem()
	}
	if t == nil || t.Kind() == reflect.Interface ||
		reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return nil
	}
	return t
}

// jsonFields returns the JSON names of a struct's fields, as encoding/json names them (the tag's
// name, else the Go name; embedded structs' fields promoted), with each field's type.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range jsonFields(ft) {
					if _, ok := out[k]; !ok {
						out[k] = v
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// unknownKey is the error of a key that names no field, naming the field it differs from only by
// case, if there is one.
func unknownKey(at, key string, fields map[string]reflect.Type) error {
	for name := range fields {
		if strings.EqualFold(name, key) {
			return fmt.Errorf("unknown key %q: keys are matched exactly, did you mean %q?", at, name)
		}
	}
	return fmt.Errorf("unknown key %q", at)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// invalidUTF8 returns the offset of the first byte of data that is not part of valid UTF-8, or -1.
func invalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// loneSurrogate returns the offset of the first \u escape in data of a UTF-16 surrogate that is
// not half of a pair, or -1. A backslash in valid JSON is always in a string and starts an
// escape, so the escapes are read in order without parsing the document.
func loneSurrogate(data []byte) int {
	for i := 0; i < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		if i+1 >= len(data) || data[i+1] != 'u' {
			i++ // a two-byte escape: \" \\ \/ \b \f \n \r \t
			continue
		}
		r, ok := hex4(data[i+2:])
		if !ok {
			return -1 // not JSON: the decoder says why
		}
		switch {
		case r >= 0xd800 && r < 0xdc00: // a high surrogate: an escaped low one must follow
			if i+12 > len(data) || data[i+6] != '\\' || data[i+7] != 'u' {
				return i
			}
			if low, ok := hex4(data[i+8:]); !ok || low < 0xdc00 || low > 0xdfff {
				return i
			}
			i += 11
		case r >= 0xdc00 && r <= 0xdfff:
			return i
		default:
			i += 5
		}
	}
	return -1
}

// hex4 reads the four hex digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[:4]), 16, 16)
	return rune(n), err == nil
}
