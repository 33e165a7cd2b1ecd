package money

import (
	"strconv"
	"strings"
)

// Separators used by Format.
const (
	// NarrowNoBreakSpace (U+202F) groups thousands in French, as the CLDR data for "fr" does:
	// "1 234,50 €" never breaks between its groups.
	NarrowNoBreakSpace = "\u202f"
	// NoBreakSpace (U+00A0) separates a number from a currency symbol or code that stands apart
	// from it: "1 234,50 €", "GBP 1,234.50".
	NoBreakSpace = "\u00a0"
)

// Format writes a for a reader of language lang ("fr" or "en"; any other is read as "en"), with
// all the currency's decimals:
//
//	fr: 1 234,50 €    1 234,50 $US    1 234,500 KWD   (groups by U+202F; U+00A0 before the unit)
//	en: €1,234.50     $1,234.50       KWD 1,234.500   (the code, then U+00A0)
//
// Only the euro and the US dollar have symbols; every other currency is written with its ISO
// 4217 code, which no reader can mistake. A negative amount starts with "-". Format is for
// people: Parse reads only the canonical "CUR 1234.50" of String.
func (a Amount) Format(lang string) string {
	if a.Currency == "" {
		return ""
	}
	exp := minorUnits[a.Currency]
	neg := a.Minor < 0
	// The magnitude, as digits, without overflow for math.MinInt64.
	digits := strconv.FormatUint(uint64(a.Minor), 10)
	if neg {
		digits = strconv.FormatUint(-uint64(a.Minor), 10)
	}
	if len(digits) <= exp {
		digits = strings.Repeat("0", exp-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-exp], digits[len(digits)-exp:]
	group, point := ",", "."
	if lang == "fr" {
		group, point = NarrowNoBreakSpace, ","
	}
	var b strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(d)
	}
	number := b.String()
	if exp > 0 {
		number += point + frac
	}
	sign := ""
	if neg {
		sign = "-"
	}
	if lang == "fr" {
		unit := string(a.Currency)
		switch a.Currency {
		case "EUR":
			unit = "€"
		case "USD":
			unit = "$US"
		}
		return sign + number + NoBreakSpace + unit
	}
	switch a.Currency {
	case "EUR":
		return sign + "€" + number
	case "USD":
		return sign + "$" + number
	}
	return sign + string(a.Currency) + NoBreakSpace + number
}
