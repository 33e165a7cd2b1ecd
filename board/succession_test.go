package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

func (w *world) wantChairman(t *testing.T, at time.Time, chairman, successor string) {
	t.Helper()
	o := w.overview(at)
	if o.Chairman != chairman || o.Successor != successor {
		t.Errorf("as of %s: chairman %q, successor %q; want %q, %q", at.Format(time.RFC3339), o.Chairman, o.Successor, chairman, successor)
	}
}

func TestR16DesignateSuccessor(t *testing.T) {
	tests := []struct {
		name   string
		by     board.ActorID
		person string
		kind   board.ErrorKind
		rule   string
	}{
		{"the Chairman designates a successor", board.Chairman, vance, "", ""},
		{"designating the Chairman himself is refused", board.Chairman, trump, board.Refused, "R16"},
		{"a successor must be named", board.Chairman, " ", board.Invalid, ""},
		{"only the Chairman designates", "state:USA", vance, board.Forbidden, "R16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(nil)
			at := ts("2026-01-16")
			err := w.do(t, at, tt.by, &board.DesignateSuccessor{Person: tt.person})
			if tt.kind == "" {
				if err != nil {
					t.Fatalf("%v; want accepted", err)
				}
				w.wantChairman(t, at, trump, tt.person)
				return
			}
			wantRefusal(t, err, tt.kind, tt.rule)
			w.wantChairman(t, at, trump, "")
		})
	}
	t.Run("a new designation replaces the previous one", func(t *testing.T) {
		w := newWorld(nil)
		w.must(t, ts("2026-01-16"), board.Chairman, &board.DesignateSuccessor{Person: vance})
		w.must(t, ts("2026-01-17"), board.Chairman, &board.DesignateSuccessor{Person: "Marco Rubio"})
		w.wantChairman(t, ts("2026-01-17"), trump, "Marco Rubio")
	})
}

func TestR16Resignation(t *testing.T) {
	at := ts("2027-05-01T12:00:00Z")
	t.Run("without a designated successor is refused", func(t *testing.T) {
		w := newWorld(nil)
		wantRefusal(t, w.do(t, at, board.Chairman, &board.Resign{}), board.Refused, "R16")
		w.wantChairman(t, at, trump, "")
	})
	t.Run("with a designated successor: the successor takes office at once", func(t *testing.T) {
		w := newWorld(nil)
		w.must(t, ts("2026-01-16"), board.Chairman, &board.DesignateSuccessor{Person: vance})
		events := w.events(t, at, board.Chairman, &board.Resign{})
		r, ok := findEvent[*board.ChairmanReplaced](events)
		if !ok || r.Former != trump || r.Chairman != vance || r.Reason != "resignation" {
			t.Errorf("events %v: want chairman-replaced %s → %s by resignation", events, trump, vance)
		}
		w.wantChairman(t, at.Add(-time.Nanosecond), trump, vance)
		w.wantChairman(t, at, vance, "")
	})
	t.Run("the new Chairman cannot resign until he designates a successor", func(t *testing.T) {
		w := newWorld(nil)
		w.must(t, ts("2026-01-16"), board.Chairman, &board.DesignateSuccessor{Person: vance})
		w.must(t, at, board.Chairman, &board.Resign{})
		wantRefusal(t, w.do(t, at.Add(time.Hour), board.Chairman, &board.Resign{}), board.Refused, "R16")
		wantRefusal(t, w.do(t, at.Add(time.Hour), board.Chairman, &board.DesignateSuccessor{Person: vance}), board.Refused, "R16")
		w.must(t, at.Add(time.Hour), board.Chairman, &board.DesignateSuccessor{Person: trump})
		w.wantChairman(t, at.Add(time.Hour), vance, trump)
	})
	t.Run("only the Chairman resigns", func(t *testing.T) {
		w := newWorld(nil)
		w.must(t, ts("2026-01-16"), board.Chairman, &board.DesignateSuccessor{Person: vance})
		w.withExecutives(t, appointedAt, "rubio")
		wantRefusal(t, w.do(t, at, executive("rubio"), &board.Resign{}), board.Forbidden, "R16")
	})
}

func TestR16Incapacity(t *testing.T) {
	find := &board.FindIncapacity{}

	t.Run("one member missing, then unanimous", func(t *testing.T) {
		w := newWorld(nil)
		w.must(t, appointedAt, board.Chairman, &board.DesignateSuccessor{Person: vance})
		w.withExecutives(t, appointedAt, "rubio", "witkoff", "kushner")
		findings := []struct {
			by       board.ExecutiveID
			replaced bool
		}{
			{"rubio", false},
			{"witkoff", false}, // kushner missing: not unanimous
			{"kushner", true},
		}
		at := ts("2027-05-01T12:00:00Z")
		for i, f := range findings {
			at = at.Add(time.Hour)
			events := w.events(t, at, executive(f.by), find)
			r, replaced := findEvent[*board.ChairmanReplaced](events)
			if replaced != f.replaced {
				t.Fatalf("finding %d (by %s): chairman replaced = %v, want %v", i+1, f.by, replaced, f.replaced)
			}
			if !replaced {
				w.wantChairman(t, at, trump, vance)
				continue
			}
			if r.Reason != "incapacity" || r.Chairman != vance || r.Former != trump {
				t.Errorf("chairman-replaced %+v; want %s → %s by incapacity", r, trump, vance)
			}
			w.wantChairman(t, at, vance, "")
		}
	})

	tests := []struct {
		name     string
		setup    func(t *testing.T, w *world)
		at       time.Time
		by       board.ActorID
		kind     board.ErrorKind // "" accepted
		rule     string
		replaced bool
	}{
		{"a second finding by the same member is refused", func(t *testing.T, w *world) {
			w.withExecutives(t, appointedAt, "rubio", "witkoff")
			w.must(t, ts("2027-05-01"), executive("rubio"), find)
		}, ts("2027-05-02"), executive("rubio"), board.Conflict, "R16", false},
		{"unanimous without a designated successor is refused", func(t *testing.T, w *world) {
			w.withExecutives(t, appointedAt, "rubio")
		}, ts("2027-05-02"), executive("rubio"), board.Refused, "R16", false},
		{"an expired member cannot find incapacity", func(t *testing.T, w *world) {
			w.must(t, appointedAt, board.Chairman, &board.DesignateSuccessor{Person: vance})
			w.withExecutives(t, appointedAt, "rubio")
			w.withExecutives(t, ts("2026-06-01"), "witkoff")
		}, execTermEnd, executive("rubio"), board.Forbidden, "R17", false},
		{"an expired member's last day: it still counts, so one finding is not unanimous", func(t *testing.T, w *world) {
			w.must(t, appointedAt, board.Chairman, &board.DesignateSuccessor{Person: vance})
			w.withExecutives(t, appointedAt, "rubio")
			w.withExecutives(t, ts("2026-06-01"), "witkoff")
		}, execTermEnd.Add(-time.Second), executive("witkoff"), "", "", false},
		{"an expired member no longer counts toward unanimity", func(t *testing.T, w *world) {
			w.must(t, appointedAt, board.Chairman, &board.DesignateSuccessor{Person: vance})
			w.withExecutives(t, appointedAt, "rubio")
			w.withExecutives(t, ts("2026-06-01"), "witkoff")
		}, execTermEnd, executive("witkoff"), "", "", true},
		{"a removed member no longer counts toward unanimity", func(t *testing.T, w *world) {
			w.must(t, appointedAt, board.Chairman, &board.DesignateSuccessor{Person: vance})
			w.withExecutives(t, appointedAt, "rubio", "witkoff", "kushner")
			w.must(t, ts("2027-01-01"), board.Chairman, &board.RemoveExecutive{ID: "kushner"})
			w.must(t, ts("2027-05-01"), executive("rubio"), find)
		}, ts("2027-05-02"), executive("witkoff"), "", "", true},
		{"a confirming finding completes the succession once the last holdout is removed", func(t *testing.T, w *world) {
			w.must(t, appointedAt, board.Chairman, &board.DesignateSuccessor{Person: vance})
			w.withExecutives(t, appointedAt, "rubio", "witkoff", "kushner")
			w.must(t, ts("2027-05-01"), executive("rubio"), find)
			w.must(t, ts("2027-05-01"), executive("witkoff"), find)
			w.must(t, ts("2027-05-02"), board.Chairman, &board.RemoveExecutive{ID: "kushner"})
		}, ts("2027-05-03"), executive("rubio"), "", "", true},
		{"findings are cleared when a successor takes office", func(t *testing.T, w *world) {
			w.must(t, appointedAt, board.Chairman, &board.DesignateSuccessor{Person: vance})
			w.withExecutives(t, appointedAt, "rubio", "witkoff")
			w.must(t, ts("2027-05-01"), executive("rubio"), find)
			w.must(t, ts("2027-05-02"), board.Chairman, &board.Resign{})
			w.must(t, ts("2027-05-03"), board.Chairman, &board.DesignateSuccessor{Person: trump})
			w.must(t, ts("2027-05-04"), executive("witkoff"), find)
		}, ts("2027-05-05"), executive("rubio"), "", "", true},
		{"a member who does not sit cannot find incapacity", func(t *testing.T, w *world) {
			w.withExecutives(t, appointedAt, "rubio")
		}, ts("2027-05-02"), executive("blair"), board.Forbidden, "R17", false},
		{"the Chairman cannot find his own incapacity", nil, ts("2027-05-02"), board.Chairman, board.Forbidden, "R16", false},
		{"a State cannot find incapacity", func(t *testing.T, w *world) {
			w.join(t, eif, states[:3]...)
		}, ts("2027-05-02"), "state:USA", board.Forbidden, "R16", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(nil)
			if tt.setup != nil {
				tt.setup(t, w)
			}
			before := w.overview(tt.at)
			err := w.do(t, tt.at, tt.by, find)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				if after := w.overview(tt.at); after.Chairman != before.Chairman {
					t.Errorf("chairman %q after a refused finding, want %q", after.Chairman, before.Chairman)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			events := w.log[len(w.log)-1].events
			if _, replaced := findEvent[*board.ChairmanReplaced](events); replaced != tt.replaced {
				t.Errorf("chairman replaced = %v, want %v (events %v)", replaced, tt.replaced, events)
			}
			if after := w.overview(tt.at); (after.Chairman != before.Chairman) != tt.replaced {
				t.Errorf("chairman %q → %q; want replaced = %v", before.Chairman, after.Chairman, tt.replaced)
			}
		})
	}
}
