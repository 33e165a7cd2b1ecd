package charter

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/peaceboard/peaceboard/money"
)

// slug is the shape of every caller-chosen identifier: a fund, an account, a rules file.
var slug = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// IsSlug reports whether s is a valid identifier: lower-case letters, digits and dashes.
func IsSlug(s string) bool { return slug.MatchString(s) }

// loader walks a decoded TOML document, converting keys and collecting every problem.
type loader struct {
	doc      map[string]any
	lines    map[string]int
	used     map[string]bool
	problems []Problem
}

func (l *loader) problem(key, format string, args ...any) {
	line := l.line(key)
	if key == "" {
		key = `""` // TOML allows an empty quoted key
	}
	l.problems = append(l.problems, Problem{Key: key, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// line returns the line of key, or of its nearest parent the file names.
func (l *loader) line(key string) int {
	for k := key; k != ""; {
		if n, ok := l.lines[k]; ok {
			return n
		}
		i := strings.LastIndexAny(k, ".[")
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 0
}

// lookup finds a dotted key ("removal.veto_window", "funds[1].id") in doc.
func lookup(doc map[string]any, key string) (any, bool) {
	var cur any = doc
	for part := range strings.SplitSeq(key, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		name, index, indexed := strings.Cut(strings.TrimSuffix(part, "]"), "[")
		if cur, ok = m[name]; !ok {
			return nil, false
		}
		if indexed {
			i, err := strconv.Atoi(index)
			list, isList := tableList(cur)
			if err != nil || !isList || i < 0 || i >= len(list) {
				return nil, false
			}
			cur = list[i]
		}
	}
	return cur, true
}

// param reads key with conv into dst. An absent key keeps dst's value (taken from the base rules)
// unless required.
func param[T any](l *loader, key string, dst *T, required bool, conv func(any) (T, error)) {
	v, ok := lookup(l.doc, key)
	if !ok {
		if required {
			l.problem(key, "missing")
		}
		return
	}
	l.used[key] = true
	t, err := conv(v)
	if err != nil {
		l.problem(key, "%v", err)
		return
	}
	*dst = t
}

func asString(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("want a string, got %s", tomlType(v))
	}
	return s, nil
}

func oneOf[T ~string](allowed ...T) func(any) (T, error) {
	return func(v any) (T, error) {
		s, err := asString(v)
		if err != nil {
			return "", err
		}
		if !slices.Contains(allowed, T(s)) {
			q := make([]string, len(allowed))
			for i, a := range allowed {
				q[i] = strconv.Quote(string(a))
			}
			return "", fmt.Errorf("%q is not one of %s", s, strings.Join(q, ", "))
		}
		return T(s), nil
	}
}

func asNonEmpty(v any) (string, error) {
	s, err := asString(v)
	if err == nil && strings.TrimSpace(s) == "" {
		err = errors.New("must not be empty")
	}
	return s, err
}

func asSlug(v any) (string, error) {
	s, err := asString(v)
	if err == nil && !IsSlug(s) {
		err = fmt.Errorf("%q is not an identifier (lower-case letters, digits, dashes)", s)
	}
	return s, err
}

func asPeriod(v any) (Period, error) {
	s, err := asString(v)
	if err != nil {
		return Period{}, err
	}
	return ParsePeriod(s)
}

func asLength(v any) (Period, error) {
	p, err := asPeriod(v)
	if err == nil && p.IsZero() {
		err = errors.New("must be longer than 0d")
	}
	return p, err
}

func asFraction(v any) (Fraction, error) {
	s, err := asString(v)
	if err != nil {
		return Fraction{}, err
	}
	return ParseFraction(s)
}

func asMoney(v any) (money.Amount, error) {
	s, err := asString(v)
	if err != nil {
		return money.Amount{}, err
	}
	return money.Parse(s)
}

func asStateCodes(v any) (StateCodes, error) {
	s, err := asString(v)
	if err != nil {
		return StateCodes{}, err
	}
	return LoadStateCodes(s)
}

// asCap reads a cap on US dollar values: a positive amount in US dollars.
func asCap(v any) (money.Amount, error) {
	a, err := asMoney(v)
	if err == nil && (a.Currency != "USD" || a.Minor <= 0) {
		err = fmt.Errorf("%s: want a positive amount in US dollars", a)
	}
	return a, err
}

func asCount(v any) (int, error) {
	n, ok := v.(int64)
	if !ok {
		return 0, fmt.Errorf("want a whole number, got %s", tomlType(v))
	}
	if n < 1 || n > 1000 {
		return 0, fmt.Errorf("%d is out of range (1 to 1000)", n)
	}
	return int(n), nil
}

// asDate accepts a TOML date (2026-01-22) or a string "2026-01-22".
func asDate(v any) (time.Time, error) {
	switch d := v.(type) {
	case time.Time:
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), nil
	case string:
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", d)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("want a date, got %s", tomlType(v))
}

func noneOr(conv func(any) error) func(any) (string, error) {
	return func(v any) (string, error) {
		s, err := asString(v)
		if err != nil || s == "none" {
			return s, err
		}
		if err := conv(s); err != nil {
			return "", fmt.Errorf("want \"none\" or %v", err)
		}
		return s, nil
	}
}

func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "a number"
	case float64:
		return "a decimal number"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

func parse(name, text string, base *Rules) (*Rules, error) {
	var doc map[string]any
	if _, err := toml.Decode(text, &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			// The decoder counts a newline it stops at as the next line; the offset does not.
			line := pe.Position.Line
			if start := pe.Position.Start; start >= 0 && start <= len(text) {
				line = 1 + strings.Count(text[:start], "\n")
			}
			return nil, &Problems{File: name, List: []Problem{{Key: "syntax", Line: line, Msg: pe.Message}}}
		}
		return nil, &Problems{File: name, List: []Problem{{Key: "syntax", Msg: err.Error()}}}
	}
	l := &loader{doc: doc, lines: keyLines(text), used: map[string]bool{}}
	r := new(Rules)
	req := base == nil
	if base != nil {
		// Parameters default to the base rules; identity, offices, funds and mandates do not,
		// nor the bounds added after records were first made (the list of State codes, the cap
		// per act): a rules file that names none was written before them, its records were
		// decided without them, and they must verify as they were decided.
		*r = *base
		r.ID, r.Version, r.EffectiveFrom, r.Source = "", "", time.Time{}, ""
		r.Organization, r.Funds, r.Accounts, r.Mandates, r.Organizations = Organization{}, nil, nil, nil, nil
		r.States = States{}
		r.Treasury = Treasury{}
		r.Controls.DisbursementApprovals = slices.Clone(base.Controls.DisbursementApprovals)
	}
	r.Source = text

	param(l, "id", &r.ID, true, asSlug)
	param(l, "version", &r.Version, true, asNonEmpty)
	param(l, "effective_from", &r.EffectiveFrom, true, asDate)
	l.organization(r)

	param(l, "membership.starts", &r.Membership.Starts, req, oneOf("max(consent, entry_into_force)"))
	param(l, "membership.term", &r.Membership.Term, req, asLength)
	param(l, "membership.term_from", &r.Membership.TermFrom, req, oneOf(TermFromEntryIntoForce, TermFromJoining))
	param(l, "renewal.length", &r.Renewal.Length, req, asLength)
	param(l, "permanent_seat.threshold", &r.PermanentSeat.Threshold, req, asMoney)
	param(l, "permanent_seat.comparison", &r.PermanentSeat.Comparison, req, oneOf(MoreThan, AtLeast))
	param(l, "permanent_seat.window", &r.PermanentSeat.Window, req, asLength)
	param(l, "permanent_seat.counts", &r.PermanentSeat.Counts, req, oneOf("cash-received"))
	param(l, "withdrawal.notice", &r.Withdrawal.Notice, req, asPeriod)
	param(l, "removal.veto_fraction", &r.Removal.VetoFraction, req, asFraction)
	param(l, "removal.veto_base", &r.Removal.VetoBase, req, oneOf("members-excluding-subject"))
	param(l, "removal.veto_window", &r.Removal.VetoWindow, req, asLength)
	param(l, "entry_into_force.consents", &r.EntryIntoForce.Consents, req, asCount)
	param(l, "subsidiaries.created_by", &r.Subsidiaries.CreatedBy, req, oneOf("chairman"))
	param(l, "executive_board.term", &r.ExecutiveBoard.Term, req, asLength)
	param(l, "executive_board.vote", &r.ExecutiveBoard.Vote, req, oneOf("majority", "unanimity"))
	param(l, "meetings.voting.min_per", &r.Meetings.VotingMinPer, req, asLength)
	param(l, "meetings.reporting.min_per", &r.Meetings.ReportingMinPer, req, asLength)
	param(l, "agenda.comment_period", &r.Agenda.CommentPeriod, req, asPeriod)
	param(l, "decisions.quorum", &r.Decisions.Quorum, req, noneOr(func(v any) error { _, err := asFraction(v); return err }))
	param(l, "decisions.approval_deadline", &r.Decisions.ApprovalDeadline, req, noneOr(func(v any) error { _, err := asLength(v); return err }))
	param(l, "decisions.approval_default", &r.Decisions.ApprovalDefault, req, oneOf("pending", "approved", "not-approved"))
	param(l, "controls.disbursement_approvals", &r.Controls.DisbursementApprovals, req, l.tiers)
	param(l, "treasury.max_per_act", &r.Treasury.MaxPerAct, req, asCap)
	param(l, "amendments.rule", &r.Amendments.Rule, req, oneOf("unknown"))
	param(l, "dissolution.by", &r.Dissolution.By, req, oneOf("unknown", "chairman"))
	param(l, "states.codes", &r.States.Codes, req, asStateCodes)

	r.Funds = tables(l, "funds", func(key string, t map[string]any) Fund {
		var f Fund
		param(l, key+".id", &f.ID, true, asSlug)
		param(l, key+".name", &f.Name, true, asNonEmpty)
		param(l, key+".purpose", &f.Purpose, false, asString)
		f.Translations = l.translations(r, key, "name", "purpose")
		return f
	})
	r.Accounts = tables(l, "accounts", func(key string, t map[string]any) Account {
		var a Account
		param(l, key+".id", &a.ID, true, asSlug)
		param(l, key+".institution", &a.Institution, true, asNonEmpty)
		param(l, key+".currency", &a.Currency, true, func(v any) (money.Currency, error) {
			s, err := asString(v)
			if _, ok := money.MinorUnits(money.Currency(s)); err == nil && !ok {
				err = fmt.Errorf("unknown currency %q", s)
			}
			return money.Currency(s), err
		})
		a.Translations = l.translations(r, key, "institution")
		return a
	})
	r.Mandates = tables(l, "mandates", func(key string, t map[string]any) Mandate {
		var m Mandate
		param(l, key+".id", &m.ID, true, asSlug)
		param(l, key+".name", &m.Name, true, asNonEmpty)
		param(l, key+".from", &m.From, true, asDate)
		param(l, key+".until", &m.Until, true, asDate)
		param(l, key+".report_every", &m.ReportEvery, true, asLength)
		m.Translations = l.translations(r, key, "name")
		if !m.From.IsZero() && !m.Until.IsZero() && !m.From.Before(m.Until) {
			l.problem(key+".until", "must be after from (%s)", m.From.Format(time.DateOnly))
		}
		return m
	})
	r.Organizations = tables(l, "organizations", func(key string, t map[string]any) Org {
		var o Org
		param(l, key+".id", &o.ID, true, asSlug)
		param(l, key+".name", &o.Name, true, asNonEmpty)
		o.Translations = l.translations(r, key, "name")
		return o
	})
	uniqueIDs(l, "funds", r.Funds, func(f Fund) string { return f.ID })
	uniqueIDs(l, "organizations", r.Organizations, func(o Org) string { return o.ID })
	uniqueIDs(l, "accounts", r.Accounts, func(a Account) string { return a.ID })
	uniqueIDs(l, "mandates", r.Mandates, func(m Mandate) string { return m.ID })

	l.unknown("", doc)
	if len(l.problems) > 0 {
		slices.SortStableFunc(l.problems, func(a, b Problem) int { return a.Line - b.Line })
		return nil, &Problems{File: name, List: l.problems}
	}
	return r, nil
}

func (l *loader) organization(r *Rules) {
	param(l, "organization.languages", &r.Organization.Languages, true, func(v any) ([]string, error) {
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return nil, errors.New("want a non-empty array of language codes, like [\"en\", \"fr\"]")
		}
		var langs []string
		for _, x := range list {
			s, ok := x.(string)
			if !ok || len(s) != 2 || strings.ToLower(s) != s {
				return nil, fmt.Errorf("%v is not a two-letter language code", x)
			}
			langs = append(langs, s)
		}
		return langs, nil
	})
	r.Organization.Name = map[string]string{}
	for _, lang := range r.Organization.Languages {
		var n string
		param(l, "organization.name."+lang, &n, true, asNonEmpty)
		r.Organization.Name[lang] = n
	}
	param(l, "organization.chairman", &r.Organization.Chairman, true, asNonEmpty)
	param(l, "organization.iati_ref", &r.Organization.IATIRef, false, asIATIRef)
}

// asIATIRef reads an IATI organisation identifier: a registration agency's code, a hyphen, and
// the number that agency gave. IATI builds activity identifiers by appending to it, and its
// rules forbid spaces and the characters /, ?, # and & that break the URLs and file names
// readers make of them, so only letters, digits, '-', '.' and '_' are taken.
func asIATIRef(v any) (string, error) {
	s, err := asString(v)
	if err != nil {
		return "", err
	}
	agency, number, ok := strings.Cut(s, "-")
	if !ok || agency == "" || number == "" || strings.HasSuffix(number, "-") {
		return "", fmt.Errorf("%q is not an IATI organisation identifier: want AGENCY-NUMBER, like \"XI-IATI-EXAMPLE\"", s)
	}
	for _, c := range s {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_') {
			return "", fmt.Errorf("%q: an IATI organisation identifier holds letters, digits, '-', '.' and '_' only, not %q", s, c)
		}
	}
	return s, nil
}

// translations reads the optional translations of the texts keys of the table at key: name_fr
// for name, in each official language of the organization but the first, in which the file is
// written. Read after the organization, whose languages they follow.
func (l *loader) translations(r *Rules, key string, keys ...string) Translations {
	var t Translations
	for _, k := range keys {
		for _, lang := range r.Organization.Languages[min(1, len(r.Organization.Languages)):] {
			var s string
			param(l, key+"."+k+"_"+lang, &s, false, asNonEmpty)
			if s == "" {
				continue
			}
			if t == nil {
				t = Translations{}
			}
			if t[k] == nil {
				t[k] = map[string]string{}
			}
			t[k][lang] = s
		}
	}
	return t
}

// tiers reads controls.disbursement_approvals: thresholds in one currency, ascending.
func (l *loader) tiers(v any) ([]ApprovalTier, error) {
	list, ok := tableList(v)
	if !ok {
		return nil, fmt.Errorf("want an array of {above, approvals} tables, got %s", tomlType(v))
	}
	if len(list) == 0 {
		return nil, errors.New("must name at least one tier")
	}
	var out []ApprovalTier
	for i, m := range list {
		var t ApprovalTier
		for k, x := range m {
			var err error
			switch k {
			case "above":
				t.Above, err = asMoney(x)
			case "approvals":
				t.Approvals, err = asCount(x)
			default:
				err = fmt.Errorf("unknown key %q", k)
			}
			if err != nil {
				return nil, fmt.Errorf("tier %d: %v", i+1, err)
			}
		}
		if t.Above.IsZero() || t.Approvals == 0 {
			return nil, fmt.Errorf("tier %d: needs both above and approvals", i+1)
		}
		if i > 0 {
			prev := out[i-1]
			if c, err := prev.Above.Cmp(t.Above); err != nil || c >= 0 {
				return nil, fmt.Errorf("tier %d: thresholds must be in one currency and ascending", i+1)
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// tableList returns v as a list of tables, whether written [[inline]] or as [{...}, {...}].
func tableList(v any) ([]map[string]any, bool) {
	switch list := v.(type) {
	case []map[string]any:
		return list, true
	case []any:
		out := make([]map[string]any, len(list))
		for i, x := range list {
			m, ok := x.(map[string]any)
			if !ok {
				return nil, false
			}
			out[i] = m
		}
		return out, true
	}
	return nil, false
}

// tables reads an array of tables ([[funds]]) with read, one element at a time.
func tables[T any](l *loader, key string, read func(key string, t map[string]any) T) []T {
	v, ok := l.doc[key]
	if !ok {
		return nil
	}
	l.used[key] = true
	list, ok := tableList(v)
	if !ok {
		l.problem(key, "want an array of tables ([[%s]]), got %s", key, tomlType(v))
		return nil
	}
	var out []T
	for i, t := range list {
		k := fmt.Sprintf("%s[%d]", key, i)
		out = append(out, read(k, t))
		for f := range t {
			if !l.used[k+"."+f] {
				l.problem(k+"."+f, "unknown key")
			}
		}
	}
	return out
}

func uniqueIDs[T any](l *loader, key string, list []T, id func(T) string) {
	seen := map[string]bool{}
	for i, x := range list {
		if k := id(x); k != "" && seen[k] {
			l.problem(fmt.Sprintf("%s[%d].id", key, i), "%q is declared twice", k)
		} else {
			seen[k] = true
		}
	}
}

// unknown reports every key of doc that no parameter read.
func (l *loader) unknown(prefix string, doc map[string]any) {
	for _, k := range slices.Sorted(maps.Keys(doc)) {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		if l.used[key] {
			continue
		}
		if sub, ok := doc[k].(map[string]any); ok {
			l.unknown(key, sub)
			continue
		}
		l.problem(key, "unknown key")
	}
}

// keyLines maps each key of a TOML text to the line that sets it. It understands what rules files
// use: [tables], [[arrays of tables]] and key = value lines, with dotted keys.
func keyLines(text string) map[string]int {
	lines := map[string]int{}
	counts := map[string]int{}
	prefix := ""
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "[["):
			name, _, _ := strings.Cut(strings.TrimPrefix(line, "[["), "]]")
			name = strings.TrimSpace(name)
			prefix = fmt.Sprintf("%s[%d]", name, counts[name])
			counts[name]++
			if _, ok := lines[name]; !ok {
				lines[name] = n + 1
			}
			lines[prefix] = n + 1
		case strings.HasPrefix(line, "["):
			name, _, _ := strings.Cut(strings.TrimPrefix(line, "["), "]")
			prefix = strings.TrimSpace(name)
			lines[prefix] = n + 1
		default:
			k, _, ok := strings.Cut(line, "=")
			k = strings.TrimSpace(k)
			if !ok || k == "" || strings.ContainsAny(k, "\"'{#") {
				continue
			}
			if prefix != "" {
				k = prefix + "." + k
			}
			lines[k] = n + 1
		}
	}
	return lines
}
