package record

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
)

// Cosignatures, C2SP tlog-cosignature v1 (Ed25519): a witness's note signature on a checkpoint,
// stating that as of its timestamp this is the largest tree, consistent with every earlier one,
// the witness has seen of the log. The signature is timestamp (8 bytes, big-endian, POSIX
// seconds) || Ed25519 signature over "cosignature/v1\ntime T\n" followed by the checkpoint's note
// text; the key ID is SHA-256(name || "\n" || 0x04 || public key)[:4].

// cosignatureAlg is the signed-note signature type of an Ed25519 cosignature.
const cosignatureAlg = 0x04

// A Cosigner makes tlog-cosignature/v1 signatures. It is a note.Signer: note.Sign with it adds
// a cosignature line to a checkpoint.
type Cosigner struct {
	name string
	hash uint32
	key  ed25519.PrivateKey
	// Now is the clock the timestamps come from (time.Now if nil).
	Now func() time.Time
}

// NewCosigner returns a cosigner named name (the witness's key name, conventionally a
// schema-less URL) signing with key.
func NewCosigner(name string, key ed25519.PrivateKey) (*Cosigner, error) {
	if !validKeyName(name) {
		return nil, fmt.Errorf("cosigner: invalid key name %q", name)
	}
	if len(key) != ed25519.PrivateKeySize {
		return nil, errors.New("cosigner: not an Ed25519 private key")
	}
	pub := key.Public().(ed25519.PublicKey)
	return &Cosigner{name: name, hash: cosignerKeyHash(name, pub), key: key}, nil
}

func (s *Cosigner) Name() string    { return s.name }
func (s *Cosigner) KeyHash() uint32 { return s.hash }

// Public returns the cosigner's public key.
func (s *Cosigner) Public() ed25519.PublicKey { return s.key.Public().(ed25519.PublicKey) }

// VerifierKey returns the cosigner's verifier key as text ("name+hash+base64(0x04||key)").
func (s *Cosigner) VerifierKey() string { return CosignerVerifierKey(s.name, s.Public()) }

// Sign signs a checkpoint's note text. It refuses text that is not a checkpoint.
func (s *Cosigner) Sign(text []byte) ([]byte, error) {
	if _, err := ParseCheckpoint(string(text)); err != nil {
		return nil, fmt.Errorf("cosigner: %w", err)
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	t := now().Unix()
	if t < 0 {
		return nil, errors.New("cosigner: the clock is before 1970")
	}
	sig := make([]byte, 8, 8+ed25519.SignatureSize)
	binary.BigEndian.PutUint64(sig, uint64(t))
	return append(sig, ed25519.Sign(s.key, cosignedMessage(uint64(t), text))...), nil
}

// A CosignatureVerifier checks tlog-cosignature/v1 signatures of one cosigner. It is a
// note.Verifier.
type CosignatureVerifier struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

// NewCosignatureVerifier returns the verifier of the cosigner named name with public key key.
func NewCosignatureVerifier(name string, key ed25519.PublicKey) (*CosignatureVerifier, error) {
	if !validKeyName(name) {
		return nil, fmt.Errorf("cosigner: invalid key name %q", name)
	}
	if len(key) != ed25519.PublicKeySize {
		return nil, errors.New("cosigner: not an Ed25519 public key")
	}
	return &CosignatureVerifier{name: name, hash: cosignerKeyHash(name, key), key: key}, nil
}

func (v *CosignatureVerifier) Name() string    { return v.name }
func (v *CosignatureVerifier) KeyHash() uint32 { return v.hash }

// Public returns the cosigner's public key.
func (v *CosignatureVerifier) Public() ed25519.PublicKey { return v.key }

// Verify reports whether sig (timestamp || Ed25519 signature) is the cosigner's signature of the
// note text msg.
func (v *CosignatureVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig)
	if t > math.MaxInt64 {
		return false
	}
	return ed25519.Verify(v.key, cosignedMessage(t, msg), sig[8:])
}

// CosignatureTime returns the timestamp of a cosignature as note.Open reports it in
// note.Signature.Base64 (key ID || timestamp || signature, base64).
func CosignatureTime(s note.Signature) (time.Time, error) {
	b, err := base64.StdEncoding.DecodeString(s.Base64)
	if err != nil || len(b) != 4+8+ed25519.SignatureSize {
		return time.Time{}, errors.New("cosignature: not a tlog-cosignature/v1 signature")
	}
	t := binary.BigEndian.Uint64(b[4:])
	if t > math.MaxInt64 {
		return time.Time{}, errors.New("cosignature: timestamp out of range")
	}
	return time.Unix(int64(t), 0).UTC(), nil
}

// CosignerVerifierKey returns the verifier key text of a cosigner ("name+hash+base64(0x04||key)",
// C2SP signed-note vkey with signature type 0x04).
func CosignerVerifierKey(name string, key ed25519.PublicKey) string {
	return fmt.Sprintf("%s+%08x+%s", name, cosignerKeyHash(name, key),
		base64.StdEncoding.EncodeToString(append([]byte{cosignatureAlg}, key...)))
}

// ParseCosignerVerifierKey reads a cosigner's verifier key text.
func ParseCosignerVerifierKey(vkey string) (*CosignatureVerifier, error) {
	vkey = strings.TrimSpace(vkey)
	name, rest, ok1 := strings.Cut(vkey, "+")
	hash, key64, ok2 := strings.Cut(rest, "+")
	if !ok1 || !ok2 {
		return nil, errors.New("cosigner key: want name+hash+key")
	}
	key, err := base64.StdEncoding.DecodeString(key64)
	if err != nil || len(key) != 1+ed25519.PublicKeySize || key[0] != cosignatureAlg {
		return nil, errors.New("cosigner key: not an Ed25519 cosignature key (type 0x04)")
	}
	v, err := NewCosignatureVerifier(name, ed25519.PublicKey(key[1:]))
	if err != nil {
		return nil, err
	}
	if fmt.Sprintf("%08x", v.hash) != hash {
		return nil, fmt.Errorf("cosigner key: key hash %s does not match the name and key", hash)
	}
	return v, nil
}

// NewCosignerKey generates a cosigner's private key, as text in the signed-note private key form
// with signature type 0x04: "PRIVATE+KEY+name+hash+base64(0x04||seed)".
func NewCosignerKey(name string) (string, error) {
	if !validKeyName(name) {
		return "", fmt.Errorf("cosigner: invalid key name %q", name)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("PRIVATE+KEY+%s+%08x+%s", name, cosignerKeyHash(name, pub),
		base64.StdEncoding.EncodeToString(append([]byte{cosignatureAlg}, priv.Seed()...))), nil
}

// ParseCosignerKey reads a cosigner's private key text (see NewCosignerKey).
func ParseCosignerKey(skey string) (*Cosigner, error) {
	parts := strings.SplitN(strings.TrimSpace(skey), "+", 5)
	if len(parts) != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" {
		return nil, errors.New("cosigner key: not a private key (PRIVATE+KEY+name+hash+key)")
	}
	key, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(key) != 1+ed25519.SeedSize || key[0] != cosignatureAlg {
		return nil, errors.New("cosigner key: not an Ed25519 cosigner key (type 0x04)")
	}
	s, err := NewCosigner(parts[2], ed25519.NewKeyFromSeed(key[1:]))
	if err != nil {
		return nil, err
	}
	if fmt.Sprintf("%08x", s.hash) != parts[3] {
		return nil, fmt.Errorf("cosigner key: key hash %s does not match the name and key", parts[3])
	}
	return s, nil
}

// validKeyName reports whether name may name a key in a signed note: non-empty UTF-8 without
// spaces or "+".
func validKeyName(name string) bool {
	return name != "" && utf8.ValidString(name) && !strings.ContainsFunc(name, unicode.IsSpace) && !strings.Contains(name, "+")
}

func cosignerKeyHash(name string, key ed25519.PublicKey) uint32 {
	h := sha256.New()
	h.Write([]byte(name + "\n"))
	h.Write([]byte{cosignatureAlg})
	h.Write(key)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

func cosignedMessage(t uint64, text []byte) []byte {
	return append(fmt.Appendf(nil, "cosignature/v1\ntime %d\n", t), text...)
}
