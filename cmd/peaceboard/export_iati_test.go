package main

import (
	"cmp"
	"encoding/json"
	"encoding/xml"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"

	"github.com/peaceboard/peaceboard/money"
)

// The IATI exports are read by tools we do not control (d-portal, the IATI validator), so the
// tests hold them to the official schemas (testdata/iati-2.03, IATI's own files), to the rules of
// the standard that the schemas cannot express, and to the treasury's own figures.

// iatiFile is what the tests read back from an activities file: their own reading of the XML,
// not the exporter's types, so that a field the exporter misnames shows up here.
type iatiFile struct {
	XMLName    xml.Name `xml:"iati-activities"`
	Version    string   `xml:"version,attr"`
	Activities []struct {
		Identifier   string `xml:"iati-identifier"`
		ReportingOrg struct {
			Ref  string `xml:"ref,attr"`
			Type string `xml:"type,attr"`
		} `xml:"reporting-org"`
		Title  []string `xml:"title>narrative"`
		Status struct {
			Code string `xml:"code,attr"`
		} `xml:"activity-status"`
		Dates []struct {
			Type string `xml:"type,attr"`
			Date string `xml:"iso-date,attr"`
		} `xml:"activity-date"`
		Countries []struct {
			Code       string `xml:"code,attr"`
			Percentage string `xml:"percentage,attr"`
		} `xml:"recipient-country"`
		Sectors []struct {
			Vocabulary string `xml:"vocabulary,attr"`
			Code       string `xml:"code,attr"`
			Percentage string `xml:"percentage,attr"`
		} `xml:"sector"`
		Transactions []iatiTransaction `xml:"transaction"`
		Related      []struct {
			Ref string `xml:"ref,attr"`
		} `xml:"related-activity"`
	} `xml:"iati-activity"`
}

type iatiTransaction struct {
	Ref  string `xml:"ref,attr"`
	Type struct {
		Code string `xml:"code,attr"`
	} `xml:"transaction-type"`
	Date struct {
		Date string `xml:"iso-date,attr"`
	} `xml:"transaction-date"`
	Value struct {
		Currency  string `xml:"currency,attr"`
		ValueDate string `xml:"value-date,attr"`
		Amount    string `xml:",chardata"`
	} `xml:"value"`
	Provider *struct {
		Ref        string   `xml:"ref,attr"`
		ActivityID string   `xml:"provider-activity-id,attr"`
		Names      []string `xml:"narrative"`
	} `xml:"provider-org"`
	Receiver *struct {
		Names []string `xml:"narrative"`
	} `xml:"receiver-org"`
	Country *struct {
		Code string `xml:"code,attr"`
	} `xml:"recipient-country"`
}

// exportIATI replays scenario into a new database and exports its activities as of asOf; it
// returns the file's path and the database's.
func exportIATI(t *testing.T, scenarioPath, asOf string) (path, db string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "iati.db")
	if _, err := run(t, "replay", scenarioPath, "--db", db); err != nil {
		t.Fatalf("replay: %v", err)
	}
	path = filepath.Join(dir, "activities.xml")
	if _, err := run(t, "export", "iati", "--db", db, "--as-of", asOf, "--out", path); err != nil {
		t.Fatalf("export iati: %v", err)
	}
	return path, db
}

// validateXSD validates file against the official schema xsd with xmllint (Debian's
// libxml2-utils). Without xmllint the check is skipped, except under CI, where it must run.
func validateXSD(t *testing.T, xsd, file string) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint is missing: CI must validate the IATI exports (apt-get install libxml2-utils)")
		}
		t.Skip("xmllint is missing (apt-get install libxml2-utils): the schema check is skipped")
	}
	out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", filepath.Join("testdata", "iati-2.03", xsd), file).CombinedOutput()
	if err != nil {
		t.Errorf("%s is not valid against %s: %v\n%s", file, xsd, err, out)
	}
}

func readIATI(t *testing.T, path string) iatiFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f iatiFile
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

// checkIATIRules checks the rules of IATI 2.03 that its schema does not: identifiers present,
// unique and prefixed by the reporting organisation's, dates in order (planned start before
// planned end) and actual dates not after the as-of day, currencies of ISO 4217 and countries of
// ISO 3166-1, sector codes of their vocabulary, percentages adding up to 100 per vocabulary and
// for the recipient countries.
func checkIATIRules(t *testing.T, f iatiFile, asOf string) {
	t.Helper()
	if f.Version != "2.03" {
		t.Errorf("version %q, want 2.03", f.Version)
	}
	if len(f.Activities) == 0 {
		t.Fatal("no activity")
	}
	seen := map[string]bool{}
	for _, a := range f.Activities {
		id, ref := a.Identifier, a.ReportingOrg.Ref
		if strings.TrimSpace(id) == "" || strings.TrimSpace(ref) == "" {
			t.Errorf("activity %q of reporting-org %q: an identifier is empty", id, ref)
			continue
		}
		if !strings.HasPrefix(id, ref+"-") {
			t.Errorf("activity %q does not start with its reporting-org's ref %q and a hyphen", id, ref)
		}
		if strings.ContainsAny(id, " /?#&|") {
			t.Errorf("activity %q holds a character IATI identifiers may not", id)
		}
		if seen[id] {
			t.Errorf("activity %q appears twice", id)
		}
		seen[id] = true
		if len(a.Title) == 0 || strings.TrimSpace(a.Title[0]) == "" {
			t.Errorf("activity %q has no title", id)
		}
		dates := map[string]string{}
		for _, d := range a.Dates {
			if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
				t.Errorf("activity %q: activity-date %q: %v", id, d.Date, err)
			}
			if dates[d.Type] != "" {
				t.Errorf("activity %q: two activity-dates of type %s", id, d.Type)
			}
			dates[d.Type] = d.Date
			// Actual dates (2 start, 4 end) are facts: not after the day of the file. Planned
			// ones (1, 3) may be.
			if (d.Type == "2" || d.Type == "4") && d.Date > asOf {
				t.Errorf("activity %q: actual activity-date %s is after the as-of day %s", id, d.Date, asOf)
			}
		}
		start := dates["2"]
		if start == "" {
			t.Errorf("activity %q has no actual start date", id)
		}
		for _, pair := range [][2]string{{"1", "3"}, {"2", "4"}} {
			if from, to := dates[pair[0]], dates[pair[1]]; from != "" && to != "" && to < from {
				t.Errorf("activity %q: activity-date of type %s (%s) is before that of type %s (%s)", id, pair[1], to, pair[0], from)
			}
		}
		var countries []share
		for _, c := range a.Countries {
			checkCountry(t, id, c.Code)
			countries = append(countries, share{c.Code, c.Percentage})
		}
		checkShares(t, id+" recipient-country", countries)
		sectors := map[string][]share{}
		for _, sc := range a.Sectors {
			vocabulary := cmp.Or(sc.Vocabulary, "1") // IATI's default: DAC 5-digit purpose codes
			if vocabulary == "1" && !regexp.MustCompile(`^[0-9]{5}$`).MatchString(sc.Code) {
				t.Errorf("activity %q: sector %q is not a 5-digit DAC purpose code (vocabulary 1)", id, sc.Code)
			}
			sectors[vocabulary] = append(sectors[vocabulary], share{sc.Code, sc.Percentage})
		}
		for vocabulary, list := range sectors {
			checkShares(t, id+" sector vocabulary "+vocabulary, list)
		}
		for _, tx := range a.Transactions {
			what := id + " transaction " + tx.Ref
			if tx.Date.Date < start {
				t.Errorf("%s: dated %s, before the activity started (%s)", what, tx.Date.Date, start)
			}
			if tx.Date.Date > asOf || tx.Value.ValueDate > asOf {
				t.Errorf("%s: dated %s, value date %s, after the as-of day %s", what, tx.Date.Date, tx.Value.ValueDate, asOf)
			}
			if _, err := time.Parse(time.DateOnly, tx.Value.ValueDate); err != nil {
				t.Errorf("%s: value-date %q: %v", what, tx.Value.ValueDate, err)
			}
			if u, err := currency.ParseISO(tx.Value.Currency); err != nil || u.String() != tx.Value.Currency {
				t.Errorf("%s: currency %q is not an ISO 4217 code", what, tx.Value.Currency)
			}
			if tx.Country != nil {
				checkCountry(t, what, tx.Country.Code)
			}
			if tx.Provider != nil && tx.Provider.Ref == "" && (len(tx.Provider.Names) == 0 || tx.Provider.Names[0] == "") {
				t.Errorf("%s: provider-org has neither ref nor name", what)
			}
			if tx.Receiver != nil && (len(tx.Receiver.Names) == 0 || tx.Receiver.Names[0] == "") {
				t.Errorf("%s: receiver-org has no name", what)
			}
		}
		for _, r := range a.Related {
			if !strings.HasPrefix(r.Ref, ref+"-") {
				t.Errorf("activity %q: related activity %q is not one of the reporting-org's", id, r.Ref)
			}
		}
	}
}

// A share is a code with its percentage, as an attribute gives it.
type share struct{ code, percentage string }

// checkShares checks a list of sectors of one vocabulary, or of recipient countries: no code
// twice, each percentage a number from 0 to 100, and (when there is more than one, or any
// gives a percentage) percentages adding up to 100.
func checkShares(t *testing.T, what string, list []share) {
	t.Helper()
	seen := map[string]bool{}
	var sum float64
	given := false
	for _, s := range list {
		if seen[s.code] {
			t.Errorf("%s: %s appears twice", what, s.code)
		}
		seen[s.code] = true
		if s.percentage == "" {
			continue
		}
		given = true
		p, err := strconv.ParseFloat(s.percentage, 64)
		if err != nil || p < 0 || p > 100 {
			t.Errorf("%s: %s has percentage %q, not a number from 0 to 100", what, s.code, s.percentage)
		}
		sum += p
	}
	if (given || len(list) > 1) && math.Abs(sum-100) > 1e-9 {
		t.Errorf("%s: percentages add up to %g, not 100", what, sum)
	}
}

// checkCountry checks that code is an ISO 3166-1 alpha-2 country code, as IATI's Country code
// list has them.
func checkCountry(t *testing.T, where, code string) {
	t.Helper()
	r, err := language.ParseRegion(code)
	if err != nil || len(code) != 2 || r.String() != code || !r.IsCountry() {
		t.Errorf("%s: recipient-country %q is not an ISO 3166-1 alpha-2 country code", where, code)
	}
}

// treasuryCash returns the treasury's cash received as of asOf, in US dollar minor units, from
// "treasury --json" (board's treasury view), and each contribution entry's US dollar value from
// "export contributions --format json".
func treasuryCash(t *testing.T, db, asOf string) (received int64, usd map[string]money.Amount, amount map[string]string) {
	t.Helper()
	out, err := run(t, "treasury", "--db", db, "--as-of", asOf, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var tr struct {
		Contributors []struct {
			ReceivedCashUSD string `json:"received_cash_usd"`
		} `json:"contributors"`
	}
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatal(err)
	}
	for _, c := range tr.Contributors {
		received += mustUSD(t, c.ReceivedCashUSD).Minor
	}
	out, err = run(t, "export", "contributions", "--db", db, "--as-of", asOf, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var entries []struct {
		Entry, Amount, USD string
	}
	if err := unmarshalItems([]byte(out), &entries); err != nil {
		t.Fatal(err)
	}
	usd, amount = map[string]money.Amount{}, map[string]string{}
	for _, e := range entries {
		usd[e.Entry], amount[e.Entry] = mustUSD(t, e.USD), e.Amount
	}
	return received, usd, amount
}

func mustUSD(t *testing.T, decimal string) money.Amount {
	t.Helper()
	a, err := money.Parse("USD " + decimal)
	if err != nil {
		t.Fatalf("%q: %v", decimal, err)
	}
	return a
}

// TestExportIATIDemo (issue 20): the demo's activities file is valid against the IATI 2.03
// schema and rules, has an activity per fund and per programme, and its incoming funds add up,
// in US dollars, to the cash the treasury counts as received; each transaction keeps the
// original currency and amount of the entry it reports.
func TestExportIATIDemo(t *testing.T) {
	const asOf = "2026-06-30"
	path, db := exportIATI(t, demoFile, asOf)
	validateXSD(t, "iati-activities-schema.xsd", path)
	f := readIATI(t, path)
	checkIATIRules(t, f, asOf)

	ids := map[string]int{}
	for i, a := range f.Activities {
		ids[a.Identifier] = i
	}
	const ref = "XI-IATI-BOP-EXAMPLE"
	for _, id := range []string{ref + "-FUND-general", ref + "-FUND-gaza-reconstruction", ref + "-PROG-gaza-rubble-clearance"} {
		if _, ok := ids[id]; !ok {
			t.Errorf("no activity %q among %v", id, ids)
		}
	}
	if len(f.Activities) != 3 {
		t.Errorf("%d activities, want 3 (two funds of the rules file, one programme)", len(f.Activities))
	}

	received, usd, amount := treasuryCash(t, db, asOf)
	var incoming int64
	count := map[string]int{}
	for _, a := range f.Activities {
		for _, tx := range a.Transactions {
			count[tx.Type.Code]++
			if tx.Type.Code == "1" || tx.Type.Code == "13" {
				if want := amount[tx.Ref]; want != tx.Value.Currency+" "+tx.Value.Amount {
					t.Errorf("transaction %s: %s %s, want the entry's %s", tx.Ref, tx.Value.Currency, tx.Value.Amount, want)
				}
				if tx.Provider == nil || len(tx.Provider.Names) == 0 || strings.Contains(tx.Provider.Names[0], ":") {
					t.Errorf("transaction %s: provider-org does not name the contributor: %+v", tx.Ref, tx.Provider)
				}
			}
			if tx.Type.Code == "1" {
				u, ok := usd[tx.Ref]
				if !ok {
					t.Errorf("incoming funds %s: no such contribution entry", tx.Ref)
				}
				incoming += u.Minor
			}
		}
	}
	if incoming != received || received == 0 {
		t.Errorf("incoming funds add up to USD %s, the treasury received USD %s in cash",
			money.Amount{Currency: "USD", Minor: incoming}.Decimal(), money.Amount{Currency: "USD", Minor: received}.Decimal())
	}
	// The demo has six pledges, four cash receipts (one in euros), one allocation and one paid
	// disbursement; its in-kind wheat is no transaction.
	if count["13"] != 6 || count["1"] != 4 || count["11"] != 1 || count["3"] != 1 {
		t.Errorf("transactions by type %v, want 6 pledges (13), 4 receipts (1), 1 allocation (11), 1 disbursement (3)", count)
	}
	prog := f.Activities[ids[ref+"-PROG-gaza-rubble-clearance"]]
	for _, tx := range prog.Transactions {
		switch tx.Type.Code {
		case "11":
			if tx.Provider == nil || tx.Provider.ActivityID != ref+"-FUND-gaza-reconstruction" {
				t.Errorf("allocation %s: provider-org %+v, want the fund's activity", tx.Ref, tx.Provider)
			}
		case "3":
			if tx.Receiver == nil || tx.Value.Currency+" "+tx.Value.Amount != "USD 15000000.00" || tx.Date.Date != "2026-04-24" {
				t.Errorf("disbursement %s: %+v, want USD 15000000.00 paid on 2026-04-24 to its payee", tx.Ref, tx)
			}
		}
	}
}

// TestExportIATIAsOfAndReversals: an export as of a day holds nothing recorded after it, and a
// reversed receipt is no incoming funds (the sum still matches the treasury's cash).
func TestExportIATIAsOfAndReversals(t *testing.T) {
	t.Run("as-of", func(t *testing.T) {
		const asOf = "2026-03-05"
		path, db := exportIATI(t, demoFile, asOf)
		validateXSD(t, "iati-activities-schema.xsd", path)
		f := readIATI(t, path)
		checkIATIRules(t, f, asOf)
		if len(f.Activities) != 2 {
			t.Errorf("%d activities as of %s, want the two funds (the programme came in April)", len(f.Activities), asOf)
		}
		received, usd, _ := treasuryCash(t, db, asOf)
		var incoming int64
		for _, a := range f.Activities {
			for _, tx := range a.Transactions {
				if tx.Type.Code == "1" {
					incoming += usd[tx.Ref].Minor
				}
			}
		}
		if incoming != received || received == 0 {
			t.Errorf("incoming funds USD %d (minor), treasury cash USD %d", incoming, received)
		}
	})
	t.Run("reversed receipt", func(t *testing.T) {
		demo, err := os.ReadFile(demoFile)
		if err != nil {
			t.Fatal(err)
		}
		scenario := writeFile(t, "reversed.yaml", string(demo)+`
  - at: 2026-06-01T10:00:00Z
    by: secretariat
    act: reverse
    entry: qat-illustrative-1
    reason: the transfer was returned (test)
`)
		const asOf = "2026-06-30"
		path, db := exportIATI(t, scenario, asOf)
		validateXSD(t, "iati-activities-schema.xsd", path)
		f := readIATI(t, path)
		checkIATIRules(t, f, asOf)
		received, usd, _ := treasuryCash(t, db, asOf)
		var incoming int64
		for _, a := range f.Activities {
			for _, tx := range a.Transactions {
				if tx.Ref == "qat-illustrative-1" {
					t.Errorf("the reversed receipt is still a transaction: %+v", tx)
				}
				if tx.Type.Code == "1" {
					incoming += usd[tx.Ref].Minor
				}
			}
		}
		if incoming != received || received == 0 {
			t.Errorf("incoming funds USD %d (minor), treasury cash USD %d", incoming, received)
		}
	})
}

// TestExportIATIOrganisation (issue 20): the demo's organisation file is valid against the IATI
// 2.03 organisation schema, names the organisation by the rules file's iati_ref, and its
// expenditure is what "export disbursements" says was paid, in US dollars.
func TestExportIATIOrganisation(t *testing.T) {
	const asOf = "2026-06-30"
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if _, err := run(t, "replay", demoFile, "--db", db); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "organisation.xml")
	if _, err := run(t, "export", "iati-organisation", "--db", db, "--as-of", asOf, "--out", path); err != nil {
		t.Fatal(err)
	}
	validateXSD(t, "iati-organisations-schema.xsd", path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Version string `xml:"version,attr"`
		Orgs    []struct {
			Identifier   string `xml:"organisation-identifier"`
			ReportingOrg struct {
				Ref string `xml:"ref,attr"`
			} `xml:"reporting-org"`
			Expenditure []struct {
				Start struct {
					Date string `xml:"iso-date,attr"`
				} `xml:"period-start"`
				End struct {
					Date string `xml:"iso-date,attr"`
				} `xml:"period-end"`
				Value struct {
					Currency string `xml:"currency,attr"`
					Amount   string `xml:",chardata"`
				} `xml:"value"`
			} `xml:"total-expenditure"`
		} `xml:"iati-organisation"`
	}
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Orgs) != 1 {
		t.Fatalf("%d organisations, want 1", len(f.Orgs))
	}
	o := f.Orgs[0]
	if o.Identifier != "XI-IATI-BOP-EXAMPLE" || o.ReportingOrg.Ref != o.Identifier {
		t.Errorf("organisation-identifier %q, reporting-org %q: want both the rules file's XI-IATI-BOP-EXAMPLE", o.Identifier, o.ReportingOrg.Ref)
	}
	out, err := run(t, "export", "disbursements", "--db", db, "--as-of", asOf, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var ds []struct{ USD, Status string }
	if err := unmarshalItems([]byte(out), &ds); err != nil {
		t.Fatal(err)
	}
	var paid, reported int64
	for _, d := range ds {
		if d.Status == "paid" {
			paid += mustUSD(t, d.USD).Minor
		}
	}
	for _, e := range o.Expenditure {
		if e.Start.Date > e.End.Date || e.End.Date > asOf {
			t.Errorf("expenditure period %s to %s: out of order or after %s", e.Start.Date, e.End.Date, asOf)
		}
		if e.Value.Currency != "USD" {
			t.Errorf("expenditure in %q, want USD", e.Value.Currency)
		}
		reported += mustUSD(t, e.Value.Amount).Minor
	}
	if reported != paid || paid == 0 {
		t.Errorf("expenditure USD %d (minor), disbursements paid USD %d", reported, paid)
	}
}
