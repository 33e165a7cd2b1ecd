package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
)

// A Leaf is what the Merkle log commits to for one entry: the signed act and the digest of the
// events that deciding it produced. Its canonical bytes are the log's leaf data, served in the
// entry bundles; the leaf hash is RFC 6962's SHA-256(0x00 || bytes).
type Leaf struct {
	Act       []byte // canonical act bytes
	KeyID     string
	Signature []byte
	Events    [sha256.Size]byte // SHA-256 of the canonical event bytes
}

// leafWire is the wire form of a Leaf. The field order is fixed by the struct; Act is embedded
// as the JSON object it is.
type leafWire struct {
	Act       json.RawMessage `json:"act"`
	KeyID     string          `json:"key_id"`
	Signature string          `json:"signature"`
	Events    string          `json:"events_sha256"`
}

// Leaf returns the entry's leaf.
func (e Entry) Leaf() Leaf {
	return Leaf{Act: e.Act, KeyID: e.KeyID, Signature: e.Signature, Events: sha256.Sum256(e.Events)}
}

// Bytes returns the leaf's canonical bytes.
func (l Leaf) Bytes() []byte {
	b, err := json.Marshal(leafWire{
		Act:       l.Act,
		KeyID:     l.KeyID,
		Signature: base64.StdEncoding.EncodeToString(l.Signature),
		Events:    hex.EncodeToString(l.Events[:]),
	})
	if err != nil {
		// Act is canonical JSON produced by board; anything else is a bug.
		panic("record: leaf: " + err.Error())
	}
	return b
}

// ParseLeaf decodes a leaf's canonical bytes, refusing any that are not exactly what Bytes would
// produce.
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
	if !bytes.Equal(l.Bytes(), b) {
		return Leaf{}, errors.New("leaf: bytes are not in canonical form")
	}
	return l, nil
}
