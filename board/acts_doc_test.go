package board_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/money"
	"github.com/peaceboard/peaceboard/scenario"
)

var update = flag.Bool("update", false, "rewrite ../docs/acts.md from the catalogue's description")

const actsDoc = "../docs/acts.md"

// TestActsDoc fails when docs/acts.md, the reference of every kind of act made from the
// catalogue's description (Describe), is not what the description makes; go test ./board -run
// TestActsDoc -update rewrites it. Each kind's example is its first lawful act in the demo
// scenario or, for a kind the demo lacks, one of docExamples; each passes the field checks of
// the description.
func TestActsDoc(t *testing.T) {
	got := actsMarkdown(t)
	if *update {
		if err := os.WriteFile(actsDoc, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(actsDoc)
	if err != nil {
		t.Fatalf("%v (run go test ./board -run TestActsDoc -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: the act catalogue or its description changed. Run\n\tgo test ./board -run TestActsDoc -update\nand review the diff", actsDoc)
	}
}

// docExamples are the examples of the kinds that the demo scenario does not have.
var docExamples = map[board.Kind]struct {
	by   board.ActorID
	body board.Body
}{
	"accredit":            {"state:ARG", &board.Accredit{Person: "Pablo Quirno", Role: "alternate"}},
	"casting-vote":        {board.Chairman, &board.CastingVote{Proposal: "budget-2026", Choice: board.ChoiceYes}},
	"designate-successor": {board.Chairman, &board.DesignateSuccessor{Person: "J. D. Vance"}},
	"directive":           {board.Chairman, &board.Directive{ID: "directive-1", Title: "Working languages", Text: "The working languages of the Board are English and French."}},
	"dissolve":            {board.Chairman, &board.Dissolve{Reason: "The mission is accomplished."}},
	"dissolve-subsidiary": {board.Chairman, &board.DissolveSubsidiary{ID: "gaza-executive-board"}},
	"establish":           {board.Secretariat, &board.Establish{Rules: "id = \"board-of-peace\"\nversion = \"2026-01-22\"\n", Key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}},
	"find-incapacity":     {"executive:rubio", &board.FindIncapacity{}},
	"modify-subsidiary":   {board.Chairman, &board.ModifySubsidiary{ID: "gaza-executive-board", Members: []string{"Nickolay Mladenov", "Ali Shaath"}}},
	"open-fund":           {"executive:rubio", &board.OpenFund{ID: "isf", Name: "International Stabilization Force", Purpose: "Salaries and logistics of the force."}},
	"propose-removal":     {board.Chairman, &board.ProposeRemoval{ID: "removal-1", State: "KAZ", Reason: "Persistent breach of the charter."}},
	"recommend":           {"state:KAZ", &board.Recommend{Meeting: "reporting-2026", Text: "Publish the programme's accounts quarterly."}},
	"register-key":        {board.Secretariat, &board.RegisterKey{Actor: "state:KAZ", Key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}},
	"remove-executive":    {board.Chairman, &board.RemoveExecutive{ID: "rubio"}},
	"renew-executive":     {board.Chairman, &board.RenewExecutive{ID: "rubio"}},
	"renew-term":          {board.Chairman, &board.RenewTerm{State: "KAZ"}},
	"report":              {"executive:rubio", &board.Report{Meeting: "reporting-2026", Text: "The Executive Board's report for 2026."}},
	"report-mandate":      {board.Secretariat, &board.ReportMandate{Mandate: "unsc-2803", Text: "The first six-monthly report to the Security Council."}},
	"resign":              {board.Chairman, &board.Resign{}},
	"reverse":             {board.Secretariat, &board.Reverse{Entry: "e12", Reason: "Recorded twice."}},
	"revoke-key":          {"state:KAZ", &board.RevokeKey{Actor: "state:KAZ", KeyID: "0123456789abcdef"}},
	"set-controls":        {"executive:rubio", &board.SetControls{Thresholds: []board.Threshold{{Above: money.Amount{Currency: "USD", Minor: 100_000_000}, Approvals: 2}}}},
	"set-witness-policy": {board.Secretariat, &board.SetWitnessPolicy{Witnesses: []board.PolicyWitness{
		{Name: "witness.example.org", Key: "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29", URL: "https://witness.example.org/"},
		{Name: "sigsum.org/v1/witness/2", Key: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"},
	}, Quorum: 1}},
	"veto-removal":      {"state:MAR", &board.VetoRemoval{Removal: "removal-1"}},
	"withdraw":          {"state:KAZ", &board.Withdraw{}},
	"withhold-approval": {board.Chairman, &board.WithholdApproval{Proposal: "budget-2026", Reason: "The budget exceeds the fund's means."}},
}

// examples returns each kind's example act and whether it comes from the demo.
func examples(t *testing.T) map[board.Kind]board.Act {
	t.Helper()
	out := map[board.Kind]board.Act{}
	for _, step := range scenario.Demo().Steps {
		if k := step.Act.Body.Kind(); !step.ExpectRefused && out[k].Body == nil {
			out[k] = step.Act
		}
	}
	for k, ex := range docExamples {
		if _, ok := out[k]; ok {
			t.Errorf("docExamples has %s, which the demo scenario has: remove it", k)
		}
		out[k] = board.Act{At: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC), By: ex.by, Body: ex.body}
	}
	return out
}

func actsMarkdown(t *testing.T) []byte {
	t.Helper()
	ex := examples(t)
	var b strings.Builder
	b.WriteString(`# Acts

<!-- Made from board's description of the act catalogue (board/catalogue.go, catalogue_text.go)
by go test ./board -run TestActsDoc -update. Do not edit by hand. -->

Every kind of act: who may do it, the charter rule it is decided under (docs/rules.md), and its
fields. This is the reference for writers of scenarios and clients.

An act is the object ` + "`" + `{"act": KIND, "at": TIME, "by": ACTOR, "fields": {...}}` + "`" + `:
docs/signing.md says how it is written as bytes and signed, and ` + "`POST /api/v1/acts`" + ` takes it
signed. The OpenAPI document (` + "`/api/v1/openapi.json`" + `) gives each kind as a JSON Schema:
` + "`act-KIND`" + ` for the act object and ` + "`fields-KIND`" + ` for its fields. In a scenario file the fields
are written beside ` + "`at`, `by` and `act`" + `; ` + "`peaceboard act -h`" + ` lists the kinds and
` + "`peaceboard act KIND -h`" + ` describes one.

An optional field is left out of the act when it is empty (the empty string, ` + "`false`, `0`" + `, an
empty list); a required one is always written. Text is UTF-8 in Unicode normalization form C,
with no control character other than line feed and tab, and at most the bytes given (the limits
of docs/api.md). Whether an act is lawful is decided by the rules against the record: a
well-formed act can still be refused.

## Formats

| Format | Written as | Pattern |
|---|---|---|
`)
	for _, f := range []struct {
		format  board.Format
		written string
		pattern string
	}{
		{board.FormatDateTime, "RFC 3339 in UTC, ending in `Z`; a fraction of a second only when not zero, without trailing zeros; a date is its midnight: `2026-03-01T00:00:00Z`", board.PatternDateTime},
		{board.FormatMoney, "the ISO 4217 currency, a space, and the amount with exactly the currency's minor digits: `\"USD 1000000000.00\"`, `\"JPY 5000\"`, `\"KWD 1.500\"`", ""},
		{board.FormatCurrency, "an ISO 4217 alphabetic code the ledger knows: `USD`, `EUR`", board.PatternCurrency},
		{board.FormatState, "an ISO 3166-1 alpha-3 code, or `XKX` for Kosovo: `KAZ`", board.PatternState},
		{board.FormatActor, "`chairman`, `state:ISO3`, `org:ID`, `executive:ID`, `chief-executive` or `secretariat`", board.ActorPattern(board.ActorKinds...)},
		{board.FormatID, "an identifier chosen by the act that creates the thing: lower-case letters, digits and dashes, at most 63", board.PatternID},
		{board.FormatPublicKey, "an Ed25519 public key: its 32 bytes in standard base64, with padding", board.PatternPublicKey},
		{board.FormatKeyID, "a key id: the lowercase hex of the first 8 bytes of the SHA-256 of the public key", board.PatternKeyID},
		{board.FormatRate, "US dollars per unit of a currency, a plain positive decimal: `1.0813`", board.PatternRate},
		{board.FormatHexKey, "an Ed25519 public key: its 32 bytes in 64 lowercase hexadecimal digits (a witness's, as C2SP's witness policies write it)", board.PatternHexKey},
		{board.FormatURL, "an absolute URL, `https://` or `http://`, in printable ASCII (anything else percent-encoded)", board.PatternURL},
		{board.FormatSector, "a 5-digit OECD DAC purpose code (IATI's Sector vocabulary 1) whose first three digits are a DAC sector category: `73010`", board.PatternSector},
		{board.FormatCountry, "an ISO 3166-1 alpha-2 country code, as IATI's recipient-country takes it, or `XK` for Kosovo: `PS`", board.PatternCountry},
	} {
		pattern := "by currency, in the schemas (`fields-KIND`)"
		if f.pattern != "" {
			pattern = codeCell(f.pattern)
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", f.format, f.written, pattern)
	}
	b.WriteString("\n## The kinds of act\n\n")
	var index []string
	for _, k := range board.Kinds() {
		index = append(index, fmt.Sprintf("[%s](#%s)", k, k))
	}
	b.WriteString(strings.Join(index, " · ") + "\n")
	for _, d := range board.Catalogue() {
		fmt.Fprintf(&b, "\n### %s\n\n%s\n\nBy: %s.", d.Kind, d.Summary, byWhom(d.By))
		if d.Rule != "" {
			fmt.Fprintf(&b, " Rule: %s.", d.Rule)
		}
		b.WriteString("\n\n")
		if len(d.Fields) == 0 {
			b.WriteString("No fields: `fields` is `{}`.\n")
		} else {
			b.WriteString("| Field | Type | | Description |\n|---|---|---|---|\n")
			for _, f := range d.Fields {
				docRow(&b, f.Name, f)
				if f.Items != nil {
					for _, sub := range f.Items.Fields {
						docRow(&b, f.Name+"[]."+sub.Name, sub)
					}
				}
			}
		}
		a, ok := ex[d.Kind]
		if !ok {
			t.Errorf("%s has no example: the demo scenario has none; add one to docExamples", d.Kind)
			continue
		}
		checkExample(t, d, a)
		from := "from the demo scenario"
		if _, built := docExamples[d.Kind]; built {
			from = "built for this page"
		}
		fmt.Fprintf(&b, "\nExample (%s):\n\n```json\n%s```\n", from, indentedAct(t, a))
	}
	return []byte(b.String())
}

func docRow(b *strings.Builder, name string, f board.FieldDescription) {
	typ := f.TypeName()
	if f.Enum != nil && f.Format == "" {
		typ = "one of " + strings.Join(f.Enum, ", ")
	}
	if f.MaxLength > 0 {
		typ += fmt.Sprintf(", at most %d bytes", f.MaxLength)
	}
	if f.Text == board.TextLong {
		typ = strings.Replace(typ, "text", "long text", 1)
	}
	need := "required"
	if f.Optional {
		need = "optional"
	}
	fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", name, typ, need, f.Description)
}

// codeCell writes s as code in a table cell, where | must be escaped.
func codeCell(s string) string { return "`" + strings.ReplaceAll(s, "|", `\|`) + "`" }

// byWhom names kinds of actor as acts write them.
func byWhom(kinds []board.ActorKind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		switch k {
		case board.ActorState:
			names[i] = "`state:ISO3` (a State's delegation)"
		case board.ActorOrg:
			names[i] = "`org:ID` (an organization)"
		case board.ActorExecutive:
			names[i] = "`executive:ID` (a serving Executive Board member)"
		default:
			names[i] = "`" + string(k) + "`"
		}
	}
	return strings.Join(names, ", ")
}

// actObject returns an act as the object of its canonical bytes.
func actObject(t *testing.T, a board.Act) map[string]any {
	t.Helper()
	c, err := a.Canonical()
	if err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	d := json.NewDecoder(bytes.NewReader(c))
	d.UseNumber()
	var obj map[string]any
	if err := d.Decode(&obj); err != nil {
		t.Fatal(err)
	}
	return obj
}

// indentedAct writes the act object indented, its members sorted as RFC 8785 sorts them, and
// text as it is (no \u escapes for <, > and &).
func indentedAct(t *testing.T, a board.Act) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(actObject(t, a)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// checkExample checks an example act's object against the description: the actor's pattern,
// the time's, each field's type, pattern, values, limit, and no field missing or unknown.
func checkExample(t *testing.T, d board.KindDescription, a board.Act) {
	t.Helper()
	obj := actObject(t, a)
	if !regexp.MustCompile(d.ByPattern).MatchString(obj["by"].(string)) {
		t.Errorf("%s example: by %v does not match %s", d.Kind, obj["by"], d.ByPattern)
	}
	if !regexp.MustCompile(board.PatternDateTime).MatchString(obj["at"].(string)) {
		t.Errorf("%s example: at %v is not a date-time", d.Kind, obj["at"])
	}
	checkObject(t, string(d.Kind), d.Fields, obj["fields"])
}

func checkObject(t *testing.T, path string, fields []board.FieldDescription, v any) {
	t.Helper()
	obj, ok := v.(map[string]any)
	if !ok {
		t.Errorf("%s: %v is not an object", path, v)
		return
	}
	for name := range obj {
		if !slices.ContainsFunc(fields, func(f board.FieldDescription) bool { return f.Name == name }) {
			t.Errorf("%s: unknown field %s", path, name)
		}
	}
	for _, f := range fields {
		value, ok := obj[f.Name]
		if !ok {
			if !f.Optional {
				t.Errorf("%s: required field %s is missing", path, f.Name)
			}
			continue
		}
		checkValue(t, path+"."+f.Name, f, value)
	}
}

func checkValue(t *testing.T, path string, f board.FieldDescription, v any) {
	t.Helper()
	switch f.Type {
	case board.TypeObject:
		checkObject(t, path, f.Fields, v)
	case board.TypeArray:
		list, ok := v.([]any)
		if !ok || len(list) > f.MaxItems {
			t.Errorf("%s: %v is not a list of at most %d", path, v, f.MaxItems)
		}
		for i, item := range list {
			checkValue(t, fmt.Sprintf("%s[%d]", path, i), *f.Items, item)
		}
	case board.TypeBoolean:
		if _, ok := v.(bool); !ok {
			t.Errorf("%s: %v is not a boolean", path, v)
		}
	case board.TypeInteger:
		n, ok := v.(json.Number)
		if !ok || strings.ContainsAny(n.String(), ".eE") {
			t.Errorf("%s: %v is not an integer", path, v)
			break
		}
		if i, _ := n.Int64(); f.Minimum != nil && i < int64(*f.Minimum) || f.Maximum != nil && i > int64(*f.Maximum) {
			t.Errorf("%s: %d is outside %s", path, i, f.TypeName())
		}
	case board.TypeString:
		s, ok := v.(string)
		switch {
		case !ok:
			t.Errorf("%s: %v is not a string", path, v)
		case f.Pattern != "" && !regexp.MustCompile(f.Pattern).MatchString(s):
			t.Errorf("%s: %q does not match %s", path, s, f.Pattern)
		case f.Enum != nil && !slices.Contains(f.Enum, s):
			t.Errorf("%s: %q is not one of %v", path, s, f.Enum)
		case f.MaxLength > 0 && len(s) > f.MaxLength:
			t.Errorf("%s: %d bytes, more than %d", path, len(s), f.MaxLength)
		}
	}
}
