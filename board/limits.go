package board

import (
	"fmt"
	"maps"
	"reflect"
	"strings"
)

// Limits on the size of what an act carries. Every field of every act has one, by its name: a
// request is refused for its size before anything costly is done with it (the API checks an
// act before its signature, the engine every act it takes, before anything else). Decide does
// not: the limits bound what is taken from now on, and a record made before one existed must
// verify as it was decided. Text is counted in bytes of UTF-8, lists in
// items. The table is docs/api.md's ("Limits"); a test walks every kind of act so that a field
// without a limit cannot be forgotten.

// The classes of limits, in bytes.
const (
	LimitID    = 64    // an identifier: a decision, meeting, fund, programme, entry, …
	LimitActor = 80    // an actor: state:KAZ, org:fifa, executive:rubio
	LimitWord  = 32    // a word from a closed list, or a number written as text
	LimitName  = 200   // a person's, a place's or an institution's name
	LimitTitle = 500   // a title
	LimitNote  = 4000  // a reason, a purpose, a note, a mandate
	LimitText  = 32000 // a comment, a report, a directive's text
	LimitRules = 48000 // a rules file (establish)
	LimitItems = 1000  // the items of a list
	LimitKey   = 256   // a public key, as an act writes it
	LimitURL   = 2048  // a URL
	keyIDLen   = 16    // a KeyID: 16 lowercase hexadecimal digits
	limitUnset = 200   // a string field missing from the table (a test keeps it empty)
)

// fieldLimits is every act field's limit, by its JSON name (or, for a field of a list's objects
// whose limit is not its name's, by its path: "witnesses.name"); for a list, the limit of each
// item.
var fieldLimits = map[string]int{
	// Identifiers.
	"id": LimitID, "proposal": LimitID, "proposals": LimitID, "meeting": LimitID, "fund": LimitID,
	"programme": LimitID, "subsidiary": LimitID, "disbursement": LimitID, "removal": LimitID,
	"entry": LimitID, "account": LimitID, "state": LimitID,
	"contributor": LimitActor, "actor": LimitActor,
	"key_id": keyIDLen, "replaces": keyIDLen,
	"key": LimitKey,
	// Words.
	"kind": LimitWord, "choice": LimitWord, "form": LimitWord, "currency": LimitWord, "usd_rate": LimitWord,
	"code": LimitWord, // a programme's sector (DAC) or country (ISO 3166-1)
	// Names.
	"person": LimitName, "role": LimitName, "name": LimitName, "head": LimitName, "place": LimitName,
	"instrument": LimitName, "institution": LimitName, "payee": LimitName, "area": LimitName,
	"source": LimitName, "members": LimitName,
	// Titles and text.
	"title":  LimitTitle,
	"reason": LimitNote, "purpose": LimitNote, "note": LimitNote, "explanation": LimitNote,
	"mandate": LimitNote, // a subsidiary's mandate; report-mandate names one of the rules' by it
	"text":    LimitText,
	"rules":   LimitRules,
	"url":     LimitURL,
	// The fields of a list's objects whose limit is not their name's, by JSON path.
	"witnesses.name": MaxWitnessNameSize, // a signed note's key name
}

// CheckLimits refuses an act (Invalid) whose actor, or any field, is longer than its limit, a
// list with more than LimitItems items, or a key_id (or a rotation's replaces) that is not 16
// lowercase hexadecimal digits. It does no other work: callers check it before anything costly.
func CheckLimits(a Act) error {
	if len(a.By) > LimitActor {
		return Errorf(Invalid, "by: %d bytes, more than the %d an actor may have", len(a.By), LimitActor)
	}
	if a.Body == nil {
		return nil
	}
	return checkLimits(reflect.ValueOf(a.Body), "")
}

// checkLimits checks v, the field at path ("quorum", "witnesses.name": a JSON path, without a
// list's indexes).
func checkLimits(v reflect.Value, path string) error {
	name := path[strings.LastIndexByte(path, '.')+1:]
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return checkLimits(v.Elem(), path)
	case reflect.Struct:
		t := v.Type()
		if t.PkgPath() != reflect.TypeFor[Act]().PkgPath() {
			return nil // an amount, a time: bounded by their types
		}
		for i := range t.NumField() {
			field, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if path != "" {
				field = path + "." + field
			}
			if err := checkLimits(v.Field(i), field); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Len() > LimitItems {
			return Errorf(Invalid, "%s: %d items, more than the %d a list may have", path, v.Len(), LimitItems)
		}
		for i := range v.Len() {
			if err := checkLimits(v.Index(i), path); err != nil {
				return err
			}
		}
	case reflect.String:
		s := v.String()
		if name == "key_id" || name == "replaces" && s != "" { // replaces is optional
			return CheckKeyID(KeyID(s))
		}
		if limit := fieldLimit(path); len(s) > limit {
			return Errorf(Invalid, "%s: %d bytes, more than the %d allowed", path, len(s), limit)
		}
	}
	return nil
}

// fieldLimit returns the limit of the field at path: its own, or else its name's.
func fieldLimit(path string) int {
	if limit, ok := fieldLimits[path]; ok {
		return limit
	}
	if limit, ok := fieldLimits[path[strings.LastIndexByte(path, '.')+1:]]; ok {
		return limit
	}
	return limitUnset
}

// CheckKeyID refuses (Invalid) a key id that is not what KeyIDOf returns: 16 lowercase
// hexadecimal digits.
func CheckKeyID(id KeyID) error {
	ok := len(id) == keyIDLen
	for i := 0; ok && i < len(id); i++ {
		c := id[i]
		ok = ('0' <= c && c <= '9') || ('a' <= c && c <= 'f')
	}
	if !ok {
		s := string(id)
		if len(s) > keyIDLen+8 {
			s = s[:keyIDLen+8] + "…"
		}
		return Errorf(Invalid, "key_id %s: want 16 lowercase hexadecimal digits (%d bytes given)", fmt.Sprintf("%q", s), len(id))
	}
	return nil
}

// FieldLimits returns a copy of the table of limits, by field name.
func FieldLimits() map[string]int { return maps.Clone(fieldLimits) }
