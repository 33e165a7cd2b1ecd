package replay_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
	"github.com/peaceboard/peaceboard/scenario"
)

// demoTreasury returns the demo's treasury and member views as of the end of day.
func demoTreasury(t *testing.T, day string) (board.TreasuryView, map[board.StateCode]board.MemberView) {
	t.Helper()
	e := replayInto(t, scenario.Demo(), charter.Default().Source)
	var v board.TreasuryView
	var members map[board.StateCode]board.MemberView
	viewAsOf(t, e, day, func(s *board.State, r *charter.Rules, at time.Time) {
		v, members = s.TreasuryAt(r, at), memberViews(s, r, at)
	})
	return v, members
}

func usdOf(t *testing.T, s string) money.Amount {
	t.Helper()
	a, err := money.Parse("USD " + s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDemoPledgesOf19February(t *testing.T) {
	v, members := demoTreasury(t, "2026-02-19")
	want := map[board.ActorID]string{
		"state:USA": "10000000000", "state:ARE": "1200000000", "state:QAT": "1000000000",
		"state:SAU": "1000000000", "state:KWT": "1000000000", "org:fifa": "75000000",
	}
	got := map[board.ActorID]board.ContributorView{}
	for _, c := range v.Contributors {
		got[c.Contributor] = c
	}
	if len(got) != len(want) {
		t.Errorf("%d contributors as of 19 Feb, want %d: %v", len(got), len(want), v.Contributors)
	}
	for who, amount := range want {
		c := got[who]
		if c.PledgedUSD != usdOf(t, amount) || c.ReceivedCashUSD.Minor != 0 || c.OutstandingUSD != usdOf(t, amount) {
			t.Errorf("%s as of 19 Feb = %+v; want USD %s pledged, nothing received", who, c, amount)
		}
	}
	if m, ok := members["KWT"]; ok && (m.Status == board.StatusMember || m.Status == board.StatusSignatory) {
		t.Errorf("Kuwait is a %s; the demo has it pledge as a non-member", m.Status)
	}
	for code, m := range members {
		if m.Permanent {
			t.Errorf("%s holds a permanent seat as of 19 Feb; pledges count for none (R5)", code)
		}
	}
}

func TestDemoPledgedVersusReceived(t *testing.T) {
	v, members := demoTreasury(t, "2026-06-01")
	var pledged, cash, inKind int64
	for _, c := range v.Contributors {
		pledged += c.PledgedUSD.Minor
		cash += c.ReceivedCashUSD.Minor
		inKind += c.ReceivedInKindUSD.Minor
	}
	if pledged != usdOf(t, "14275000000").Minor {
		t.Errorf("pledged = %d cents; want USD 14,275,000,000 (the reported individual pledges)", pledged)
	}
	if cash <= 0 || cash*10 > pledged {
		t.Errorf("received in cash = %d cents of %d pledged; want an illustrative fraction", cash, pledged)
	}
	if inKind <= 0 {
		t.Error("no in-kind receipt; the demo records Kazakhstan's wheat (illustrative)")
	}
	for code, m := range members {
		if m.Permanent {
			t.Errorf("%s holds a permanent seat from illustrative money; no illustrative receipt may give one", code)
		}
	}
	if c := members["ARE"].CashUSDFirstYear; c != usdOf(t, "100000000") {
		t.Errorf("UAE's first-year cash = %s; want the illustrative USD 100,000,000", c)
	}
	for _, a := range v.Accounts {
		if a.ID == "world-bank-gaza-fund" && a.Balance.Minor != 0 {
			t.Errorf("the World Bank fund holds %s; reported: zero dollars (27 May)", a.Balance)
		}
	}
	if len(v.Disbursements) != 1 || v.Disbursements[0].Status != board.DisbursementPaid || len(v.Disbursements[0].Approvals) != 2 {
		t.Errorf("disbursements = %+v; want the illustrative one, paid after two approvals", v.Disbursements)
	}
	for _, f := range v.Funds {
		if f.ID == "gaza-reconstruction" && (f.Cash["EUR"] != (money.Amount{Currency: "EUR", Minor: 100000000}) || f.InKindUSD != usdOf(t, "2000000")) {
			t.Errorf("gaza-reconstruction = %+v; want the illustrative EUR 1,000,000 and USD 2,000,000 in kind", f)
		}
	}
}
