package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/money"
)

// representatives are the actors that stand for each kind of actor in the matrix.
var representatives = map[board.ActorKind]board.ActorID{
	board.ActorChairman:       board.Chairman,
	board.ActorState:          "state:KAZ",
	board.ActorOrg:            "org:fifa",
	board.ActorExecutive:      "executive:rubio",
	board.ActorChiefExecutive: board.ChiefExecutive,
	board.ActorSecretariat:    board.Secretariat,
}

// catalogueRules is the rule each act kind's catalogue entry names (SPEC §4), which a refusal
// for the wrong kind of actor carries. Acts of the record itself (keys, establish) and mandate
// reports, which are outside the charter, name none.
var catalogueRules = map[board.Kind]string{
	"invite": "R2", "withdraw-invitation": "R2", "decline": "R2", "consent": "R2", "renew-term": "R4",
	"withdraw": "R6", "propose-removal": "R6", "veto-removal": "R7", "dissolve": "R20",
	"designate-successor": "R16", "resign": "R16", "find-incapacity": "R16", "appoint-executive": "R17",
	"renew-executive": "R17", "remove-executive": "R17", "create-subsidiary": "R14", "modify-subsidiary": "R14",
	"dissolve-subsidiary": "R14", "accredit": "R3",
	"convene": "R10", "propose": "R9", "comment": "R10", "set-agenda": "R10", "approve-agenda": "R10",
	"open-vote": "R11", "vote": "R11", "close-vote": "R11", "casting-vote": "R11", "approve": "R11",
	"withhold-approval": "R11", "directive": "R15", "recommend": "R12", "report": "R12", "report-mandate": "",
	"establish": "", "register-key": "", "revoke-key": "", "set-witness-policy": "",
	"pledge": "R18", "receive": "R18", "set-rate": "R18", "open-fund": "R18", "open-account": "R19",
	"set-controls": "R18", "allocate": "R18", "disburse": "R18", "approve-disbursement": "R18", "reverse": "R18",
	"create-programme": "R19", "report-progress": "R19",
}

// step is one lawful act of the fixture world.
type step struct {
	at   time.Time
	by   board.ActorID
	body board.Body
}

func day(d string, hour int) time.Time {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		panic(err)
	}
	return t.Add(time.Duration(hour) * time.Hour)
}

func usd(s string) money.Amount {
	a, err := money.Parse("USD " + s)
	if err != nil {
		panic(err)
	}
	return a
}

// fixtureWorld is a small organization's life in which every kind of act is done once, lawfully,
// by its rightful actor, in an order where each is lawful: the "accepted" side of the matrix.
func fixtureWorld() []step {
	d1, d2, d3 := "2026-01-10", "2026-01-20", "2026-02-01"
	var steps []step
	add := func(at time.Time, by board.ActorID, body board.Body) { steps = append(steps, step{at, by, body}) }
	add(day(d1, 9), board.Chairman, &board.Invite{State: "KAZ", Head: "Kassym-Jomart Tokayev", Founding: true})
	for _, c := range []board.StateCode{"ARM", "QAT", "HUN", "CAN", "FRA"} {
		add(day(d1, 9), board.Chairman, &board.Invite{State: c})
	}
	add(day(d1, 10), board.Chairman, &board.WithdrawInvitation{State: "CAN"})
	add(day(d1, 10), "state:FRA", &board.Decline{})
	for _, c := range []board.StateCode{"KAZ", "ARM", "QAT", "HUN"} {
		add(day(d1, 11), board.StateActor(c), &board.Consent{Instrument: "signature", Place: "Davos"})
	}
	add(day(d1, 12), "state:KAZ", &board.Accredit{Person: "Kassym-Jomart Tokayev", Role: "head"})
	add(day(d1, 12), board.Chairman, &board.RenewTerm{State: "KAZ"})
	add(day(d1, 12), board.Chairman, &board.DesignateSuccessor{Person: "J. D. Vance"})
	add(day(d1, 12), board.Chairman, &board.AppointExecutive{ID: "rubio", Person: "Marco Rubio"})
	add(day(d1, 12), board.Chairman, &board.AppointExecutive{ID: "blair", Person: "Tony Blair"})
	add(day(d1, 13), board.Chairman, &board.RenewExecutive{ID: "rubio"})
	add(day(d1, 13), board.Chairman, &board.CreateSubsidiary{ID: "gaza-executive-board", Name: "Gaza Executive Board", Members: []string{"Marco Rubio"}})
	add(day(d1, 13), board.Chairman, &board.ModifySubsidiary{ID: "gaza-executive-board", Mandate: "Reconstruction of Gaza"})
	add(day(d1, 13), board.Chairman, &board.CreateSubsidiary{ID: "short-lived", Name: "A short-lived entity"})
	add(day(d1, 13), board.Chairman, &board.DissolveSubsidiary{ID: "short-lived"})
	add(day(d1, 14), board.Chairman, &board.ProposeRemoval{ID: "r1", State: "HUN", Reason: "A test of the veto"})
	add(day(d1, 14), "state:KAZ", &board.VetoRemoval{Removal: "r1"})
	add(day(d1, 14), "state:ARM", &board.Withdraw{})
	add(day(d1, 15), board.Chairman, &board.Convene{ID: "m1", Type: board.MeetingVoting, Date: day(d3, 0), Place: "Washington"})
	add(day(d1, 15), board.ChiefExecutive, &board.Convene{ID: "m2", Type: board.MeetingReporting, Date: day(d3, 0), Place: "Davos"})
	add(day(d1, 15), "executive:rubio", &board.Propose{ID: "p1", Type: board.KindInitiative, Title: "Reconstruction framework"})
	add(day(d1, 15), board.Chairman, &board.Propose{ID: "p2", Type: board.KindBudget, Title: "Budget 2026"})
	add(day(d1, 16), "state:KAZ", &board.Comment{Proposal: "p1", Text: "Agreed in principle."})
	add(day(d2, 9), "executive:rubio", &board.SetAgenda{Meeting: "m1", Proposals: []board.DecisionID{"p1", "p2"}})
	add(day(d2, 10), board.Chairman, &board.ApproveAgenda{Meeting: "m1"})
	add(day(d3, 9), board.Secretariat, &board.OpenVote{Proposal: "p1"})
	add(day(d3, 9), board.Secretariat, &board.OpenVote{Proposal: "p2"})
	add(day(d3, 10), "state:KAZ", &board.Vote{Proposal: "p1", Choice: board.ChoiceYes})
	add(day(d3, 10), "state:QAT", &board.Vote{Proposal: "p1", Choice: board.ChoiceYes})
	add(day(d3, 10), "state:KAZ", &board.Vote{Proposal: "p2", Choice: board.ChoiceYes})
	add(day(d3, 10), "state:QAT", &board.Vote{Proposal: "p2", Choice: board.ChoiceNo})
	add(day(d3, 11), board.Secretariat, &board.CloseVote{Proposal: "p1"})
	add(day(d3, 11), board.Secretariat, &board.CloseVote{Proposal: "p2"})
	add(day(d3, 12), board.Chairman, &board.CastingVote{Proposal: "p2", Choice: board.ChoiceYes})
	add(day(d3, 12), board.Chairman, &board.Approve{Proposal: "p1"})
	add(day(d3, 12), board.Chairman, &board.WithholdApproval{Proposal: "p2", Reason: "Not now"})
	add(day(d3, 13), board.Chairman, &board.Directive{ID: "d1", Title: "A directive"})
	add(day(d3, 13), "state:KAZ", &board.Recommend{Meeting: "m2", Text: "More reports."})
	add(day(d3, 13), "executive:rubio", &board.Report{Meeting: "m2", Text: "The board reports."})
	add(day(d3, 13), board.Secretariat, &board.ReportMandate{Mandate: "unsc-2803", Text: "A progress report."})
	add(day(d3, 14), board.Secretariat, &board.SetRate{Date: day(d3, 0), Currency: "EUR", USDRate: "1.08", Source: "test"})
	add(day(d3, 14), "state:QAT", &board.Pledge{Amount: usd("1000000.00"), Fund: "general"})
	add(day(d3, 14), board.Secretariat, &board.Receive{ID: "rc1", Contributor: "state:QAT", Amount: usd("500000.00"), ValueDate: day(d3, 0), Form: board.FormCash})
	add(day(d3, 14), board.Secretariat, &board.Receive{ID: "rc2", Contributor: "org:fifa", Amount: usd("1000.00"), ValueDate: day(d3, 0), Form: board.FormCash})
	add(day(d3, 15), board.Secretariat, &board.Reverse{Entry: "rc2", Reason: "Recorded twice"})
	add(day(d3, 15), "executive:rubio", &board.OpenFund{ID: "f1", Name: "A fund"})
	add(day(d3, 15), "executive:rubio", &board.OpenAccount{ID: "a1", Institution: "A bank", Currency: "USD"})
	add(day(d3, 15), "executive:rubio", &board.SetControls{Thresholds: []board.Threshold{{Above: usd("0.00"), Approvals: 1}}})
	add(day(d3, 16), board.Chairman, &board.CreateProgramme{ID: "pr1", Name: "Rubble clearance", Subsidiary: "gaza-executive-board", Budget: usd("100000.00")})
	add(day(d3, 16), "executive:rubio", &board.Allocate{Fund: "general", Programme: "pr1", Amount: usd("100000.00")})
	add(day(d3, 16), board.Secretariat, &board.Disburse{ID: "db1", Programme: "pr1", Payee: "A contractor", Amount: usd("1000.00"), Purpose: "Phase one"})
	add(day(d3, 17), "executive:rubio", &board.ApproveDisbursement{Disbursement: "db1"})
	add(day(d3, 17), board.ChiefExecutive, &board.ReportProgress{Programme: "pr1", Text: "Under way."})
	add(day(d3, 18), board.Chairman, &board.RemoveExecutive{ID: "blair"})
	add(day(d3, 18), "executive:rubio", &board.FindIncapacity{})
	add(day(d3, 19), board.Chairman, &board.DesignateSuccessor{Person: "Marco Rubio"})
	add(day(d3, 19), board.Chairman, &board.Resign{})
	add(day(d3, 20), board.Chairman, &board.Dissolve{Reason: "The end of the test"})
	return steps
}

// TestAuthorizationMatrix runs the act catalogue through the real HTTP server and the client:
// every act kind is accepted from its rightful actor (one lawful example each, in a fixture
// world built act by act over HTTP), and, just before, refused with 403 and the catalogue's
// rule for one actor of every other kind, generated from board.Kinds() × board.ActorKinds by
// board.AllowedActors.
func TestAuthorizationMatrix(t *testing.T) {
	ctx := context.Background()
	// Under the default rules dissolution is refused (R20); this world's rules allow it.
	rules := strings.Replace(charter.Default().Source, `by = "unknown"`, `by = "chairman"`, 1)
	s := newServer(t, rules, api.Config{})
	start := day("2026-01-05", 9)

	// The record's own acts: establish, a key for each representative, and a second key of
	// org:fifa to revoke.
	s.establish(start, board.Chairman, "state:ARM", "state:QAT", "state:HUN", "state:CAN", "state:FRA",
		"executive:blair", board.ChiefExecutive)
	covered := map[board.Kind]bool{"establish": true}
	steps := []step{{start, board.Secretariat, &board.RegisterKey{Actor: "state:KAZ", Key: pub64("state:KAZ"), Development: true}}}
	for _, a := range []board.ActorID{"org:fifa", "executive:rubio"} {
		steps = append(steps, step{start, board.Secretariat, &board.RegisterKey{Actor: a, Key: pub64(a), Development: true}})
	}
	spare := ringOther.Key("org:fifa")
	steps = append(steps,
		step{start, board.Secretariat, &board.RegisterKey{Actor: "org:fifa", Key: pub64Of(spare), Development: true}},
		step{start, board.Secretariat, &board.RevokeKey{Actor: "org:fifa", KeyID: keyIDOf(spare)}},
		step{start, board.Secretariat, &board.SetWitnessPolicy{Witnesses: []board.PolicyWitness{{Name: "witness.example.org", Key: strings.Repeat("0a", 32)}}, Quorum: 1}})
	steps = append(steps, fixtureWorld()...)

	refusals := 0
	for _, st := range steps {
		kind := st.body.Kind()
		if !slices.Contains(board.AllowedActors(kind), st.by.Kind()) {
			t.Fatalf("fixture: %s by %s is not by a rightful actor", kind, st.by)
		}
		if !covered[kind] {
			for _, ak := range board.ActorKinds {
				if slices.Contains(board.AllowedActors(kind), ak) {
					continue
				}
				by := representatives[ak]
				_, err := s.client.Submit(ctx, sign(t, st.at, by, st.body), "")
				e := problem(t, err, http.StatusForbidden, board.Forbidden)
				if e.Problem.Rule != catalogueRules[kind] {
					t.Errorf("%s by %s: rule = %q, want %q", kind, by, e.Problem.Rule, catalogueRules[kind])
				}
				refusals++
			}
		}
		r := s.submit(st.at, st.by, st.body)
		if r.Index != s.engine.Len()-1 {
			t.Errorf("%s: receipt index %d, want %d", kind, r.Index, s.engine.Len()-1)
		}
		covered[kind] = true
	}
	for _, k := range board.Kinds() {
		if !covered[k] {
			t.Errorf("act kind %s: no lawful example in the fixture world", k)
		}
		if _, ok := catalogueRules[k]; !ok {
			t.Errorf("act kind %s: not in catalogueRules", k)
		}
	}

	// establish over HTTP is refused before the record exists, to everyone: the record is established
	// on the server's machine (after, it is a conflict).
	empty := newServer(t, "", api.Config{})
	for _, ak := range board.ActorKinds {
		if slices.Contains(board.AllowedActors("establish"), ak) {
			continue
		}
		by := representatives[ak]
		body := &board.Establish{Rules: empty.meta.Rules, Key: pub64(by), Development: true}
		_, err := empty.client.Submit(ctx, sign(t, start, by, body), "")
		problem(t, err, http.StatusForbidden, board.Forbidden)
		refusals++
	}
	if empty.engine.Len() != 0 {
		t.Errorf("refused establish acts left %d entries", empty.engine.Len())
	}
	t.Logf("%d kinds accepted, %d refusals checked", len(covered), refusals)
}
