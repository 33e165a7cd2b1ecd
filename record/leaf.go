package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// A Leaf is what the Merkle log commits to for one entry: the signed act, the digest of the
// events that deciding it produced, and, for an act recorded live, its recorded instant. Its
// canonical bytes are the log's leaf data, served in the entry bundles; the leaf hash is RFC
// 6962's SHA-256(0x00 || bytes).
//
// A leaf has one of two forms, and its form says how the act was recorded:
//
//	{"act":…,"key_id":…,"signature":…,"events_sha256":…}
//	{"act":…,"key_id":…,"signature":…,"events_sha256":…,"recorded_at":"2026-12-07T17:33:33.123456789Z"}
//
// The first is an act recorded at its own time (a replay or an import of history, and every
// entry of a record made before the record's clock): its recorded instant is the act's "at".
// The second is an act recorded live: the writer's clock fixed its recorded instant (RFC 3339,
// UTC, to the nanosecond, as time.RFC3339Nano writes it), and the act's "at" is the actor's
// claim. The act's bytes are the same in both forms.
type Leaf struct {
	Act       []byte // canonical act bytes
	KeyID     string
	Signature []byte
	Events    [sha256.Size]byte // SHA-256 of the canonical event bytes
	Recorded  time.Time         // the recorded instant of an act recorded live; zero otherwise
}

// leafWire is the wire form of a Leaf. The field order is fixed by the struct; Act is embedded
// as the JSON object it is.
type leafWire struct {
	Act       json.RawMessage `json:"act"`
	KeyID     string          `json:"key_id"`
	Signature string          `json:"signature"`
	Events    string          `json:"events_sha256"`
	Recorded  string          `json:"recorded_at,omitempty"`
}

// Leaf returns the entry's leaf.
func (e Entry) Leaf() Leaf {
	l := Leaf{Act: e.Act, KeyID: e.KeyID, Signature: e.Signature, Events: sha256.Sum256(e.Events)}
	if e.Live {
		l.Recorded = e.At
	}
	return l
}

// Live reports whether the leaf is of an act recorded live, which carries its recorded instant.
func (l Leaf) Live() bool { return !l.Recorded.IsZero() }

// Bytes returns the leaf's canonical bytes: the JSON object encoding/json makes of its leafWire,
// but for Act, canonical act bytes (compact JSON: RFC 8785 in act format v2), which Bytes copies
// as they are rather than compact and escape them again: every entry of the log, written or
// verified, pays for this.
func (l Leaf) Bytes() []byte {
	n := len(l.Act) + len(l.KeyID) + base64.StdEncoding.EncodedLen(len(l.Signature)) + 2*sha256.Size + 64
	if l.Live() {
		n += len(`","recorded_at":"`) + len(time.RFC3339Nano)
	}
	b := make([]byte, 0, n)
	b = append(b, `{"act":`...)
	b = append(b, l.Act...)
	b = append(b, `,"key_id":`...)
	b = appendJSONString(b, l.KeyID)
	b = append(b, `,"signature":"`...)
	b = base64.StdEncoding.AppendEncode(b, l.Signature)
	b = append(b, `","events_sha256":"`...)
	b = hex.AppendEncode(b, l.Events[:])
	if l.Live() {
		b = append(b, `","recorded_at":"`...)
		b = l.Recorded.UTC().AppendFormat(b, time.RFC3339Nano)
	}
	return append(b, `"}`...)
}

// appendJSONString appends s as encoding/json encodes a string: printable ASCII other than the
// quote, the backslash and the three characters it escapes for HTML is written as it is.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// ParseLeaf decodes a leaf's canonical bytes, of either form, refusing any that are not exactly
// what Bytes would produce.
func ParseLeaf(b []byte) (Leaf, error) {
	var w leafWire
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&w); err != nil {
		return Leaf{}, fmt.Errorf("leaf: %w", err)
	}
	if d.More() {
		return Leaf{}, errors.New("leaf: trailing data")
	}
	sig, err := base64.StdEncoding.DecodeString(w.Signature)
	if err != nil {
		return Leaf{}, fmt.Errorf("leaf: signature: %w", err)
	}
	ev, err := hex.DecodeString(w.Events)
	if err != nil || len(ev) != sha256.Size {
		return Leaf{}, errors.New("leaf: events_sha256 is not a SHA-256 digest in hex")
	}
	l := Leaf{Act: w.Act, KeyID: w.KeyID, Signature: sig}
	copy(l.Events[:], ev)
	if w.Recorded != "" {
		if l.Recorded, err = time.Parse(time.RFC3339Nano, w.Recorded); err != nil {
			return Leaf{}, fmt.Errorf("leaf: recorded_at: %w", err)
		}
	}
	// Bytes copies the act as it is, where encoding/json compacts it (and escapes HTML in it).
	if !oneForm(w.Act) || !bytes.Equal(l.Bytes(), b) {
		return Leaf{}, errors.New("leaf: bytes are not in canonical form")
	}
	return l, nil
}

// oneForm reports whether act bytes, as a leaf embeds them, are in the one form their format
// has as far as a leaf can tell: an act in act format v1 (beginning {"at":) as encoding/json
// writes it, compact and with <, > and & escaped; any other compact, with no whitespace between
// tokens. Whether they are exactly the act's canonical bytes (for act format v2, RFC 8785) is
// for whoever decodes the act: verify decodes every one.
func oneForm(act []byte) bool {
	if actContext(act) == actContextV1 {
		again, err := json.Marshal(json.RawMessage(act))
		return err == nil && bytes.Equal(again, act)
	}
	var compact bytes.Buffer
	compact.Grow(len(act))
	return json.Compact(&compact, act) == nil && bytes.Equal(compact.Bytes(), act)
}
