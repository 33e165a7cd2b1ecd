package record

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// A Checkpoint commits to the log's first Size entries with their Merkle tree hash, in the C2SP
// tlog-checkpoint format: the origin line, the size, the base64 root hash.
type Checkpoint struct {
	Origin string
	Size   uint64
	Hash   tlog.Hash
}

// Body returns the checkpoint's note text.
func (c Checkpoint) Body() string {
	return fmt.Sprintf("%s\n%d\n%s\n", c.Origin, c.Size, base64.StdEncoding.EncodeToString(c.Hash[:]))
}

// ParseCheckpoint reads a checkpoint's note text. Extension lines after the hash are allowed by
// the format and ignored.
func ParseCheckpoint(text string) (Checkpoint, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		return Checkpoint{}, errors.New("checkpoint: want origin, size and hash lines")
	}
	if lines[0] == "" {
		return Checkpoint{}, errors.New("checkpoint: empty origin")
	}
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil || strconv.FormatUint(size, 10) != lines[1] {
		return Checkpoint{}, fmt.Errorf("checkpoint: bad size %q", lines[1])
	}
	h, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(h) != tlog.HashSize {
		return Checkpoint{}, fmt.Errorf("checkpoint: bad root hash %q", lines[2])
	}
	c := Checkpoint{Origin: lines[0], Size: size}
	copy(c.Hash[:], h)
	return c, nil
}

// Sign returns c as a signed note.
func (c Checkpoint) Sign(s note.Signer) ([]byte, error) {
	if s.Name() != c.Origin {
		return nil, fmt.Errorf("checkpoint: key %q does not match origin %q", s.Name(), c.Origin)
	}
	return note.Sign(&note.Note{Text: c.Body()}, s)
}

// OpenCheckpoint verifies a signed checkpoint with the log's verifier key and parses it. The
// checkpoint's origin must be the key's name.
func OpenCheckpoint(msg []byte, v note.Verifier) (Checkpoint, error) {
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint: %w", err)
	}
	c, err := ParseCheckpoint(n.Text)
	if err != nil {
		return Checkpoint{}, err
	}
	if c.Origin != v.Name() {
		return Checkpoint{}, fmt.Errorf("checkpoint: origin %q is not the log's (%q)", c.Origin, v.Name())
	}
	return c, nil
}

// A LogKey is the log's signing key, in the signed-note key format.
type LogKey struct {
	Signer   note.Signer
	Verifier note.Verifier
	// VerifierKey is the public key as text ("name+hash+base64"), served at /log/key.
	VerifierKey string
}

// NewLogKey generates a private log key whose name is origin, in the signed-note format
// ("PRIVATE+KEY+name+hash+base64").
func NewLogKey(origin string) (string, error) {
	skey, _, err := note.GenerateKey(nil, origin)
	return skey, err
}

// ParseLogKey reads a private log key ("PRIVATE+KEY+name+hash+base64").
func ParseLogKey(skey string) (*LogKey, error) {
	skey = strings.TrimSpace(skey)
	s, err := note.NewSigner(skey)
	if err != nil {
		return nil, fmt.Errorf("log key: %w", err)
	}
	vkey, err := verifierKey(skey)
	if err != nil {
		return nil, err
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("log key: %w", err)
	}
	return &LogKey{Signer: s, Verifier: v, VerifierKey: vkey}, nil
}

// verifierKey derives the verifier key text from a private Ed25519 note key.
func verifierKey(skey string) (string, error) {
	parts := strings.SplitN(skey, "+", 5)
	if len(parts) != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" {
		return "", errors.New("log key: not a private note key")
	}
	name, hash, key64 := parts[2], parts[3], parts[4]
	key, err := base64.StdEncoding.DecodeString(key64)
	if err != nil || len(key) != 33 || key[0] != 1 {
		return "", errors.New("log key: not an Ed25519 note key")
	}
	pub := ed25519PublicFromSeed(key[1:])
	vkey := name + "+" + hash + "+" + base64.StdEncoding.EncodeToString(append([]byte{1}, pub...))
	// The hash in the name must agree with the derived public key.
	if _, err := note.NewVerifier(vkey); err != nil {
		return "", fmt.Errorf("log key: %w", err)
	}
	return vkey, nil
}

func ed25519PublicFromSeed(seed []byte) []byte {
	return ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
}
