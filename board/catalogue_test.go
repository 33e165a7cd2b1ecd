package board_test

import (
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/money"
)

// TestEveryFieldIsDescribed walks every kind of act: it has a summary, and each of its fields
// (and each field of a list's objects) a sentence of its own; and no sentence is left for a
// field that no longer exists.
func TestEveryFieldIsDescribed(t *testing.T) {
	for _, d := range board.Catalogue() {
		if d.Summary == "" {
			t.Errorf("%s has no summary in catalogue_text.go", d.Kind)
		}
		if !strings.HasSuffix(d.Summary, ".") {
			t.Errorf("%s: summary %q is not a sentence (no final period)", d.Kind, d.Summary)
		}
		paths := map[string]bool{}
		var walk func(prefix string, fields []board.FieldDescription)
		walk = func(prefix string, fields []board.FieldDescription) {
			for _, f := range fields {
				path := prefix + f.Name
				paths[path] = true
				if f.Description == "" {
					t.Errorf("%s: field %q has no description in catalogue_text.go", d.Kind, path)
				}
				if f.Items != nil && f.Items.Fields != nil {
					walk(path+".", f.Items.Fields)
				}
			}
		}
		walk("", d.Fields)
		for _, path := range board.DescribedFields(d.Kind) {
			if !paths[path] {
				t.Errorf("%s: catalogue_text.go describes field %q, which the act does not have", d.Kind, path)
			}
		}
		if got, want := fieldNames(d.Fields), board.FieldNames(d.Kind); !slices.Equal(got, want) {
			t.Errorf("%s: described fields %v, want %v", d.Kind, got, want)
		}
	}
}

func fieldNames(fields []board.FieldDescription) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.Name)
	}
	slices.Sort(out)
	return out
}

// TestDescribedShapes pins the description of fields of each type and format, so that a change
// to what clients are told shows here.
func TestDescribedShapes(t *testing.T) {
	field := func(k board.Kind, name string) board.FieldDescription {
		t.Helper()
		d, ok := board.Describe(k)
		if !ok {
			t.Fatalf("Describe(%s): unknown", k)
		}
		for _, f := range d.Fields {
			if f.Name == name {
				return f
			}
		}
		t.Fatalf("%s has no field %q", k, name)
		return board.FieldDescription{}
	}
	tests := []struct {
		kind     board.Kind
		name     string
		typeName string
		optional bool
		text     board.TextSize
		max      int
	}{
		{"invite", "state", "state", false, "", 0},
		{"invite", "head", "text", true, board.TextShort, board.LimitName},
		{"invite", "founding", "boolean", true, "", 0},
		{"vote", "choice", "yes|no|abstain", false, "", 0},
		{"casting-vote", "choice", "yes|no", false, "", 0},
		{"propose", "kind", "budget|subsidiary|appointment|agreement|initiative|other", false, "", 0},
		{"propose", "text", "text", true, board.TextLong, board.LimitText},
		{"convene", "kind", "voting|reporting", false, "", 0},
		{"convene", "date", "date-time", false, "", 0},
		{"consent", "instrument", "signature|notification", false, "", 0},
		{"accredit", "role", "head|alternate", false, "", 0},
		{"receive", "form", "cash|in-kind", false, "", 0},
		{"receive", "amount", "money", false, "", 0},
		{"receive", "usd_rate", "rate", true, "", 0},
		{"receive", "contributor", "actor", false, "", 0},
		{"pledge", "due", "date-time", true, "", 0},
		{"set-rate", "currency", "currency", false, "", 0},
		{"set-agenda", "proposals", "list of id", false, "", 0},
		{"create-subsidiary", "members", "list of text", true, "", 0},
		{"set-controls", "thresholds", "list of object", false, "", 0},
		{"register-key", "key", "public-key", false, "", 0},
		{"register-key", "replaces", "key-id", true, "", 0},
		{"revoke-key", "key_id", "key-id", false, "", 0},
		{"reverse", "entry", "id", false, "", 0},
		{"withhold-approval", "reason", "text", false, board.TextLong, board.LimitNote},
	}
	for _, tt := range tests {
		f := field(tt.kind, tt.name)
		if f.TypeName() != tt.typeName || f.Optional != tt.optional || f.Text != tt.text || f.MaxLength != tt.max {
			t.Errorf("%s.%s: %s, optional %v, text %q, max %d; want %s, optional %v, text %q, max %d",
				tt.kind, tt.name, f.TypeName(), f.Optional, f.Text, f.MaxLength, tt.typeName, tt.optional, tt.text, tt.max)
		}
	}
	th := field("set-controls", "thresholds")
	if th.MaxItems != board.LimitItems || len(th.Items.Fields) != 2 || th.Items.Fields[0].Format != board.FormatMoney || th.Items.Fields[1].Type != board.TypeInteger {
		t.Errorf("set-controls.thresholds = %+v, want a list of {above: money, approvals: integer}", th)
	}
	if d, _ := board.Describe("vote"); d.Rule != "R11" || !slices.Equal(d.By, []board.ActorKind{board.ActorState}) || d.ByPattern != `^(state:[A-Z]{3})$` {
		t.Errorf("vote: rule %q, by %v (%s); want R11, by a State", d.Rule, d.By, d.ByPattern)
	}
	if _, ok := board.Describe("invtie"); ok {
		t.Error("Describe(invtie) = ok, want unknown")
	}
}

// TestClosedSets: every value a field's description lists is accepted by the check Decide
// makes, and a value outside them is refused, naming the field.
func TestClosedSets(t *testing.T) {
	bodies := map[board.Kind]board.Body{}
	for _, b := range sampleBodies {
		bodies[b.Kind()] = b
	}
	checked := 0
	for _, d := range board.Catalogue() {
		for _, f := range d.Fields {
			if f.Enum == nil || f.Format == board.FormatCurrency {
				continue
			}
			checked++
			for _, v := range append(slices.Clone(f.Enum), "not-one-of-them", "") {
				body := withField(t, bodies[d.Kind], f.Name, v)
				err := board.CheckClosed(body)
				if slices.Contains(f.Enum, v) || v == "" && f.Optional {
					if err != nil {
						t.Errorf("%s %s=%q: %v, want it accepted", d.Kind, f.Name, v, err)
					}
					continue
				}
				var e *board.Error
				if !errors.As(err, &e) || e.Kind != board.Invalid || !strings.HasPrefix(e.Msg, f.Name+" ") {
					t.Errorf("%s %s=%q: %v, want refused as invalid, naming %s", d.Kind, f.Name, v, err, f.Name)
				}
			}
		}
	}
	if checked < 6 {
		t.Errorf("%d closed fields checked; want at least the six of vote, casting-vote, convene, propose, consent, accredit and receive", checked)
	}
	// A currency is one of money's: what open-account and set-rate check.
	d, _ := board.Describe("open-account")
	for _, f := range d.Fields {
		if f.Name != "currency" {
			continue
		}
		if len(f.Enum) != len(money.Currencies()) {
			t.Errorf("open-account currency: %d values, want money's %d", len(f.Enum), len(money.Currencies()))
		}
		for _, c := range f.Enum {
			if _, ok := money.MinorUnits(money.Currency(c)); !ok {
				t.Errorf("currency %s is listed but unknown to money", c)
			}
		}
	}
}

// TestDecideChecksClosedSets: Decide itself refuses a value outside a closed set, before
// anything else about the act.
func TestDecideChecksClosedSets(t *testing.T) {
	w := founded(t, nil, 3)
	at := ts("2026-03-01")
	for _, c := range []struct {
		by   board.ActorID
		body board.Body
	}{
		{"state:KAZ", &board.Vote{Proposal: "p", Choice: "maybe"}},
		{board.Chairman, &board.CastingVote{Proposal: "p", Choice: board.ChoiceAbstain}},
		{board.Chairman, &board.Propose{ID: "d1", Type: board.KindDirective, Title: "A directive by another road"}},
		{board.Chairman, &board.Convene{ID: "m", Type: "plenary", Date: at, Place: "Davos"}},
		{board.Secretariat, &board.Receive{Contributor: "state:QAT", Amount: money.Amount{Currency: "USD", Minor: 1}, ValueDate: at, Form: "crypto"}},
	} {
		wantRefusal(t, w.do(t, at, c.by, c.body), board.Invalid, "")
	}
}

func withField(t *testing.T, b board.Body, name, value string) board.Body {
	t.Helper()
	v := reflect.New(reflect.TypeOf(b).Elem())
	v.Elem().Set(reflect.ValueOf(b).Elem())
	st := v.Elem().Type()
	for i := range st.NumField() {
		if n, _, _ := strings.Cut(st.Field(i).Tag.Get("json"), ","); n == name {
			v.Elem().Field(i).SetString(value)
			return v.Interface().(board.Body)
		}
	}
	t.Fatalf("%s has no field %s", b.Kind(), name)
	return nil
}

// TestPatterns: the description's patterns take what acts write and refuse what Decide or the
// act's decoding refuses.
func TestPatterns(t *testing.T) {
	tests := []struct {
		name, pattern string
		match, miss   []string
	}{
		{"money", board.MoneyPattern(),
			[]string{"USD 1000000000.00", "USD 0.05", "JPY 5000", "KWD 1.500", "EUR 12.30"},
			[]string{"USD 1000", "USD 01.00", "USD 1.5", "JPY 5000.00", "XXX 1.00", "usd 1.00", "USD -1.00", "USD  1.00", " USD 1.00"}},
		{"date-time", board.PatternDateTime,
			[]string{"2026-01-22T10:00:00Z", "2026-01-22T10:00:00.5Z", "2026-01-22T10:00:00.123456789Z"},
			[]string{"2026-01-22", "2026-01-22T10:00:00+01:00", "2026-01-22T10:00:00.500Z", "2026-01-22T10:00:00.Z", "2026-01-22T10:00Z"}},
		{"any actor", board.ActorPattern(board.ActorKinds...),
			[]string{"chairman", "state:KAZ", "org:fifa", "executive:rubio", "chief-executive", "secretariat"},
			[]string{"state:kaz", "state:KAZA", "org:", "org:FIFA", "executive:-x", "chairman ", "president"}},
		{"a State", board.ActorPattern(board.ActorState), []string{"state:QAT"}, []string{"chairman", "org:fifa"}},
		{"id", board.PatternID, []string{"gaza", "p1", "e12", "unsc-2803"}, []string{"", "-x", "Gaza", "a_b", strings.Repeat("a", 64)}},
		{"public key", board.PatternPublicKey, []string{"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}, []string{"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", "AAEC"}},
		{"key id", board.PatternKeyID, []string{"0123456789abcdef"}, []string{"0123456789ABCDEF", "0123456789abcde"}},
		{"rate", board.PatternRate, []string{"1.0813", "161", "0.0067"}, []string{"1,08", "-1", "1e3", ".5"}},
	}
	for _, tt := range tests {
		re := regexp.MustCompile(tt.pattern)
		for _, s := range tt.match {
			if !re.MatchString(s) {
				t.Errorf("%s pattern does not match %q", tt.name, s)
			}
		}
		for _, s := range tt.miss {
			if re.MatchString(s) {
				t.Errorf("%s pattern matches %q", tt.name, s)
			}
		}
	}
	// What the patterns say of keys and amounts is what board and money read.
	if _, err := board.ParseKey("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="); err != nil {
		t.Error(err)
	}
	for _, s := range tests[0].match {
		if a, err := money.Parse(s); err != nil || a.String() != s {
			t.Errorf("money.Parse(%q) = %v, %v; want the amount written the same", s, a, err)
		}
	}
}
