package board

import (
	"math"
	"math/big"
	"math/bits"
)

// A Sum is a signed sum of minor units, 128 bits wide: what the ledger keeps its balances in. An
// amount is at most 2^63 minor units, so no count of amounts that a record could ever hold (2^64
// of them) overflows a Sum. Balances are shared by every contributor (the pledges made to a
// fund, a bank account): in 64 bits, one contributor's huge pledges could fill one, and every
// later act that touched it would be refused. The zero value is 0.
type Sum struct {
	hi int64
	lo uint64
}

// SumOf returns v as a Sum.
func SumOf(v int64) Sum { return Sum{hi: v >> 63, lo: uint64(v)} }

// Add returns s + v.
func (s Sum) Add(v int64) Sum { return s.Plus(SumOf(v)) }

// Plus returns s + t.
func (s Sum) Plus(t Sum) Sum {
	lo, carry := bits.Add64(s.lo, t.lo, 0)
	return Sum{hi: s.hi + t.hi + int64(carry), lo: lo}
}

// Neg returns -s.
func (s Sum) Neg() Sum {
	lo, borrow := bits.Sub64(0, s.lo, 0)
	return Sum{hi: -s.hi - int64(borrow), lo: lo}
}

// Sign returns -1, 0 or 1 as s is below, at or above zero.
func (s Sum) Sign() int {
	switch {
	case s.hi < 0:
		return -1
	case s.hi == 0 && s.lo == 0:
		return 0
	}
	return 1
}

// Cmp returns -1, 0 or 1 as s is below, equal to or above t.
func (s Sum) Cmp(t Sum) int {
	switch {
	case s.hi != t.hi:
		if s.hi < t.hi {
			return -1
		}
		return 1
	case s.lo < t.lo:
		return -1
	case s.lo > t.lo:
		return 1
	}
	return 0
}

// Int64 returns s as an int64, and whether it fits in one.
func (s Sum) Int64() (int64, bool) {
	v := int64(s.lo)
	return v, s.hi == v>>63
}

// Clamp returns s as an int64, or the nearest int64 when it does not fit. Views show amounts as
// money.Amount, in 64 bits: a balance past some 92 quadrillion units of a currency is shown at
// that bound, and compares with any amount as the balance itself does.
func (s Sum) Clamp() int64 {
	if v, ok := s.Int64(); ok {
		return v
	}
	if s.hi < 0 {
		return math.MinInt64
	}
	return math.MaxInt64
}

// String returns s in decimal.
func (s Sum) String() string {
	b := new(big.Int).SetInt64(s.hi)
	b.Lsh(b, 64)
	return b.Add(b, new(big.Int).SetUint64(s.lo)).String()
}
