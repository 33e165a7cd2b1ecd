// Package record holds the public record's material: entries (a signed act and the events it
// produced) and the signatures over them. It does no storage and no I/O.
package record

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// An Entry is one accepted act as the record keeps it: the act's canonical bytes, the key and
// signature of the actor who made it, the canonical bytes of the events it produced, and its
// recorded instant.
type Entry struct {
	Index uint64 // position in the record, from 0
	// At is the recorded instant: when, for the record, the act happened. The act was decided as
	// of it, and as-of views place it there.
	At time.Time
	// Live says that the writer's clock fixed At (live operation: the act's own time is the
	// actor's claim, within the clock skew of At), and the leaf carries At. Otherwise At is the
	// act's own time (replays and imports of history, and every entry recorded before the
	// record's clock), which the signed act carries.
	Live      bool
	Actor     string
	Kind      string
	Act       []byte // canonical act bytes (the act package's canonical form)
	KeyID     string
	Signature []byte
	Events    []byte // canonical event bytes (the domain's event encoding)
}

// The act contexts separate act signatures from any other use of the same key, and name the
// format of the bytes signed (docs/signing.md): act format v2 is an act in RFC 8785 form,
// beginning {"act":; act format v1, of records made before it, began {"at":. The bytes say
// which they are in, by their first member; the package knows nothing else of acts.
const (
	actContextV1 = "peaceboard act v1\n"
	actContextV2 = "peaceboard act v2\n"
)

// actContext returns the context an act's bytes are signed with: v1 for bytes that begin as
// act format v1 acts did, v2 for any other (what a signer is asked to sign today).
func actContext(act []byte) string {
	if bytes.HasPrefix(act, []byte(`{"at":`)) {
		return actContextV1
	}
	return actContextV2
}

func signedMessage(act []byte) []byte {
	context := actContext(act)
	msg := make([]byte, 0, len(context)+len(act))
	return append(append(msg, context...), act...)
}

// SignAct signs an act's canonical bytes: the Ed25519 signature of "peaceboard act v2\n"
// followed by the bytes (or, for bytes in act format v1, "peaceboard act v1\n").
func SignAct(key ed25519.PrivateKey, act []byte) []byte {
	return ed25519.Sign(key, signedMessage(act))
}

// VerifyAct reports whether sig is key's signature of the act's canonical bytes, in the context
// of their format (SignAct). The engine and verify check with a VerifyingKey instead, which
// decodes the key once.
func VerifyAct(key ed25519.PublicKey, act, sig []byte) bool {
	return len(key) == ed25519.PublicKeySize && ed25519.Verify(key, signedMessage(act), sig)
}

// DevKeyringPrefix marks the key material of development keyrings, which are derived from a
// public seed and protect nothing. They exist so that scenario replays carry real signatures.
const DevKeyringPrefix = "peaceboard DEVELOPMENT keyring, NOT FOR PRODUCTION"

// A DevKeyring derives one Ed25519 key per actor from a seed. Anyone who knows the seed can sign
// as any actor: it is for demos, tests and what-if replays, never for a real record.
type DevKeyring struct {
	Seed string
}

// Key returns actor's private key.
func (k DevKeyring) Key(actor string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte(DevKeyringPrefix + "\x00" + k.Seed + "\x00" + actor))
	return ed25519.NewKeyFromSeed(seed[:])
}

// PublicKey returns actor's public key.
func (k DevKeyring) PublicKey(actor string) ed25519.PublicKey {
	return k.Key(actor).Public().(ed25519.PublicKey)
}

// LogKey returns the log key of a development record, derived from the seed like the actors'
// keys: its checkpoints prove only that the record was not changed by mistake.
func (k DevKeyring) LogKey() *LogKey {
	sum := sha256.Sum256([]byte(DevKeyringPrefix + "\x00" + k.Seed + "\x00log"))
	origin := "dev.peaceboard.invalid/" + hex.EncodeToString(sum[:8])
	skey, _, err := note.GenerateKey(bytes.NewReader(sum[:]), origin)
	if err != nil {
		panic("record: dev log key: " + err.Error())
	}
	key, err := ParseLogKey(skey)
	if err != nil {
		panic("record: dev log key: " + err.Error())
	}
	return key
}
