package money_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/money"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want money.Amount
		str  string // String of the result
	}{
		{"USD 1000000000", money.Amount{Currency: "USD", Minor: 100000000000}, "USD 1000000000.00"},
		{"USD 1000000000.00", money.Amount{Currency: "USD", Minor: 100000000000}, "USD 1000000000.00"},
		{"USD 1000000000.01", money.Amount{Currency: "USD", Minor: 100000000001}, "USD 1000000000.01"},
		{"USD 0", money.Amount{Currency: "USD", Minor: 0}, "USD 0.00"},
		{"USD 0.05", money.Amount{Currency: "USD", Minor: 5}, "USD 0.05"},
		{"USD 1.5", money.Amount{Currency: "USD", Minor: 150}, "USD 1.50"},
		{"USD 007", money.Amount{Currency: "USD", Minor: 700}, "USD 7.00"},
		{"JPY 0", money.Amount{Currency: "JPY", Minor: 0}, "JPY 0"},
		{"JPY 150000", money.Amount{Currency: "JPY", Minor: 150000}, "JPY 150000"},
		{"JOD 1.234", money.Amount{Currency: "JOD", Minor: 1234}, "JOD 1.234"},
		{"JOD 0.001", money.Amount{Currency: "JOD", Minor: 1}, "JOD 0.001"},
		{"JOD 12", money.Amount{Currency: "JOD", Minor: 12000}, "JOD 12.000"},
		{"KWD 1.5", money.Amount{Currency: "KWD", Minor: 1500}, "KWD 1.500"},
		{"USD 92233720368547758.07", money.Amount{Currency: "USD", Minor: math.MaxInt64}, "USD 92233720368547758.07"},
	} {
		got, err := money.Parse(c.in)
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
			continue
		}
		if s := got.String(); s != c.str {
			t.Errorf("Parse(%q).String() = %q, want %q", c.in, s, c.str)
		}
	}
}

func TestParseRefused(t *testing.T) {
	for _, c := range []struct {
		in, msg string
	}{
		{"JPY 1.5", "JPY has 0 decimals"},   // no minor units
		{"JPY 1.0", "JPY has 0 decimals"},   // not even a zero one
		{"USD 1.005", "USD has 2 decimals"}, // never rounded
		{"JOD 1.2345", "JOD has 3 decimals"},
		{"XYZ 1", "unknown currency"},
		{"usd 1", "unknown currency"},
		{"US$ 1", "unknown currency"},
		{"USD", "want \"CUR 123.45\""},
		{"1000 USD", "unknown currency"},
		{"USD -1", "not a plain non-negative decimal"},
		{"USD +1", "not a plain non-negative decimal"},
		{"USD 1,000", "not a plain non-negative decimal"},
		{"USD 1 000", "not a plain non-negative decimal"},
		{"USD  1", "not a plain non-negative decimal"},
		{"USD 1e9", "not a plain non-negative decimal"},
		{"USD .5", "not a plain non-negative decimal"},
		{"USD 1.", "not a plain non-negative decimal"},
		{"USD 1.2.3", "not a plain non-negative decimal"},
		{"USD ", "not a plain non-negative decimal"},
		{"USD ١", "not a plain non-negative decimal"}, // an Arabic-Indic digit
		{"USD 92233720368547758.08", "too large"},
		{"", "want \"CUR 123.45\""},
	} {
		got, err := money.Parse(c.in)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Parse(%q) = %+v, %v; want an error with %q", c.in, got, err, c.msg)
		}
	}
}

func TestMinorUnits(t *testing.T) {
	for _, c := range []struct {
		cur  money.Currency
		want int
		ok   bool
	}{
		{"USD", 2, true}, {"EUR", 2, true}, {"JPY", 0, true}, {"KRW", 0, true},
		{"JOD", 3, true}, {"BHD", 3, true}, {"KWD", 3, true}, {"XYZ", 0, false}, {"", 0, false},
	} {
		if got, ok := money.MinorUnits(c.cur); got != c.want || ok != c.ok {
			t.Errorf("MinorUnits(%q) = %d, %v; want %d, %v", c.cur, got, ok, c.want, c.ok)
		}
	}
}

func TestCmp(t *testing.T) {
	usd := func(s string) money.Amount {
		a, err := money.Parse("USD " + s)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"1000000000", "1000000000.00", 0},
		{"1000000000.01", "1000000000", 1},
		{"999999999.99", "1000000000", -1},
	} {
		if got, err := usd(c.a).Cmp(usd(c.b)); err != nil || got != c.want {
			t.Errorf("USD %s cmp USD %s = %d, %v; want %d", c.a, c.b, got, err, c.want)
		}
	}
	eur, _ := money.Parse("EUR 1")
	if _, err := usd("1").Cmp(eur); !errors.Is(err, money.ErrCurrencyMismatch) {
		t.Errorf("USD cmp EUR: err = %v, want ErrCurrencyMismatch", err)
	}
}

func TestText(t *testing.T) {
	var a money.Amount
	if err := a.UnmarshalText([]byte("JOD 2.5")); err != nil || a != (money.Amount{Currency: "JOD", Minor: 2500}) {
		t.Fatalf("UnmarshalText = %+v, %v", a, err)
	}
	if b, _ := a.MarshalText(); string(b) != "JOD 2.500" {
		t.Errorf("MarshalText = %q, want JOD 2.500", b)
	}
	if err := a.UnmarshalText([]byte("JOD 2.5555")); err == nil || a.Minor != 2500 {
		t.Errorf("UnmarshalText of a bad amount: %+v, %v; want an error and no change", a, err)
	}
	if s := (money.Amount{}).String(); s != "" {
		t.Errorf("zero Amount String = %q, want empty", s)
	}
}

// FuzzParse: any text is an amount or an error, never a panic; an amount prints as text that
// parses back to it.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"USD 1000000000", "USD 1000000000.00", "USD 0.05", "JPY 0", "JPY 1.5", "JOD 1.234",
		"JOD 1.2345", "XYZ 1", "USD -1", "USD 92233720368547758.07", "USD 92233720368547758.08", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := money.Parse(s)
		if err != nil {
			return
		}
		if a.Minor < 0 {
			t.Fatalf("Parse(%q) = %+v: negative", s, a)
		}
		again, err := money.Parse(a.String())
		if err != nil || again != a {
			t.Fatalf("Parse(%q) = %+v; Parse(%q) = %+v, %v", s, a, a.String(), again, err)
		}
	})
}
