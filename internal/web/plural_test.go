package web

import (
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// TestMessagesPluralForms: a label that depends on a count has both its forms, in both
// languages (TestMessagesSameKeys checks that the other language has them too), and no plain
// form beside them that a caller could pick by mistake. (".other" alone is no plural form: an
// enumeration may have a value "other".)
func TestMessagesPluralForms(t *testing.T) {
	for lang, msgs := range messages {
		for k := range msgs {
			base, ok := strings.CutSuffix(k, ".one")
			if !ok {
				continue
			}
			if _, ok := msgs[base+".other"]; !ok {
				t.Errorf("%s: %q has no form %q", lang, k, base+".other")
			}
			if _, ok := msgs[base]; ok {
				t.Errorf("%s: %q has plural forms and a plain label", lang, base)
			}
		}
	}
}

func TestPlurals(t *testing.T) {
	fr, en := newLocale("fr"), newLocale("en")
	big, err := fr.N("due.terms", uint64(1_000_000))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ got, want string }{
		{en.n("due.terms", 0), "Term ends of 0 member States"},
		{en.n("due.terms", 1), "Term end of 1 member State"},
		{en.n("due.terms", 2), "Term ends of 2 member States"},
		{fr.n("due.terms", 0), "Fin du mandat de 0 État membre"}, // French: 0 and 1 take the singular
		{fr.n("due.terms", 1), "Fin du mandat de 1 État membre"},
		{fr.n("due.terms", 2), "Fin du mandat de 2 États membres"},
		{big, "Fin du mandat de 1\u202f000\u202f000 États membres"}, // CLDR's "many" is written as "other"
		{en.noun("count.withdrawn", 1), "invitation withdrawn"},
		{fr.noun("count.withdrawn", 0), "invitation retirée"},
		{en.n("record.checkpoint.size", 1), "It commits to the first entry."}, // a form without the count
		{en.n("record.checkpoint.size", 3), "It commits to the first 3 entries."},
		{fr.n("executive.incapacity.count", 1, fr.n("n.serving_executive", 3)), "1 sur 3 membres en fonction du conseil exécutif a constaté l'empêchement du président."},
		{en.n("list.more", 1), "and 1 more"},
		{fr.n("list.more", 1), "et 1 autre"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if _, err := en.N("due.terms", "3"); err == nil {
		t.Error(`N("due.terms", "3"): no error for a count that is not a number`)
	}
	if _, err := en.N("no.such.label", 3); err == nil {
		t.Error("N of a missing label: no error")
	}
}

func TestMoneyInRunningText(t *testing.T) {
	fr, en := newLocale("fr"), newLocale("en")
	usd := func(minor int64) money.Amount { return money.Amount{Currency: "USD", Minor: minor} }
	for _, tt := range []struct{ got, want string }{
		{en.MoneyText(usd(100_000_000_000)), "$1,000,000,000"},
		{fr.MoneyText(usd(100_000_000_000)), "1\u202f000\u202f000\u202f000\u00a0$US"},
		{en.MoneyText(usd(1250)), "$12.50"}, // cents that are there stay
		{fr.MoneyText(usd(1250)), "12,50\u00a0$US"},
		{en.MoneyText(money.Amount{Currency: "EUR", Minor: 5_000_000}), "€50,000"},
		{en.MoneyText(money.Amount{Currency: "JPY", Minor: 500}), "JPY\u00a0500"}, // no minor units
		{en.MoneyText(money.Amount{}), "—"},
		{en.Money(usd(100)), "$1.00"}, // tables keep the cents
		{fr.MoneyShort(560_000), "560\u202f000\u00a0$US"},
		{en.MoneyShort(560_000), "$560k"},
		{fr.MoneyShort(1.2e6), "1,2\u00a0M\u00a0$US"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestPeriodAfterDe(t *testing.T) {
	fr, en := newLocale("fr"), newLocale("en")
	p := func(s string) charter.Period {
		v, err := charter.ParsePeriod(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tt := range []struct{ got, want string }{
		{fr.periodAfterDe(p("1y")), "d'un an"},
		{fr.periodAfterDe(p("1mo")), "d'un mois"},
		{fr.periodAfterDe(p("1d")), "d'un jour"},
		{fr.periodAfterDe(p("3mo")), "de 3 mois"},
		{fr.periodAfterDe(charter.Period{Years: 1, Months: 6}), "de 1 an 6 mois"},
		{en.periodAfterDe(p("1y")), "1 year"},
		{fr.Period(p("2y")), "2 ans"},
		{en.Period(p("1d")), "1 day"},
		{en.Every(p("1mo")), "month"},
		{en.Every(p("3mo")), "3 months"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestOrganizationNames: an organization the rules file lists is named in the reader's language;
// one it does not list is shown by its identifier.
func TestOrganizationNames(t *testing.T) {
	r, err := charter.Parse("orgs.toml", strings.Replace(charter.Default().Source, `name = "FIFA"`,
		`name = "International Federation of Association Football"`+"\n"+`name_fr = "Fédération internationale de football association"`, 1))
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"en": "International Federation of Association Football", "fr": "Fédération internationale de football association"} {
		l := newLocale(lang)
		l.orgs = orgNames(r, lang)
		if got := l.Actor("org:fifa"); got != want {
			t.Errorf("%s: Actor(org:fifa) = %q, want %q", lang, got, want)
		}
		if got := l.Actor("org:unlisted"); got != "unlisted" {
			t.Errorf("%s: Actor(org:unlisted) = %q, want its identifier", lang, got)
		}
	}
	if got := newLocale("en").Actor(board.ActorID("org:fifa")); got != "fifa" {
		t.Errorf("a locale that knows no names: Actor(org:fifa) = %q, want fifa", got)
	}
}
