package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// removalAt is when the Chairman proposes removals in the R7 tests; the veto window is
// [2026-03-01, 2026-03-31).
var (
	removalAt = ts("2026-03-01T10:00:00Z")
	windowEnd = ts("2026-03-31")
)

func TestR7VetoThreshold(t *testing.T) {
	twoThirds := charter.Fraction{Num: 2, Den: 3}
	threeFifths := charter.Fraction{Num: 3, Den: 5}
	tests := []struct {
		name     string
		fraction charter.Fraction
		members  int
		vetoes   int
		needed   int
		blocked  bool
	}{
		{"2/3 of 9: exactly two-thirds (6) blocks", twoThirds, 10, 6, 6, true},
		{"2/3 of 9: one fewer (5) does not block", twoThirds, 10, 5, 6, false},
		{"2/3 of 10: 7 (rounded up from 6.67) blocks", twoThirds, 11, 7, 7, true},
		{"2/3 of 10: 6 does not block", twoThirds, 11, 6, 7, false},
		{"2/3 of 3: 2 blocks", twoThirds, 4, 2, 2, true},
		{"2/3 of 3: 1 does not block", twoThirds, 4, 1, 2, false},
		{"3/5 of 10: 6 blocks", threeFifths, 11, 6, 6, true},
		{"3/5 of 10: 5 does not block", threeFifths, 11, 5, 6, false},
		{"3/5 of 9: 6 (rounded up from 5.4) blocks", threeFifths, 10, 6, 6, true},
		{"3/5 of 9: 5 does not block", threeFifths, 10, 5, 6, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, rulesWith(func(r *charter.Rules) { r.Removal.VetoFraction = tt.fraction }), tt.members)
			subject := states[tt.members-1]
			events := w.events(t, removalAt, board.Chairman, &board.ProposeRemoval{ID: "r1", State: subject, Reason: "test"})
			p, ok := findEvent[*board.RemovalProposed](events)
			if !ok {
				t.Fatalf("no removal-proposed event in %v", events)
			}
			if p.Base != tt.members-1 || p.Needed != tt.needed || !p.WindowEnd.Equal(windowEnd) {
				t.Errorf("proposed: base %d, needed %d, window end %s; want %d, %d, %s", p.Base, p.Needed, p.WindowEnd, tt.members-1, tt.needed, windowEnd)
			}
			for i, c := range states[:tt.vetoes] {
				events := w.events(t, removalAt.Add(time.Duration(i+1)*time.Hour), board.StateActor(c), &board.VetoRemoval{Removal: "r1"})
				_, blocked := findEvent[*board.RemovalBlocked](events)
				if want := tt.blocked && i+1 == tt.vetoes; blocked != want {
					t.Errorf("veto %d of %d: blocked = %v, want %v", i+1, tt.vetoes, blocked, want)
				}
			}
			lastDay := windowEnd.Add(-time.Second)
			if tt.blocked {
				w.wantStatus(t, subject, lastDay, board.StatusMember)
				w.wantStatus(t, subject, windowEnd, board.StatusMember)
				return
			}
			w.wantStatus(t, subject, lastDay, board.StatusRemovalPending)
			w.wantEnded(t, subject, windowEnd, windowEnd, board.EndRemoved)
		})
	}
}

func TestR7VetoWindow(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		kind board.ErrorKind
	}{
		{"a veto at the proposal is accepted", removalAt, ""},
		{"a veto on the window's last day is accepted", ts("2026-03-30T23:59:59Z"), ""},
		{"a veto at the window's end is refused", windowEnd, board.Refused},
		{"a veto a day late is refused", ts("2026-04-01T09:00:00Z"), board.Refused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, nil, 10)
			w.must(t, removalAt, board.Chairman, &board.ProposeRemoval{ID: "r1", State: "KAZ"})
			err := w.do(t, tt.at, "state:USA", &board.VetoRemoval{Removal: "r1"})
			if tt.kind == "" {
				if err != nil {
					t.Fatalf("veto at %s: %v; want accepted", tt.at, err)
				}
				return
			}
			wantRefusal(t, err, tt.kind, "R7")
		})
	}
}

func TestR7RemovalPending(t *testing.T) {
	w := founded(t, nil, 10)
	w.must(t, removalAt, board.Chairman, &board.ProposeRemoval{ID: "r1", State: "KAZ"})
	tests := []struct {
		name    string
		at      time.Time
		status  board.Status
		members int
	}{
		{"before the proposal: member", removalAt.Add(-time.Second), board.StatusMember, 10},
		{"at the proposal: removal-pending", removalAt, board.StatusRemovalPending, 10},
		{"the window's last instant: removal-pending", windowEnd.Add(-time.Nanosecond), board.StatusRemovalPending, 10},
		{"the window's end: former, removed", windowEnd, board.StatusFormer, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := w.wantStatus(t, "KAZ", tt.at, tt.status)
			if tt.status == board.StatusFormer && (!v.Ended.Equal(windowEnd) || v.EndReason != board.EndRemoved) {
				t.Errorf("ended %s (%q), want %s (removed)", v.Ended, v.EndReason, windowEnd)
			}
			if got := w.overview(tt.at).Members; got != tt.members {
				t.Errorf("members = %d, want %d", got, tt.members)
			}
		})
	}
}

func TestR7WhoMayVeto(t *testing.T) {
	// Four members (base 3, two vetoes needed), the removal of AZE, and SLV invited.
	veto := &board.VetoRemoval{Removal: "r1"}
	tests := []struct {
		name  string
		setup []step
		by    board.ActorID
		body  board.Body
		kind  board.ErrorKind
		rule  string
	}{
		{"a member State other than the one concerned", nil, "state:USA", veto, "", ""},
		{"the State concerned is refused", nil, "state:AZE", veto, board.Refused, "R7"},
		{"a second veto by the same State is refused", []step{{"state:USA", veto, "", ""}},
			"state:USA", veto, board.Conflict, "R7"},
		{"a veto after the removal was blocked is refused", []step{{"state:USA", veto, "", ""}, {"state:ARG", veto, "", ""}},
			"state:ARM", veto, board.Conflict, "R7"},
		{"an invited State that is not a member is refused", nil, "state:SLV", veto, board.Refused, "R7"},
		{"a State never invited is refused", nil, "state:ISR", veto, board.Refused, "R7"},
		{"a State that withdrew is refused", []step{{"state:ARM", &board.Withdraw{}, "", ""}},
			"state:ARM", veto, board.Refused, "R7"},
		{"a State that joined after the removal was proposed is refused", []step{{"state:SLV", &board.Consent{Instrument: "signature"}, "", ""}},
			"state:SLV", veto, board.Refused, "R7"},
		{"the Chairman cannot veto", nil, board.Chairman, veto, board.Forbidden, "R7"},
		{"an unknown removal is not found", nil, "state:USA", &board.VetoRemoval{Removal: "r2"}, board.NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, nil, 4)
			w.must(t, removalAt, board.Chairman, &board.Invite{State: "SLV"})
			w.must(t, removalAt, board.Chairman, &board.ProposeRemoval{ID: "r1", State: "AZE"})
			last := w.run(t, removalAt.Add(time.Hour), tt.setup)
			err := w.do(t, last.Add(time.Hour), tt.by, tt.body)
			if tt.kind == "" {
				if err != nil {
					t.Fatalf("veto by %s: %v; want accepted", tt.by, err)
				}
				return
			}
			wantRefusal(t, err, tt.kind, tt.rule)
		})
	}
}

func TestR7VetoBase(t *testing.T) {
	// Ten members; the removal of KAZ (states[9]) has base 9 and needs 6 vetoes.
	tests := []struct {
		name    string
		after   func(t *testing.T, w *world) // what happens after the proposal
		vetoes  []board.StateCode
		blocked bool
	}{
		{"the base excludes the State concerned: 6 of 9 block", nil, states[:6], true},
		{"members who leave after the proposal do not lower the base", func(t *testing.T, w *world) {
			for _, c := range states[5:8] {
				w.must(t, removalAt.Add(time.Minute), board.StateActor(c), &board.Withdraw{})
			}
		}, states[:5], false},
		{"members who join after the proposal do not raise the base", func(t *testing.T, w *world) {
			w.join(t, removalAt.Add(time.Minute), "SLV", "ISR", "EGY", "HND")
		}, states[:6], true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, nil, 10)
			w.must(t, removalAt, board.Chairman, &board.ProposeRemoval{ID: "r1", State: "KAZ"})
			if rm := w.state.Removals["r1"]; rm.Base != 9 || rm.Needed != 6 {
				t.Fatalf("removal: base %d needing %d, want 9 needing 6", rm.Base, rm.Needed)
			}
			if tt.after != nil {
				tt.after(t, w)
			}
			for i, c := range tt.vetoes {
				w.must(t, removalAt.Add(time.Duration(i+1)*time.Hour), board.StateActor(c), &board.VetoRemoval{Removal: "r1"})
			}
			if tt.blocked {
				w.wantStatus(t, "KAZ", windowEnd, board.StatusMember)
			} else {
				w.wantEnded(t, "KAZ", windowEnd, windowEnd, board.EndRemoved)
			}
		})
	}
}

func TestR7ProposeRemoval(t *testing.T) {
	propose := func(id board.RemovalID, c board.StateCode) *board.ProposeRemoval {
		return &board.ProposeRemoval{ID: id, State: c}
	}
	tests := []struct {
		name  string
		setup []step
		by    board.ActorID
		body  board.Body
		kind  board.ErrorKind
		rule  string
	}{
		{"the removal of a member", nil, board.Chairman, propose("r1", "AZE"), "", ""},
		{"only the Chairman removes", nil, "state:USA", propose("r1", "AZE"), board.Forbidden, "R6"},
		{"a State that is not a member cannot be removed", []step{{board.Chairman, &board.Invite{State: "SLV"}, "", ""}},
			board.Chairman, propose("r1", "SLV"), board.Refused, "R6"},
		{"a second removal while one is open is refused", []step{{board.Chairman, propose("r1", "AZE"), "", ""}},
			board.Chairman, propose("r2", "AZE"), board.Conflict, "R7"},
		{"a repeated removal id is refused", []step{{board.Chairman, propose("r1", "AZE"), "", ""}},
			board.Chairman, propose("r1", "ARM"), board.Conflict, ""},
		{"a removal after a blocked one", []step{
			{board.Chairman, propose("r1", "AZE"), "", ""},
			{"state:USA", &board.VetoRemoval{Removal: "r1"}, "", ""},
			{"state:ARG", &board.VetoRemoval{Removal: "r1"}, "", ""},
		}, board.Chairman, propose("r2", "AZE"), "", ""},
		{"a malformed id is invalid", nil, board.Chairman, propose("R 1", "AZE"), board.Invalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, nil, 4)
			last := w.run(t, removalAt, tt.setup)
			err := w.do(t, last.Add(time.Hour), tt.by, tt.body)
			if tt.kind == "" {
				if err != nil {
					t.Fatalf("%v; want accepted", err)
				}
				w.wantStatus(t, "AZE", last.Add(time.Hour), board.StatusRemovalPending)
				return
			}
			wantRefusal(t, err, tt.kind, tt.rule)
		})
	}
}
