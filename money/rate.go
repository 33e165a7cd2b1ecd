package money

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// A Rate is a reference rate: how many US dollars one unit of a currency is worth ("1.0813" for
// the euro on a day). It is an exact positive decimal, never a float. The zero Rate is no rate.
//
// A Rate holds its canonical text: no sign, no exponent, no leading zeros before the units
// digit, no trailing zeros after the decimal point ("1.08", "0.006693698155", "3"). Two rates are
// equal exactly when their canonical texts are.
type Rate struct{ s string }

// Rate limits: a rate has at most MaxRateDecimals digits after the point and at most
// MaxRateDigits significant digits, so that every conversion is exact before its final rounding.
const (
	MaxRateDecimals = 18
	MaxRateDigits   = 30
)

// USDRate is the rate of the US dollar itself.
var USDRate = Rate{s: "1"}

// ParseRate reads a rate written as a plain positive decimal: "1.0813", "161.54", "0.0067".
// Signs, exponents, grouping and zero are refused, as are more than MaxRateDecimals decimals or
// MaxRateDigits significant digits. Trailing zeros are dropped: "1.0800" is the rate "1.08".
func ParseRate(s string) (Rate, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || !allDigits(whole) || (hasDot && (frac == "" || !allDigits(frac))) {
		return Rate{}, fmt.Errorf("rate %q: want a plain positive decimal, like \"1.0813\"", s)
	}
	if len(frac) > MaxRateDecimals {
		return Rate{}, fmt.Errorf("rate %q: at most %d decimals, not %d", s, MaxRateDecimals, len(frac))
	}
	whole = strings.TrimLeft(whole, "0")
	frac = strings.TrimRight(frac, "0")
	if whole == "" && frac == "" {
		return Rate{}, fmt.Errorf("rate %q: a rate must be more than zero", s)
	}
	if digits := strings.TrimLeft(whole+frac, "0"); len(digits) > MaxRateDigits {
		return Rate{}, fmt.Errorf("rate %q: at most %d significant digits, not %d", s, MaxRateDigits, len(digits))
	}
	if whole == "" {
		whole = "0"
	}
	if frac == "" {
		return Rate{s: whole}, nil
	}
	return Rate{s: whole + "." + frac}, nil
}

// String returns the rate's canonical text, which ParseRate reads back to the same rate.
func (r Rate) String() string { return r.s }

// IsZero reports whether r is the zero Rate (no rate).
func (r Rate) IsZero() bool { return r.s == "" }

// MarshalText implements encoding.TextMarshaler.
func (r Rate) MarshalText() ([]byte, error) { return []byte(r.s), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *Rate) UnmarshalText(b []byte) error {
	v, err := ParseRate(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// MarshalBinary implements encoding.BinaryMarshaler (for gob): the zero Rate is empty.
func (r Rate) MarshalBinary() ([]byte, error) { return []byte(r.s), nil }

// UnmarshalBinary implements encoding.BinaryUnmarshaler: empty is the zero Rate.
func (r *Rate) UnmarshalBinary(b []byte) error {
	if len(b) == 0 {
		*r = Rate{}
		return nil
	}
	return r.UnmarshalText(b)
}

// decimal returns r as an apd decimal. r must be a Rate from ParseRate (or USDRate).
func (r Rate) decimal() (*apd.Decimal, error) {
	if r.s == "" {
		return nil, errors.New("money: no rate")
	}
	d, _, err := apd.NewFromString(r.s)
	return d, err
}

// exact is the context of every computation before the final rounding. Amounts have at most
// 19 digits and rates at most 30, so a product is exact within it; a quotient is exact to far
// more digits than any currency has.
var exact = apd.Context{Precision: 100, MaxExponent: apd.MaxExponent, MinExponent: apd.MinExponent, Traps: apd.DefaultTraps, Rounding: apd.RoundHalfEven}

// ErrTooLarge is returned when a result does not fit an Amount.
var ErrTooLarge = errors.New("money: amount too large")

// decimalOf returns a as an exact decimal in its major units.
func decimalOf(a Amount) (*apd.Decimal, error) {
	exp, ok := minorUnits[a.Currency]
	if !ok {
		return nil, fmt.Errorf("money: unknown currency %q", a.Currency)
	}
	return apd.New(a.Minor, -int32(exp)), nil
}

// amountOf rounds d half-even to the minor units of c.
func amountOf(d *apd.Decimal, c Currency) (Amount, error) {
	exp, ok := minorUnits[c]
	if !ok {
		return Amount{}, fmt.Errorf("money: unknown currency %q", c)
	}
	var q apd.Decimal
	if _, err := exact.Quantize(&q, d, -int32(exp)); err != nil {
		return Amount{}, ErrTooLarge
	}
	// q has exactly exp decimals: its coefficient, with its sign, is the amount in minor units.
	q.Exponent = 0
	minor, err := q.Int64()
	if err != nil {
		return Amount{}, ErrTooLarge
	}
	return Amount{Currency: c, Minor: minor}, nil
}

// ToUSD returns a's value in US dollars at rate r (US dollars per unit of a's currency), rounded
// half-even to the cent. The product is exact before that one rounding. A US dollar amount is
// returned as it is, whatever r.
func ToUSD(a Amount, r Rate) (Amount, error) {
	if a.Currency == "USD" {
		return a, nil
	}
	return Convert(a, r, "USD", USDRate)
}

// Convert returns a, worth from US dollars per unit, in currency to, worth toRate US dollars per
// unit: a × from ÷ toRate, rounded half-even to to's minor units. An amount already in to is
// returned as it is.
func Convert(a Amount, from Rate, to Currency, toRate Rate) (Amount, error) {
	if a.Currency == to {
		return a, nil
	}
	x, err := decimalOf(a)
	if err != nil {
		return Amount{}, err
	}
	f, err := from.decimal()
	if err != nil {
		return Amount{}, fmt.Errorf("money: no %s rate", a.Currency)
	}
	t, err := toRate.decimal()
	if err != nil {
		return Amount{}, fmt.Errorf("money: no %s rate", to)
	}
	var v apd.Decimal
	if _, err := exact.Mul(&v, x, f); err != nil {
		return Amount{}, ErrTooLarge
	}
	if toRate != USDRate {
		if _, err := exact.Quo(&v, &v, t); err != nil {
			return Amount{}, ErrTooLarge
		}
	}
	return amountOf(&v, to)
}

// QuoRate returns the rate num ÷ den, rounded half-even to digits significant digits (at most
// MaxRateDigits) and to at most MaxRateDecimals decimals. It turns a cross rate into a US dollar
// rate: with the ECB's euro rates, USD per yen is (USD per euro) ÷ (yen per euro).
func QuoRate(num, den Rate, digits int) (Rate, error) {
	if digits < 1 || digits > MaxRateDigits {
		return Rate{}, fmt.Errorf("money: %d significant digits: want 1 to %d", digits, MaxRateDigits)
	}
	n, err := num.decimal()
	if err != nil {
		return Rate{}, err
	}
	d, err := den.decimal()
	if err != nil {
		return Rate{}, err
	}
	c := exact
	c.Precision = uint32(digits)
	var q apd.Decimal
	if _, err := c.Quo(&q, n, d); err != nil {
		return Rate{}, fmt.Errorf("money: %s ÷ %s: %v", num, den, err)
	}
	if q.Exponent < -MaxRateDecimals {
		if _, err := exact.Quantize(&q, &q, -MaxRateDecimals); err != nil {
			return Rate{}, fmt.Errorf("money: %s ÷ %s: %v", num, den, err)
		}
	}
	if q.IsZero() {
		return Rate{}, fmt.Errorf("money: %s ÷ %s is zero at %d decimals", num, den, MaxRateDecimals)
	}
	return ParseRate(q.Text('f'))
}

// Add returns a + b, which must be in the same currency, or an error if they are not or the sum
// does not fit.
func (a Amount) Add(b Amount) (Amount, error) {
	if a.Currency != b.Currency {
		return Amount{}, ErrCurrencyMismatch
	}
	s, ok := AddMinor(a.Minor, b.Minor)
	if !ok {
		return Amount{}, ErrTooLarge
	}
	return Amount{Currency: a.Currency, Minor: s}, nil
}

// Neg returns -a.
func (a Amount) Neg() Amount { return Amount{Currency: a.Currency, Minor: -a.Minor} }

// AddMinor returns x + y and whether the sum fits an int64 (and is not math.MinInt64, which has
// no opposite).
func AddMinor(x, y int64) (int64, bool) {
	s := x + y
	if (x > 0 && y > 0 && s < 0) || (x < 0 && y < 0 && s >= 0) || s == math.MinInt64 {
		return 0, false
	}
	return s, true
}
