package money_test

import (
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/money"
)

func TestParseRate(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"1.0813", "1.0813"},
		{"1.0800", "1.08"},
		{"001.5", "1.5"},
		{"0.0067", "0.0067"},
		{"3", "3"},
		{"3.000", "3"},
		{"0.000000000000000001", "0.000000000000000001"},
		{"123456789012345678901234567890", "123456789012345678901234567890"},
	} {
		r, err := money.ParseRate(c.in)
		if err != nil || r.String() != c.want {
			t.Errorf("ParseRate(%q) = %q, %v; want %q", c.in, r, err, c.want)
		}
	}
	for _, in := range []string{"", "0", "0.000", "-1", "+1", "1e3", "1,08", ".5", "1.", "1.2.3", " 1", "1 ",
		"0.0000000000000000001", "1234567890123456789012345678901", "NaN", "Infinity", "١"} {
		if r, err := money.ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) = %q; want an error", in, r)
		}
	}
}

func TestToUSD(t *testing.T) {
	for _, c := range []struct {
		amount, rate, want string
	}{
		{"EUR 925000000", "1.0813", "USD 1000202500.00"},
		{"EUR 1000000000", "1.0813", "USD 1081300000.00"},
		{"EUR 0.05", "1.1", "USD 0.06"}, // 0.055 → 0.06, half to even
		{"EUR 0.15", "1.1", "USD 0.16"}, // 0.165 → 0.16
		{"EUR 0.01", "0.5", "USD 0.00"}, // 0.005 → 0.00
		{"EUR 0.03", "0.5", "USD 0.02"}, // 0.015 → 0.02
		{"JPY 150000", "0.006693698155", "USD 1004.05"},
		{"KWD 1.234", "3.2561", "USD 4.02"}, // three decimals in, two out
		{"USD 12.34", "7", "USD 12.34"},     // a dollar is a dollar
	} {
		a, err := money.Parse(c.amount)
		if err != nil {
			t.Fatal(err)
		}
		r, err := money.ParseRate(c.rate)
		if err != nil {
			t.Fatal(err)
		}
		got, err := money.ToUSD(a, r)
		if err != nil || got.String() != c.want {
			t.Errorf("ToUSD(%s, %s) = %s, %v; want %s", c.amount, c.rate, got, err, c.want)
		}
	}
	huge, _ := money.Parse("JPY 9223372036854775807")
	if got, err := money.ToUSD(huge, mustRate(t, "100000")); err == nil {
		t.Errorf("ToUSD(%s × 100000) = %s; want too large", huge, got)
	}
	if _, err := money.ToUSD(money.Amount{Currency: "EUR", Minor: 1}, money.Rate{}); err == nil {
		t.Error("ToUSD with no rate: no error")
	}
}

func mustRate(t *testing.T, s string) money.Rate {
	t.Helper()
	r, err := money.ParseRate(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestConvert(t *testing.T) {
	usd, _ := money.Parse("USD 1000")
	got, err := money.Convert(usd, money.USDRate, "EUR", mustRate(t, "1.25"))
	if err != nil || got.String() != "EUR 800.00" {
		t.Errorf("Convert(USD 1000 → EUR at 1.25) = %s, %v; want EUR 800.00", got, err)
	}
	eur, _ := money.Parse("EUR 100")
	got, err = money.Convert(eur, mustRate(t, "1.08"), "JPY", mustRate(t, "0.0066"))
	if err != nil || got.String() != "JPY 16364" { // 108 / 0.0066 = 16363.63…
		t.Errorf("Convert(EUR 100 → JPY) = %s, %v; want JPY 16364", got, err)
	}
}

func TestQuoRate(t *testing.T) {
	for _, c := range []struct {
		num, den string
		digits   int
		want     string
	}{
		{"1.0813", "161.54", 10, "0.006693698155"},
		{"1.0813", "1", 10, "1.0813"},
		{"1.1", "0.5", 10, "2.2"},
		{"1", "3", 4, "0.3333"},
		{"2", "3", 4, "0.6667"},
		{"1", "16000", 10, "0.0000625"},
	} {
		got, err := money.QuoRate(mustRate(t, c.num), mustRate(t, c.den), c.digits)
		if err != nil || got.String() != c.want {
			t.Errorf("QuoRate(%s, %s, %d) = %s, %v; want %s", c.num, c.den, c.digits, got, err, c.want)
		}
	}
	if _, err := money.QuoRate(mustRate(t, "0.000000000000000001"), mustRate(t, "1000"), 10); err == nil {
		t.Error("QuoRate below the smallest rate: no error")
	}
}

func TestAdd(t *testing.T) {
	a, _ := money.Parse("USD 92233720368547758.07")
	one, _ := money.Parse("USD 0.01")
	if _, err := a.Add(one); err == nil {
		t.Error("Add past the largest amount: no error")
	}
	eur, _ := money.Parse("EUR 1")
	if _, err := one.Add(eur); err == nil {
		t.Error("Add across currencies: no error")
	}
	got, err := one.Add(one.Neg().Neg())
	if err != nil || got.String() != "USD 0.02" {
		t.Errorf("0.01 + 0.01 = %s, %v", got, err)
	}
}

func TestFormat(t *testing.T) {
	nnbsp, nbsp := money.NarrowNoBreakSpace, money.NoBreakSpace
	for _, c := range []struct {
		amount, lang, want string
	}{
		{"EUR 1234.50", "fr", "1" + nnbsp + "234,50" + nbsp + "€"},
		{"EUR 1234.50", "en", "€1,234.50"},
		{"USD 1234.50", "en", "$1,234.50"},
		{"USD 1234.50", "fr", "1" + nnbsp + "234,50" + nbsp + "$US"},
		{"USD 1000000000", "en", "$1,000,000,000.00"},
		{"USD 1000000000", "fr", strings.Join([]string{"1", "000", "000", "000,00"}, nnbsp) + nbsp + "$US"},
		{"USD 0.05", "en", "$0.05"},
		{"USD 123", "en", "$123.00"},
		{"JPY 150000", "en", "JPY" + nbsp + "150,000"},
		{"JPY 150000", "fr", "150" + nnbsp + "000" + nbsp + "JPY"},
		{"KWD 1234.5", "en", "KWD" + nbsp + "1,234.500"},
		{"GBP 12", "de", "GBP" + nbsp + "12.00"}, // any other language reads as English
	} {
		a, err := money.Parse(c.amount)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Format(c.lang); got != c.want {
			t.Errorf("Parse(%q).Format(%q) = %q, want %q", c.amount, c.lang, got, c.want)
		}
	}
	neg := money.Amount{Currency: "EUR", Minor: -123456}
	if got, want := neg.Format("en"), "-€1,234.56"; got != want {
		t.Errorf("negative en = %q, want %q", got, want)
	}
	if got, want := neg.Format("fr"), "-1"+nnbsp+"234,56"+nbsp+"€"; got != want {
		t.Errorf("negative fr = %q, want %q", got, want)
	}
	if got := (money.Amount{}).Format("en"); got != "" {
		t.Errorf("zero Amount Format = %q, want empty", got)
	}
}
