package board

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// The record's own acts: its establishment, and the keys actors sign with. Every key a verifier
// needs is registered in the record itself, so the record can be checked with nothing else.

func init() {
	register[*Establish]("", ActorSecretariat)
	register[*RegisterKey]("", ActorSecretariat, ActorChairman, ActorState, ActorOrg, ActorExecutive, ActorChiefExecutive)
	register[*RevokeKey]("", ActorSecretariat, ActorChairman, ActorState, ActorOrg, ActorExecutive, ActorChiefExecutive)
	registerEvent[*Established]()
	registerEvent[*KeyRegistered]()
	registerEvent[*KeyRevoked]()
}

// Establish is the first act of every record: it adopts the rules file (its whole text) and
// registers the secretariat's first key, and is signed by that key.
type Establish struct {
	Rules       string `json:"rules"`
	Key         string `json:"key"` // Ed25519 public key, base64
	Development bool   `json:"development,omitempty"`
}

// RegisterKey registers a public key for an actor: the secretariat registers a new actor's key;
// an actor rotates its own. With Replaces, the same act revokes that key of the actor (rotation:
// the new key is valid and the old one is not from the same instant, so the actor is never
// without a key); an act without it registers a key and revokes none, as register-key always has.
type RegisterKey struct {
	Actor       ActorID `json:"actor"`
	Key         string  `json:"key"` // Ed25519 public key, base64
	Development bool    `json:"development,omitempty"`
	Replaces    KeyID   `json:"replaces,omitempty"`
}

// RevokeKey revokes a key: acts signed with it after the revocation are refused. The last valid
// key of the secretariat or of the Chairman cannot be revoked (lockoutSafe): rotate it instead.
type RevokeKey struct {
	Actor ActorID `json:"actor"`
	KeyID KeyID   `json:"key_id"`
}

func (*Establish) Kind() Kind   { return "establish" }
func (*RegisterKey) Kind() Kind { return "register-key" }
func (*RevokeKey) Kind() Kind   { return "revoke-key" }

// Established records the rules the record runs under, by ID, version and SHA-256 of their text.
type Established struct {
	RulesID      string `json:"rules_id"`
	RulesVersion string `json:"rules_version"`
	RulesSHA256  string `json:"rules_sha256"`
}

// KeyRegistered records a key. Development keys come from a public seed and protect nothing.
type KeyRegistered struct {
	Actor       ActorID `json:"actor"`
	KeyID       KeyID   `json:"key_id"`
	Key         string  `json:"key"`
	Development bool    `json:"development,omitempty"`
}

// KeyRevoked records a revocation.
type KeyRevoked struct {
	Actor ActorID `json:"actor"`
	KeyID KeyID   `json:"key_id"`
}

func (*Established) EventName() string   { return "established" }
func (*KeyRegistered) EventName() string { return "key-registered" }
func (*KeyRevoked) EventName() string    { return "key-revoked" }

// A Key is an actor's public key and when it was valid.
type Key struct {
	ID          KeyID
	Actor       ActorID
	Public      ed25519.PublicKey
	Development bool
	Registered  time.Time
	Revoked     time.Time // zero while valid
}

// A KeyID is the short identifier of a public key: the first 8 bytes of its SHA-256, in hex.
// Acts name the key they are signed with by it, and revocations the key they revoke.
type KeyID string

// KeyIDOf returns pub's KeyID.
func KeyIDOf(pub ed25519.PublicKey) KeyID {
	sum := sha256.Sum256(pub)
	return KeyID(hex.EncodeToString(sum[:8]))
}

// ValidKey returns actor's key id if it is registered and not revoked, or an Unauthorized error.
func (s *State) ValidKey(actor ActorID, id KeyID) (*Key, error) {
	return ValidKeyIn(s.Keys, actor, id)
}

// ValidKeyIn is ValidKey on a copy of a state's keys (see CopyKeys).
func ValidKeyIn(keys map[KeyID]*Key, actor ActorID, id KeyID) (*Key, error) {
	k, ok := keys[id]
	switch {
	case !ok || k.Actor != actor:
		return nil, Errorf(Unauthorized, "key %s is not a registered key of %s", id, actor)
	case !k.Revoked.IsZero():
		return nil, Errorf(Unauthorized, "key %s of %s was revoked on %s", id, actor, k.Revoked.UTC().Format(time.RFC3339))
	}
	return k, nil
}

// CopyKeys returns a copy of the state's keys, by ID, which later acts do not change.
func (s *State) CopyKeys() map[KeyID]*Key {
	out := make(map[KeyID]*Key, len(s.Keys))
	for id, k := range s.Keys {
		c := *k
		out[id] = &c
	}
	return out
}

// HasKey reports whether actor has at least one valid key.
func (s *State) HasKey(actor ActorID) bool {
	for _, k := range s.Keys {
		if k.Actor == actor && k.Revoked.IsZero() {
			return true
		}
	}
	return false
}

// ParseKey decodes an Ed25519 public key written in base64, as register-key carries it.
func ParseKey(b64 string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, Errorf(Invalid, "key: want an Ed25519 public key in base64 (%d bytes)", ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(b), nil
}

// EstablishKey returns the key an establish act registers; the engine verifies the establish
// act's own signature with it.
func (b *Establish) EstablishKey() (ed25519.PublicKey, error) { return ParseKey(b.Key) }

func (b *Establish) decide(d *decider) ([]Event, error) {
	if d.s.Acts != 0 {
		return nil, conflict("", "the record is already established")
	}
	r, err := charter.Parse("rules", b.Rules)
	if err != nil {
		return nil, Errorf(Invalid, "establish: %v", err)
	}
	pub, err := ParseKey(b.Key)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(b.Rules))
	return []Event{
		&Established{RulesID: r.ID, RulesVersion: r.Version, RulesSHA256: hex.EncodeToString(sum[:])},
		&KeyRegistered{Actor: Secretariat, KeyID: KeyIDOf(pub), Key: b.Key, Development: b.Development},
	}, nil
}

func (b *RegisterKey) decide(d *decider) ([]Event, error) {
	if _, err := CheckActor(d.r, string(b.Actor)); err != nil {
		return nil, err
	}
	pub, err := ParseKey(b.Key)
	if err != nil {
		return nil, err
	}
	if d.by != Secretariat && d.by != b.Actor {
		return nil, &Error{Kind: Forbidden, Msg: "only the secretariat or the actor itself registers a key for " + string(b.Actor)}
	}
	id := KeyIDOf(pub)
	if _, dup := d.s.Keys[id]; dup {
		return nil, conflict("", "key %s is already registered", id)
	}
	events := []Event{&KeyRegistered{Actor: b.Actor, KeyID: id, Key: b.Key, Development: b.Development}}
	if b.Replaces != "" {
		if _, err := d.s.ValidKey(b.Actor, b.Replaces); err != nil {
			return nil, Errorf(NotFound, "replaces: %v", err)
		}
		events = append(events, &KeyRevoked{Actor: b.Actor, KeyID: b.Replaces})
	}
	return events, nil
}

func (b *RevokeKey) decide(d *decider) ([]Event, error) {
	if d.by != Secretariat && d.by != b.Actor {
		return nil, &Error{Kind: Forbidden, Msg: "only the secretariat or the actor itself revokes a key of " + string(b.Actor)}
	}
	if _, err := d.s.ValidKey(b.Actor, b.KeyID); err != nil {
		return nil, Errorf(NotFound, "%v", err)
	}
	if err := d.s.lockoutSafe(b.Actor, b.KeyID); err != nil {
		return nil, err
	}
	return []Event{&KeyRevoked{Actor: b.Actor, KeyID: b.KeyID}}, nil
}

// lockoutSafe refuses to revoke the last valid key of the secretariat or of the Chairman. Without
// a key of the secretariat no key could ever be registered again (only it registers a new actor's
// key), and without the Chairman's no one could act for the office until it registered one: the
// record would be locked. A key is replaced by rotation (register-key with replaces) instead.
func (s *State) lockoutSafe(actor ActorID, id KeyID) error {
	if actor != Secretariat && actor != Chairman {
		return nil
	}
	for _, k := range s.Keys {
		if k.Actor == actor && k.ID != id && k.Revoked.IsZero() {
			return nil
		}
	}
	return refuse("", "key %s is the last valid key of the %s: revoking it would leave no one able to act as the %s; "+
		"rotate it instead (register-key actor=%s key=NEW replaces=%s), or register another key first", id, actor, actor, actor, id)
}

func (e *Established) apply(s *State, at time.Time) {}

func (e *KeyRegistered) apply(s *State, at time.Time) {
	pub, _ := ParseKey(e.Key)
	s.Keys[e.KeyID] = &Key{ID: e.KeyID, Actor: e.Actor, Public: pub, Development: e.Development, Registered: at}
}

func (e *KeyRevoked) apply(s *State, at time.Time) { s.Keys[e.KeyID].Revoked = at }
