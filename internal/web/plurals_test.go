package web_test

import (
	"context"
	"html"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/money"
)

// oneOfEverythingEngine is a record where every count the portal shows is 1 at some date: one
// Executive Board member, one subsidiary entity, one signatory (as of 9 January), one member and
// one former member (after 11 January), one invitation declined, withdrawn and awaiting an
// answer, one directive, one proposal with one abstention of one member entitled to vote, one
// contributor (an organization), one programme, one disbursement with one approval. Its rules
// are the Board of Peace's with two consents for entry into force, so that a signatory can be
// alone before it and a member alone after a withdrawal.
func oneOfEverythingEngine(t *testing.T) *engine.Engine {
	t.Helper()
	ctx := context.Background()
	rules := strings.Replace(charter.Default().Source, "consents = 3", "consents = 2", 1)
	if rules == charter.Default().Source {
		t.Fatal("the default rules file no longer says consents = 3; update this test")
	}
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "one.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e, err := engine.Create(ctx, db, engine.Meta{Rules: rules, Keyring: "dev:test", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })

	day := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, time.UTC) }
	usd := func(s string) money.Amount {
		a, err := money.Parse("USD " + s)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	acts := []struct {
		at   time.Time
		by   board.ActorID
		body board.Body
	}{
		{day(1, 5, 9), board.Chairman, &board.AppointExecutive{ID: "rubio", Person: "Marco Rubio"}},
		{day(1, 5, 9), board.Chairman, &board.CreateSubsidiary{ID: "gaza-executive-board", Name: "Gaza Executive Board", Members: []string{"Marco Rubio"}}},
		{day(1, 5, 9), board.Chairman, &board.DesignateSuccessor{Person: "J. D. Vance"}},
		{day(1, 6, 9), board.Chairman, &board.Invite{State: "KAZ", Head: "President of Kazakhstan"}},
		{day(1, 6, 9), board.Chairman, &board.Invite{State: "HUN"}},
		{day(1, 6, 9), board.Chairman, &board.Invite{State: "FRA"}},
		{day(1, 6, 9), board.Chairman, &board.Invite{State: "CAN"}},
		{day(1, 6, 9), board.Chairman, &board.Invite{State: "NOR"}},
		{day(1, 7, 9), "state:FRA", &board.Decline{}},
		{day(1, 7, 9), board.Chairman, &board.WithdrawInvitation{State: "CAN"}},
		{day(1, 8, 9), "state:KAZ", &board.Consent{Instrument: "signature", Place: "Astana"}},
		{day(1, 10, 9), "state:HUN", &board.Consent{Instrument: "notification"}},
		{day(1, 11, 9), "state:HUN", &board.Withdraw{}},
		{day(1, 12, 9), board.Chairman, &board.Directive{ID: "first-directive", Title: "First directive"}},
		{day(1, 12, 9), "executive:rubio", &board.Propose{ID: "first-proposal", Type: board.KindInitiative, Title: "First proposal"}},
		{day(1, 12, 9), board.Chairman, &board.Convene{ID: "geneva", Type: board.MeetingVoting, Date: day(1, 25, 0), Place: "Geneva"}},
		{day(1, 20, 9), "executive:rubio", &board.SetAgenda{Meeting: "geneva", Proposals: []board.DecisionID{"first-proposal"}}},
		{day(1, 20, 10), board.Chairman, &board.ApproveAgenda{Meeting: "geneva"}},
		{day(1, 25, 9), board.Secretariat, &board.OpenVote{Proposal: "first-proposal"}},
		{day(1, 25, 10), "state:KAZ", &board.Vote{Proposal: "first-proposal", Choice: board.ChoiceAbstain}},
		{day(1, 25, 11), board.Secretariat, &board.CloseVote{Proposal: "first-proposal"}},
		{day(2, 1, 9), "org:fifa", &board.Pledge{ID: "fifa-pledge", Amount: usd("1000000"), Fund: "gaza-reconstruction"}},
		{day(2, 2, 9), board.Secretariat, &board.Receive{ID: "fifa-receipt", Contributor: "org:fifa", Amount: usd("560000"),
			ValueDate: day(2, 2, 0), Form: board.FormCash, Fund: "gaza-reconstruction"}},
		{day(2, 3, 9), board.Chairman, &board.CreateProgramme{ID: "rubble", Name: "Rubble clearance", Area: "Gaza",
			Subsidiary: "gaza-executive-board", Budget: usd("100000")}},
		{day(2, 3, 10), "executive:rubio", &board.Allocate{Fund: "gaza-reconstruction", Programme: "rubble", Amount: usd("100000")}},
		{day(2, 3, 11), board.Secretariat, &board.Disburse{ID: "rubble-1", Programme: "rubble", Payee: "A contractor", Amount: usd("50000"), Purpose: "First phase"}},
		{day(2, 3, 12), "executive:rubio", &board.ApproveDisbursement{Disbursement: "rubble-1"}},
	}
	for _, a := range acts {
		submit(t, e, a.at, a.by, a.body)
	}
	return e
}

// pluralMistakes are the forms a count of one (or, in French, of zero or one) must not take:
// a plural noun after it, a colon after a French preposition, « de 1 an » for « d'un an ».
var pluralMistakes = map[string][]*regexp.Regexp{
	"en": {
		regexp.MustCompile(`\b1 (?:[\w-]+ ){0,3}?(invitations|entities|States|members|signatories|checkpoints|entries|acts|vetoes|abstentions|decisions|directives|years|months|days|approvals|contributors|programmes|disbursements|others)\b`),
		regexp.MustCompile(`\b1 (?:[\w-]+ ){0,3}?(have|are|were) `),
	},
	"fr": {
		regexp.MustCompile(`(?:^|[^\d,\x{202f}])[01] (?:[\p{L}'-]+ ){0,3}?(invitations|organes|membres|États|signataires|actes|veto\(s\)|vetos|abstentions|décisions|directives|ans|jours|autres|nécessaires|retirées|déclinées|anciens|promesses|contributeurs|programmes|approbations)\b`),
		regexp.MustCompile(`\b(de|du|des|à|au|aux|pour|par|sur|auprès de|en faveur de|au titre de|exclusion de)\s?:`),
		regexp.MustCompile(`\b(de|à) (1|un) (an|mois|jour)\b`),
		regexp.MustCompile(`restant dus|\bk \$`),
	},
}

// pageText is the text a reader sees of a page, a line per block: the tags of running text
// (links, emphasis, times) become spaces, every other tag ends a line, so that a figure in one
// table cell or chart label is not read with the words of the next. Entities are decoded and
// spaces, no-break ones included, written as single spaces.
func pageText(body string) []string {
	body = regexp.MustCompile(`(?s)<(script|style)\b.*?</(script|style)>`).ReplaceAllString(body, "\n")
	body = regexp.MustCompile(`</?(a|span|strong|em|b|i|time|code|abbr|bdi|q)\b[^>]*>`).ReplaceAllString(body, " ")
	body = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, "\n")
	body = html.UnescapeString(body)
	var lines []string
	for line := range strings.Lines(body) {
		if f := strings.Fields(strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(line)); len(f) > 0 {
			lines = append(lines, strings.Join(f, " "))
		}
	}
	return lines
}

// TestPluralsAndFrenchWording renders every page of the portal, in both languages, at dates
// where each count is one (or zero), and rejects a plural noun after a count of one, and in
// French a colon after a preposition or « de 1 an ».
func TestPluralsAndFrenchWording(t *testing.T) {
	h := portal(t, oneOfEverythingEngine(t))
	paths := []string{
		"/", "/members", "/members/KAZ", "/members/HUN", "/members/FRA", "/members/CAN", "/members/NOR", "/invitations",
		"/decisions", "/decisions/first-proposal", "/decisions/first-directive", "/executive", "/treasury", "/record",
		"/timeline", "/workspace", "/treasury/contributors", "/treasury/contributors/org:fifa",
		"/treasury/funds/gaza-reconstruction", "/treasury/funds/general", "/nosuchpage",
	}
	for _, lang := range []string{"en", "fr"} {
		for _, asOf := range []string{"2026-01-09", "2026-01-11", "2026-02-04"} {
			for _, p := range paths {
				status, body := get(t, h, with(p, "lang", lang, "as_of", asOf))
				if status != http.StatusOK && status != http.StatusNotFound {
					t.Errorf("%s (%s, as of %s): status %d", p, lang, asOf, status)
					continue
				}
				for _, line := range pageText(body) {
					for _, re := range pluralMistakes[lang] {
						if m := re.FindString(line); m != "" {
							t.Errorf("%s (%s, as of %s): %q in %q", p, lang, asOf, m, line)
						}
					}
				}
			}
		}
	}
}

// TestNamesFromTheRules: what the rules file names is shown by its name, in the reader's
// language: the organization org:fifa as FIFA (the treasury's table and chart), the fund and the
// mandate in French on French pages.
func TestNamesFromTheRules(t *testing.T) {
	h := portal(t, oneOfEverythingEngine(t))
	for _, tt := range []struct {
		path      string
		want, not []string
	}{
		{"/treasury?lang=en", []string{">FIFA<", "Gaza reconstruction"}, []string{">fifa<"}},
		{"/treasury?lang=fr", []string{">FIFA<", "Reconstruction de Gaza", "Compte bancaire commercial détenu par le Conseil"}, []string{">fifa<", ">Gaza reconstruction<"}},
		{"/?lang=fr&as_of=2026-02-04", []string{"Résolution 2803 (2025) du Conseil de sécurité des Nations unies"}, []string{"UN Security Council"}},
		{"/timeline?lang=en", []string{"FIFA pledged $1,000,000 to the fund"}, []string{"$1,000,000.00 to"}},
	} {
		status, body := get(t, h, tt.path)
		if status != http.StatusOK {
			t.Errorf("%s: status %d", tt.path, status)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(body, html.EscapeString(w)) && !strings.Contains(body, w) {
				t.Errorf("%s: %q not shown", tt.path, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(body, n) {
				t.Errorf("%s: %q shown", tt.path, n)
			}
		}
	}
}
