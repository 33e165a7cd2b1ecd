package replay_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/scenario"
)

// demoDecisions returns the demo's decisions and compliance as of the end of day.
func demoDecisions(t *testing.T, day string) (map[board.DecisionID]board.DecisionView, map[string]board.Obligation) {
	t.Helper()
	e := replayInto(t, scenario.Demo(), charter.Default().Source)
	views := map[board.DecisionID]board.DecisionView{}
	obligations := map[string]board.Obligation{}
	viewAsOf(t, e, day, func(s *board.State, r *charter.Rules, at time.Time) {
		for _, v := range s.DecisionList(at) {
			views[v.ID] = v
		}
		for _, o := range s.Compliance(r, at) {
			obligations[o.ID] = o
		}
	})
	return views, obligations
}

var demoProposals = []board.DecisionID{"gaza-reconstruction-framework", "isf-support", "budget-2026"}

func TestDemoFirstMeeting(t *testing.T) {
	t.Run("2026-02-18: on the approved agenda of the Washington meeting", func(t *testing.T) {
		views, obligations := demoDecisions(t, "2026-02-18")
		if len(views) != 3 {
			t.Fatalf("%d decisions, want the 3 proposals", len(views))
		}
		for _, id := range demoProposals {
			v := views[id]
			if v.Status != board.DecisionOnAgenda {
				t.Errorf("%s: status %q, want on-agenda", id, v.Status)
			}
			if !strings.HasSuffix(v.Title, "(illustrative)") || !strings.HasPrefix(v.Text, "Illustrative") {
				t.Errorf("%s: title %q, text %q: want both labelled illustrative", id, v.Title, v.Text)
			}
			m := v.Meeting
			if m == nil || m.ID != "washington-2026" || m.Kind != board.MeetingVoting || m.Date.Format(time.DateOnly) != "2026-02-19" ||
				!strings.Contains(m.Place, "Donald J. Trump Institute of Peace") || m.Approved.IsZero() {
				t.Errorf("%s: meeting %+v; want washington-2026 on 19 February, its agenda approved", id, m)
			}
		}
		if c := views["isf-support"].Comments; len(c) != 1 || c[0].By != "state:IDN" {
			t.Errorf("isf-support comments %+v, want Indonesia's", c)
		}
		if o := obligations["voting-meeting"]; o.Status != board.ObligationDue || !strings.Contains(o.Detail, "washington-2026") {
			t.Errorf("voting meeting obligation %+v; want due, the Washington meeting convened", o)
		}
	})
	t.Run("2026-02-19: adopted, one vote per member State", func(t *testing.T) {
		views, obligations := demoDecisions(t, "2026-02-19")
		for _, id := range demoProposals {
			v := views[id]
			if v.Status != board.DecisionAdopted || v.Approval != board.ActionApproved {
				t.Errorf("%s: status %q, Chairman's action %q; want adopted, approved", id, v.Status, v.Approval)
			}
			if v.Yes != 22 || v.No != 0 || v.Abstain != 0 || v.Casting != "" || v.Result != board.ResultMajority {
				t.Errorf("%s: %d-%d-%d, casting %q, result %q; want 22-0-0, none, majority", id, v.Yes, v.No, v.Abstain, v.Casting, v.Result)
			}
			// The electorate is the 22 members of the day: the Davos 20, El Salvador, Israel.
			if len(v.Electorate) != 22 || !slices.Contains(v.Electorate, "ISR") || !slices.Contains(v.Electorate, "SLV") ||
				slices.Contains(v.Electorate, "FRA") {
				t.Errorf("%s: electorate %v; want the 22 members, with ISR and SLV", id, v.Electorate)
			}
			for _, b := range v.Ballots {
				if b.At.Hour() >= 17 || b.At.Day() != 19 {
					t.Errorf("%s: %s voted at %s", id, b.State, b.At)
				}
			}
		}
		o := obligations["voting-meeting"]
		if o.Status != board.ObligationMet || o.Due.Format(time.DateOnly) != "2027-02-19" {
			t.Errorf("voting meeting obligation %+v; want met, next due 19 February 2027", o)
		}
		// No reporting meeting in the demo: due within the first quarter after entry into force.
		if o := obligations["reporting-meeting"]; o.Status != board.ObligationDue || o.Due.Format(time.DateOnly) != "2026-04-22" {
			t.Errorf("reporting meeting obligation %+v; want due by 22 April 2026", o)
		}
		// No successor has been publicly designated.
		if o := obligations["successor"]; o.Status != board.ObligationOverdue || o.Due.Format(time.DateOnly) != "2026-01-22" {
			t.Errorf("successor obligation %+v; want overdue since entry into force", o)
		}
		if o := obligations["mandate:unsc-2803"]; o.Status != board.ObligationDue || o.Due.Format(time.DateOnly) != "2026-05-17" {
			t.Errorf("UNSC 2803 obligation %+v; want due by 17 May 2026", o)
		}
	})
	t.Run("2026-05-01: the quarterly reporting meeting is overdue", func(t *testing.T) {
		_, obligations := demoDecisions(t, "2026-05-01")
		if o := obligations["reporting-meeting"]; o.Status != board.ObligationOverdue || o.Due.Format(time.DateOnly) != "2026-04-22" {
			t.Errorf("reporting meeting obligation %+v; want overdue since 22 April 2026", o)
		}
	})
}
