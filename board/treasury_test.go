package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// The treasury's acts and events join the samples that the canonical-bytes and event round-trip
// tests walk (act_test.go), each with every field set.
func init() {
	sampleBodies = append(sampleBodies,
		&board.Pledge{ID: "usa-pledge", Contributor: "state:USA", Amount: usd("10000000000"), Fund: "gaza-reconstruction", Due: ts("2026-12-31"), Note: "at the first meeting"},
		&board.Receive{ID: "qat-1", Contributor: "state:QAT", Amount: money.Amount{Currency: "EUR", Minor: 12345}, ValueDate: ts("2026-03-01"),
			Form: board.FormCash, Account: "main", Fund: "general", USDRate: "1.0813", Note: "illustrative"},
		&board.SetRate{Date: ts("2026-03-01"), Currency: "EUR", USDRate: "1.0813", Source: "ECB euro reference rates"},
		&board.OpenFund{ID: "isf", Name: "Stabilization force", Purpose: "The ISF's costs"},
		&board.OpenAccount{ID: "eur", Institution: "A bank", Currency: "EUR"},
		&board.SetControls{Thresholds: []board.Threshold{{Above: usd("0"), Approvals: 1}, {Above: usd("5000000"), Approvals: 3}}},
		&board.Allocate{Fund: "general", Programme: "rubble", Amount: usd("1000")},
		&board.Disburse{ID: "d1", Programme: "rubble", Payee: "Acme & Sons", Amount: usd("500"), Purpose: "Trucks", Account: "main"},
		&board.ApproveDisbursement{Disbursement: "d1"},
		&board.Reverse{Entry: "e3", Reason: "entered twice"},
		&board.CreateProgramme{ID: "rubble", Name: "Rubble clearance", Area: "Gaza", Subsidiary: "gaza", Budget: usd("1000000"),
			Sectors:   []board.SectorShare{{Code: "73010", Percentage: 70}, {Code: "15250", Percentage: 30}},
			Countries: []board.CountryShare{{Code: "PS", Percentage: 100}}, Start: ts("2026-04-01"), End: ts("2027-03-31")},
		&board.ReportProgress{Programme: "rubble", Text: "10% cleared"},
	)
	entry := board.Entry{
		ID: "e1", Type: board.EntryReceipt, Contributor: "state:QAT", Form: board.FormCash, Fund: "general", Account: "main",
		Programme: "rubble", Disbursement: "d1", Payee: "Acme", Amount: eur("100"), USD: usd("108.13"), Rate: rate("1.0813"),
		RateDate: ts("2026-03-01"), ValueDate: ts("2026-03-02"), Due: ts("2026-12-31"), Reverses: "e0", Note: "n",
		Settles: []board.Settlement{{Pledge: "p1", Amount: usd("108.13")}},
		Postings: []board.Posting{
			{Account: board.FundLedger("general"), Side: board.Credit, Amount: eur("100")},
			{Account: board.ExchangeAccount, Side: board.Debit, Amount: eur("100")},
			{Account: board.ExchangeAccount, Side: board.Credit, Amount: usd("108.13")},
			{Account: board.BankLedger("main"), Side: board.Debit, Amount: usd("108.13")},
		},
	}
	sampleEvents = append(sampleEvents,
		&board.Posted{Entry: entry},
		&board.RateSet{Date: ts("2026-03-01"), Currency: "EUR", USDRate: rate("1.0813"), Source: "ECB"},
		&board.FundOpened{ID: "isf", Name: "ISF", Purpose: "p"},
		&board.AccountOpened{ID: "eur", Institution: "A bank", Currency: "EUR"},
		&board.ControlsSet{Thresholds: []board.Threshold{{Above: usd("0"), Approvals: 1}}},
		&board.ProgrammeCreated{ID: "rubble", Name: "Rubble", Area: "Gaza", Subsidiary: "gaza", Budget: usd("1000"),
			Sectors: []board.SectorShare{{Code: "14030", Percentage: 100}}, Countries: []board.CountryShare{{Code: "PS", Percentage: 60}, {Code: "EG", Percentage: 40}},
			Start: ts("2026-04-01"), End: ts("2027-03-31")},
		&board.DisbursementRequested{ID: "d1", Programme: "rubble", Payee: "Acme", Amount: usd("5"), Purpose: "p", Account: "main",
			Pay: usd("5"), USD: usd("5"), Required: 2},
		&board.DisbursementApproved{Disbursement: "d1", By: "executive:rubio", Person: "Marco Rubio"},
		&board.ProgressReported{Programme: "rubble", By: board.ChiefExecutive, Text: "t"},
	)
}

func amount(cur, s string) money.Amount {
	a, err := money.Parse(cur + " " + s)
	if err != nil {
		panic(err)
	}
	return a
}

func usd(s string) money.Amount { return amount("USD", s) }
func eur(s string) money.Amount { return amount("EUR", s) }

func rate(s string) money.Rate {
	r, err := money.ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

const (
	exRubio    board.ActorID = "executive:rubio"
	exWitkoff  board.ActorID = "executive:witkoff"
	exKushner  board.ActorID = "executive:kushner"
	exRubioToo board.ActorID = "executive:rubio-2" // the same person under a second id
)

// treasury returns a world in force since eif with the first n States as members, three
// Executive Board members (and Rubio again under a second id), and the Gaza Executive Board,
// under rules r (the default if nil). Acts start at 2026-01-23.
func treasury(t *testing.T, r *charter.Rules, n int) *world {
	t.Helper()
	w := founded(t, r, n)
	at := ts("2026-01-22T12:00:00Z")
	w.must(t, at, board.Chairman, &board.AppointExecutive{ID: "rubio", Person: "Marco Rubio"})
	w.must(t, at, board.Chairman, &board.AppointExecutive{ID: "witkoff", Person: "Steve Witkoff"})
	w.must(t, at, board.Chairman, &board.AppointExecutive{ID: "kushner", Person: "Jared Kushner"})
	w.must(t, at, board.Chairman, &board.AppointExecutive{ID: "rubio-2", Person: "Marco Rubio"})
	w.must(t, at, board.Chairman, &board.CreateSubsidiary{ID: "gaza", Name: "Gaza Executive Board", Members: []string{"Steve Witkoff", "Jared Kushner"}})
	return w
}

// cash returns a cash receipt of amount from contributor c, dated valueDate.
func cash(c board.ActorID, a money.Amount, valueDate string) *board.Receive {
	return &board.Receive{Contributor: c, Amount: a, ValueDate: ts(valueDate), Form: board.FormCash}
}

// seat returns a State's permanent seat and first-year cash as of at, from the events up to at.
func (w *world) seat(t *testing.T, code board.StateCode, at time.Time) (bool, string) {
	t.Helper()
	v := w.member(t, code, at)
	return v.Permanent, v.CashUSDFirstYear.String()
}

// programme sets up a funded programme: USD 50m received into the general fund, a programme with
// a budget of USD 40m, and USD 30m allocated to it.
func programme(t *testing.T, w *world) {
	t.Helper()
	at := ts("2026-03-01T10:00:00Z")
	w.must(t, at, board.Secretariat, cash("state:QAT", usd("50000000"), "2026-03-01"))
	w.must(t, at, board.Chairman, &board.CreateProgramme{ID: "rubble", Name: "Rubble clearance", Area: "Gaza", Subsidiary: "gaza", Budget: usd("40000000")})
	w.must(t, at, exRubio, &board.Allocate{Fund: "general", Programme: "rubble", Amount: usd("30000000")})
}

func TestTreasuryView(t *testing.T) {
	w := treasury(t, nil, 20)
	w.must(t, ts("2026-02-19T17:00:00Z"), "state:USA", &board.Pledge{Amount: usd("10000000000"), Fund: "gaza-reconstruction"})
	w.must(t, ts("2026-02-19T17:00:00Z"), "org:fifa", &board.Pledge{Amount: usd("75000000"), Fund: "gaza-reconstruction"})
	w.must(t, ts("2026-03-01T10:00:00Z"), board.Secretariat, &board.Receive{Contributor: "org:fifa", Amount: usd("25000000"),
		ValueDate: ts("2026-03-01"), Form: board.FormCash, Fund: "gaza-reconstruction"})
	v := w.state.TreasuryAt(w.rules, ts("2026-03-02"))
	var gaza board.FundView
	for _, f := range v.Funds {
		if f.ID == "gaza-reconstruction" {
			gaza = f
		}
	}
	if gaza.Cash["USD"] != usd("25000000") || gaza.Pledged["USD"] != usd("10050000000") {
		t.Errorf("gaza-reconstruction = %+v; want USD 25m cash and USD 10.05bn pledged and unpaid", gaza)
	}
	if len(v.Contributors) != 2 || v.Contributors[0].Contributor != "org:fifa" || v.Contributors[0].OutstandingUSD != usd("50000000") {
		t.Errorf("contributors = %+v; want org:fifa (USD 50m outstanding), state:USA", v.Contributors)
	}
	before := w.state.TreasuryAt(w.rules, ts("2026-02-28"))
	if len(before.Contributors) != 2 || before.Contributors[0].ReceivedCashUSD.Minor != 0 {
		t.Errorf("as of 2026-02-28: %+v; want FIFA's pledge and nothing received", before.Contributors)
	}
	lines := w.state.Contributions("org:fifa", ts("2026-03-02"))
	if len(lines) != 2 || lines[0].Open != usd("50000000") {
		t.Errorf("FIFA's contributions = %+v; want its pledge (USD 50m open) and its receipt", lines)
	}
}
