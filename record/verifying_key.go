package record

import (
	"crypto/ed25519"
	"crypto/sha512"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"

	"filippo.io/edwards25519"
	"filippo.io/edwards25519/field"
)

// A VerifyingKey is an Ed25519 public key decoded once, for checking many signatures: decoding
// the key's point is a tenth of each check that crypto/ed25519.Verify makes (3 µs of 40 on the
// machine of docs/benchmarks.md), and the writer and verify check every act of an actor with
// the same key.
//
// A key that has checked tableAfter signatures also gets a table of its point's multiples
// (table). A check then computes [S]B and [k]A as sums of table entries, one addition per
// digit of S and of k, instead of the 253 doublings and about 70 additions of crypto/ed25519's
// double scalar multiplication: 15 µs a check instead of 40 (BenchmarkVerifyAct).
//
// VerifyAct checks exactly what crypto/ed25519.Verify does (RFC 8032 as Go reads it: a
// signature of 64 bytes with S canonical, the cofactorless equation, R compared as bytes), with
// filippo.io/edwards25519, the package crypto/ed25519 is built on. Both ways of computing the
// point are the same group arithmetic, with complete addition formulas: they give the same
// point for every key and signature, of small order or not. TestVerifyingKeyAgreesWithCrypto
// and FuzzVerifyingKey hold both ways to that.
type VerifyingKey struct {
	pub   [ed25519.PublicKeySize]byte
	negA  edwards25519.Point // -A, the key's point negated, as the check uses it
	uses  atomic.Int32       // checks made, until the table is built
	table atomic.Pointer[table]
}

// tableAfter is how many signatures a key checks before its table is built: a table takes as
// long to build as five checks (0.2 ms), and 60 kB.
const tableAfter = 16

// maxTables bounds the tables alive at once (15 MB); the keys beyond it check without one.
const maxTables = 256

var tables atomic.Int32 // tables alive

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

// VerifyAct reports whether sig is the key's signature of the act's canonical bytes, in the
// context of their format, as the package's VerifyAct does.
func (k *VerifyingKey) VerifyAct(act, sig []byte) bool { return k.verify(actContext(act), act, sig) }

// Verify reports whether sig is the key's signature of msg, as crypto/ed25519.Verify does: for
// what the key signs beside acts (the log's checkpoints, signed notes).
func (k *VerifyingKey) Verify(msg, sig []byte) bool { return k.verify("", msg, sig) }

// verify checks sig as the signature of context followed by msg.
func (k *VerifyingKey) verify(context string, msg, sig []byte) bool {
	if len(sig) != ed25519.SignatureSize || sig[63]&224 != 0 {
		return false
	}
	// k = SHA-512(R || A || M) mod L, the message being the context and msg.
	h := sha512.New()
	h.Write(sig[:32])
	h.Write(k.pub[:])
	h.Write([]byte(context))
	h.Write(msg)
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
	t := k.table.Load()
	if t == nil && k.uses.Add(1) == tableAfter {
		t = k.precompute()
	}
	if t != nil {
		// The entries are copied out of the tables first, all their loads at once, before
		// the additions that wait on each: a table is seldom in the processor's caches when
		// its key's next act comes, and loaded one at a time, entries took a quarter of a
		// check under load.
		buf := termBufs.Get().(*[64 + 32]term)
		defer termBufs.Put(buf)
		terms := t.gather(buf[:0], kk)
		terms = baseTable().gather(terms, S)
		v := identity()
		for i := range terms {
			v.add(&terms[i].p, terms[i].neg)
		}
		return string(v.bytes()) == string(sig[:32])
	}
	R := new(edwards25519.Point).VarTimeDoubleScalarBaseMult(kk, &k.negA, S)
	return string(R.Bytes()) == string(sig[:32])
}

// precompute builds the key's table and returns it, or returns nil if maxTables are alive.
func (k *VerifyingKey) precompute() *table {
	if tables.Add(1) > maxTables {
		tables.Add(-1)
		return nil
	}
	t := newTable(&k.negA, 4)
	k.table.Store(t)
	runtime.AddCleanup(k, func(struct{}) { tables.Add(-1) }, struct{}{})
	return t
}

// Tables hold points in affine Niels form, (y+x, y-x, 2d·x·y): adding one to a point in
// extended coordinates (X:Y:Z:T) takes 7 multiplications, against 10 for adding two
// edwards25519.Points, and an entry is 120 bytes instead of 160.
type niels struct{ yPlusX, yMinusX, xy2d field.Element }

// d2 is 2d, d = -121665/121666 being the curve's constant.
var d2 = func() *field.Element {
	num, den := small(121665), small(121666)
	d := new(field.Element).Multiply(new(field.Element).Negate(num), new(field.Element).Invert(den))
	return d.Add(d, d)
}()

func small(n uint32) *field.Element {
	var b [32]byte
	b[0], b[1], b[2] = byte(n), byte(n>>8), byte(n>>16)
	v, _ := new(field.Element).SetBytes(b[:]) // 32 bytes: never fails
	return v
}

// toNiels returns the points in affine Niels form, with one field inversion for all of them.
func toNiels(ps []edwards25519.Point) []niels {
	zs := make([]field.Element, len(ps)) // running products of the Z coordinates
	acc := new(field.Element).One()
	for i := range ps {
		_, _, z, _ := ps[i].ExtendedCoordinates()
		zs[i].Set(acc)
		acc.Multiply(acc, z)
	}
	inv := new(field.Element).Invert(acc)
	out := make([]niels, len(ps))
	var x, y, zinv field.Element
	for i := len(ps) - 1; i >= 0; i-- {
		X, Y, Z, _ := ps[i].ExtendedCoordinates()
		zinv.Multiply(inv, &zs[i]) // 1/Z_i
		inv.Multiply(inv, Z)
		x.Multiply(X, &zinv)
		y.Multiply(Y, &zinv)
		out[i].yPlusX.Add(&y, &x)
		out[i].yMinusX.Subtract(&y, &x)
		out[i].xy2d.Multiply(&x, &y)
		out[i].xy2d.Multiply(&out[i].xy2d, d2)
	}
	return out
}

// An extended point (X:Y:Z:T), x = X/Z, y = Y/Z, x·y = T/Z, as the sums are kept.
type extended struct{ X, Y, Z, T field.Element }

func identity() *extended {
	var v extended
	v.Y.One()
	v.Z.One()
	return &v
}

// add sets v to v + q, or to v - q if neg (the unified formulas, complete on this curve).
func (v *extended) add(q *niels, neg bool) {
	var pp, mm, tt, z2, a, b field.Element
	a.Add(&v.Y, &v.X)
	b.Subtract(&v.Y, &v.X)
	if neg {
		pp.Multiply(&a, &q.yMinusX)
		mm.Multiply(&b, &q.yPlusX)
	} else {
		pp.Multiply(&a, &q.yPlusX)
		mm.Multiply(&b, &q.yMinusX)
	}
	tt.Multiply(&v.T, &q.xy2d)
	z2.Add(&v.Z, &v.Z)
	// (X, Y, Z, T) of the sum as a completed point, then back to extended coordinates.
	var X, Y, Z, T field.Element
	X.Subtract(&pp, &mm)
	Y.Add(&pp, &mm)
	if neg {
		Z.Subtract(&z2, &tt)
		T.Add(&z2, &tt)
	} else {
		Z.Add(&z2, &tt)
		T.Subtract(&z2, &tt)
	}
	v.X.Multiply(&X, &T)
	v.Y.Multiply(&Y, &Z)
	v.Z.Multiply(&Z, &T)
	v.T.Multiply(&X, &Y)
}

// bytes returns the point's encoding.
func (v *extended) bytes() []byte {
	var zinv, x, y field.Element
	zinv.Invert(&v.Z)
	x.Multiply(&v.X, &zinv)
	y.Multiply(&v.Y, &zinv)
	out := y.Bytes()
	out[31] |= byte(x.IsNegative() << 7)
	return out
}

// A table holds the multiples [j·2^(w·i)]P of a point P, for i < 256/w and j from 1 to
// 2^(w-1). With it, [s]P is the sum of one entry, or its negation, for each nonzero digit of s
// in signed radix 2^w (signedDigits), with no doublings. A key's table has w = 4 (512 entries,
// 60 kB); the generator's, w = 8 (4,096 entries, 480 kB, 32 additions).
type table struct {
	w       uint
	entries []niels // [j·2^(w·i)]P at i·2^(w-1) + j - 1
}

func newTable(p *edwards25519.Point, w uint) *table {
	rows, width := 256/int(w), 1<<(w-1)
	ps := make([]edwards25519.Point, rows*width)
	q := new(edwards25519.Point).Set(p) // 2^(w·i)·P
	for i := range rows {
		row := ps[i*width : (i+1)*width]
		row[0].Set(q)
		for j := 1; j < width; j++ {
			row[j].Add(&row[j-1], q)
		}
		q.Add(&row[width-1], &row[width-1])
	}
	return &table{w: w, entries: toNiels(ps)}
}

// baseTable is the generator's table, built on first use.
var baseTable = sync.OnceValue(func() *table { return newTable(edwards25519.NewGeneratorPoint(), 8) })

// gather appends to dst the terms whose sum is [s]P, P being the table's point.
func (t *table) gather(dst []term, s *edwards25519.Scalar) []term {
	width := 1 << (t.w - 1)
	digits, n := signedDigits(s, t.w)
	for i, d := range digits[:n] {
		switch {
		case d > 0:
			dst = append(dst, term{t.entries[i*width+int(d)-1], false})
		case d < 0:
			dst = append(dst, term{t.entries[i*width-int(d)-1], true})
		}
	}
	return dst
}

// signedDigits returns the n = 256/w first elements of d, s's digits in signed radix 2^w (w is
// 4 or 8): s = Σ d[i]·2^(w·i), with d[i] in [-2^(w-1), 2^(w-1)) but for the last, which for a
// canonical scalar (below 2^253) is in [0, 2^(w-1)].
func signedDigits(s *edwards25519.Scalar, w uint) (d [64]int16, n int) {
	b := s.Bytes()
	n = 256 / int(w)
	mask := uint16(1)<<w - 1
	for i := range n {
		bit := uint(i) * w
		d[i] = int16(uint16(b[bit/8]>>(bit%8)) & mask)
	}
	half := int16(1) << (w - 1)
	for i := range n - 1 {
		carry := (d[i] + half) >> w
		d[i] -= carry << w
		d[i+1] += carry
	}
	return d, n
}

// termBufs holds room for a check's terms: 12 kB, which on the stack would grow the stack of
// every goroutine that checks a signature (each HTTP request's) to 32 kB.
var termBufs = sync.Pool{New: func() any { return new([64 + 32]term) }}

// A term is a table entry to add, or to subtract if neg.
type term struct {
	p   niels
	neg bool
}
