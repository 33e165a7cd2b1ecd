package charter_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

func period(s string) charter.Period {
	p, err := charter.ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

func fraction(s string) charter.Fraction {
	f, err := charter.ParseFraction(s)
	if err != nil {
		panic(err)
	}
	return f
}

func amount(s string) money.Amount {
	a, err := money.Parse(s)
	if err != nil {
		panic(err)
	}
	return a
}

// parameters is every parameter of SPEC §2 with its Board of Peace default, and where Rules keeps
// it.
var parameters = []struct {
	key  string
	want any
	got  func(*charter.Rules) any
}{
	{"membership.starts", "max(consent, entry_into_force)", func(r *charter.Rules) any { return r.Membership.Starts }},      // R2
	{"membership.term", period("3y"), func(r *charter.Rules) any { return r.Membership.Term }},                              // R4
	{"membership.term_from", charter.TermFromEntryIntoForce, func(r *charter.Rules) any { return r.Membership.TermFrom }},   // R4
	{"renewal.length", period("3y"), func(r *charter.Rules) any { return r.Renewal.Length }},                                // R4
	{"permanent_seat.threshold", amount("USD 1000000000"), func(r *charter.Rules) any { return r.PermanentSeat.Threshold }}, // R5
	{"permanent_seat.comparison", charter.MoreThan, func(r *charter.Rules) any { return r.PermanentSeat.Comparison }},       // R5
	{"permanent_seat.window", period("1y"), func(r *charter.Rules) any { return r.PermanentSeat.Window }},                   // R5
	{"permanent_seat.counts", "cash-received", func(r *charter.Rules) any { return r.PermanentSeat.Counts }},                // R5
	{"withdrawal.notice", period("0d"), func(r *charter.Rules) any { return r.Withdrawal.Notice }},                          // R6
	{"removal.veto_fraction", fraction("2/3"), func(r *charter.Rules) any { return r.Removal.VetoFraction }},                // R7
	{"removal.veto_base", "members-excluding-subject", func(r *charter.Rules) any { return r.Removal.VetoBase }},            // R7
	{"removal.veto_window", period("30d"), func(r *charter.Rules) any { return r.Removal.VetoWindow }},                      // R7
	{"entry_into_force.consents", 3, func(r *charter.Rules) any { return r.EntryIntoForce.Consents }},                       // R8
	{"subsidiaries.created_by", "chairman", func(r *charter.Rules) any { return r.Subsidiaries.CreatedBy }},                 // R9, R14
	{"meetings.voting.min_per", period("1y"), func(r *charter.Rules) any { return r.Meetings.VotingMinPer }},                // R10
	{"agenda.comment_period", period("7d"), func(r *charter.Rules) any { return r.Agenda.CommentPeriod }},                   // R10
	{"decisions.quorum", "none", func(r *charter.Rules) any { return r.Decisions.Quorum }},                                  // R11
	{"decisions.approval_deadline", "none", func(r *charter.Rules) any { return r.Decisions.ApprovalDeadline }},             // R11
	{"decisions.approval_default", "pending", func(r *charter.Rules) any { return r.Decisions.ApprovalDefault }},            // R11
	{"meetings.reporting.min_per", period("3mo"), func(r *charter.Rules) any { return r.Meetings.ReportingMinPer }},         // R12
	{"executive_board.term", period("2y"), func(r *charter.Rules) any { return r.ExecutiveBoard.Term }},                     // R17
	{"executive_board.vote", "majority", func(r *charter.Rules) any { return r.ExecutiveBoard.Vote }},                       // R17
	{"controls.disbursement_approvals", []charter.ApprovalTier{ // R18
		{Above: amount("USD 0"), Approvals: 1},
		{Above: amount("USD 10000000"), Approvals: 2},
	}, func(r *charter.Rules) any { return r.Controls.DisbursementApprovals }},
	{"amendments.rule", "unknown", func(r *charter.Rules) any { return r.Amendments.Rule }}, // R20
	{"dissolution.by", "unknown", func(r *charter.Rules) any { return r.Dissolution.By }},   // R20
}

func TestDefault(t *testing.T) {
	r := charter.Default()
	if r.ID != charter.DefaultID || r.Version == "" {
		t.Errorf("id %q version %q, want %q and a version", r.ID, r.Version, charter.DefaultID)
	}
	if want := time.Date(2026, 1, 22, 0, 0, 0, 0, time.UTC); !r.EffectiveFrom.Equal(want) {
		t.Errorf("effective_from = %s, want %s", r.EffectiveFrom, want)
	}
	if got := r.Name("en"); got != "Board of Peace" {
		t.Errorf("name en = %q, want Board of Peace", got)
	}
	if got := r.Name("fr"); got != "Conseil de la paix" {
		t.Errorf("name fr = %q, want Conseil de la paix", got)
	}
	if got := r.Organization.Chairman; got != "Donald J. Trump" {
		t.Errorf("chairman = %q, want Donald J. Trump", got)
	}
	if !reflect.DeepEqual(r.Organization.Languages, []string{"en", "fr"}) {
		t.Errorf("languages = %v, want [en fr]", r.Organization.Languages)
	}
	for _, f := range []string{"general", "gaza-reconstruction"} {
		if !r.HasFund(f) {
			t.Errorf("fund %s missing", f)
		}
	}
	if len(r.Accounts) != 1 || r.Accounts[0].ID != "main" || r.Accounts[0].Currency != "USD" {
		t.Errorf("accounts = %+v, want one USD account main", r.Accounts)
	}
	if len(r.Mandates) != 1 || r.Mandates[0].ID != "unsc-2803" || r.Mandates[0].ReportEvery != period("6mo") ||
		!r.Mandates[0].Until.Equal(time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("mandates = %+v, want unsc-2803 until 2027-12-31, a report every 6mo", r.Mandates)
	}
	if r.Source == "" {
		t.Error("Source is empty")
	}
}

// TestDefaultParameters checks every parameter of SPEC §2 against its stated default, and that
// the embedded file writes each one out rather than leaving it to code.
func TestDefaultParameters(t *testing.T) {
	r := charter.Default()
	for _, p := range parameters {
		t.Run(p.key, func(t *testing.T) {
			if got := p.got(r); !reflect.DeepEqual(got, p.want) {
				t.Errorf("%s = %v, want %v", p.key, got, p.want)
			}
			table, name := p.key[:strings.LastIndex(p.key, ".")], p.key[strings.LastIndex(p.key, ".")+1:]
			if !strings.Contains(r.Source, "["+table+"]") || !strings.Contains(r.Source, "\n"+name+" = ") {
				t.Errorf("the embedded rules file does not set %s", p.key)
			}
		})
	}
}

// TestParametersTableComplete: every parameter the embedded file sets is in the table above, so a
// new parameter cannot go untested.
func TestParametersTableComplete(t *testing.T) {
	inTable := map[string]bool{}
	for _, p := range parameters {
		inTable[p.key] = true
	}
	table := ""
	for line := range strings.SplitSeq(charter.Default().Source, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "[["):
			table = "" // funds, accounts, mandates: not parameters
		case strings.HasPrefix(line, "["):
			table, _, _ = strings.Cut(strings.TrimPrefix(line, "["), "]")
			if table == "organization" || table == "states" || table == "treasury" { // never default: TestCapPerActNeverDefaults, states_test.go
				table = ""
			}
		case table != "" && strings.Contains(line, " = ") && !strings.HasPrefix(line, "{"):
			key := table + "." + strings.TrimSpace(line[:strings.Index(line, " = ")])
			if !inTable[key] {
				t.Errorf("parameter %s is not in the test's table", key)
			}
		}
	}
}

// minimal is a rules file with only what never defaults: identity and organization.
const minimal = `id = "small"
version = "2"
effective_from = 2030-05-01

[organization]
name.en = "Small Coalition"
languages = ["en"]
chairman = "A. Chair"
`

// TestCapPerActNeverDefaults (R18): the default sets a cap per act; a rules file that names
// none has none, rather than the default's, so that a record made before the cap existed (its
// rules text names none) verifies as it was decided; a file may set its own.
func TestCapPerActNeverDefaults(t *testing.T) {
	if got, want := charter.Default().Treasury.MaxPerAct, amount("USD 10000000000000"); got != want {
		t.Errorf("default treasury.max_per_act = %v, want %v", got, want)
	}
	r, err := charter.Parse("small.toml", minimal)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Treasury.MaxPerAct; got.Minor != 0 {
		t.Errorf("treasury.max_per_act of a file that names none = %v, want none (no cap)", got)
	}
	if strings.Contains(r.Format(), "max_per_act") {
		t.Errorf("the effective rules of a file without a cap print one:\n%s", r.Format())
	}
	r, err = charter.Parse("small.toml", minimal+"\n[treasury]\nmax_per_act = \"USD 1000\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Treasury.MaxPerAct, amount("USD 1000"); got != want {
		t.Errorf("treasury.max_per_act = %v, want the file's %v", got, want)
	}
}

func TestParseDefaultsToBoardOfPeace(t *testing.T) {
	r, err := charter.Parse("small.toml", minimal)
	if err != nil {
		t.Fatal(err)
	}
	def := charter.Default()
	for _, p := range parameters {
		if got, want := p.got(r), p.got(def); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want the Board of Peace value %v", p.key, got, want)
		}
	}
	if r.ID != "small" || r.Version != "2" || r.Organization.Chairman != "A. Chair" || r.Name("fr") != "Small Coalition" {
		t.Errorf("identity = %q %q %q %q, want the file's", r.ID, r.Version, r.Organization.Chairman, r.Name("fr"))
	}
	if len(r.Funds) != 0 || len(r.Accounts) != 0 || len(r.Mandates) != 0 {
		t.Errorf("funds %v, accounts %v, mandates %v: want none (they never default)", r.Funds, r.Accounts, r.Mandates)
	}
	if r.Source != minimal {
		t.Error("Source is not the text parsed")
	}

	// Changing a parsed file's parameters must not reach the default.
	r.Controls.DisbursementApprovals[0].Approvals = 99
	if charter.Default().Controls.DisbursementApprovals[0].Approvals == 99 {
		t.Error("rules share the default's controls")
	}
}

func TestParseRequiresIdentity(t *testing.T) {
	_, err := charter.Parse("empty.toml", "")
	var ps *charter.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v, want *Problems", err)
	}
	var keys []string
	for _, p := range ps.List {
		keys = append(keys, p.Key)
	}
	want := []string{"id", "version", "effective_from", "organization.languages", "organization.chairman"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("problems on %v, want %v", keys, want)
	}
}

// TestParseReportsEveryProblem: a file with four mistakes gets four problems, each with its key
// and line, in line order.
func TestParseReportsEveryProblem(t *testing.T) {
	text := minimal + `
[membership]
term = "1w"

[removal]
veto_fraction = "3/2"
colour = "blue"

[entry_into_force]
consents = "three"
`
	// Lines: 11 term, 14 veto_fraction, 15 colour, 18 consents.
	_, err := charter.Parse("bad.toml", text)
	var ps *charter.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v, want *Problems", err)
	}
	want := []struct {
		key  string
		line int
		msg  string
	}{
		{"membership.term", 11, "unknown unit"},
		{"removal.veto_fraction", 14, "0 < n <= d"},
		{"removal.colour", 15, "unknown key"},
		{"entry_into_force.consents", 18, "want a whole number"},
	}
	if len(ps.List) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(ps.List), len(want), err)
	}
	for i, w := range want {
		p := ps.List[i]
		if p.Key != w.key || p.Line != w.line || !strings.Contains(p.Msg, w.msg) {
			t.Errorf("problem %d = %s, want line %d: %s: …%s…", i+1, p, w.line, w.key, w.msg)
		}
	}
	if ps.File != "bad.toml" || !strings.HasPrefix(err.Error(), "bad.toml: 4 problems\n") ||
		!strings.Contains(err.Error(), "line 18: entry_into_force.consents: ") {
		t.Errorf("error text:\n%v", err)
	}
}

func TestParseProblems(t *testing.T) {
	for _, c := range []struct {
		name, add string
		key       string
		line      int // in minimal + add; minimal has 8 lines and add starts on line 9
		msg       string
	}{
		{"unknown key in a table", "colour = \"blue\"\n", "organization.colour", 9, "unknown key"},
		{"unknown table", "[treasury]\nbudget = 3\n", "treasury.budget", 10, "unknown key"},
		{"unknown nested key", "[meetings.voting]\nmin_per = \"1y\"\nplace = \"Davos\"\n", "meetings.voting.place", 11, "unknown key"},
		{"unknown fund key", "[[funds]]\nid = \"general\"\nname = \"General\"\nowner = \"x\"\n", "funds[0].owner", 12, "unknown key"},
		{"fund without name", "[[funds]]\nid = \"general\"\n", "funds[0].name", 9, "missing"},
		{"fund id not a slug", "[[funds]]\nid = \"General Fund\"\nname = \"General\"\n", "funds[0].id", 10, "not an identifier"},
		{"fund declared twice", "[[funds]]\nid = \"general\"\nname = \"A\"\n[[funds]]\nid = \"general\"\nname = \"B\"\n", "funds[1].id", 13, "declared twice"},
		{"unknown currency", "[[accounts]]\nid = \"main\"\ninstitution = \"Bank\"\ncurrency = \"XYZ\"\n", "accounts[0].currency", 12, "unknown currency"},
		{"mandate ends before it starts", "[[mandates]]\nid = \"m\"\nname = \"M\"\nfrom = 2027-01-01\nuntil = 2026-01-01\nreport_every = \"6mo\"\n", "mandates[0].until", 13, "must be after from"},
		{"zero term", "[membership]\nterm = \"0d\"\n", "membership.term", 10, "longer than 0d"},
		{"negative notice", "[withdrawal]\nnotice = \"-1d\"\n", "withdrawal.notice", 10, "want a whole number"},
		{"bad money", "[permanent_seat]\nthreshold = \"USD 1,000,000,000\"\n", "permanent_seat.threshold", 10, "not a plain non-negative decimal"},
		{"bad choice", "[permanent_seat]\ncomparison = \"at least\"\n", "permanent_seat.comparison", 10, `"at least" is not one of "more-than", "at-least"`},
		{"consents out of range", "[entry_into_force]\nconsents = 0\n", "entry_into_force.consents", 10, "out of range"},
		{"tiers descending", "[controls]\ndisbursement_approvals = [{ above = \"USD 10\", approvals = 2 }, { above = \"USD 1\", approvals = 1 }]\n", "controls.disbursement_approvals", 10, "ascending"},
		{"a cap per act in euros", "[treasury]\nmax_per_act = \"EUR 10\"\n", "treasury.max_per_act", 10, "US dollars"},
		{"a cap per act of zero", "[treasury]\nmax_per_act = \"USD 0\"\n", "treasury.max_per_act", 10, "positive"},
		{"tiers in two currencies", "[controls]\ndisbursement_approvals = [{ above = \"USD 0\", approvals = 1 }, { above = \"EUR 10\", approvals = 2 }]\n", "controls.disbursement_approvals", 10, "one currency"},
		{"quorum not a fraction", "[decisions]\nquorum = \"half\"\n", "decisions.quorum", 10, `want "none" or`},
		{"amendments rule", "[amendments]\nrule = \"two-thirds\"\n", "amendments.rule", 10, "is not one of"},
		{"unknown list of State codes", "[states]\ncodes = \"iso3166-1-1999\"\n", "states.codes", 10, `no list of State codes named "iso3166-1-1999"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := charter.Parse("x.toml", minimal+c.add)
			var ps *charter.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v, want *Problems", err)
			}
			if len(ps.List) != 1 {
				t.Fatalf("%d problems, want 1:\n%v", len(ps.List), err)
			}
			if p := ps.List[0]; p.Key != c.key || p.Line != c.line || !strings.Contains(p.Msg, c.msg) {
				t.Errorf("got %s, want line %d: %s: …%s…", p, c.line, c.key, c.msg)
			}
		})
	}
}

func TestParseUnknownTopLevelKey(t *testing.T) {
	_, err := charter.Parse("x.toml", "colour = \"blue\"\n"+minimal)
	var ps *charter.Problems
	if !errors.As(err, &ps) || len(ps.List) != 1 {
		t.Fatalf("err = %v, want one problem", err)
	}
	if p := ps.List[0]; p.Key != "colour" || p.Line != 1 || p.Msg != "unknown key" {
		t.Errorf("got %s, want line 1: colour: unknown key", p)
	}
}

// TestParseSyntaxError: a TOML syntax error is one problem at the line of the mistake.
func TestParseSyntaxError(t *testing.T) {
	for _, c := range []struct {
		name, add string
		line      int
	}{
		{"unterminated table name", "[removal\nveto_fraction = \"2/3\"\n", 9},
		{"unquoted fraction", "[removal]\nveto_fraction = 2/3\n", 10},
		{"newline in a string", "[removal]\nveto_window = \"30d\nveto_base = \"x\"\n", 10},
		{"key set twice", "[removal]\nveto_window = \"30d\"\nveto_window = \"14d\"\n", 11},
		{"unterminated table name at the end", "[removal", 9},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := charter.Parse("x.toml", minimal+c.add)
			var ps *charter.Problems
			if !errors.As(err, &ps) || len(ps.List) != 1 {
				t.Fatalf("err = %v, want one problem", err)
			}
			if p := ps.List[0]; p.Key != "syntax" || p.Line != c.line {
				t.Errorf("got %s, want line %d: syntax: …", p, c.line)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		in   string
		want charter.Period
		ok   bool
	}{
		{"0d", charter.Period{}, true},
		{"1d", charter.Period{Days: 1}, true},
		{"30d", charter.Period{Days: 30}, true},
		{"3mo", charter.Period{Months: 3}, true},
		{"6mo", charter.Period{Months: 6}, true},
		{"1y", charter.Period{Years: 1}, true},
		{"10000d", charter.Period{Days: 10000}, true},
		{"10001d", charter.Period{}, false},
		{"99999999999999999999d", charter.Period{}, false},
		{"1w", charter.Period{}, false},
		{"1m", charter.Period{}, false}, // ambiguous: minutes or months
		{"1Y", charter.Period{}, false},
		{"-1d", charter.Period{}, false},
		{"+1d", charter.Period{}, false},
		{"1 d", charter.Period{}, false},
		{"1y6mo", charter.Period{}, false},
		{"d", charter.Period{}, false},
		{"30", charter.Period{}, false},
		{"", charter.Period{}, false},
	} {
		got, err := charter.ParsePeriod(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %v, ok %v", c.in, got, err, c.want, c.ok)
		}
		if err == nil {
			if again, err := charter.ParsePeriod(got.String()); err != nil || again != got {
				t.Errorf("ParsePeriod(%q.String() = %q) = %v, %v", c.in, got.String(), again, err)
			}
		}
	}
}

// TestPeriodAfter: calendar units follow the calendar (time.AddDate), so a windows's end is the
// same day one period later.
func TestPeriodAfter(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	for _, c := range []struct {
		p        string
		from, to string
	}{
		{"1y", "2026-01-22", "2027-01-22"},
		{"3y", "2026-01-22", "2029-01-22"},
		{"30d", "2026-02-01", "2026-03-03"},
		{"3mo", "2026-01-22", "2026-04-22"},
		{"0d", "2026-01-22", "2026-01-22"},
		{"1y", "2028-02-29", "2029-03-01"},
	} {
		if got := period(c.p).After(d(c.from)); !got.Equal(d(c.to)) {
			t.Errorf("%s after %s = %s, want %s", c.p, c.from, got.Format(time.DateOnly), c.to)
		}
	}
}

func TestParseFraction(t *testing.T) {
	for _, c := range []struct {
		in   string
		want charter.Fraction
		ok   bool
	}{
		{"2/3", charter.Fraction{Num: 2, Den: 3}, true},
		{"3/5", charter.Fraction{Num: 3, Den: 5}, true},
		{"1/1", charter.Fraction{Num: 1, Den: 1}, true},
		{"1/1000", charter.Fraction{Num: 1, Den: 1000}, true},
		{"3/2", charter.Fraction{}, false},
		{"0/3", charter.Fraction{}, false},
		{"2/0", charter.Fraction{}, false},
		{"-2/3", charter.Fraction{}, false},
		{"1/1001", charter.Fraction{}, false},
		{"2 / 3", charter.Fraction{}, false},
		{"0.66", charter.Fraction{}, false},
		{"2/3/4", charter.Fraction{}, false},
		{"", charter.Fraction{}, false},
	} {
		got, err := charter.ParseFraction(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseFraction(%q) = %v, %v; want %v, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

// TestFractionOf: the R7 veto count is ceil(fraction × base); exactly two-thirds is enough.
func TestFractionOf(t *testing.T) {
	for _, c := range []struct {
		f       string
		n, want int
	}{
		{"2/3", 9, 6},
		{"2/3", 10, 7},
		{"2/3", 0, 0},
		{"2/3", 1, 1},
		{"2/3", 2, 2},
		{"2/3", 3, 2},
		{"2/3", 30, 20},
		{"3/5", 5, 3},
		{"3/5", 6, 4},
		{"1/2", 7, 4},
		{"1/1", 12, 12},
		{"2/3", -1, 0},
	} {
		if got := fraction(c.f).Of(c.n); got != c.want {
			t.Errorf("%s of %d = %d, want %d", c.f, c.n, got, c.want)
		}
	}
}

// TestTranslations: the texts of funds, accounts, mandates and organizations may be given in the
// organization's other languages (name_fr); a file without them loads as before, a language the
// organization does not speak is refused, and the effective rules keep them.
func TestTranslations(t *testing.T) {
	bilingual := strings.Replace(minimal, `languages = ["en"]`, "name.fr = \"Petite coalition\"\nlanguages = [\"en\", \"fr\"]", 1)
	text := bilingual + `
[[funds]]
id = "general"
name = "General fund"
name_fr = "Fonds général"

[[mandates]]
id = "m"
name = "A mandate"
name_fr = "Un mandat"
from = 2026-01-01
until = 2027-01-01
report_every = "6mo"

[[organizations]]
id = "fifa"
name = "FIFA"
`
	r, err := charter.Parse("fr.toml", text)
	if err != nil {
		t.Fatal(err)
	}
	f := r.Funds[0]
	if got := f.Translations.In("name", "fr", f.Name); got != "Fonds général" {
		t.Errorf("fund name in French = %q, want Fonds général", got)
	}
	if got := f.Translations.In("purpose", "fr", "none"); got != "none" {
		t.Errorf("fund purpose in French = %q, want the default given (none in the file)", got)
	}
	if got := r.Mandates[0].Translations.In("name", "fr", ""); got != "Un mandat" {
		t.Errorf("mandate name in French = %q, want Un mandat", got)
	}
	if len(r.Organizations) != 1 || r.Organizations[0].Name != "FIFA" || r.Organizations[0].Translations.In("name", "fr", "FIFA") != "FIFA" {
		t.Errorf("organizations = %+v, want FIFA, with no translation", r.Organizations)
	}
	again, err := charter.Parse("effective.toml", r.Format())
	if err != nil {
		t.Fatalf("the effective rules do not parse: %v\n%s", err, r.Format())
	}
	if !reflect.DeepEqual(again.Funds, r.Funds) || !reflect.DeepEqual(again.Mandates, r.Mandates) || !reflect.DeepEqual(again.Organizations, r.Organizations) {
		t.Errorf("the effective rules lose translations or organizations:\n%s", r.Format())
	}

	// The file speaks English and French: German is not one of its languages.
	_, err = charter.Parse("de.toml", bilingual+"\n[[funds]]\nid = \"g\"\nname = \"G\"\nname_de = \"Allgemeiner Fonds\"\n")
	var ps *charter.Problems
	if !errors.As(err, &ps) || len(ps.List) != 1 || ps.List[0].Key != "funds[0].name_de" {
		t.Errorf("name_de in a file in English and French: err = %v, want one problem on funds[0].name_de", err)
	}

	d := charter.Default()
	if got := d.Funds[0].Translations.In("name", "fr", ""); got == "" {
		t.Error("the default rules give no French name for their first fund")
	}
}
