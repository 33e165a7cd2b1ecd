package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// The charts' pages over the demo: what stands in for a chart, and what explains its figures.
func TestChartPages(t *testing.T) {
	e := demoEngine(t)
	h := portal(t, e)
	page := func(path string) string {
		t.Helper()
		code, body := get(t, h, path)
		if code != 200 {
			t.Fatalf("%s: status %d", path, code)
		}
		return body
	}

	t.Run("fund cash and bank balances are reconciled in a sentence", func(t *testing.T) {
		// What programmes were allocated and have not paid out left the funds, not the banks.
		var held int64
		err := e.View(context.Background(), now, func(st *board.State, rules *charter.Rules) error {
			for _, p := range st.TreasuryAt(rules, now).Programmes {
				held += p.Allocated.Minor - p.Disbursed.Minor
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if held <= 0 {
			t.Fatal("the demo has no money allocated and not yet paid out; the test proves nothing")
		}
		want := map[string]string{
			"en": fmt.Sprintf("the bank accounts also hold the $%gm allocated to programmes and not yet paid out", float64(held)/1e8),
			"fr": "les comptes bancaires détiennent en outre les",
		}
		for lang, w := range want {
			body := page("/treasury?lang=" + lang)
			_, note, ok := strings.Cut(body, `id="fund-cash">`)
			if note, _, _ = strings.Cut(note, "</p>"); !ok || !strings.Contains(note, w) {
				t.Errorf("%s: the funds' note reads %q, want it to contain %q", lang, note, w)
			}
		}
	})

	t.Run("a majority then adopted is a fact, not a warning", func(t *testing.T) {
		d := votedDecision(t, e)
		if d.Status != board.DecisionAdopted || d.Result != board.ResultMajority {
			t.Skipf("the demo's voted decision is %s with result %s", d.Status, d.Result)
		}
		body := page("/decisions/" + string(d.ID) + "?lang=en")
		if !strings.Contains(body, `<span class="status fact" id="decision-result">majority</span>`) {
			i := strings.Index(body, `id="decision-result"`)
			t.Errorf("the result is not neutral: %s", body[max(0, i-60):min(len(body), i+60)])
		}
	})

	t.Run("before entry into force, a sentence in place of the membership chart", func(t *testing.T) {
		for lang, want := range map[string]string{
			"en": "The charter was not yet in force on 10 January 2026: there were no member States to chart. It entered into force on 22 January 2026.",
			"fr": "La charte n'était pas encore en vigueur le 10\u00a0janvier 2026\u00a0: il n'y avait pas d'États membres à représenter. Elle est entrée en vigueur le 22\u00a0janvier 2026.",
		} {
			body := page("/?as_of=2026-01-10&lang=" + lang)
			if strings.Contains(body, "chart-members") || strings.Contains(body, "<details>") {
				t.Errorf("%s: a membership chart, or its table, before entry into force", lang)
			}
			// Compared as read: a no-break space is a space.
			spaces := strings.NewReplacer("\u00a0", " ", "\u202f", " ", "&#39;", "'")
			if !strings.Contains(spaces.Replace(body), spaces.Replace(want)) {
				t.Errorf("%s: no %q", lang, want)
			}
			if strings.Contains(body, `class="status overdue">`) && strings.Contains(body, "(R16)") {
				t.Errorf("%s: the missing successor is shown as overdue before entry into force", lang)
			}
		}
		if body := page("/?lang=en"); !strings.Contains(body, `id="chart-members"`) || strings.Contains(body, "not yet in force on") {
			t.Error("in force, the overview has no membership chart, or says the charter is not in force")
		}
	})
}
