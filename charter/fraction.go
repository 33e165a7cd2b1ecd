package charter

import (
	"fmt"
	"strconv"
	"strings"
)

// A Fraction is a share of a body, written "2/3". It is kept exact: a two-thirds veto of 30
// States needs exactly 20, never 19.999.
type Fraction struct {
	Num, Den int
}

// ParseFraction parses "n/d" with 0 < n <= d.
func ParseFraction(s string) (Fraction, error) {
	n, d, ok := strings.Cut(s, "/")
	if !ok {
		return Fraction{}, fmt.Errorf("fraction %q: want \"n/d\", like \"2/3\"", s)
	}
	num, err1 := strconv.Atoi(n)
	den, err2 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || num <= 0 || den <= 0 || num > den || den > 1000 {
		return Fraction{}, fmt.Errorf("fraction %q: want whole numbers with 0 < n <= d <= 1000", s)
	}
	return Fraction{Num: num, Den: den}, nil
}

// String formats f as "n/d".
func (f Fraction) String() string { return fmt.Sprintf("%d/%d", f.Num, f.Den) }

// Of returns ceil(f × n): the smallest whole count that is at least the fraction of n.
func (f Fraction) Of(n int) int {
	if n <= 0 {
		return 0
	}
	return (f.Num*n + f.Den - 1) / f.Den
}

// MarshalText implements encoding.TextMarshaler.
func (f Fraction) MarshalText() ([]byte, error) { return []byte(f.String()), nil }
