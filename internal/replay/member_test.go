package replay_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/scenario"
)

// TestR4R5IsMemberAtAgreesWithMember checks the fast membership test that every act by a
// delegation runs (it scans the ledger for a permanent seat only once a term has run out)
// against the full view, on the demo and the coalition example, every five days for six years:
// across entry into force, terms running out (R4), permanent seats (R5), withdrawals and removals.
func TestR4R5IsMemberAtAgreesWithMember(t *testing.T) {
	coalitionRules, err := os.ReadFile("../../examples/coalition.toml")
	if err != nil {
		t.Fatal(err)
	}
	coalitionData, err := os.ReadFile("../../examples/coalition.yaml")
	if err != nil {
		t.Fatal(err)
	}
	coalition, err := scenario.Parse("coalition.yaml", coalitionData)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		sc    *scenario.Scenario
		rules string
	}{
		"demo":      {scenario.Demo(), charter.Default().Source},
		"coalition": {coalition, string(coalitionRules)},
	} {
		t.Run(name, func(t *testing.T) {
			e := replayInto(t, c.sc, c.rules)
			members, checked := 0, 0
			err := e.View(context.Background(), time.Time{}.AddDate(9000, 0, 0), func(s *board.State, r *charter.Rules) error {
				for at := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC); at.Year() < 2032; at = at.AddDate(0, 0, 5) {
					for code := range s.States {
						v, ok := s.Member(r, code, at)
						want := ok && (v.Status == board.StatusMember || v.Status == board.StatusRemovalPending)
						if got := s.IsMemberAt(r, code, at); got != want {
							t.Errorf("%s at %s: IsMemberAt = %v, Member says %q", code, at.Format(time.DateOnly), got, v.Status)
						}
						if want {
							members++
						}
						checked++
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if members == 0 || members == checked {
				t.Fatalf("%d of %d checks were members: the comparison covers nothing", members, checked)
			}
		})
	}
}
