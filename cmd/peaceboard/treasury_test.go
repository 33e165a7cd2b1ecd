package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/apiv1"
)

// treasuryScenario: three founding States in force on 22 January 2026; Qatar pledges USD 1bn
// and pays a cent more than USD 1bn in cash in the first year (a permanent seat under R5);
// Saudi Arabia pays exactly USD 1bn (no seat: the charter says "more than"); FIFA pledges and
// pays in part; Kazakhstan gives wheat in kind; a programme is funded and a disbursement above
// USD 10m is approved by two people.
const treasuryScenario = `rules: board-of-peace
acts:
  - {at: 2026-01-16, by: chairman, act: appoint-executive, id: rubio, person: Marco Rubio}
  - {at: 2026-01-16, by: chairman, act: appoint-executive, id: witkoff, person: Steve Witkoff}
  - {at: 2026-01-16, by: chairman, act: create-subsidiary, id: gaza, name: Gaza Executive Board, members: [Steve Witkoff]}
  - {at: 2026-01-19, by: chairman, act: invite, state: QAT}
  - {at: 2026-01-19, by: chairman, act: invite, state: SAU}
  - {at: 2026-01-19, by: chairman, act: invite, state: KAZ}
  - {at: "2026-01-22T10:00:00Z", by: "state:QAT", act: consent, instrument: signature}
  - {at: "2026-01-22T10:00:00Z", by: "state:SAU", act: consent, instrument: signature}
  - {at: "2026-01-22T10:00:00Z", by: "state:KAZ", act: consent, instrument: signature}
  - {at: "2026-02-19T17:00:00Z", by: "state:QAT", act: pledge, id: qat-pledge, amount: USD 1000000000, fund: gaza-reconstruction}
  - {at: "2026-02-19T17:01:00Z", by: "org:fifa", act: pledge, amount: USD 75000000, fund: gaza-reconstruction}
  - at: 2026-02-20
    by: secretariat
    act: receive
    id: qat-1
    contributor: state:QAT
    amount: USD 1000000000.01
    value_date: 2026-02-20
    form: cash
    fund: gaza-reconstruction
  - {at: 2026-02-20, by: secretariat, act: receive, contributor: "state:SAU", amount: USD 1000000000, value_date: 2026-02-20, form: cash}
  - {at: 2026-02-21, by: secretariat, act: receive, contributor: "org:fifa", amount: USD 25000000, value_date: 2026-02-21, form: cash, fund: gaza-reconstruction}
  - {at: 2026-02-21, by: secretariat, act: receive, contributor: "state:KAZ", amount: USD 2000000, value_date: 2026-02-21, form: in-kind, note: wheat}
  - {at: 2026-02-21, by: secretariat, act: receive, contributor: "state:KAZ", amount: EUR 5, value_date: 2026-02-21, form: cash, expect: refused R18}
  - {at: 2026-02-22, by: chairman, act: create-programme, id: rubble, name: Rubble clearance, area: Gaza, subsidiary: gaza, budget: USD 50000000}
  - {at: 2026-02-22, by: "executive:rubio", act: allocate, fund: gaza-reconstruction, programme: rubble, amount: USD 40000000}
  - {at: 2026-02-23, by: secretariat, act: disburse, id: d1, programme: rubble, payee: Contractor, amount: USD 15000000, purpose: phase 1}
  - {at: 2026-02-24, by: "executive:rubio", act: approve-disbursement, disbursement: d1}
  - {at: "2026-02-24T15:00:00Z", by: "executive:rubio", act: approve-disbursement, disbursement: d1, expect: refused R18}
  - {at: 2026-02-25, by: chief-executive, act: approve-disbursement, disbursement: d1}
`

func treasuryDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "pb.db")
	out, err := run(t, "replay", writeFile(t, "treasury.yaml", treasuryScenario), "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "20 acts accepted, 2 refused as expected") {
		t.Fatalf("replay summary = %q", out)
	}
	return db
}

func TestTreasuryJSONContract(t *testing.T) {
	db := treasuryDB(t)
	out, err := run(t, "treasury", "--db", db, "--as-of", "2026-02-28", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Funds []struct {
			Fund    *string           `json:"fund"`
			Balance map[string]string `json:"balance"`
		} `json:"funds"`
		Contributors []map[string]any `json:"contributors"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("treasury --json: %v\n%s", err, out)
	}
	funds := map[string]map[string]string{}
	for _, f := range v.Funds {
		if f.Fund == nil || f.Balance == nil {
			t.Fatalf("treasury --json: a fund without fund or balance (SPEC §6.1): %s", out)
		}
		funds[*f.Fund] = f.Balance
	}
	// gaza-reconstruction: USD 1,000,000,000.01 + 25,000,000 received, 40,000,000 allocated.
	if got := funds["gaza-reconstruction"]["USD"]; got != "985000000.01" {
		t.Errorf("gaza-reconstruction USD balance = %q, want \"985000000.01\"", got)
	}
	if got := funds["general"]["USD"]; got != "1000000000.00" {
		t.Errorf("general USD balance = %q, want \"1000000000.00\"", got)
	}
	contributors := map[string]map[string]any{}
	for _, c := range v.Contributors {
		for _, k := range []string{"contributor", "pledged_usd", "received_cash_usd", "received_in_kind_usd"} {
			if _, ok := c[k].(string); !ok {
				t.Errorf("treasury --json: contributor %v has no string %q (SPEC §6.1)", c["contributor"], k)
			}
		}
		contributors[c["contributor"].(string)] = c
	}
	for _, c := range []struct{ who, pledged, cash, inKind string }{
		{"state:QAT", "1000000000.00", "1000000000.01", "0.00"},
		{"org:fifa", "75000000.00", "25000000.00", "0.00"},
		{"state:KAZ", "0.00", "0.00", "2000000.00"},
	} {
		got := contributors[c.who]
		if got["pledged_usd"] != c.pledged || got["received_cash_usd"] != c.cash || got["received_in_kind_usd"] != c.inKind {
			t.Errorf("%s = %v; want pledged %s, cash %s, in kind %s", c.who, got, c.pledged, c.cash, c.inKind)
		}
	}
	// As of the day before the receipts, nothing was received.
	out, err = run(t, "treasury", "--db", db, "--as-of", "2026-02-19", "--json")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, `"received_cash_usd": "1000000000.01"`) {
		t.Errorf("treasury as of 2026-02-19 shows the receipt of 2026-02-20:\n%s", out)
	}
	if out, err := run(t, "treasury", "--db", db, "--as-of", "2026-02-28"); err != nil || !strings.Contains(out, "state:QAT") || !strings.Contains(out, "gaza-reconstruction") {
		t.Errorf("treasury table = %q, %v", out, err)
	}
}

func TestMembersPermanentSeatFromReceipts(t *testing.T) {
	db := treasuryDB(t)
	members := func(day string) map[string]map[string]any {
		t.Helper()
		out, err := run(t, "members", "--db", db, "--as-of", day, "--json")
		if err != nil {
			t.Fatal(err)
		}
		var list []map[string]any
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatal(err)
		}
		byState := map[string]map[string]any{}
		for _, m := range list {
			byState[m["state"].(string)] = m
		}
		return byState
	}
	before := members("2026-02-19")
	if q := before["QAT"]; q["permanent"] != false || q["term_end"] != "2029-01-22" || q["cash_usd_first_year"] != "0.00" {
		t.Errorf("QAT as of 2026-02-19 (pledged only) = %v; want not permanent, term_end 2029-01-22, no cash", q)
	}
	for _, day := range []string{"2026-02-20", "2029-01-22", "2030-06-01"} {
		m := members(day)
		if q := m["QAT"]; q["permanent"] != true || q["term_end"] != nil || q["status"] != "member" || q["cash_usd_first_year"] != "1000000000.01" {
			t.Errorf("QAT as of %s = %v; want a permanent member, term_end null, cash 1000000000.01", day, q)
		}
	}
	m := members("2026-02-28")
	if s := m["SAU"]; s["permanent"] != false || s["cash_usd_first_year"] != "1000000000.00" {
		t.Errorf("SAU (exactly USD 1bn) = %v; want not permanent (more-than)", s)
	}
	if k := m["KAZ"]; k["permanent"] != false || k["cash_usd_first_year"] != "0.00" {
		t.Errorf("KAZ (in kind only) = %v; want no cash and no seat", k)
	}
	if s := members("2029-01-22")["SAU"]; s["status"] != "former" || s["end_reason"] != "expired" {
		t.Errorf("SAU as of its term end = %v; want former, expired", s)
	}
}

func TestStatementFundsDisbursementsAndExports(t *testing.T) {
	db := treasuryDB(t)
	out, err := run(t, "statement", "state:QAT", "--db", db, "--as-of", "2026-02-28", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Contributor    string `json:"contributor"`
		PledgedUSD     string `json:"pledged_usd"`
		OutstandingUSD string `json:"outstanding_usd"`
		Entries        []struct {
			Entry   string `json:"entry"`
			Type    string `json:"type"`
			Amount  string `json:"amount"`
			Open    *string
			Settles []struct{ Pledge, Amount string }
		} `json:"entries"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.Contributor != "state:QAT" || st.PledgedUSD != "1000000000.00" || st.OutstandingUSD != "0.00" || len(st.Entries) != 2 {
		t.Fatalf("statement = %+v; want QAT's pledge, paid in full, and its receipt", st)
	}
	if e := st.Entries[1]; e.Entry != "qat-1" || e.Type != "receipt" || len(e.Settles) != 1 || e.Settles[0].Pledge != "qat-pledge" {
		t.Errorf("receipt entry = %+v; want qat-1 settling qat-pledge", e)
	}
	if out, err := run(t, "statement", "org:fifa", "--db", db); err != nil || !strings.Contains(out, "outstanding       50,000,000.00") || !strings.Contains(out, "open USD 50,000,000.00") {
		t.Errorf("statement table = %q, %v; want FIFA's USD 50m outstanding", out, err)
	}
	if _, err := run(t, "statement", "state:FRA", "--db", db); err == nil {
		t.Error("statement of a State with no entries: no error")
	}
	if _, err := run(t, "statement", "chairman", "--db", db); err == nil {
		t.Error("statement of the Chairman: no error")
	}

	out, err = run(t, "funds", "--db", db, "--json")
	if err != nil || !strings.Contains(out, `"fund": "gaza-reconstruction"`) {
		t.Errorf("funds --json = %s, %v", out, err)
	}

	out, err = run(t, "disbursements", "--db", db, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var ds []struct {
		ID        string `json:"id"`
		Status    string `json:"status"`
		Required  int    `json:"approvals_required"`
		Approvals []struct {
			By     string `json:"by"`
			Person string `json:"person"`
		} `json:"approvals"`
	}
	if err := json.Unmarshal([]byte(out), &ds); err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Status != "paid" || ds[0].Required != 2 || len(ds[0].Approvals) != 2 || ds[0].Approvals[1].By != "chief-executive" {
		t.Errorf("disbursements = %+v; want d1 paid with 2 approvals", ds)
	}
	out, err = run(t, "disbursements", "--db", db, "--as-of", "2026-02-24")
	if err != nil || !strings.Contains(out, "pending") || !strings.Contains(out, "1 of 2 (Marco Rubio)") {
		t.Errorf("disbursements as of 2026-02-24 = %q, %v; want pending with Rubio's approval", out, err)
	}

	out, err = run(t, "export", "contributions", "--db", db, "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readExportCSV(out)
	if err != nil {
		t.Fatal(err)
	}
	// A header, 2 pledges, 3 cash receipts and 1 in kind.
	if len(rows) != 7 || rows[0][0] != "entry" || rows[1][0] != "qat-pledge" || rows[1][8] != "1000000000.00" {
		t.Errorf("contributions CSV = %v", rows)
	}
	out, err = run(t, "export", "contributions", "--db", db, "--format", "json")
	var entries []map[string]any
	if err != nil || unmarshalItems([]byte(out), &entries) != nil || len(entries) != 6 {
		t.Errorf("contributions JSON = %s, %v; want 6 entries", out, err)
	}
	out, err = run(t, "export", "disbursements", "--db", db, "--format", "csv")
	if rows, _ := readExportCSV(out); err != nil || len(rows) != 2 || rows[1][0] != "d1" || rows[1][13] != "paid" {
		t.Errorf("disbursements CSV = %v, %v", rows, err)
	}
}

// ecbSample is a small file in the shape of the ECB's eurofxref-hist.csv: newest first, a
// trailing comma, N/A values, and currencies the ledger does not know (CYP, HRK).
const ecbSample = `Date,USD,JPY,CYP,GBP,HRK,KWD,
2026-02-20,1.0813,161.54,N/A,0.8412,N/A,0.3321,
2026-02-19,1.0800,160.00,N/A,0.8400,N/A,N/A,
2026-02-18,N/A,159.90,N/A,0.8390,N/A,0.3300,
2026-02-17,1.0750,159.50,0.5853,0.8380,7.5345,0.3310,
`

func TestRatesImport(t *testing.T) {
	db := treasuryDB(t)
	out, err := run(t, "rates", "import", writeFile(t, "eurofxref-hist.csv", ecbSample), "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	// 3 days with a USD value: EUR, JPY, GBP each day, KWD on two of them.
	for _, want := range []string{"imported 11 rates for 4 currencies over 3 days (2026-02-17 to 2026-02-20)",
		"skipped: CYP, HRK"} {
		if !strings.Contains(out, want) {
			t.Errorf("rates import said %q; want %q", out, want)
		}
	}
	// A euro and a yen receipt valued at the imported rates of their value dates: EUR 1000 ×
	// 1.0813 = USD 1081.30; JPY 1,000,000 × (1.08 ÷ 160 = 0.00675) = USD 6750.00. The 18th has
	// no USD value, so a receipt dated then takes the rate of the 17th.
	more := `rules: board-of-peace
acts:
  - {at: "2026-03-02T10:00:00Z", by: secretariat, act: receive, id: eur-1, contributor: "org:eu", amount: EUR 1000, value_date: 2026-02-20, form: cash}
  - {at: "2026-03-02T10:00:00Z", by: secretariat, act: receive, id: jpy-1, contributor: "org:eu", amount: JPY 1000000, value_date: 2026-02-19, form: cash}
  - {at: "2026-03-02T10:00:00Z", by: secretariat, act: receive, id: eur-2, contributor: "org:eu", amount: EUR 1000, value_date: 2026-02-18, form: cash}
  - {at: "2026-03-02T10:00:00Z", by: secretariat, act: receive, contributor: "org:eu", amount: EUR 1000, value_date: 2026-02-16, form: cash, expect: refused R18}
`
	if _, err := run(t, "replay", writeFile(t, "more.yaml", more), "--db", db, "--append"); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, "statement", "org:eu", "--db", db, "--as-of", "2026-03-02", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Entries []struct {
			Entry   string  `json:"entry"`
			USD     string  `json:"usd"`
			USDRate string  `json:"usd_rate"`
			Date    *string `json:"rate_date"`
		} `json:"entries"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"eur-1": "1081.30 at 1.0813 of 2026-02-20", "jpy-1": "6750.00 at 0.00675 of 2026-02-19", "eur-2": "1075.00 at 1.075 of 2026-02-17"}
	for _, e := range st.Entries {
		if got := e.USD + " at " + e.USDRate + " of " + orDash(e.Date); got != want[e.Entry] {
			t.Errorf("%s: USD %s; want %s", e.Entry, got, want[e.Entry])
		}
	}
	if _, err := run(t, "rates", "import", writeFile(t, "bad.csv", "Day,EUR\n"), "--db", db); err == nil {
		t.Error("rates import of a file that is not the ECB's: no error")
	}
	if _, err := run(t, "rates", "import", writeFile(t, "no-usd.csv", "Date,JPY,\n2026-02-20,161.54,\n"), "--db", db); err == nil {
		t.Error("rates import without a USD column: no error")
	}
}

// TestContributorNames (issue 21): the treasury and a statement name each contributor beside its
// id, a State by its name and an organization by the name the rules file gives it ("fifa" was
// shown as its id); --json carries the name in "name" beside "contributor".
func TestContributorNames(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if _, err := run(t, "replay", "../../scenario/demo/board-of-peace-2026.yaml", "--db", db); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "treasury", "--db", db, "--as-of", "2026-03-31")
	if err != nil || !strings.Contains(out, "FIFA (org:fifa)") || !strings.Contains(out, "Qatar (state:QAT)") {
		t.Errorf("treasury = %q, %v; want FIFA (org:fifa) and Qatar (state:QAT)", out, err)
	}
	out, err = run(t, "statement", "org:fifa", "--db", db, "--as-of", "2026-03-31")
	if err != nil || !strings.HasPrefix(out, "Statement of FIFA (org:fifa)") {
		t.Errorf("statement org:fifa = %q, %v; want it to begin \"Statement of FIFA (org:fifa)\"", out, err)
	}
	out, err = run(t, "treasury", "--db", db, "--as-of", "2026-03-31", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var tr apiv1.Treasury
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, c := range tr.Contributors {
		names[c.Contributor] = c.Name
	}
	if names["org:fifa"] != "FIFA" || names["state:QAT"] != "Qatar" {
		t.Errorf("treasury --json names = %v; want org:fifa FIFA and state:QAT Qatar", names)
	}
}
