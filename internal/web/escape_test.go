package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/money"
)

// hostile is text that would run a script if a page wrote it unescaped, in an element or in an
// attribute.
const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(1)>`

// hostileRecord is the demo, then acts that put hostile text in every free-text field the
// portal shows: a head of State, a person, a subsidiary entity's name, mandate and members, a
// proposal's title and text, a comment, the Chairman's reason, a directive, a removal's reason, a
// meeting's place, a recommendation and a report, a fund, an account, a programme, a payee, a
// purpose, notes, a progress report, a reversal's reason, a rate's source.
func hostileRecord(t *testing.T) http.Handler {
	t.Helper()
	return portal(t, hostileEngine(t))
}

// hostileEngine is the demo's record with the hostile acts of hostileRecord after it.
func hostileEngine(t *testing.T) *engine.Engine {
	t.Helper()
	e := demoEngine(t)
	day := func(d, h int) time.Time { return time.Date(2026, 5, d, h, 0, 0, 0, time.UTC) }
	usd := func(s string) money.Amount {
		a, err := money.Parse("USD " + s)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	x := hostile
	acts := []struct {
		at   time.Time
		by   board.ActorID
		body board.Body
	}{
		{day(16, 9), board.Chairman, &board.Invite{State: "AND", Head: x}},
		{day(16, 9), board.Chairman, &board.CreateSubsidiary{ID: "hostile-entity", Name: x, Mandate: x, Members: []string{x}}},
		{day(16, 9), board.Chairman, &board.DesignateSuccessor{Person: x}},
		{day(16, 9), board.Chairman, &board.AppointExecutive{ID: "hostile", Person: x}},
		{day(16, 9), board.Chairman, &board.Convene{ID: "hostile-meeting", Type: board.MeetingVoting, Date: day(25, 0), Place: x}},
		{day(16, 9), "executive:hostile", &board.Propose{ID: "hostile-proposal", Type: board.KindInitiative, Title: x, Text: x}},
		{day(16, 10), "state:KAZ", &board.Comment{Proposal: "hostile-proposal", Text: x}},
		{day(16, 10), board.Chairman, &board.Directive{ID: "hostile-directive", Title: x, Text: x}},
		{day(16, 10), board.Chairman, &board.ProposeRemoval{ID: "hostile-removal", State: "HUN", Reason: x}},
		{day(16, 10), "state:KAZ", &board.Accredit{Person: x, Role: "alternate"}},
		{day(23, 9), "executive:hostile", &board.SetAgenda{Meeting: "hostile-meeting", Proposals: []board.DecisionID{"hostile-proposal"}}},
		{day(23, 10), board.Chairman, &board.ApproveAgenda{Meeting: "hostile-meeting"}},
		{day(25, 9), board.Secretariat, &board.OpenVote{Proposal: "hostile-proposal"}},
		{day(25, 10), "state:KAZ", &board.Vote{Proposal: "hostile-proposal", Choice: board.ChoiceYes, Explanation: x}},
		{day(25, 10), "state:QAT", &board.Vote{Proposal: "hostile-proposal", Choice: board.ChoiceYes}},
		{day(25, 11), board.Secretariat, &board.CloseVote{Proposal: "hostile-proposal"}},
		{day(26, 9), board.Chairman, &board.WithholdApproval{Proposal: "hostile-proposal", Reason: x}},
		{day(26, 9), board.ChiefExecutive, &board.Convene{ID: "hostile-reporting", Type: board.MeetingReporting, Date: day(27, 0), Place: x}},
		{day(27, 9), "state:KAZ", &board.Recommend{Meeting: "hostile-reporting", Text: x}},
		{day(27, 9), "executive:hostile", &board.Report{Meeting: "hostile-reporting", Text: x}},
		{day(28, 9), "executive:hostile", &board.OpenFund{ID: "hostile-fund", Name: x, Purpose: x}},
		{day(28, 9), "executive:hostile", &board.OpenAccount{ID: "hostile-account", Institution: x, Currency: "USD"}},
		{day(28, 9), board.Secretariat, &board.SetRate{Date: day(28, 0), Currency: "GBP", USDRate: "1.25", Source: x}},
		{day(28, 10), "state:KAZ", &board.Pledge{ID: "hostile-pledge", Amount: usd("1000"), Fund: "hostile-fund", Note: x}},
		{day(28, 10), board.Secretariat, &board.Receive{ID: "hostile-receipt", Contributor: "org:hostile", Amount: usd("5000"), ValueDate: day(28, 0), Form: board.FormCash, Fund: "hostile-fund", Note: x}},
		{day(28, 11), board.Chairman, &board.CreateProgramme{ID: "hostile-programme", Name: x, Area: x, Subsidiary: "hostile-entity", Budget: usd("1000")}},
		{day(28, 11), "executive:hostile", &board.Allocate{Fund: "hostile-fund", Programme: "hostile-programme", Amount: usd("1000")}},
		{day(28, 12), board.Secretariat, &board.Disburse{ID: "hostile-disbursement", Programme: "hostile-programme", Payee: x, Amount: usd("500"), Purpose: x}},
		{day(28, 12), board.ChiefExecutive, &board.ReportProgress{Programme: "hostile-programme", Text: x}},
		{day(28, 13), board.Secretariat, &board.Reverse{Entry: "hostile-pledge", Reason: x}},
	}
	for _, a := range acts {
		submit(t, e, a.at, a.by, a.body)
	}
	return e
}

func TestHostileTextIsEscapedEverywhere(t *testing.T) {
	h := hostileRecord(t)
	paths := append(append([]string{}, pages...),
		"/members/AND", "/members/HUN", "/decisions/hostile-proposal", "/decisions/hostile-directive", "/timeline?page=2")
	// Each page that shows one of the hostile texts must show it escaped, so that the test
	// fails if the text stops being shown at all (and the check for the raw text proves nothing).
	shown := map[string]bool{"/invitations": true, "/members/AND": true, "/members/HUN": true, "/decisions": true,
		"/decisions/hostile-proposal": true, "/decisions/hostile-directive": true, "/executive": true, "/treasury": true,
		"/timeline": true, "/": true, "/members/KAZ": true}
	escaped := "&lt;script&gt;alert(1)&lt;/script&gt;"
	for _, lang := range []string{"en", "fr"} {
		for _, p := range paths {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			status, body := get(t, h, p+sep+"lang="+lang)
			if status != http.StatusOK {
				t.Errorf("%s (%s): status %d", p, lang, status)
				continue
			}
			// The portal has no <img> and no inline script: either would be the hostile text.
			for _, raw := range []string{"<script>alert", "<img", "alert(1)>"} {
				if strings.Contains(body, raw) {
					i := strings.Index(body, raw)
					t.Errorf("%s (%s): unescaped %q: …%s…", p, lang, raw, body[max(0, i-80):min(len(body), i+80)])
				}
			}
			if shown[p] && !strings.Contains(body, escaped) {
				t.Errorf("%s (%s): the hostile text is not shown (escaped) at all", p, lang)
			}
		}
		status, feed := get(t, h, "/feed.atom?lang="+lang)
		if status != http.StatusOK || strings.Contains(feed, "<script>") || strings.Contains(feed, "<img") || !strings.Contains(feed, escaped) {
			t.Errorf("feed (%s): status %d; the hostile text must be in it, escaped:\n%.2000s", lang, status, feed)
		}
	}
}

// The decision page shows a State's explanation of vote under its vote, in its row, escaped
// (it is the State's own text), in both languages; a vote without one shows none.
func TestExplanationOfVoteUnderItsVote(t *testing.T) {
	h := hostileRecord(t)
	for lang, label := range map[string]string{"en": "Explanation of vote:", "fr": "Explication de vote"} {
		_, body := get(t, h, "/decisions/hostile-proposal?lang="+lang)
		row := func(code string) string {
			i := strings.Index(body, `<tr data-state="`+code+`">`)
			if i < 0 {
				t.Fatalf("%s: no row for %s in the votes", lang, code)
			}
			end := strings.Index(body[i:], "</tr>")
			return body[i : i+end]
		}
		kaz := row("KAZ")
		if !strings.Contains(kaz, `class="note explanation"`) || !strings.Contains(kaz, label) ||
			!strings.Contains(kaz, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: KAZ's row does not show its explanation of vote, escaped, under %q:\n%s", lang, label, kaz)
		}
		if qat := row("QAT"); strings.Contains(qat, "explanation") {
			t.Errorf("%s: QAT gave no explanation, but its row shows one:\n%s", lang, qat)
		}
	}
}
