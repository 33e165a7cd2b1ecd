package board_test

import (
	"slices"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// serving reports whether id sits on the Executive Board as of at, by the overview.
func (w *world) serving(id board.ExecutiveID, at time.Time) bool {
	return slices.ContainsFunc(w.overview(at).ExecutiveBoard, func(x *board.Executive) bool { return x.ID == id })
}

func TestR17ExecutiveTerm(t *testing.T) {
	tests := []struct {
		name    string
		term    charter.Period // executive_board.term; zero keeps the default (2y)
		at      time.Time
		serving bool
	}{
		{"at the appointment", charter.Period{}, appointedAt, true},
		{"the term's last day", charter.Period{}, execTermEnd.Add(-time.Second), true},
		{"the term end", charter.Period{}, execTermEnd, false},
		{"a second after the term end", charter.Period{}, execTermEnd.Add(time.Second), false},
		{"executive_board.term 1y: its last day", charter.Period{Years: 1}, ts("2027-01-15T23:59:59Z"), true},
		{"executive_board.term 1y: its end", charter.Period{Years: 1}, ts("2027-01-16"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(rulesWith(func(r *charter.Rules) {
				if !tt.term.IsZero() {
					r.ExecutiveBoard.Term = tt.term
				}
			}))
			w.withExecutives(t, appointedAt, "rubio", "witkoff")
			if got := w.serving("rubio", tt.at); got != tt.serving {
				t.Errorf("serving as of %s = %v, want %v", tt.at, got, tt.serving)
			}
			err := w.do(t, tt.at, executive("rubio"), &board.FindIncapacity{})
			if tt.serving {
				if err != nil {
					t.Errorf("act by a serving member: %v; want accepted", err)
				}
				return
			}
			wantRefusal(t, err, board.Forbidden, "R17")
		})
	}
	t.Run("the overview lists each member's term end", func(t *testing.T) {
		w := newWorld(nil)
		w.withExecutives(t, appointedAt, "rubio")
		board := w.overview(appointedAt).ExecutiveBoard
		if len(board) != 1 || board[0].ID != "rubio" || !board[0].TermEnd.Equal(execTermEnd) {
			t.Fatalf("executive board %+v; want rubio until %s", board, execTermEnd)
		}
	})
}

func TestR17Appoint(t *testing.T) {
	tests := []struct {
		name string
		by   board.ActorID
		body *board.AppointExecutive
		kind board.ErrorKind
		rule string
	}{
		{"the Chairman appoints", board.Chairman, &board.AppointExecutive{ID: "blair", Person: "Tony Blair"}, "", ""},
		{"a repeated id is refused", board.Chairman, &board.AppointExecutive{ID: "rubio", Person: "Someone Else"}, board.Conflict, ""},
		{"a malformed id is invalid", board.Chairman, &board.AppointExecutive{ID: "Tony Blair", Person: "Tony Blair"}, board.Invalid, ""},
		{"a person is required", board.Chairman, &board.AppointExecutive{ID: "blair"}, board.Invalid, ""},
		{"a State cannot appoint", "state:USA", &board.AppointExecutive{ID: "blair", Person: "Tony Blair"}, board.Forbidden, "R17"},
		{"the Executive Board cannot appoint", executive("rubio"), &board.AppointExecutive{ID: "blair", Person: "Tony Blair"}, board.Forbidden, "R17"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(nil)
			w.withExecutives(t, appointedAt, "rubio")
			err := w.do(t, ts("2026-02-01"), tt.by, tt.body)
			if tt.kind == "" {
				if err != nil {
					t.Fatalf("%v; want accepted", err)
				}
				if !w.serving(tt.body.ID, ts("2026-02-01")) {
					t.Errorf("%s not serving after appointment", tt.body.ID)
				}
				return
			}
			wantRefusal(t, err, tt.kind, tt.rule)
		})
	}
}

func TestR17RenewExecutive(t *testing.T) {
	tests := []struct {
		name    string
		renewAt []time.Time
		termEnd time.Time
	}{
		{"renewal moves the end by executive_board.term from the current end", []time.Time{ts("2027-06-01")}, ts("2030-01-16")},
		{"renewal on the term's last second", []time.Time{execTermEnd.Add(-time.Second)}, ts("2030-01-16")},
		{"two renewals add up", []time.Time{ts("2027-06-01"), ts("2027-06-02")}, ts("2032-01-16")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(nil)
			w.withExecutives(t, appointedAt, "rubio")
			for _, at := range tt.renewAt {
				w.must(t, at, board.Chairman, &board.RenewExecutive{ID: "rubio"})
			}
			if got := w.state.Executives["rubio"].TermEnd; !got.Equal(tt.termEnd) {
				t.Errorf("term end = %s, want %s", got, tt.termEnd)
			}
			for at, want := range map[time.Time]bool{
				execTermEnd:                          true,
				tt.termEnd.Add(-time.Nanosecond):     true,
				tt.termEnd:                           false,
				tt.termEnd.Add(24 * time.Hour * 365): false,
			} {
				if got := w.serving("rubio", at); got != want {
					t.Errorf("serving as of %s = %v, want %v", at, got, want)
				}
			}
		})
	}

	refusals := []struct {
		name  string
		setup []step
		at    time.Time
		by    board.ActorID
		id    board.ExecutiveID
		kind  board.ErrorKind
		rule  string
	}{
		{"renewal after the term ended is refused", nil, execTermEnd, board.Chairman, "rubio", board.Refused, "R17"},
		{"renewal of a removed member is refused", []step{{board.Chairman, &board.RemoveExecutive{ID: "rubio"}, "", ""}},
			ts("2027-06-01"), board.Chairman, "rubio", board.Refused, "R17"},
		{"renewal of an unknown member is not found", nil, ts("2027-06-01"), board.Chairman, "blair", board.NotFound, ""},
		{"only the Chairman renews", nil, ts("2027-06-01"), "state:USA", "rubio", board.Forbidden, "R17"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(nil)
			w.withExecutives(t, appointedAt, "rubio")
			w.run(t, ts("2027-01-01"), tt.setup)
			wantRefusal(t, w.do(t, tt.at, tt.by, &board.RenewExecutive{ID: tt.id}), tt.kind, tt.rule)
		})
	}
}

func TestR17RemoveExecutive(t *testing.T) {
	at := ts("2027-01-01T12:00:00Z")
	t.Run("a removed member no longer sits, from the removal on", func(t *testing.T) {
		w := newWorld(nil)
		w.withExecutives(t, appointedAt, "rubio", "witkoff")
		w.must(t, at, board.Chairman, &board.RemoveExecutive{ID: "rubio"})
		if !w.serving("rubio", at.Add(-time.Nanosecond)) || w.serving("rubio", at) {
			t.Errorf("serving just before / at the removal = %v / %v, want true / false",
				w.serving("rubio", at.Add(-time.Nanosecond)), w.serving("rubio", at))
		}
		if !w.serving("witkoff", at) {
			t.Errorf("witkoff not serving after rubio's removal; want serving")
		}
		wantRefusal(t, w.do(t, at, executive("rubio"), &board.FindIncapacity{}), board.Forbidden, "R17")
	})
	tests := []struct {
		name  string
		setup []step
		by    board.ActorID
		id    board.ExecutiveID
		kind  board.ErrorKind
		rule  string
	}{
		{"a second removal is refused", []step{{board.Chairman, &board.RemoveExecutive{ID: "rubio"}, "", ""}},
			board.Chairman, "rubio", board.Refused, "R17"},
		{"an unknown member is not found", nil, board.Chairman, "blair", board.NotFound, ""},
		{"only the Chairman removes", nil, executive("witkoff"), "rubio", board.Forbidden, "R17"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(nil)
			w.withExecutives(t, appointedAt, "rubio", "witkoff")
			last := w.run(t, at, tt.setup)
			wantRefusal(t, w.do(t, last.Add(time.Hour), tt.by, &board.RemoveExecutive{ID: tt.id}), tt.kind, tt.rule)
		})
	}
}

func TestR17ActsByNonServingExecutive(t *testing.T) {
	tests := []struct {
		name string
		by   board.ActorID
		at   time.Time
	}{
		{"never appointed", executive("nobody"), ts("2027-01-01")},
		{"term ended", executive("rubio"), execTermEnd},
		{"removed", executive("witkoff"), ts("2027-01-01")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(nil)
			w.must(t, appointedAt, board.Chairman, &board.DesignateSuccessor{Person: vance})
			w.withExecutives(t, appointedAt, "rubio", "witkoff")
			w.withExecutives(t, ts("2026-06-01"), "kushner")
			w.must(t, ts("2026-12-01"), board.Chairman, &board.RemoveExecutive{ID: "witkoff"})
			wantRefusal(t, w.do(t, tt.at, tt.by, &board.FindIncapacity{}), board.Forbidden, "R17")
			if o := w.overview(tt.at); o.Chairman != trump {
				t.Errorf("chairman %q, want %q", o.Chairman, trump)
			}
		})
	}
}
