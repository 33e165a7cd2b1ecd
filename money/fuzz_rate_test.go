package money_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/peaceboard/peaceboard/money"
)

// FuzzParseRate: any text is a rate or an error, never a panic; a rate prints as text that parses
// back to it; converting any amount at it never panics, and a US dollar value is never negative.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"1.0813", "1.0800", "0.006693698155", "3", "0", "-1", "1e3", "", "0.0000000000000000001",
		"123456789012345678901234567890", "00000000000000000000000000000000001.5"} {
		f.Add(s, int64(123456), uint8(0))
	}
	currencies := []money.Currency{"EUR", "JPY", "KWD", "USD", "GBP"}
	f.Fuzz(func(t *testing.T, s string, minor int64, cur uint8) {
		r, err := money.ParseRate(s)
		if err != nil {
			return
		}
		again, err := money.ParseRate(r.String())
		if err != nil || again != r {
			t.Fatalf("ParseRate(%q) = %q; ParseRate(%q) = %q, %v", s, r, r.String(), again, err)
		}
		if minor < 0 {
			minor = -(minor + 1)
		}
		a := money.Amount{Currency: currencies[int(cur)%len(currencies)], Minor: minor}
		if v, err := money.ToUSD(a, r); err == nil && (v.Minor < 0 || v.Currency != "USD") {
			t.Fatalf("ToUSD(%s, %s) = %s", a, r, v)
		}
		if _, err := money.Convert(a, r, "EUR", r); err != nil && a.Currency == "EUR" {
			t.Fatalf("Convert(%s to EUR) = %v; want it unchanged", a, err)
		}
	})
}

// FuzzFormat: any amount of any known currency formats without a panic, in both languages,
// and the formatted digits are the canonical form's digits; Parse(String()) is the amount.
func FuzzFormat(f *testing.F) {
	f.Add(int64(123450), uint8(0))
	f.Add(int64(-1), uint8(1))
	f.Add(int64(-9223372036854775808), uint8(2))
	currencies := []money.Currency{"EUR", "USD", "JPY", "KWD", "CLP", "GBP"}
	f.Fuzz(func(t *testing.T, minor int64, cur uint8) {
		a := money.Amount{Currency: currencies[int(cur)%len(currencies)], Minor: minor}
		digits := func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.IsDigit(r) {
					return r
				}
				return -1
			}, s)
		}
		for _, lang := range []string{"fr", "en"} {
			got := a.Format(lang)
			if minor != -9223372036854775808 && digits(got) != digits(a.Decimal()) {
				t.Fatalf("%+v.Format(%s) = %q: digits differ from %q", a, lang, got, a.Decimal())
			}
			if (minor < 0) != strings.HasPrefix(got, "-") {
				t.Fatalf("%+v.Format(%s) = %q: sign", a, lang, got)
			}
		}
		if minor >= 0 {
			back, err := money.Parse(a.String())
			if err != nil || back != a {
				t.Fatalf("Parse(%q) = %+v, %v; want %+v", a.String(), back, err, a)
			}
		}
	})
}
