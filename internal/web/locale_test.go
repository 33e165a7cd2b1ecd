package web

import (
	"slices"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

func TestMessagesSameKeys(t *testing.T) {
	en, fr := messages["en"], messages["fr"]
	for k := range en {
		if _, ok := fr[k]; !ok {
			t.Errorf("%q has no French label", k)
		}
	}
	for k := range fr {
		if _, ok := en[k]; !ok {
			t.Errorf("%q has no English label", k)
		}
	}
}

func TestDates(t *testing.T) {
	d := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		lang, fn string
		at       time.Time
		want     string
	}{
		{"fr", "date", d("2026-01-22T10:00:00Z"), "22\u00a0janvier 2026"},
		{"fr", "date", d("2026-03-01T00:00:00Z"), "1er\u00a0mars 2026"},
		{"fr", "date", d("2026-08-15T23:59:59Z"), "15\u00a0août 2026"},
		{"en", "date", d("2026-01-22T10:00:00Z"), "22\u00a0January 2026"},
		{"en", "date", time.Time{}, "—"},
		{"fr", "short", d("2026-02-01T00:00:00Z"), "1er\u00a0févr. 2026"},
		{"en", "short", d("2026-12-31T00:00:00Z"), "31\u00a0Dec 2026"},
		{"fr", "time", d("2026-01-22T09:05:00Z"), "22\u00a0janvier 2026 à 9\u00a0h\u00a005\u00a0UTC"},
		{"en", "time", d("2026-01-22T09:05:00Z"), "22\u00a0January 2026, 09:05\u00a0UTC"},
		// A date is the UTC day: 23:30 in New York on the 21st is the 22nd.
		{"en", "date", d("2026-01-21T23:30:00-05:00"), "22\u00a0January 2026"},
	}
	for _, tt := range tests {
		l := newLocale(tt.lang)
		got := map[string]func(time.Time) string{"date": l.Date, "short": l.DateShort, "time": l.Time}[tt.fn](tt.at)
		if got != tt.want {
			t.Errorf("%s %s(%s) = %q, want %q", tt.lang, tt.fn, tt.at, got, tt.want)
		}
	}
}

func TestNumbersAndMoney(t *testing.T) {
	fr, en := newLocale("fr"), newLocale("en")
	amount := money.Amount{Currency: "USD", Minor: 123456789}
	for _, tt := range []struct{ got, want string }{
		{fr.Num(100000), "100\u202f000"},
		{en.Num(100000), "100,000"},
		{en.Num(-1234), "-1,234"},
		{fr.Money(amount), "1\u202f234\u202f567,89\u00a0$US"},
		{en.Money(amount), "$1,234,567.89"},
		{en.Money(money.Amount{}), "—"},
		{en.MoneyShort(1.2e9), "$1.2bn"},
		{fr.MoneyShort(1.2e9), "1,2\u00a0Md\u00a0$US"},
		{en.MoneyShort(75e6), "$75m"},
		{en.MoneyShort(0), "$0"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestNames(t *testing.T) {
	fr, en := newLocale("fr"), newLocale("en")
	fr.people = map[board.ExecutiveID]string{"rubio": "Marco Rubio"}
	for _, tt := range []struct{ got, want string }{
		{fr.State("ARE"), "Émirats arabes unis"},
		{en.State("ARE"), "United Arab Emirates"},
		{fr.State("VAT"), "Saint-Siège"},
		{en.State("XKX"), "Kosovo"},
		{en.State("ZZZ"), "ZZZ"},
		{fr.Actor(board.Chairman), "Le président"},
		{en.Actor("state:KAZ"), "Kazakhstan"},
		{fr.Actor("executive:rubio"), "Marco Rubio"},
		{en.Actor("executive:nobody"), "nobody"},
		{en.Actor("org:fifa"), "fifa"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestPeriods(t *testing.T) {
	fr, en := newLocale("fr"), newLocale("en")
	p := func(s string) charter.Period {
		v, err := charter.ParsePeriod(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tt := range []struct{ got, want string }{
		{en.Period(p("1y")), "1 year"},
		{fr.Period(p("3mo")), "3 mois"},
		{en.Period(p("30d")), "30 days"},
		{en.Every(p("1y")), "year"},
		{fr.Every(p("1y")), "ans"},
		{fr.Every(p("6mo")), "6 mois"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestFrenchSpacing(t *testing.T) {
	if got, want := frenchSpacing("« titre » : oui ; non ?"), "«\u00a0titre\u00a0»\u00a0: oui\u202f; non\u202f?"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCollate(t *testing.T) {
	names := []string{"Égypte", "Espagne", "États-Unis", "Arabie saoudite", "émirats"}
	slices.SortFunc(names, func(a, b string) int { return collate(a, b) })
	want := []string{"Arabie saoudite", "Égypte", "émirats", "Espagne", "États-Unis"}
	if !slices.Equal(names, want) {
		t.Errorf("got %q, want %q", names, want)
	}
}
