package board

import (
	"cmp"
	"encoding"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/peaceboard/peaceboard/money"
)

// This file holds act format v2's bytes: RFC 8785, the JSON Canonicalization Scheme (JCS), as
// acts use it (docs/signing.md). Members are sorted by their names' UTF-16 code units at every
// depth, there is no whitespace, strings are escaped only where JSON requires it, and numbers
// are integers. encoding/json cannot write it (it keeps struct order and escapes <, > and &
// for HTML), so the encoder is ours: a plan per body type, made when the type is registered in
// the catalogue, so that encoding an act walks its fields without looking at their tags again.

// maxExactInt is the largest integer an IEEE 754 double holds exactly (2^53 - 1). JCS writes
// numbers as ECMAScript does; a larger integer would not survive a signer in JavaScript.
const maxExactInt = 1<<53 - 1

// A fieldPlan says how to write one field of a struct.
type fieldPlan struct {
	name   string // the JSON member name
	member string // the name as written, quoted and escaped, with the colon: `"amount":`
	index  int
	omit   func(reflect.Value) bool // whether to leave the field out; nil: never
	enc    encodeFunc
}

// An encodeFunc appends v in JCS form to b. A text error is a *Error of kind Invalid.
type encodeFunc func(b []byte, v reflect.Value) ([]byte, error)

var (
	timeType          = reflect.TypeFor[time.Time]()
	amountType        = reflect.TypeFor[money.Amount]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// structPlan returns the plan of a struct type: its exported fields with a JSON name, sorted as
// JCS sorts members. It panics on a field of a type acts cannot hold (a float, a map): the
// catalogue is built at package initialization, so a new kind with one fails every test.
func structPlan(t reflect.Type) []fieldPlan {
	var plan []fieldPlan
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		p := fieldPlan{name: name, member: string(appendString(nil, name)) + ":", index: i, enc: typeEncoder(f.Type)}
		switch opts {
		case "":
		case "omitempty":
			p.omit = emptyFunc(f.Type)
		case "omitzero":
			p.omit = zeroFunc(f.Type)
		default:
			panic(fmt.Sprintf("board: %s.%s: json option %q has no JCS encoding", t, f.Name, opts))
		}
		plan = append(plan, p)
	}
	slices.SortFunc(plan, func(a, b fieldPlan) int { return compareUTF16(a.name, b.name) })
	return plan
}

// appendStruct appends v, a struct, as a JCS object.
func appendStruct(b []byte, v reflect.Value, plan []fieldPlan) ([]byte, error) {
	b = append(b, '{')
	first := true
	for i := range plan {
		p := &plan[i]
		f := v.Field(p.index)
		if p.omit != nil && p.omit(f) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, p.member...)
		var err error
		if b, err = p.enc(b, f); err != nil {
			if e, ok := err.(*Error); ok && e.Kind == Invalid {
				return nil, Errorf(Invalid, "%s: %s", p.name, e.Msg)
			}
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// typeEncoder returns the encoder of values of type t.
func typeEncoder(t reflect.Type) encodeFunc {
	switch {
	case t == timeType:
		return func(b []byte, v reflect.Value) ([]byte, error) { return appendTime(b, *addr[time.Time](v)) }
	case t == amountType:
		// Amounts are text ("USD 1000.00"), never numbers; String is what MarshalText writes.
		return func(b []byte, v reflect.Value) ([]byte, error) {
			return appendText(b, addr[money.Amount](v).String())
		}
	case t.Implements(textMarshalerType):
		return func(b []byte, v reflect.Value) ([]byte, error) {
			s, err := v.Interface().(encoding.TextMarshaler).MarshalText()
			if err != nil {
				return nil, Errorf(Invalid, "%v", err)
			}
			return appendText(b, string(s))
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(b []byte, v reflect.Value) ([]byte, error) { return appendText(b, v.String()) }
	case reflect.Bool:
		return func(b []byte, v reflect.Value) ([]byte, error) { return strconv.AppendBool(b, v.Bool()), nil }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(b []byte, v reflect.Value) ([]byte, error) {
			n := v.Int()
			if n > maxExactInt || n < -maxExactInt {
				return nil, Errorf(Invalid, "%d is beyond ±(2^53-1), the integers every JSON reader holds exactly", n)
			}
			return strconv.AppendInt(b, n, 10), nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return func(b []byte, v reflect.Value) ([]byte, error) {
			n := v.Uint()
			if n > maxExactInt {
				return nil, Errorf(Invalid, "%d is beyond 2^53-1, the integers every JSON reader holds exactly", n)
			}
			return strconv.AppendUint(b, n, 10), nil
		}
	case reflect.Slice:
		elem := typeEncoder(t.Elem())
		// A list is written [] when empty, never null, as any other language writes it.
		return func(b []byte, v reflect.Value) ([]byte, error) {
			b = append(b, '[')
			for i := range v.Len() {
				if i > 0 {
					b = append(b, ',')
				}
				var err error
				if b, err = elem(b, v.Index(i)); err != nil {
					return nil, err
				}
			}
			return append(b, ']'), nil
		}
	case reflect.Struct:
		plan := structPlan(t)
		return func(b []byte, v reflect.Value) ([]byte, error) { return appendStruct(b, v, plan) }
	}
	panic(fmt.Sprintf("board: an act cannot hold a %s: it has no JCS encoding", t))
}

// addr returns a pointer to v's value, of type T: the value itself when v is addressable (the
// fields of a body, reached through its pointer), without the copy to the heap that
// v.Interface() makes of a struct.
func addr[T any](v reflect.Value) *T {
	if v.CanAddr() {
		return v.Addr().Interface().(*T)
	}
	x := v.Interface().(T)
	return &x
}

// emptyFunc reports emptiness as encoding/json's omitempty does for the kinds acts hold.
func emptyFunc(t reflect.Type) func(reflect.Value) bool {
	switch t.Kind() {
	case reflect.String, reflect.Slice:
		return func(v reflect.Value) bool { return v.Len() == 0 }
	case reflect.Bool:
		return func(v reflect.Value) bool { return !v.Bool() }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(v reflect.Value) bool { return v.Int() == 0 }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return func(v reflect.Value) bool { return v.Uint() == 0 }
	}
	panic(fmt.Sprintf("board: omitempty on a %s never omits it (use omitzero)", t))
}

// zeroFunc reports zero values as encoding/json's omitzero does: by the type's IsZero method if
// it has one (time.Time), else as the zero value.
func zeroFunc(t reflect.Type) func(reflect.Value) bool {
	if t.Implements(reflect.TypeFor[interface{ IsZero() bool }]()) {
		return func(v reflect.Value) bool { return v.Interface().(interface{ IsZero() bool }).IsZero() }
	}
	return reflect.Value.IsZero
}

// appendTime appends t in UTC as RFC 3339 with a fraction of a second only when it is not zero,
// and no trailing zero: the form docs/signing.md gives TIME.
func appendTime(b []byte, t time.Time) ([]byte, error) {
	t = t.UTC()
	if y := t.Year(); y < 0 || y > 9999 {
		return nil, Errorf(Invalid, "the time %s is outside the years 0000 to 9999 that RFC 3339 writes", t)
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

// appendText appends s as a JCS string, once checkString accepts it.
func appendText(b []byte, s string) ([]byte, error) {
	if err := checkString(s); err != nil {
		return nil, err
	}
	return appendString(b, s), nil
}

// checkString refuses text that two people could type differently and see as the same: it must
// be valid UTF-8, in Unicode normalization form C, without control characters other than line
// feed and tab. Text in printable ASCII, the common case, is all of these.
func checkString(s string) error {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			return checkUnicode(s)
		}
	}
	return nil
}

func checkUnicode(s string) error {
	if !utf8.ValidString(s) {
		return Errorf(Invalid, "text is not valid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return Errorf(Invalid, "text contains the control character %U", r)
		}
	}
	if norm.NFC.QuickSpanString(s) != len(s) && !norm.NFC.IsNormalString(s) {
		return Errorf(Invalid, "text is not in Unicode normalization form C")
	}
	return nil
}

// appendString appends s, valid UTF-8, as RFC 8785 writes a string: the quote and the backslash
// escaped, control characters below U+0020 as \b \t \n \f \r or \u00xx (lowercase hex), every
// other character as it is (<, >, &, U+2028 included).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, `\b`...)
		case '\t':
			b = append(b, `\t`...)
		case '\n':
			b = append(b, `\n`...)
		case '\f':
			b = append(b, `\f`...)
		case '\r':
			b = append(b, `\r`...)
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// compareUTF16 compares two strings as RFC 8785 sorts member names: by their UTF-16 code units.
// That is the order of code points, but for a character beyond U+FFFF (a surrogate pair, from
// 0xD800) against one from U+E000 to U+FFFF.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return cmp.Compare(utf16Units(ra), utf16Units(rb))
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// utf16Units returns a code point's UTF-16 code units, the first in the high half, so that two
// code points compare as their UTF-16 encodings do.
func utf16Units(r rune) int64 {
	if r >= 0x10000 {
		hi, lo := utf16.EncodeRune(r)
		return int64(hi)<<16 | int64(lo)
	}
	return int64(r) << 16
}

// CheckJCS reports whether b is exactly one JSON value in RFC 8785 form, as act format v2
// writes acts: no whitespace, object members sorted by name (UTF-16 code units) and never
// repeated, strings valid UTF-8 escaped only where required (\" \\ \b \t \n \f \r, other
// characters below U+0020 as \u00xx in lowercase), and numbers integers of at most 2^53-1 in
// magnitude, in their shortest form (RFC 8785 allows fractions; acts never hold them). Its
// error says what is wrong, and where.
func CheckJCS(b []byte) error {
	c := jcsChecker{b: b}
	if err := c.value(0); err != nil {
		return err
	}
	if c.i != len(b) {
		return c.errorf("data after the JSON value")
	}
	return nil
}

// maxDepth bounds nesting, so that a hostile input cannot exhaust the stack.
const maxDepth = 64

type jcsChecker struct {
	b    []byte
	i    int
	name []byte // a member name, decoded
}

func (c *jcsChecker) errorf(format string, args ...any) error {
	return fmt.Errorf("at byte %d: %s", c.i, fmt.Sprintf(format, args...))
}

func (c *jcsChecker) value(depth int) error {
	if depth > maxDepth {
		return c.errorf("nested deeper than %d", maxDepth)
	}
	if c.i >= len(c.b) {
		return c.errorf("unexpected end")
	}
	switch ch := c.b[c.i]; {
	case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r':
		return c.errorf("whitespace (RFC 8785 has none between tokens)")
	case ch == '{':
		return c.object(depth)
	case ch == '[':
		c.i++
		if c.i < len(c.b) && c.b[c.i] == ']' {
			c.i++
			return nil
		}
		for {
			if err := c.value(depth + 1); err != nil {
				return err
			}
			if err := c.expect(",]"); err != nil {
				return err
			}
			if c.b[c.i-1] == ']' {
				return nil
			}
		}
	case ch == '"':
		_, err := c.string(false)
		return err
	case ch == '-' || ch >= '0' && ch <= '9':
		return c.number()
	default:
		for _, lit := range []string{"true", "false", "null"} {
			if strings.HasPrefix(string(c.b[c.i:min(len(c.b), c.i+5)]), lit) {
				c.i += len(lit)
				return nil
			}
		}
		return c.errorf("unexpected %q", ch)
	}
}

// expect consumes one of the bytes in set.
func (c *jcsChecker) expect(set string) error {
	if c.i >= len(c.b) {
		return c.errorf("unexpected end")
	}
	ch := c.b[c.i]
	if strings.IndexByte(set, ch) < 0 {
		if ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' {
			return c.errorf("whitespace (RFC 8785 has none between tokens)")
		}
		return c.errorf("unexpected %q", ch)
	}
	c.i++
	return nil
}

func (c *jcsChecker) object(depth int) error {
	c.i++ // {
	if c.i < len(c.b) && c.b[c.i] == '}' {
		c.i++
		return nil
	}
	var prev string
	for n := 0; ; n++ {
		if c.i < len(c.b) && c.b[c.i] != '"' {
			return c.expect(`"`)
		}
		name, err := c.string(true)
		if err != nil {
			return err
		}
		if n > 0 {
			switch cmp := compareUTF16(prev, name); {
			case cmp == 0:
				return c.errorf("member %q repeated", name)
			case cmp > 0:
				return c.errorf("members out of order: %q after %q (RFC 8785 sorts them by name)", name, prev)
			}
		}
		prev = name
		if err := c.expect(":"); err != nil {
			return err
		}
		if err := c.value(depth + 1); err != nil {
			return err
		}
		if err := c.expect(",}"); err != nil {
			return err
		}
		if c.b[c.i-1] == '}' {
			return nil
		}
	}
}

// string checks a string at c.i and, if decode, returns its value.
func (c *jcsChecker) string(decode bool) (string, error) {
	c.i++ // "
	c.name = c.name[:0]
	for c.i < len(c.b) {
		ch := c.b[c.i]
		switch {
		case ch == '"':
			c.i++
			return string(c.name), nil
		case ch < 0x20:
			return "", c.errorf("a control character not escaped")
		case ch == '\\':
			if c.i+1 >= len(c.b) {
				return "", c.errorf("unexpected end")
			}
			e := c.b[c.i+1]
			switch e {
			case '"', '\\':
				c.name = append(c.name, e)
			case 'b', 't', 'n', 'f', 'r':
				c.name = append(c.name, "\b\t\n\f\r"[strings.IndexByte("btnfr", e)])
			case 'u':
				if c.i+6 > len(c.b) {
					return "", c.errorf("unexpected end")
				}
				hex := string(c.b[c.i+2 : c.i+6])
				u, err := strconv.ParseUint(hex, 16, 16)
				switch {
				case err != nil:
					return "", c.errorf("a bad escape \\u%s", hex)
				case u >= 0x20:
					return "", c.errorf("an unneeded escape \\u%s (RFC 8785 writes the character itself)", hex)
				case strings.IndexByte("\b\t\n\f\r", byte(u)) >= 0:
					return "", c.errorf("\\u%s for a character RFC 8785 escapes as \\%c", hex, "btnfr"[strings.IndexByte("\b\t\n\f\r", byte(u))])
				case hex != strings.ToLower(hex):
					return "", c.errorf("\\u%s in upper case (RFC 8785 writes lowercase hex)", hex)
				}
				c.name = append(c.name, byte(u))
				c.i += 4
			default:
				return "", c.errorf("an unneeded escape \\%c", e)
			}
			c.i += 2
		case ch < utf8.RuneSelf:
			if decode {
				c.name = append(c.name, ch)
			}
			c.i++
		default:
			r, n := utf8.DecodeRune(c.b[c.i:])
			if r == utf8.RuneError && n == 1 {
				return "", c.errorf("text that is not valid UTF-8")
			}
			if decode {
				c.name = append(c.name, c.b[c.i:c.i+n]...)
			}
			c.i += n
		}
	}
	return "", c.errorf("unexpected end")
}

func (c *jcsChecker) number() error {
	start := c.i
	if c.b[c.i] == '-' {
		c.i++
	}
	digits := c.i
	for c.i < len(c.b) && c.b[c.i] >= '0' && c.b[c.i] <= '9' {
		c.i++
	}
	num := string(c.b[start:c.i])
	switch {
	case c.i == digits:
		return c.errorf("a number without digits")
	case c.i < len(c.b) && (c.b[c.i] == '.' || c.b[c.i] == 'e' || c.b[c.i] == 'E'):
		return c.errorf("a number with a fraction or an exponent (acts hold only integers; amounts are strings)")
	case c.b[digits] == '0' && c.i-digits > 1:
		return c.errorf("the number %s with a leading zero", num)
	case num == "-0":
		return c.errorf("-0 (RFC 8785 writes 0)")
	}
	if n, err := strconv.ParseInt(num, 10, 64); err != nil || n > maxExactInt || n < -maxExactInt {
		return c.errorf("the integer %s is beyond ±(2^53-1), which JSON readers cannot all hold exactly", num)
	}
	return nil
}
