package board

import (
	"cmp"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/peaceboard/peaceboard/money"
)

// The act catalogue, described for those who write acts in another program or language: the
// OpenAPI document's per-kind schemas (internal/api), `peaceboard act -h`, docs/acts.md and the
// workspace's forms are all made from Describe.
//
// A field's description is derived by reflection from the body's Go type and JSON tag, so a new
// field is described the moment it exists; only its sentence is written by hand
// (catalogue_text.go), and a test fails until it is. A field whose values form a closed set
// takes them from one list that Decide checks too (checkClosed): a choice's Values, or the
// body's closedFields for a plain string or a narrower set than its type's.

// A FieldType is a field's JSON type.
type FieldType string

// The JSON types of act fields. Acts carry no floating-point numbers: amounts and rates are
// strings.
const (
	TypeString  FieldType = "string"
	TypeInteger FieldType = "integer"
	TypeBoolean FieldType = "boolean"
	TypeArray   FieldType = "array"
	TypeObject  FieldType = "object"
)

// A Format says what a string field holds, beyond being text.
type Format string

// The formats of act fields. Free text has no format: see TextSize.
const (
	FormatDateTime  Format = "date-time"  // RFC 3339 in UTC, ending in Z: 2026-01-22T10:00:00Z (a date is its midnight)
	FormatMoney     Format = "money"      // "CUR 123.45": ISO 4217 currency, a space, exactly its minor digits
	FormatCurrency  Format = "currency"   // an ISO 4217 alphabetic code: USD
	FormatState     Format = "state"      // an ISO 3166-1 alpha-3 code: KAZ (XKX for Kosovo)
	FormatActor     Format = "actor"      // chairman, state:KAZ, org:ID, executive:ID, chief-executive, secretariat
	FormatID        Format = "id"         // an identifier: lower-case letters, digits and dashes
	FormatPublicKey Format = "public-key" // an Ed25519 public key: its 32 bytes in standard base64
	FormatKeyID     Format = "key-id"     // a key id: 16 lowercase hexadecimal digits
	FormatRate      Format = "rate"       // a plain positive decimal: 1.0813
	FormatHexKey    Format = "hex-key"    // an Ed25519 public key: its 32 bytes in 64 lowercase hexadecimal digits
	FormatURL       Format = "url"        // an absolute https:// or http:// URL, in printable ASCII
	FormatSector    Format = "dac-sector" // a 5-digit OECD DAC purpose code: 73010
	FormatCountry   Format = "country"    // an ISO 3166-1 alpha-2 code: PS (XK for Kosovo)
)

// A TextSize says how much free text a field is meant to hold: a line (a name, a title) or
// paragraphs (a reason, a comment, a report).
type TextSize string

// The sizes of free text.
const (
	TextShort TextSize = "short"
	TextLong  TextSize = "long"
)

// A KindDescription describes one kind of act as a client writes it.
type KindDescription struct {
	Kind    Kind
	Summary string // one English sentence: what the act does
	Rule    string // the charter rule it is decided under ("R7"); "" for the record's own acts
	// By lists the kinds of actor that may do it at all (AllowedActors); ByPattern is a regular
	// expression an actor of those kinds matches.
	By        []ActorKind
	ByPattern string
	Fields    []FieldDescription // in the body's order
}

// A FieldDescription describes one field of an act, or the items of a list.
type FieldDescription struct {
	Name        string // the JSON name; "" for a list's items
	Description string // one English sentence
	Type        FieldType
	// Optional fields are left out of the act when empty ("", false, 0, an empty list, the zero
	// time); the others are always written.
	Optional bool
	Format   Format
	// Pattern is a regular expression, in the syntax common to RE2 and ECMA-262, that a string
	// value matches. It is a necessary condition, not a sufficient one: Decide checks more.
	Pattern string
	Enum    []string // the values a string takes, when they form a closed set
	Text    TextSize // for free text (text in Unicode NFC): short or long; "" otherwise
	// MaxLength is the most bytes of UTF-8 a free-text value may have (board.CheckLimits).
	MaxLength int
	// Minimum and Maximum bound an integer, when its type says so (Percent); nil otherwise.
	Minimum, Maximum *int
	Items            *FieldDescription  // a list's items
	MaxItems         int                // the most items a list may have
	Fields           []FieldDescription // an object's fields
}

// Patterns that the description gives, and Decide or the act's decoding enforces.
const (
	PatternState    = `^[A-Z]{3}$`
	PatternCurrency = `^[A-Z]{3}$`
	PatternKeyID    = `^[0-9a-f]{16}$`
	PatternID       = "^" + slugPattern + "$"
	// A 32-byte key is 43 base64 digits and one "=" of padding.
	PatternPublicKey = `^[A-Za-z0-9+/]{43}=$`
	PatternRate      = `^[0-9]+(\.[0-9]+)?$`
	PatternHexKey    = `^[0-9a-f]{64}$`
	PatternURL       = `^https?://[!-~]+$`
	// A signed note's key name (a witness's): no space, no "+". Decide also refuses the other
	// Unicode spaces.
	PatternKeyName = `^[^ +]+$`
	// An instant as an act writes it: UTC, seconds, and a fraction only when it is not zero,
	// without trailing zeros.
	PatternDateTime = `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{0,8}[1-9])?Z$`
)

// ActorPattern returns a regular expression that an actor of one of kinds matches, anchored:
// ActorPattern(ActorChairman, ActorState) is ^(chairman|state:[A-Z]{3})$.
func ActorPattern(kinds ...ActorKind) string {
	alts := make([]string, len(kinds))
	for i, k := range kinds {
		switch k {
		case ActorState:
			alts[i] = "state:[A-Z]{3}"
		case ActorOrg, ActorExecutive:
			alts[i] = string(k) + ":" + slugPattern
		default:
			alts[i] = string(k)
		}
	}
	return "^(" + strings.Join(alts, "|") + ")$"
}

// MoneyPattern returns a regular expression that an amount matches as an act writes it: a
// currency Parse knows, a space, and the amount with exactly that currency's minor digits,
// without leading zeros ("USD 1000.00", "JPY 5000", "KWD 1.500").
func MoneyPattern() string {
	byDigits := map[int][]string{}
	for _, c := range money.Currencies() {
		n, _ := money.MinorUnits(c)
		byDigits[n] = append(byDigits[n], string(c))
	}
	var alts []string
	for _, n := range slices.Sorted(maps.Keys(byDigits)) {
		alt := "(" + strings.Join(byDigits[n], "|") + ") (0|[1-9][0-9]*)"
		if n > 0 {
			alt += fmt.Sprintf(`\.[0-9]{%d}`, n)
		}
		alts = append(alts, alt)
	}
	return "^(" + strings.Join(alts, "|") + ")$"
}

// Describe returns the description of acts of kind k, and false for an unknown kind.
func Describe(k Kind) (KindDescription, bool) {
	s, ok := catalogue[k]
	if !ok {
		return KindDescription{}, false
	}
	text := kindTexts[k]
	body := s.new()
	closed := map[string][]string{}
	if c, ok := body.(closedFielder); ok {
		closed = c.closedFields()
	}
	return KindDescription{
		Kind:      k,
		Summary:   text.summary,
		Rule:      s.rule,
		By:        slices.Clone(s.by),
		ByPattern: ActorPattern(s.by...),
		Fields:    describeFields(reflect.TypeOf(body).Elem(), "", text.fields, closed),
	}, true
}

// Catalogue returns the description of every kind of act, sorted by kind.
func Catalogue() []KindDescription {
	var out []KindDescription
	for _, k := range Kinds() {
		d, _ := Describe(k)
		out = append(out, d)
	}
	return out
}

// A closedFielder is a body with a field whose values form a closed set that its Go type does
// not give: a plain string (a consent's instrument), or fewer values than its type has (a casting
// vote cannot abstain). It returns the values by the field's JSON name.
type closedFielder interface{ closedFields() map[string][]string }

// A valuer is a string type whose values form a closed set (Choice, MeetingKind).
type valuer interface{ Values() []string }

// A ranger is an integer type whose values lie between two bounds (Percent).
type ranger interface{ Range() (least, most int) }

// timeType and amountType are jcs.go's.
var (
	currencyType = reflect.TypeFor[money.Currency]()
	actorType    = reflect.TypeFor[ActorID]()
	stateType    = reflect.TypeFor[StateCode]()
	keyIDType    = reflect.TypeFor[KeyID]()
	sectorType   = reflect.TypeFor[SectorCode]()
	countryType  = reflect.TypeFor[CountryCode]()
	valuerType   = reflect.TypeFor[valuer]()
	rangerType   = reflect.TypeFor[ranger]()
	boardPath    = reflect.TypeFor[Act]().PkgPath()
)

// formatsByName gives the formats of plain string fields, by JSON name, as limits.go gives
// their limits.
var formatsByName = map[string]Format{"key": FormatPublicKey, "usd_rate": FormatRate}

// formatsByPath gives the formats of the fields of a list's objects whose names alone would say
// another (a witness's key is in hex, register-key's in base64), by JSON path; patternsByPath
// the patterns of such free-text fields; maxItemsByPath the lists that hold fewer than
// LimitItems, as Decide checks.
var (
	formatsByPath  = map[string]Format{"witnesses.key": FormatHexKey, "witnesses.url": FormatURL}
	patternsByPath = map[string]string{"witnesses.name": PatternKeyName}
	maxItemsByPath = map[string]int{"witnesses": MaxWitnesses}
)

// describeFields describes the fields of the struct t; path is the JSON path of t within the
// body ("thresholds." for a threshold), which keys the sentences in texts.
func describeFields(t reflect.Type, path string, texts map[string]string, closed map[string][]string) []FieldDescription {
	var out []FieldDescription
	for i := range t.NumField() {
		sf := t.Field(i)
		name, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" || !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		f := describeType(sf.Type, path+name, name, texts)
		f.Name = name
		f.Optional = optional(opts)
		if values, ok := closed[path+name]; ok {
			f.Enum, f.Text, f.MaxLength = slices.Clone(values), "", 0
		}
		out = append(out, f)
	}
	return out
}

// describeType describes a value of type t, the field at path (named name, which keys its
// limit), or its items.
func describeType(t reflect.Type, path, name string, texts map[string]string) FieldDescription {
	f := FieldDescription{Description: texts[path], Type: TypeString}
	switch {
	case t == timeType:
		f.Format, f.Pattern = FormatDateTime, PatternDateTime
	case t == amountType:
		f.Format, f.Pattern = FormatMoney, MoneyPattern()
	case t == currencyType:
		f.Format, f.Pattern = FormatCurrency, PatternCurrency
		for _, c := range money.Currencies() {
			f.Enum = append(f.Enum, string(c))
		}
	case t == actorType:
		f.Format, f.Pattern = FormatActor, ActorPattern(ActorKinds...)
	case t == stateType:
		f.Format, f.Pattern = FormatState, PatternState
	case t == keyIDType:
		f.Format, f.Pattern = FormatKeyID, PatternKeyID
	case t == sectorType:
		f.Format, f.Pattern = FormatSector, PatternSector
	case t == countryType:
		f.Format, f.Pattern = FormatCountry, PatternCountry
	case t.Kind() == reflect.String && t.PkgPath() == boardPath && strings.HasSuffix(t.Name(), "ID"):
		f.Format, f.Pattern = FormatID, PatternID
	case t.Implements(valuerType):
		f.Enum = reflect.Zero(t).Interface().(valuer).Values()
	case t.Kind() == reflect.String:
		format, ok := formatsByPath[path]
		if !ok {
			format = formatsByName[name]
		}
		switch format {
		case FormatPublicKey:
			f.Format, f.Pattern = format, PatternPublicKey
		case FormatRate:
			f.Format, f.Pattern = format, PatternRate
		case FormatHexKey:
			f.Format, f.Pattern = format, PatternHexKey
		case FormatURL:
			f.Format, f.Pattern = format, PatternURL
		default:
			f.MaxLength = fieldLimit(path)
			f.Text = TextShort
			if f.MaxLength >= LimitNote {
				f.Text = TextLong
			}
			f.Pattern = patternsByPath[path]
		}
	case t.Kind() == reflect.Bool:
		f.Type = TypeBoolean
	case t.Kind() == reflect.Int:
		f.Type = TypeInteger
		if t.Implements(rangerType) {
			least, most := reflect.Zero(t).Interface().(ranger).Range()
			f.Minimum, f.Maximum = &least, &most
		}
	case t.Kind() == reflect.Slice:
		items := describeType(t.Elem(), path, name, texts)
		items.Description = "" // the list's says it
		f.Type, f.Items, f.MaxItems = TypeArray, &items, cmp.Or(maxItemsByPath[path], LimitItems)
	case t.Kind() == reflect.Struct && t.PkgPath() == boardPath:
		f.Type, f.Fields = TypeObject, describeFields(t, path+".", texts, nil)
	default:
		// A test describes every kind, so that a field of a new type cannot reach a client
		// undescribed.
		panic(fmt.Sprintf("board: act field %s has type %s, which the catalogue cannot describe", path, t))
	}
	return f
}

// TypeName names the field's type for a person, compactly: "state", "yes|no|abstain", "text",
// "list of id", "boolean".
func (f FieldDescription) TypeName() string {
	switch {
	case f.Type == TypeArray && f.Items != nil:
		return "list of " + f.Items.TypeName()
	case f.Format == FormatCurrency:
		return string(f.Format)
	case f.Enum != nil:
		return strings.Join(f.Enum, "|")
	case f.Format != "":
		return string(f.Format)
	case f.Text != "":
		return "text"
	case f.Minimum != nil && f.Maximum != nil:
		return fmt.Sprintf("%s from %d to %d", f.Type, *f.Minimum, *f.Maximum)
	}
	return string(f.Type)
}

// closedIndex holds, for each kind, the fields whose values are one of the board's own closed
// sets (a choice, a kind of meeting, an instrument): what checkClosed checks.
var closedIndex = sync.OnceValue(func() map[Kind][]closedField {
	index := map[Kind][]closedField{}
	for k, s := range catalogue {
		body := s.new()
		closed := map[string][]string{}
		if c, ok := body.(closedFielder); ok {
			closed = c.closedFields()
		}
		t := reflect.TypeOf(body).Elem()
		for i := range t.NumField() {
			name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			values, ok := closed[name]
			if !ok && t.Field(i).Type.Implements(valuerType) {
				values, ok = reflect.Zero(t.Field(i).Type).Interface().(valuer).Values(), true
			}
			if ok {
				index[k] = append(index[k], closedField{index: i, name: name, values: values, optional: optional(opts)})
			}
		}
	}
	return index
})

type closedField struct {
	index    int
	name     string
	values   []string
	optional bool
}

// checkClosed refuses (Invalid) an act whose field of a closed set holds another value: the
// one check of those values, made before the act is decided, from the lists Describe gives.
func checkClosed(b Body) error {
	v := reflect.ValueOf(b).Elem()
	for _, f := range closedIndex()[b.Kind()] {
		s := v.Field(f.index).String()
		if s == "" && f.optional {
			continue
		}
		if !slices.Contains(f.values, s) {
			return Errorf(Invalid, "%s %q: want %s", f.name, s, quotedList(f.values))
		}
	}
	return nil
}

// quotedList writes values for a message: "yes", "no" or "abstain".
func quotedList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = fmt.Sprintf("%q", v)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// optional reports whether a field with the JSON tag options opts is left out when empty.
func optional(opts string) bool {
	o := strings.Split(opts, ",")
	return slices.Contains(o, "omitempty") || slices.Contains(o, "omitzero")
}

// names returns the values of a closed set as strings.
func names[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
