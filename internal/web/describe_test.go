package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/web"
	"github.com/peaceboard/peaceboard/money"
	"github.com/peaceboard/peaceboard/record"
)

// TestDescriptionsGolden: every sentence the portal writes about an act, in both languages, is
// the one testdata/describe.golden holds. The entries described are those of the demo and of
// the hostile record, then one act or more of every kind with every field its description shows
// (everyKind), then an act of a kind the portal does not know and an entry whose act cannot be
// read. A change of wording shows in review as a change of the golden file (go test -update).
func TestDescriptionsGolden(t *testing.T) {
	e := hostileEngine(t)
	var entries []record.Entry
	err := e.ReadEntries(context.Background(), 0, e.Len(), func(en record.Entry) error {
		entries = append(entries, en)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	entries = append(entries, everyKind(t, e.Len())...)
	var b strings.Builder
	for _, lang := range []string{"en", "fr"} {
		views, err := web.Describe(e, now, lang, entries)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range views {
			fmt.Fprintf(&b, "%s %d %s by %s [%s] -> %s\n\t%s\n", lang, v.Index, v.Kind, v.By, v.KindName, v.Link, v.Summary)
			for _, q := range v.Texts {
				fmt.Fprintf(&b, "\t%s: %s\n", q.Label, q.Text)
			}
		}
	}
	checkGolden(t, "describe.golden", b.String())
}

// everyKind returns entries from index first on: an act of every kind, with every field that its
// description shows, and the variants that describe differently (a development key, a key's
// rotation, a founding invitation with its head, an alternate approved by the Chairman, a pledge
// named by the secretariat, contributions to the default fund), naming things the demo's record
// knows and things it does not. Then an act of a kind the portal does not know, and an entry whose act
// cannot be read. It fails the test if a kind of board.Kinds() has no act here.
func everyKind(t *testing.T, first uint64) []record.Entry {
	t.Helper()
	at := time.Date(2026, 5, 30, 9, 0, 0, 0, time.UTC)
	day := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	usd := money.Amount{Currency: "USD", Minor: 123456}
	eur := money.Amount{Currency: "EUR", Minor: 5000000}
	acts := []struct {
		by   board.ActorID
		body board.Body
	}{
		{board.Secretariat, &board.Establish{Rules: "rules", Key: "key"}},
		{board.Secretariat, &board.RegisterKey{Actor: "state:KAZ", Key: "key"}},
		{board.Secretariat, &board.RegisterKey{Actor: "executive:hostile", Key: "key", Development: true}},
		{board.Chairman, &board.RegisterKey{Actor: board.Chairman, Key: "key", Replaces: "chairman-1"}},
		{"state:KAZ", &board.RevokeKey{Actor: "state:KAZ", KeyID: "kaz-1"}},

		{board.Chairman, &board.Invite{State: "NOR"}},
		{board.Chairman, &board.Invite{State: "NOR", Head: "Head of State", Founding: true}},
		{board.Chairman, &board.Invite{State: "NOR", Founding: true}},
		{board.Chairman, &board.WithdrawInvitation{State: "NOR"}},
		{"state:NOR", &board.Decline{}},
		{"state:NOR", &board.Consent{Instrument: "signature", Place: "Davos"}},
		{"state:NOR", &board.Consent{Instrument: "notification"}},
		{board.Chairman, &board.RenewTerm{State: "KAZ"}},
		{"state:KAZ", &board.Withdraw{}},
		{board.Chairman, &board.ProposeRemoval{ID: "removal-nor", State: "NOR", Reason: "A reason."}},
		{"state:KAZ", &board.VetoRemoval{Removal: "removal-nor"}},
		{board.Chairman, &board.Dissolve{Reason: "A reason."}},

		{board.Chairman, &board.DesignateSuccessor{Person: "A Successor"}},
		{board.Chairman, &board.Resign{}},
		{"executive:hostile", &board.FindIncapacity{}},
		{board.Chairman, &board.AppointExecutive{ID: "new", Person: "A Person"}},
		{board.Chairman, &board.RenewExecutive{ID: "hostile"}},
		{board.Chairman, &board.RenewExecutive{ID: "unknown-executive"}},
		{board.Chairman, &board.RemoveExecutive{ID: "hostile"}},
		{board.Chairman, &board.CreateSubsidiary{ID: "entity", Name: "An Entity", Mandate: "A mandate.", Members: []string{"One", "Two"}}},
		{board.Chairman, &board.ModifySubsidiary{ID: "hostile-entity", Name: "A new name", Mandate: "A new mandate.", Members: []string{"Three"}}},
		{board.Chairman, &board.ModifySubsidiary{ID: "unknown-entity"}},
		{board.Chairman, &board.DissolveSubsidiary{ID: "hostile-entity"}},
		{"state:KAZ", &board.Accredit{Person: "A Representative", Role: "head"}},
		{"state:KAZ", &board.Accredit{Person: "An Alternate", Role: "alternate"}},
		{board.Chairman, &board.Accredit{Person: "An Alternate", Role: "alternate", State: "KAZ"}},

		{board.Chairman, &board.Convene{ID: "meeting", Type: board.MeetingVoting, Date: day, Place: "Davos"}},
		{board.ChiefExecutive, &board.Convene{ID: "meeting", Type: board.MeetingReporting, Date: day, Place: "Geneva"}},
		{"executive:hostile", &board.Propose{ID: "proposal", Type: board.KindBudget, Title: "A Title", Text: "A text."}},
		{"state:KAZ", &board.Comment{Proposal: "hostile-proposal", Text: "A comment."}},
		{"state:KAZ", &board.Comment{Proposal: "unknown-proposal", Text: "A comment."}},
		{"executive:hostile", &board.SetAgenda{Meeting: "meeting", Proposals: []board.DecisionID{"hostile-proposal", "unknown-proposal"}}},
		{board.Chairman, &board.ApproveAgenda{Meeting: "meeting"}},
		{board.Secretariat, &board.OpenVote{Proposal: "hostile-proposal"}},
		{"state:KAZ", &board.Vote{Proposal: "hostile-proposal", Choice: board.ChoiceYes}},
		{"state:QAT", &board.Vote{Proposal: "hostile-proposal", Choice: board.ChoiceAbstain}},
		{board.Secretariat, &board.CloseVote{Proposal: "hostile-proposal"}},
		{board.Chairman, &board.CastingVote{Proposal: "hostile-proposal", Choice: board.ChoiceNo}},
		{board.Chairman, &board.Approve{Proposal: "hostile-proposal", Reason: "A reason."}},
		{board.Chairman, &board.Approve{Proposal: "hostile-proposal"}},
		{board.Chairman, &board.WithholdApproval{Proposal: "hostile-proposal", Reason: "A reason."}},
		{board.Chairman, &board.Directive{ID: "directive", Title: "A Directive", Text: "A text."}},
		{"state:KAZ", &board.Recommend{Meeting: "meeting", Text: "A recommendation."}},
		{"executive:hostile", &board.Report{Meeting: "meeting", Text: "A report."}},
		{board.Secretariat, &board.ReportMandate{Mandate: "A mandate", Text: "A report."}},

		{"state:KAZ", &board.Pledge{ID: "pledge", Amount: usd, Fund: "hostile-fund", Note: "A note."}},
		{board.Secretariat, &board.Pledge{ID: "pledge", Contributor: "org:fifa", Amount: eur}},
		{board.Secretariat, &board.Receive{ID: "receipt", Contributor: "state:QAT", Amount: usd, ValueDate: day, Form: board.FormCash, Fund: "hostile-fund", Note: "A note."}},
		{board.Secretariat, &board.Receive{ID: "receipt", Contributor: "org:fifa", Amount: eur, ValueDate: day, Form: board.FormInKind}},
		{board.Secretariat, &board.SetRate{Date: day, Currency: "EUR", USDRate: "1.08", Source: "A source."}},
		{"executive:hostile", &board.OpenFund{ID: "fund", Name: "A Fund", Purpose: "A purpose."}},
		{"executive:hostile", &board.OpenAccount{ID: "account", Institution: "A Bank", Currency: "EUR"}},
		{"executive:hostile", &board.SetControls{Thresholds: []board.Threshold{{Above: usd, Approvals: 2}}}},
		{"executive:hostile", &board.Allocate{Fund: "hostile-fund", Programme: "hostile-programme", Amount: usd}},
		{"executive:hostile", &board.Allocate{Fund: "unknown-fund", Programme: "unknown-programme", Amount: usd}},
		{board.Secretariat, &board.Disburse{ID: "disbursement", Programme: "hostile-programme", Payee: "A Payee", Amount: usd, Purpose: "A purpose."}},
		{board.ChiefExecutive, &board.ApproveDisbursement{Disbursement: "disbursement"}},
		{board.Secretariat, &board.Reverse{Entry: "pledge", Reason: "A reason."}},
		{board.Chairman, &board.CreateProgramme{ID: "programme", Name: "A Programme", Area: "An area", Subsidiary: "hostile-entity", Budget: usd}},
		{board.Chairman, &board.CreateProgramme{ID: "placed", Name: "A Programme", Subsidiary: "hostile-entity", Budget: eur,
			Sectors:   []board.SectorShare{{Code: "73010", Percentage: 60}, {Code: "14030", Percentage: 40}},
			Countries: []board.CountryShare{{Code: "PS", Percentage: 80}, {Code: "XK", Percentage: 20}}, Start: day, End: day.AddDate(2, 0, 0)}},
		{board.Chairman, &board.CreateProgramme{ID: "started", Name: "A Programme", Subsidiary: "hostile-entity", Budget: eur, Start: day}},
		{board.Chairman, &board.CreateProgramme{ID: "ending", Name: "A Programme", Subsidiary: "hostile-entity", Budget: eur, End: day}},
		{board.ChiefExecutive, &board.ReportProgress{Programme: "hostile-programme", Text: "A report."}},

		{board.Secretariat, &board.SetWitnessPolicy{Witnesses: []board.PolicyWitness{
			{Name: "<b>witness</b>&co", Key: strings.Repeat("ab", 32), URL: "https://witness.example.org/?a=1&b=<2>"},
			{Name: "witness.example.net", Key: strings.Repeat("cd", 32)},
		}, Quorum: 2}},
		{board.Secretariat, &board.SetWitnessPolicy{Witnesses: []board.PolicyWitness{{Name: "sole.example.org", Key: strings.Repeat("ef", 32)}}, Quorum: 1}},
	}
	var out []record.Entry
	kinds := map[board.Kind]bool{}
	for i, a := range acts {
		act := board.Act{At: at.Add(time.Duration(i) * time.Minute), By: a.by, Body: a.body}
		b, err := act.Canonical()
		if err != nil {
			t.Fatalf("%s: %v", act, err)
		}
		out = append(out, record.Entry{Index: first + uint64(len(out)), At: act.At, Actor: string(a.by), Kind: string(a.body.Kind()), Act: b})
		kinds[a.body.Kind()] = true
	}
	for _, k := range board.Kinds() {
		if !kinds[k] {
			t.Errorf("no act of kind %q to describe: add one to everyKind", k)
		}
	}
	// A kind that an older or newer portal knows, and an act that is not in canonical form.
	unknown := []byte(`{"at":"2026-05-31T09:00:00Z","by":"chairman","act":"abolish","fields":{}}`)
	unread := []byte(`{"at":"2026-05-31T09:00:00Z","by":"chairman","act":"invite","fields":{"state":"NOR","extra":1}}`)
	for _, en := range []record.Entry{{Actor: "chairman", Kind: "abolish", Act: unknown}, {Actor: "chairman", Kind: "invite", Act: unread}} {
		en.Index, en.At = first+uint64(len(out)), time.Date(2026, 5, 31, 9, 0, 0, 0, time.UTC)
		out = append(out, en)
	}
	return out
}
