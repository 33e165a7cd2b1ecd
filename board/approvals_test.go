package board_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

func TestR11Approval(t *testing.T) {
	approveAt := closeAt.Add(time.Hour)
	tests := []struct {
		name   string
		votes  string // "" leaves the vote open
		by     board.ActorID
		body   board.Body
		kind   board.ErrorKind
		rule   string
		status board.DecisionStatus
		reason string
	}{
		{"the Chairman approves a majority: adopted", "y y n", board.Chairman, &board.Approve{Proposal: "p1"}, "", "", board.DecisionAdopted, ""},
		{"with a reason, kept", "y y n", board.Chairman, &board.Approve{Proposal: "p1", Reason: "As discussed."}, "", "", board.DecisionAdopted, "As discussed."},
		{"the Chairman withholds approval: not approved, reason kept", "y y n", board.Chairman, &board.WithholdApproval{Proposal: "p1", Reason: "Not funded."}, "", "", board.DecisionNotApproved, "Not funded."},
		{"withholding needs a reason", "y y n", board.Chairman, &board.WithholdApproval{Proposal: "p1", Reason: " "}, board.Invalid, "", board.DecisionMajority, ""},
		{"a proposal that lost cannot be approved", "y n n", board.Chairman, &board.Approve{Proposal: "p1"}, board.Refused, "R11", board.DecisionRejected, ""},
		{"a proposal that lost, all abstaining, cannot be approved", "a a a", board.Chairman, &board.Approve{Proposal: "p1"}, board.Refused, "R11", board.DecisionRejected, ""},
		{"a lost proposal's approval cannot be withheld either", "n", board.Chairman, &board.WithholdApproval{Proposal: "p1", Reason: "x"}, board.Refused, "R11", board.DecisionRejected, ""},
		{"a tie cannot be approved before the casting vote", "y n", board.Chairman, &board.Approve{Proposal: "p1"}, board.Refused, "R11", board.DecisionTie, ""},
		{"nor while the vote is open", "", board.Chairman, &board.Approve{Proposal: "p1"}, board.Refused, "R11", board.DecisionVoting, ""},
		{"only the Chairman approves", "y", rubio, &board.Approve{Proposal: "p1"}, board.Forbidden, "R11", board.DecisionMajority, ""},
		{"only the Chairman withholds", "y", "state:USA", &board.WithholdApproval{Proposal: "p1", Reason: "x"}, board.Forbidden, "R11", board.DecisionMajority, ""},
		{"an unknown proposal", "y", board.Chairman, &board.Approve{Proposal: "p9"}, board.NotFound, "", board.DecisionMajority, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := opened(t, nil, 3, "p1")
			if tt.votes != "" {
				w.castVotes(t, "p1", choices(tt.votes)...)
				w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
			}
			err := w.do(t, approveAt, tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
			} else if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			v := w.wantDecision(t, "p1", approveAt, tt.status)
			if v.Reason != tt.reason {
				t.Errorf("reason %q, want %q", v.Reason, tt.reason)
			}
			wantAction := map[board.DecisionStatus]string{board.DecisionAdopted: board.ActionApproved, board.DecisionNotApproved: board.ActionWithheld}[tt.status]
			if v.Approval != wantAction || (wantAction != "") != v.ApprovalAt.Equal(approveAt) {
				t.Errorf("Chairman's action %q at %s; want %q at %s", v.Approval, v.ApprovalAt, wantAction, approveAt)
			}
		})
	}
	for _, first := range []board.Body{&board.Approve{Proposal: "p1"}, &board.WithholdApproval{Proposal: "p1", Reason: "No."}} {
		for _, second := range []board.Body{&board.Approve{Proposal: "p1"}, &board.WithholdApproval{Proposal: "p1", Reason: "No."}} {
			t.Run(fmt.Sprintf("%s then %s is a conflict", first.Kind(), second.Kind()), func(t *testing.T) {
				w := opened(t, nil, 3, "p1")
				w.castVotes(t, "p1", choices("y")...)
				w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
				w.must(t, approveAt, board.Chairman, first)
				wantRefusal(t, w.do(t, approveAt, board.Chairman, second), board.Conflict, "R11")
			})
		}
	}
}

func TestR11ApprovalDeadline(t *testing.T) {
	// A 30-day deadline from the day the vote closed (19 February): the default applies from
	// 21 March, 00:00 UTC.
	deadline := ts("2026-03-21")
	rules := func(def string) *charter.Rules {
		return rulesWith(func(r *charter.Rules) {
			r.Decisions.ApprovalDeadline, r.Decisions.ApprovalDefault = "30d", def
		})
	}
	passed := func(t *testing.T, r *charter.Rules) *world {
		w := opened(t, r, 3, "p1")
		w.castVotes(t, "p1", choices("y y n")...)
		w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
		return w
	}
	tests := []struct {
		name   string
		def    string
		at     time.Time
		status board.DecisionStatus
		action string
	}{
		{"approved by default: the last instant before the deadline", board.DefaultApproved, deadline.Add(-time.Nanosecond), board.DecisionMajority, ""},
		{"approved by default: at the deadline", board.DefaultApproved, deadline, board.DecisionAdopted, board.ActionApprovedByDefault},
		{"not approved by default: at the deadline", board.DefaultNotApproved, deadline, board.DecisionNotApproved, board.ActionNotApprovedByDefault},
		{"pending: it waits for the Chairman", board.DefaultPending, deadline.AddDate(1, 0, 0), board.DecisionMajority, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := passed(t, rules(tt.def))
			v := w.wantDecision(t, "p1", tt.at, tt.status)
			if !v.ApprovalDeadline.Equal(deadline) || v.Approval != tt.action {
				t.Errorf("deadline %s, action %q; want %s, %q", v.ApprovalDeadline, v.Approval, deadline, tt.action)
			}
		})
	}
	t.Run("the Chairman may act until the deadline, not at it", func(t *testing.T) {
		for _, def := range []string{board.DefaultApproved, board.DefaultNotApproved} {
			w := passed(t, rules(def))
			wantRefusal(t, w.asOfDo(t, deadline, board.Chairman, &board.WithholdApproval{Proposal: "p1", Reason: "late"}), board.Refused, "R11")
			w.must(t, deadline.Add(-time.Second), board.Chairman, &board.WithholdApproval{Proposal: "p1", Reason: "in time"})
			w.wantDecision(t, "p1", deadline.AddDate(0, 1, 0), board.DecisionNotApproved)
		}
	})
	t.Run("with the default pending the Chairman may act after the deadline", func(t *testing.T) {
		w := passed(t, rules(board.DefaultPending))
		w.must(t, deadline.AddDate(0, 1, 0), board.Chairman, &board.Approve{Proposal: "p1"})
		w.wantDecision(t, "p1", deadline.AddDate(0, 1, 0), board.DecisionAdopted)
	})
	t.Run("the deadline runs from a casting vote yes", func(t *testing.T) {
		w := opened(t, rules(board.DefaultApproved), 3, "p1")
		w.castVotes(t, "p1", choices("y n")...)
		w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
		w.must(t, ts("2026-02-25T10:00:00Z"), board.Chairman, &board.CastingVote{Proposal: "p1", Choice: board.ChoiceYes})
		w.wantDecision(t, "p1", ts("2026-03-27").Add(-time.Nanosecond), board.DecisionMajority)
		w.wantDecision(t, "p1", ts("2026-03-27"), board.DecisionAdopted)
	})
	t.Run("no deadline: a majority waits for ever", func(t *testing.T) {
		w := passed(t, nil)
		v := w.wantDecision(t, "p1", ts("2030-01-01"), board.DecisionMajority)
		if !v.ApprovalDeadline.IsZero() {
			t.Errorf("deadline %s, want none", v.ApprovalDeadline)
		}
	})
	t.Run("the rules file accepts the defaults it implements, and only those", func(t *testing.T) {
		src := charter.Default().Source
		for def, ok := range map[string]bool{"pending": true, "approved": true, "not-approved": true, "maybe": false} {
			text := strings.Replace(src, `approval_deadline = "none"`, `approval_deadline = "30d"`, 1)
			text = strings.Replace(text, `approval_default = "pending"`, `approval_default = "`+def+`"`, 1)
			r, err := charter.Parse("test.toml", text)
			if ok && (err != nil || r.Decisions.ApprovalDefault != def) {
				t.Errorf("approval_default %q: %v; want accepted", def, err)
			}
			if !ok && err == nil {
				t.Errorf("approval_default %q accepted; want a problem", def)
			}
		}
	})
}

// asOfDo is do for an act the test expects refused: it leaves the world unchanged either way
// by deciding without applying.
func (w *world) asOfDo(t *testing.T, at time.Time, by board.ActorID, body board.Body) error {
	t.Helper()
	events, err := board.Decide(w.state, w.rules, board.Act{At: at, By: by, Body: body})
	if err == nil {
		t.Errorf("%s by %s at %s accepted with %v", body.Kind(), by, at.Format(time.RFC3339), events)
	}
	return err
}
