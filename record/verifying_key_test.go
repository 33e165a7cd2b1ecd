package record_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"filippo.io/edwards25519"

	"github.com/peaceboard/peaceboard/record"
)

// checkAgrees fails t unless VerifyingKey accepts exactly what crypto/ed25519 accepts for the
// act's message: the key refused by both, or the signature accepted by both or by neither.
func checkAgrees(t *testing.T, pub, act, sig []byte) {
	t.Helper()
	want := record.VerifyAct(pub, act, sig) // crypto/ed25519
	k, err := record.NewVerifyingKey(pub)
	if err != nil {
		if want {
			t.Fatalf("key %x refused (%v), but crypto/ed25519 accepts its signature %x", pub, err, sig)
		}
		return
	}
	if got := k.VerifyAct(act, sig); got != want {
		t.Fatalf("key %x, act %q, signature %x: VerifyingKey says %v, crypto/ed25519 %v", pub, act, sig, got, want)
	}
	if got := record.WithTable(k).VerifyAct(act, sig); got != want {
		t.Fatalf("key %x, act %q, signature %x: VerifyingKey with its table says %v, crypto/ed25519 %v", pub, act, sig, got, want)
	}
	if got := k.Verify(append([]byte(record.ActContext(act)), act...), sig); got != want {
		t.Fatalf("key %x, act %q, signature %x: Verify of the signed message says %v, crypto/ed25519 %v", pub, act, sig, got, want)
	}
}

// TestVerifyingKeyAgreesWithCrypto: valid signatures, signatures and acts changed bit by bit, a
// non-canonical S (S + L), the bits above S, and keys and R values of small order or in a
// non-canonical encoding, which strict and lenient Ed25519 verifiers disagree on.
func TestVerifyingKeyAgreesWithCrypto(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 50 {
		seed := make([]byte, ed25519.SeedSize)
		for j := range seed {
			seed[j] = byte(r.Uint32())
		}
		priv := ed25519.NewKeyFromSeed(seed)
		pub := priv.Public().(ed25519.PublicKey)
		act := fmt.Appendf(nil, `{"at":"2026-03-11T01:00:00Z","by":"state:KAZ","act":"comment","fields":{"text":"%d"}}`, i)
		sig := record.SignAct(priv, act)
		if !record.VerifyAct(pub, act, sig) {
			t.Fatal("a valid signature does not verify")
		}
		checkAgrees(t, pub, act, sig)
		for range 20 {
			bad := append([]byte{}, sig...)
			bad[r.IntN(len(bad))] ^= 1 << r.IntN(8)
			checkAgrees(t, pub, act, bad)
			badAct := append([]byte{}, act...)
			badAct[r.IntN(len(badAct))] ^= 1 << r.IntN(8)
			checkAgrees(t, pub, badAct, sig)
		}
		checkAgrees(t, pub, act, plusL(sig))
		high := append([]byte{}, sig...)
		high[63] |= 0x20
		checkAgrees(t, pub, act, high)
		checkAgrees(t, pub, act, sig[:63])
	}

	// Points of small order, and encodings that are not canonical (y ≥ p).
	odd := []string{
		"0100000000000000000000000000000000000000000000000000000000000000",
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"0000000000000000000000000000000000000000000000000000000000000000",
		"0000000000000000000000000000000000000000000000000000000000000080",
		"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
		"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
		"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
		"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
		"0100000000000000000000000000000000000000000000000000000000000080",
	}
	zero, one := make([]byte, 32), make([]byte, 32)
	one[0] = 1
	for _, p := range odd {
		pub, _ := hex.DecodeString(p)
		for _, rs := range odd {
			R, _ := hex.DecodeString(rs)
			for _, S := range [][]byte{zero, one} {
				for i := range 8 {
					checkAgrees(t, pub, fmt.Appendf(nil, "act %d", i), append(append([]byte{}, R...), S...))
				}
			}
		}
	}
}

// plusL returns sig with L, the group's order, added to S: the same point equation, with S not
// in canonical form.
func plusL(sig []byte) []byte {
	L := [32]byte{0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
		31: 0x10}
	out := append([]byte{}, sig...)
	carry := 0
	for i := range 32 {
		v := int(out[32+i]) + int(L[i]) + carry
		out[32+i], carry = byte(v), v>>8
	}
	return out
}

// FuzzVerifyingKey: VerifyingKey accepts exactly what crypto/ed25519 accepts.
func FuzzVerifyingKey(f *testing.F) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	act := []byte(`{"at":"2026-01-22T00:00:00Z","by":"chairman","act":"resign","fields":{}}`)
	f.Add([]byte(pub), act, record.SignAct(priv, act))
	f.Fuzz(func(t *testing.T, pub, act, sig []byte) {
		checkAgrees(t, pub, act, sig)
	})
}

// TestKeyTableIsBuiltOnUse: a key gets its table at its TableAfter-th check, and checks right
// before and after; none is built while the tables alive are at their bound.
func TestKeyTableIsBuiltOnUse(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	act := []byte(`{"at":"2026-01-22T00:00:00Z","by":"chairman","act":"resign","fields":{}}`)
	sig := record.SignAct(priv, act)
	bad := append([]byte{}, sig...)
	bad[5] ^= 1
	check := func(k *record.VerifyingKey, n int) {
		t.Helper()
		for range n {
			if !k.VerifyAct(act, sig) || k.VerifyAct(act, bad) {
				t.Fatalf("the key (table: %v) does not tell its signature from a changed one", record.HasTable(k))
			}
		}
	}
	k, _ := record.NewVerifyingKey(pub)
	check(k, record.TableAfter/2-1) // two checks a round
	if record.HasTable(k) {
		t.Fatalf("the table is built after %d checks, before %d", record.TableAfter-2, record.TableAfter)
	}
	check(k, 1)
	if !record.HasTable(k) {
		t.Fatalf("no table after %d checks", record.TableAfter)
	}
	check(k, 3)

	restore := record.FillTables()
	defer restore()
	k, _ = record.NewVerifyingKey(pub)
	check(k, record.TableAfter)
	if record.HasTable(k) {
		t.Fatal("a table was built beyond the bound")
	}
}

// TestSignedDigits: the digits of scalars, extreme ones included, sum back to the scalar and
// stay in their range, which the tables' sizes rely on.
func TestSignedDigits(t *testing.T) {
	L, _ := new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)
	r := rand.New(rand.NewPCG(5, 6))
	var scalars []*edwards25519.Scalar
	for _, v := range []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(8), big.NewInt(128), big.NewInt(0x88888888), new(big.Int).Sub(L, big.NewInt(1))} {
		var le [32]byte
		v.FillBytes(le[:])
		slices.Reverse(le[:])
		s, err := edwards25519.NewScalar().SetCanonicalBytes(le[:])
		if err != nil {
			t.Fatal(err)
		}
		scalars = append(scalars, s)
	}
	for range 200 {
		wide := make([]byte, 64)
		for i := range wide {
			wide[i] = byte(r.Uint32())
		}
		s, _ := edwards25519.NewScalar().SetUniformBytes(wide)
		scalars = append(scalars, s)
	}
	for _, s := range scalars {
		be := s.Bytes()
		slices.Reverse(be)
		v := new(big.Int).SetBytes(be)
		for _, w := range []uint{4, 8} {
			digits, n := record.SignedDigits(s, w)
			sum, half := new(big.Int), int16(1)<<(w-1)
			for i, d := range digits[:n] {
				if d < -half || d > half || (d == half && i < n-1) {
					t.Fatalf("%v: radix-2^%d digit %d is %d", v, w, i, d)
				}
				sum.Add(sum, new(big.Int).Lsh(big.NewInt(int64(d)), w*uint(i)))
			}
			if n != 256/int(w) || sum.Cmp(v) != 0 {
				t.Fatalf("%v: %d digits in radix 2^%d sum to %v", v, n, w, sum)
			}
		}
	}
}

func BenchmarkVerifyAct(b *testing.B) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	act := make([]byte, 300)
	sig := record.SignAct(priv, act)
	b.Run("crypto/ed25519", func(b *testing.B) {
		for b.Loop() {
			record.VerifyAct(pub, act, sig)
		}
	})
	b.Run("VerifyingKey", func(b *testing.B) {
		k, _ := record.NewVerifyingKey(pub)
		restore := record.FillTables() // the first checks, without the key's table
		defer restore()
		for b.Loop() {
			k.VerifyAct(act, sig)
		}
	})
	b.Run("VerifyingKey/table/100keys", func(b *testing.B) {
		// One act of each of 100 keys in turn, as delegations submit: their tables do not all
		// stay in the processor's caches.
		var keys []*record.VerifyingKey
		var sigs [][]byte
		for range 100 {
			pub, priv, _ := ed25519.GenerateKey(nil)
			k, _ := record.NewVerifyingKey(pub)
			keys = append(keys, record.WithTable(k))
			sigs = append(sigs, record.SignAct(priv, act))
		}
		i := 0
		for b.Loop() {
			keys[i].VerifyAct(act, sigs[i])
			i = (i + 1) % len(keys)
		}
	})
	b.Run("VerifyingKey/table", func(b *testing.B) {
		k, _ := record.NewVerifyingKey(pub)
		record.WithTable(k).VerifyAct(act, sig) // and the generator's table, built once
		for b.Loop() {
			k.VerifyAct(act, sig)
		}
	})
}
