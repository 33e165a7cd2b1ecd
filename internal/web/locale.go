package web

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// A locale writes labels, dates, numbers, amounts and names for a reader of one language. Pages
// reach it as .L in templates: {{.L.T "members"}}, {{.L.Date .Joined}}.
type locale struct {
	Lang string
	msgs map[string]string
	// people names the Executive Board members, so that an actor "executive:rubio" reads as a
	// person; orgs names the organizations the rules file lists (names.go), so that "org:fifa"
	// reads as FIFA. Either may be nil.
	people map[board.ExecutiveID]string
	orgs   map[string]string
}

func newLocale(lang string) *locale {
	return &locale{Lang: lang, msgs: messages[lang]}
}

// T returns the label key. A missing label is an error, so that rendering the page fails in
// tests rather than showing an empty string to a reader.
func (l *locale) T(key string) (string, error) {
	m, ok := l.msgs[key]
	if !ok {
		return "", fmt.Errorf("no %s label %q", l.Lang, key)
	}
	return m, nil
}

// F returns the label key with args put in its verbs, as fmt.Sprintf does.
func (l *locale) F(key string, args ...any) (string, error) {
	m, err := l.T(key)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf(m, args...), nil
}

// Of returns the label of a value of an enumeration: Of "status" "member" is the label
// "status.member".
func (l *locale) Of(prefix string, v any) (string, error) {
	return l.T(prefix + "." + fmt.Sprint(v))
}

// t is T for Go code that knows its keys exist (TestMessages checks both languages have the
// same keys); a missing one shows as the key itself.
func (l *locale) t(key string) string {
	if m, ok := l.msgs[key]; ok {
		return m
	}
	return key
}

// f is F for Go code, like t.
func (l *locale) f(key string, args ...any) string { return fmt.Sprintf(l.t(key), args...) }

var (
	monthsEN      = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	monthsFR      = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	monthsShortEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	monthsShortFR = [...]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
)

// Date writes t's day (UTC) in full: "22 January 2026", « 22 janvier 2026 », « 1er mars 2026 ».
// The zero time is a dash.
func (l *locale) Date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.UTC()
	if l.Lang == "fr" {
		day := strconv.Itoa(t.Day())
		if t.Day() == 1 {
			day = "1er"
		}
		return day + money.NoBreakSpace + monthsFR[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return strconv.Itoa(t.Day()) + money.NoBreakSpace + monthsEN[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// DateShort writes t's day briefly, for chart axes: "22 Jan 2026", « 22 janv. 2026 ».
func (l *locale) DateShort(t time.Time) string {
	t = t.UTC()
	if l.Lang == "fr" {
		day := strconv.Itoa(t.Day())
		if t.Day() == 1 {
			day = "1er"
		}
		return day + money.NoBreakSpace + monthsShortFR[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return strconv.Itoa(t.Day()) + money.NoBreakSpace + monthsShortEN[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// Time writes an instant to the minute, in UTC: "22 January 2026, 10:00 UTC",
// « 22 janvier 2026 à 10 h 00 UTC ».
func (l *locale) Time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.UTC()
	if l.Lang == "fr" {
		return fmt.Sprintf("%s à %d\u00a0h\u00a0%02d\u00a0UTC", l.Date(t), t.Hour(), t.Minute())
	}
	return fmt.Sprintf("%s, %02d:%02d\u00a0UTC", l.Date(t), t.Hour(), t.Minute())
}

// ISODate writes t's day as YYYY-MM-DD, for machine-readable attributes (datetime=, data-sort=).
func (l *locale) ISODate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// ISOTime writes t in RFC 3339, for datetime= attributes.
func (l *locale) ISOTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Money writes an amount with all its decimals: "$1,234.50", « 1 234,50 $US ».
func (l *locale) Money(a money.Amount) string {
	if a.Currency == "" {
		return "—"
	}
	return a.Format(l.Lang)
}

// MoneyText writes an amount in running text: "$1,000,000,000", « 1 000 000 000 $US », its
// decimals only when it has some ("$12.50"). Tables keep Money, whose columns align on the cents.
func (l *locale) MoneyText(a money.Amount) string {
	s := l.Money(a)
	exp, ok := money.MinorUnits(a.Currency)
	if !ok || exp == 0 || a.Minor%pow10(exp) != 0 {
		return s
	}
	zeros := strings.Repeat("0", exp)
	if l.Lang == "fr" {
		// « 1 000,00 $US »: the decimals stand before the currency.
		return strings.Replace(s, ","+zeros+money.NoBreakSpace, money.NoBreakSpace, 1)
	}
	return strings.TrimSuffix(s, "."+zeros)
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// MoneyShort writes a US dollar amount briefly, for chart labels and figures: "$1.2bn", "$560k";
// « 1,2 Md $US », « 560 000 $US ». French has no written abbreviation for thousands (« k » is
// jargon), so below a million it writes the amount in full, rounded to the dollar.
func (l *locale) MoneyShort(usd float64) string {
	type unit struct {
		size   float64
		en, fr string
	}
	units := []unit{{1e9, "bn", "\u00a0Md"}, {1e6, "m", "\u00a0M"}, {1e3, "k", ""}}
	v, en, fr := usd, "", ""
	for _, u := range units {
		if math.Abs(usd) >= u.size {
			v, en, fr = usd/u.size, u.en, u.fr
			break
		}
	}
	if l.Lang == "fr" && math.Abs(usd) < 1e6 {
		return l.Num(int(math.Round(usd))) + "\u00a0$US"
	}
	digits := strconv.FormatFloat(v, 'f', 1, 64)
	digits = strings.TrimSuffix(digits, ".0")
	if l.Lang == "fr" {
		return strings.Replace(digits, ".", ",", 1) + fr + "\u00a0$US"
	}
	return "$" + digits + en
}

// Num writes a count with its thousands grouped: "100,000", « 100 000 ».
func (l *locale) Num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if l.Lang == "fr" {
		sep = money.NarrowNoBreakSpace
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	return b.String()
}

// Num64 is Num for unsigned counts (record sizes).
func (l *locale) Num64(n uint64) string { return l.Num(int(n)) }

// State returns a State's name: "Kazakhstan", « Émirats arabes unis ». A code the region data
// does not know is returned as it is.
func (l *locale) State(code board.StateCode) string { return code.Name(l.Lang) }

// Actor names who acted: « le président », "the secretariat", a State's name, an Executive Board
// member's name, an organization's identifier.
func (l *locale) Actor(a board.ActorID) string {
	switch a.Kind() {
	case board.ActorChairman, board.ActorChiefExecutive, board.ActorSecretariat:
		return l.t("actor." + string(a.Kind()))
	case board.ActorState:
		code, _ := a.State()
		return l.State(code)
	case board.ActorExecutive:
		id, _ := a.Executive()
		if p, ok := l.people[id]; ok {
			return p
		}
		return string(id)
	case board.ActorOrg:
		_, id, _ := strings.Cut(string(a), ":")
		if n, ok := l.orgs[id]; ok {
			return n
		}
		return id
	}
	return string(a)
}

// Period writes a period of the rules file: "1 year", « 3 mois », "30 days".
func (l *locale) Period(p charter.Period) string {
	var parts []string
	for _, u := range periodUnits(p) {
		parts = append(parts, l.n("period."+u.unit, u.n))
	}
	if len(parts) == 0 {
		return l.n("period.day", 0)
	}
	return strings.Join(parts, " ")
}

// Every writes a period after "every": "year", "3 months"; « ans », « 6 mois ».
func (l *locale) Every(p charter.Period) string {
	if us := periodUnits(p); len(us) == 1 && us[0].n == 1 {
		return l.t("every." + us[0].unit)
	}
	return l.Period(p)
}

// periodAfterDe writes a period where French puts « de » before it, as in « dans un délai de… »:
// « d'un an », « de 3 mois ». French writes a single unit as « un » in running text, and elides
// « de » before it. In English it is Period; the French label carries no « de » of its own.
func (l *locale) periodAfterDe(p charter.Period) string {
	if l.Lang != "fr" {
		return l.Period(p)
	}
	if us := periodUnits(p); len(us) == 1 && us[0].n == 1 {
		return "d'un " + strings.TrimPrefix(l.Period(p), "1 ")
	}
	return "de " + l.Period(p)
}

type periodUnit struct {
	unit string // "year", "month", "day": labels period.UNIT and every.UNIT
	n    int
}

// periodUnits lists p's non-zero units, largest first.
func periodUnits(p charter.Period) []periodUnit {
	var us []periodUnit
	for _, u := range []periodUnit{{"year", p.Years}, {"month", p.Months}, {"day", p.Days}} {
		if u.n > 0 {
			us = append(us, u)
		}
	}
	return us
}

// collate compares two names as a reader of English or French expects in a list: without regard
// to case or accents (« Émirats » sorts with E), then exactly, so that the order is total.
func collate(a, b string) int {
	return cmp.Or(strings.Compare(sortKey(a), sortKey(b)), strings.Compare(a, b))
}

// sortKey folds a name for collate: lower case, accents removed.
func sortKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
