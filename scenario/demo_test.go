package scenario_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/scenario"
)

// The demo file's shape: the order of its acts and the labels of what is illustrative. What the
// demo records once replayed (members, decisions, treasury as of dates) is tested beside the
// replay, in internal/replay, which has the engine.

// decisionKinds are the acts of the decisions family (R9-R15, mandates).
var decisionKinds = []board.Kind{"convene", "propose", "comment", "set-agenda", "approve-agenda", "open-vote", "vote",
	"close-vote", "casting-vote", "approve", "withhold-approval", "directive", "recommend", "report", "report-mandate"}

// TestDemoDecisionsOrder: the demo's acts are in time order, and the meeting's acts all come
// before 17:00Z on 19 February, when the pledges made at the meeting are recorded.
func TestDemoDecisionsOrder(t *testing.T) {
	sc := scenario.Demo()
	pledges := time.Date(2026, 2, 19, 17, 0, 0, 0, time.UTC)
	n := 0
	for i, st := range sc.Steps {
		if i > 0 && st.Act.At.Before(sc.Steps[i-1].Act.At) {
			t.Errorf("line %d: %s is earlier than the act before it", st.Line, st.Act)
		}
		if slices.Contains(decisionKinds, st.Act.Body.Kind()) {
			n++
			if !st.Act.At.Before(pledges) {
				t.Errorf("line %d: %s is not before %s", st.Line, st.Act, pledges.Format(time.RFC3339))
			}
		}
	}
	// A convening, 3 proposals, 2 comments, an agenda set and approved, and for each proposal
	// an opening, 22 votes, a close and an approval.
	if want := 1 + 3 + 2 + 2 + 3*(1+22+1+1); n != want {
		t.Errorf("%d decisions acts, want %d", n, want)
	}
}

// treasuryKinds are the acts of the treasury (R5, R18, R19).
var treasuryKinds = []board.Kind{"pledge", "receive", "set-rate", "open-fund", "open-account", "set-controls", "allocate",
	"disburse", "approve-disbursement", "reverse", "create-programme", "report-progress"}

// TestDemoTreasuryActsComeLastAndAreLabelled: the treasury's acts are appended after every other
// act, from 17:00Z on 19 February, in time order; what is not a reported fact says ILLUSTRATIVE.
func TestDemoTreasuryActsComeLastAndAreLabelled(t *testing.T) {
	sc := scenario.Demo()
	from := time.Date(2026, 2, 19, 17, 0, 0, 0, time.UTC)
	first := slices.IndexFunc(sc.Steps, func(st scenario.Step) bool { return slices.Contains(treasuryKinds, st.Act.Body.Kind()) })
	if first < 0 {
		t.Fatal("the demo has no treasury acts")
	}
	for i, st := range sc.Steps[first:] {
		if i > 0 && st.Act.At.Before(sc.Steps[first+i-1].Act.At) {
			t.Errorf("line %d: %s is earlier than the act before it", st.Line, st.Act)
		}
		if st.Act.At.Before(from) {
			t.Errorf("line %d: %s is before %s", st.Line, st.Act, from.Format(time.RFC3339))
		}
		if !slices.Contains(treasuryKinds, st.Act.Body.Kind()) {
			t.Errorf("line %d: %s comes among the treasury's acts at the end of the file", st.Line, st.Act)
		}
		var label string
		switch b := st.Act.Body.(type) {
		case *board.Pledge:
			if b.Note == "" || !strings.Contains(b.Note, "19 February 2026") {
				t.Errorf("line %d: pledge %s has no note saying where and when it was made", st.Line, b.ID)
			}
			continue
		case *board.Receive:
			label = b.Note
		case *board.SetRate:
			label = b.Source
		case *board.CreateProgramme:
			label = b.Name
		case *board.Disburse:
			label = b.Payee + " " + b.Purpose
		case *board.ReportProgress:
			label = b.Text
		default:
			continue
		}
		if !strings.Contains(label, "ILLUSTRATIVE") {
			t.Errorf("line %d: %s is not labelled ILLUSTRATIVE (%q)", st.Line, st.Act, label)
		}
	}
	if !strings.Contains(sc.Description, "illustrative") || !strings.Contains(sc.Description, "pledges") {
		t.Errorf("the demo's description does not say that its receipts are illustrative:\n%s", sc.Description)
	}
}
