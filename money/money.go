// Package money holds exact amounts of money in ISO 4217 minor units. Amounts are never floats:
// "USD 1000000000" is 100,000,000,000 cents, and a two-decimal currency given three decimals is
// refused rather than rounded.
package money

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// A Currency is an ISO 4217 alphabetic code, like "USD".
type Currency string

// minorUnits holds the ISO 4217 exponent of the currencies this organization is likely to see.
// A currency missing here is refused with a clear message; add it rather than guess its exponent.
var minorUnits = map[Currency]int{
	"AED": 2, "ALL": 2, "AMD": 2, "ARS": 2, "AUD": 2, "AZN": 2, "BGN": 2, "BHD": 3, "BRL": 2,
	"BYN": 2, "CAD": 2, "CHF": 2, "CLP": 0, "CNY": 2, "CZK": 2, "DKK": 2, "EGP": 2, "EUR": 2,
	"GBP": 2, "HKD": 2, "HUF": 2, "IDR": 2, "ILS": 2, "INR": 2, "IQD": 3, "ISK": 0, "JOD": 3,
	"JPY": 0, "KHR": 2, "KRW": 0, "KWD": 3, "KZT": 2, "LYD": 3, "MAD": 2, "MNT": 2, "MXN": 2,
	"MYR": 2, "NOK": 2, "NZD": 2, "OMR": 3, "PHP": 2, "PKR": 2, "PLN": 2, "PYG": 0, "QAR": 2,
	"RON": 2, "RSD": 2, "RUB": 2, "SAR": 2, "SEK": 2, "SGD": 2, "THB": 2, "TND": 3, "TRY": 2,
	"UAH": 2, "USD": 2, "UZS": 2, "VND": 0, "XDR": 2, "ZAR": 2,
}

// MinorUnits returns the number of decimals of c, and whether c is known.
func MinorUnits(c Currency) (int, bool) {
	n, ok := minorUnits[c]
	return n, ok
}

// Currencies returns every currency that Parse knows, sorted: the closed set an amount's or an
// account's currency is taken from.
func Currencies() []Currency { return slices.Sorted(maps.Keys(minorUnits)) }

// An Amount is an exact sum in one currency, counted in its minor units (cents for USD).
type Amount struct {
	Currency Currency
	Minor    int64
}

// Parse reads "CUR 123.45": a known ISO 4217 code, one space, and a non-negative decimal with at
// most the currency's minor units. "USD 1000000000" and "USD 1000000000.00" are the same amount.
func Parse(s string) (Amount, error) {
	cur, num, ok := strings.Cut(s, " ")
	if !ok {
		return Amount{}, fmt.Errorf("amount %q: want \"CUR 123.45\", like \"USD 1000000000\"", s)
	}
	c := Currency(cur)
	exp, ok := minorUnits[c]
	if !ok {
		return Amount{}, fmt.Errorf("amount %q: unknown currency %q (want an ISO 4217 code such as USD or EUR)", s, cur)
	}
	whole, frac, hasDot := strings.Cut(num, ".")
	if whole == "" || !allDigits(whole) || (hasDot && (frac == "" || !allDigits(frac))) {
		return Amount{}, fmt.Errorf("amount %q: %q is not a plain non-negative decimal", s, num)
	}
	if len(frac) > exp {
		return Amount{}, fmt.Errorf("amount %q: %s has %d decimals, not %d", s, c, exp, len(frac))
	}
	frac += strings.Repeat("0", exp-len(frac))
	minor, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return Amount{}, fmt.Errorf("amount %q: too large", s)
	}
	return Amount{Currency: c, Minor: minor}, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String formats a as Parse reads it, with all the currency's decimals: "USD 1000000000.00".
func (a Amount) String() string {
	if a.Currency == "" {
		return ""
	}
	return string(a.Currency) + " " + a.Decimal()
}

// Decimal formats the number alone, with all the currency's decimals: "1000000000.00".
func (a Amount) Decimal() string {
	exp := minorUnits[a.Currency]
	sign := ""
	m := a.Minor
	if m < 0 {
		sign = "-"
		if m == math.MinInt64 {
			return "overflow"
		}
		m = -m
	}
	digits := strconv.FormatInt(m, 10)
	if exp == 0 {
		return sign + digits
	}
	if len(digits) <= exp {
		digits = strings.Repeat("0", exp-len(digits)+1) + digits
	}
	return sign + digits[:len(digits)-exp] + "." + digits[len(digits)-exp:]
}

// IsZero reports whether a is the zero Amount (no currency).
func (a Amount) IsZero() bool { return a == Amount{} }

// ErrCurrencyMismatch is returned when amounts in two currencies are combined.
var ErrCurrencyMismatch = errors.New("money: currencies differ")

// Cmp compares a and b, which must be in the same currency.
func (a Amount) Cmp(b Amount) (int, error) {
	if a.Currency != b.Currency {
		return 0, ErrCurrencyMismatch
	}
	switch {
	case a.Minor < b.Minor:
		return -1, nil
	case a.Minor > b.Minor:
		return 1, nil
	}
	return 0, nil
}

// MarshalText implements encoding.TextMarshaler.
func (a Amount) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *Amount) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
