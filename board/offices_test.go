package board_test

import (
	"slices"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

var (
	// appointedAt is when the Executive Board is appointed in these tests (announced 16 January
	// 2026); its two-year terms end on execTermEnd, the first day they no longer sit.
	appointedAt = ts("2026-01-16T12:00:00Z")
	execTermEnd = ts("2028-01-16")

	trump = "Donald J. Trump"
	vance = "J. D. Vance"
)

// withExecutives appoints Executive Board members, by id, at at.
func (w *world) withExecutives(t *testing.T, at time.Time, ids ...board.ExecutiveID) {
	t.Helper()
	for _, id := range ids {
		w.must(t, at, board.Chairman, &board.AppointExecutive{ID: id, Person: "Person " + string(id)})
	}
}

func executive(id board.ExecutiveID) board.ActorID { return board.ActorID("executive:" + string(id)) }

// serving reports whether id sits on the Executive Board as of at, by the overview.
func (w *world) serving(id board.ExecutiveID, at time.Time) bool {
	return slices.ContainsFunc(w.overview(at).ExecutiveBoard, func(x *board.Executive) bool { return x.ID == id })
}

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

func TestR14Subsidiaries(t *testing.T) {
	gaza := &board.CreateSubsidiary{ID: "gaza", Name: "Gaza Executive Board", Mandate: "Gaza", Members: []string{"Nickolay Mladenov"}}

	t.Run("only the Chairman creates", func(t *testing.T) {
		for _, by := range []board.ActorID{"state:USA", executive("rubio"), board.Secretariat, board.ChiefExecutive} {
			w := newWorld(nil)
			w.withExecutives(t, appointedAt, "rubio")
			w.join(t, eif, states[:3]...)
			wantRefusal(t, w.do(t, ts("2026-02-01"), by, gaza), board.Forbidden, "R14")
			if len(w.state.Subsidiaries) != 0 {
				t.Errorf("by %s: %d subsidiaries after a refusal, want 0", by, len(w.state.Subsidiaries))
			}
		}
		w := newWorld(nil)
		w.must(t, ts("2026-02-01"), board.Chairman, gaza)
		sub := w.state.Subsidiaries["gaza"]
		if sub == nil || sub.Name != gaza.Name || sub.Mandate != "Gaza" || !sub.Created.Equal(ts("2026-02-01")) {
			t.Errorf("subsidiary %+v; want gaza created 2026-02-01", sub)
		}
	})

	modify := &board.ModifySubsidiary{ID: "gaza", Name: "Gaza Board", Members: []string{"Ali Shaath"}}
	dissolve := &board.DissolveSubsidiary{ID: "gaza"}
	tests := []struct {
		name  string
		setup []step
		by    board.ActorID
		body  board.Body
		kind  board.ErrorKind
		rule  string
	}{
		{"a duplicate id is refused", nil, board.Chairman, &board.CreateSubsidiary{ID: "gaza", Name: "Other"}, board.Conflict, ""},
		{"the Chairman modifies", nil, board.Chairman, modify, "", ""},
		{"a modification that changes nothing is invalid", nil, board.Chairman, &board.ModifySubsidiary{ID: "gaza"}, board.Invalid, ""},
		{"only the Chairman modifies", nil, "state:USA", modify, board.Forbidden, "R14"},
		{"only the Chairman dissolves", nil, "state:USA", dissolve, board.Forbidden, "R14"},
		{"modify after dissolve is refused", []step{{board.Chairman, dissolve, "", ""}}, board.Chairman, modify, board.Refused, "R14"},
		{"dissolve after dissolve is refused", []step{{board.Chairman, dissolve, "", ""}}, board.Chairman, dissolve, board.Refused, "R14"},
		{"a dissolved subsidiary's id is not reused", []step{{board.Chairman, dissolve, "", ""}}, board.Chairman, gaza, board.Conflict, ""},
		{"an unknown subsidiary is not found", nil, board.Chairman, &board.ModifySubsidiary{ID: "west-bank", Name: "x"}, board.NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(nil)
			w.join(t, eif, states[:3]...)
			w.must(t, ts("2026-02-01"), board.Chairman, gaza)
			last := w.run(t, ts("2026-03-01"), tt.setup)
			err := w.do(t, last.Add(time.Hour), tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			sub := w.state.Subsidiaries["gaza"]
			if sub.Name != "Gaza Board" || sub.Mandate != "Gaza" || !slices.Equal(sub.Members, []string{"Ali Shaath"}) {
				t.Errorf("after modify: %+v; want name and members changed, mandate kept", sub)
			}
		})
	}
	t.Run("the Chairman dissolves", func(t *testing.T) {
		w := newWorld(nil)
		w.must(t, ts("2026-02-01"), board.Chairman, gaza)
		w.must(t, ts("2026-03-01"), board.Chairman, dissolve)
		if got := w.state.Subsidiaries["gaza"].Dissolved; !got.Equal(ts("2026-03-01")) {
			t.Errorf("dissolved = %s, want 2026-03-01", got)
		}
	})
}

func TestR3Accredit(t *testing.T) {
	at := ts("2026-02-01T12:00:00Z")
	reps := func(w *world, c board.StateCode) []board.Representative { return w.state.States[c].Representatives }

	t.Run("a member accredits its head", func(t *testing.T) {
		w := founded(t, nil, 3)
		w.must(t, at, "state:ARG", &board.Accredit{Person: "Javier Milei", Role: "head"})
		got := reps(w, "ARG")
		if len(got) != 1 || got[0].Person != "Javier Milei" || got[0].Role != "head" || !got[0].Approved {
			t.Errorf("representatives %+v; want Javier Milei, head, approved", got)
		}
	})
	t.Run("an alternate is pending until the Chairman approves", func(t *testing.T) {
		w := founded(t, nil, 3)
		w.must(t, at, "state:ARG", &board.Accredit{Person: "Pablo Quirno", Role: "alternate"})
		if got := reps(w, "ARG"); len(got) != 1 || got[0].Approved {
			t.Fatalf("representatives %+v; want one alternate, not approved", got)
		}
		w.must(t, at.Add(time.Hour), board.Chairman, &board.Accredit{Person: "Pablo Quirno", Role: "alternate", State: "ARG"})
		if got := reps(w, "ARG"); len(got) != 1 || !got[0].Approved || got[0].Role != "alternate" {
			t.Errorf("representatives %+v; want one alternate, approved", got)
		}
	})
	tests := []struct {
		name string
		by   board.ActorID
		body *board.Accredit
		kind board.ErrorKind
		rule string
	}{
		{"the Chairman does not accredit a head", board.Chairman, &board.Accredit{Person: "Javier Milei", Role: "head", State: "ARG"}, board.Forbidden, "R3"},
		{"the Chairman approves only an alternate the State accredited", board.Chairman, &board.Accredit{Person: "Someone", Role: "alternate", State: "ARG"}, board.NotFound, ""},
		{"a State accredits only its own representatives", "state:USA", &board.Accredit{Person: "Someone", Role: "head", State: "ARG"}, board.Forbidden, "R3"},
		{"a State that is not a member cannot accredit", "state:SLV", &board.Accredit{Person: "Nayib Bukele", Role: "head"}, board.Refused, "R3"},
		{"the role is head or alternate", "state:ARG", &board.Accredit{Person: "Someone", Role: "observer"}, board.Invalid, ""},
		{"a person is required", "state:ARG", &board.Accredit{Role: "head"}, board.Invalid, ""},
		{"the Executive Board does not accredit", executive("rubio"), &board.Accredit{Person: "Someone", Role: "head"}, board.Forbidden, "R3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, nil, 3)
			w.withExecutives(t, eif, "rubio")
			w.must(t, eif, board.Chairman, &board.Invite{State: "SLV"})
			wantRefusal(t, w.do(t, at, tt.by, tt.body), tt.kind, tt.rule)
		})
	}
}
