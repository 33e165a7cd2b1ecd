package record

import (
	"crypto/ed25519"
	"crypto/sha512"
	"errors"

	"filippo.io/edwards25519"
)

// A VerifyingKey is an Ed25519 public key decoded once, for checking many signatures: decoding
// the key's point is a tenth of each check that crypto/ed25519.Verify makes (3 µs of 40 on the
// machine of docs/benchmarks.md), and the writer and verify check every act of an actor with
// the same key.
//
// VerifyAct checks exactly what crypto/ed25519.Verify does (RFC 8032 as Go reads it: a
// signature of 64 bytes with S canonical, the cofactorless equation, R compared as bytes), with
// filippo.io/edwards25519, the package crypto/ed25519 is built on. TestVerifyingKeyAgreesWithCrypto
// and FuzzVerifyingKey hold it to that.
type VerifyingKey struct {
	pub  [ed25519.PublicKeySize]byte
	negA edwards25519.Point // -A, the key's point negated, as the check uses it
}

// NewVerifyingKey decodes an Ed25519 public key. It refuses the keys crypto/ed25519.Verify
// refuses: of another length, or not the encoding of a point.
func NewVerifyingKey(pub ed25519.PublicKey) (*VerifyingKey, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, errors.New("ed25519: bad public key length")
	}
	A, err := new(edwards25519.Point).SetBytes(pub)
	if err != nil {
		return nil, err
	}
	k := &VerifyingKey{}
	copy(k.pub[:], pub)
	k.negA.Negate(A)
	return k, nil
}

// Public returns the key's bytes.
func (k *VerifyingKey) Public() ed25519.PublicKey { return k.pub[:] }

// VerifyAct reports whether sig is the key's signature of the act's canonical bytes, as the
// package's VerifyAct does.
func (k *VerifyingKey) VerifyAct(act, sig []byte) bool {
	if len(sig) != ed25519.SignatureSize || sig[63]&224 != 0 {
		return false
	}
	// k = SHA-512(R || A || M) mod L, the message being the act's context and bytes.
	h := sha512.New()
	h.Write(sig[:32])
	h.Write(k.pub[:])
	h.Write([]byte(actContext))
	h.Write(act)
	var digest [sha512.Size]byte
	kk, err := edwards25519.NewScalar().SetUniformBytes(h.Sum(digest[:0]))
	if err != nil {
		return false
	}
	S, err := edwards25519.NewScalar().SetCanonicalBytes(sig[32:])
	if err != nil {
		return false
	}
	// [S]B - [k]A must be R.
	R := new(edwards25519.Point).VarTimeDoubleScalarBaseMult(kk, &k.negA, S)
	return string(R.Bytes()) == string(sig[:32])
}
