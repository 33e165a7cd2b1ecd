package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

func TestR4TermEnd(t *testing.T) {
	w := founded(t, nil, 3)
	tests := []struct {
		name  string
		at    time.Time
		ended bool
	}{
		{"the term's last day: still a member", ts("2029-01-21T23:59:59Z"), false},
		{"the term's last instant: still a member", termEnd.Add(-time.Nanosecond), false},
		{"term_end itself: former, expired", termEnd, true},
		{"the day after term_end: former, expired", ts("2029-01-23T12:00:00Z"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range states[:3] {
				if tt.ended {
					w.wantEnded(t, c, tt.at, termEnd, board.EndExpired)
				} else {
					v := w.wantStatus(t, c, tt.at, board.StatusMember)
					if !v.Ended.IsZero() || v.EndReason != "" {
						t.Errorf("%s: ended %s (%q), want not ended", c, v.Ended, v.EndReason)
					}
				}
				if v := w.member(t, c, tt.at); !v.TermEnd.Equal(termEnd) {
					t.Errorf("%s: term_end = %s, want %s", c, v.TermEnd, termEnd)
				}
			}
			want := 3
			if tt.ended {
				want = 0
			}
			if got := w.overview(tt.at).Members; got != want {
				t.Errorf("members = %d, want %d", got, want)
			}
		})
	}
}

// An act one second after a term ends is the act of a State that is no longer a member.
func TestR4ActAroundTermEnd(t *testing.T) {
	offsets := []struct {
		name     string
		offset   time.Duration
		accepted bool
	}{
		{"one second before term_end: accepted", -time.Second, true},
		{"at term_end: refused", 0, false},
		{"one second after term_end: refused", time.Second, false},
	}
	acts := []struct {
		name string
		body board.Body
		rule string
	}{
		{"veto", &board.VetoRemoval{Removal: "aze"}, "R7"},
		{"withdraw", &board.Withdraw{}, "R6"},
	}
	for _, act := range acts {
		for _, tt := range offsets {
			t.Run(act.name+"/"+tt.name, func(t *testing.T) {
				w := founded(t, nil, 4)
				w.must(t, termEnd.AddDate(0, 0, -10), board.Chairman, &board.ProposeRemoval{ID: "aze", State: "AZE"})
				err := w.do(t, termEnd.Add(tt.offset), "state:ARG", act.body)
				if tt.accepted {
					if err != nil {
						t.Fatalf("%s at %s: %v; want accepted", act.name, termEnd.Add(tt.offset), err)
					}
					return
				}
				wantRefusal(t, err, board.Refused, act.rule)
			})
		}
	}
}

func TestR4TermFrom(t *testing.T) {
	tests := []struct {
		name     string
		termFrom charter.TermFrom
		joinAt   time.Time // zero: a founding State, joined at entry into force
		termEnd  time.Time
	}{
		{"entry-into-force: a founding State", charter.TermFromEntryIntoForce, time.Time{}, ts("2029-01-22")},
		{"joining: a founding State", charter.TermFromJoining, time.Time{}, ts("2029-01-22")},
		{"entry-into-force: a later State ends with the founders", charter.TermFromEntryIntoForce, ts("2027-06-15T09:00:00Z"), ts("2029-01-22")},
		{"joining: a later State has three years from joining", charter.TermFromJoining, ts("2027-06-15T09:00:00Z"), ts("2030-06-15")},
		{"entry-into-force: a State joining after the first period ends with the current one", charter.TermFromEntryIntoForce, ts("2029-03-01T09:00:00Z"), ts("2032-01-22")},
		{"joining: a State joining after the first period", charter.TermFromJoining, ts("2029-03-01T09:00:00Z"), ts("2032-03-01")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, rulesWith(func(r *charter.Rules) { r.Membership.TermFrom = tt.termFrom }), 3)
			code := states[0]
			joined := eif
			if !tt.joinAt.IsZero() {
				code, joined = "SLV", tt.joinAt
				w.join(t, joined, code)
			}
			v := w.wantStatus(t, code, joined, board.StatusMember)
			if !v.TermEnd.Equal(tt.termEnd) {
				t.Errorf("term_end = %s, want %s", v.TermEnd, tt.termEnd)
			}
			w.wantStatus(t, code, tt.termEnd.Add(-time.Nanosecond), board.StatusMember)
			w.wantEnded(t, code, tt.termEnd, tt.termEnd, board.EndExpired)
		})
	}
}

func TestR4RenewTerm(t *testing.T) {
	tests := []struct {
		name    string
		length  charter.Period // renewal.length; zero keeps the default (3y)
		renewAt []time.Time
		termEnd time.Time
	}{
		{"renewal moves the end from the current term end, not from the renewal", charter.Period{},
			[]time.Time{ts("2027-05-01")}, ts("2032-01-22")},
		{"renewal on the term's last second", charter.Period{},
			[]time.Time{termEnd.Add(-time.Second)}, ts("2032-01-22")},
		{"two renewals add up", charter.Period{},
			[]time.Time{ts("2027-05-01"), ts("2027-05-02")}, ts("2035-01-22")},
		{"renewal.length 1y", charter.Period{Years: 1},
			[]time.Time{ts("2027-05-01")}, ts("2030-01-22")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, rulesWith(func(r *charter.Rules) {
				if !tt.length.IsZero() {
					r.Renewal.Length = tt.length
				}
			}), 3)
			for _, at := range tt.renewAt {
				w.must(t, at, board.Chairman, &board.RenewTerm{State: "USA"})
			}
			last := tt.renewAt[len(tt.renewAt)-1]
			if v := w.member(t, "USA", last); !v.TermEnd.Equal(tt.termEnd) {
				t.Errorf("term_end = %s, want %s", v.TermEnd, tt.termEnd)
			}
			w.wantStatus(t, "USA", termEnd, board.StatusMember)
			w.wantStatus(t, "USA", tt.termEnd.Add(-time.Nanosecond), board.StatusMember)
			w.wantEnded(t, "USA", tt.termEnd, tt.termEnd, board.EndExpired)
			w.wantEnded(t, "ARG", termEnd, termEnd, board.EndExpired) // not renewed
		})
	}

	refusals := []struct {
		name  string
		setup []step
		at    time.Time
		by    board.ActorID
		state board.StateCode
		kind  board.ErrorKind
		rule  string
	}{
		{"a former member (term expired) cannot be renewed", nil, termEnd, board.Chairman, "USA", board.Refused, "R4"},
		{"a former member (withdrew) cannot be renewed", []step{{"state:USA", &board.Withdraw{}, "", ""}},
			ts("2027-01-01"), board.Chairman, "USA", board.Refused, "R4"},
		{"an invited State cannot be renewed", []step{{board.Chairman, &board.Invite{State: "SLV"}, "", ""}},
			ts("2027-01-01"), board.Chairman, "SLV", board.Refused, "R4"},
		{"a State never invited cannot be renewed", nil, ts("2027-01-01"), board.Chairman, "SLV", board.Refused, "R4"},
		{"only the Chairman renews", nil, ts("2027-01-01"), "state:USA", "USA", board.Forbidden, "R4"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, nil, 3)
			w.run(t, ts("2026-06-01"), tt.setup)
			err := w.do(t, tt.at, tt.by, &board.RenewTerm{State: tt.state})
			wantRefusal(t, err, tt.kind, tt.rule)
		})
	}
}

func TestR6Withdraw(t *testing.T) {
	at := ts("2026-06-01T12:00:00Z")
	t.Run("withdrawal ends membership at once", func(t *testing.T) {
		w := founded(t, nil, 3)
		w.must(t, at, "state:ARG", &board.Withdraw{})
		w.wantStatus(t, "ARG", at.Add(-time.Nanosecond), board.StatusMember)
		w.wantEnded(t, "ARG", at, at, board.EndWithdrawn)
		w.wantEnded(t, "ARG", termEnd, at, board.EndWithdrawn) // the earlier end stands
		if got := w.overview(at).Members; got != 2 {
			t.Errorf("members = %d, want 2", got)
		}
	})
	t.Run("a second withdrawal is refused", func(t *testing.T) {
		w := founded(t, nil, 3)
		w.must(t, at, "state:ARG", &board.Withdraw{})
		wantRefusal(t, w.do(t, at.Add(time.Second), "state:ARG", &board.Withdraw{}), board.Refused, "R6")
	})
	t.Run("a State that is not a member cannot withdraw", func(t *testing.T) {
		w := founded(t, nil, 3)
		w.must(t, at, board.Chairman, &board.Invite{State: "SLV"})
		wantRefusal(t, w.do(t, at, "state:SLV", &board.Withdraw{}), board.Refused, "R6")
		wantRefusal(t, w.do(t, at, "state:ISR", &board.Withdraw{}), board.Refused, "R6")
	})
	t.Run("the Chairman does not withdraw a State", func(t *testing.T) {
		w := founded(t, nil, 3)
		wantRefusal(t, w.do(t, at, board.Chairman, &board.Withdraw{}), board.Forbidden, "R6")
	})
	t.Run("withdrawal.notice 30d: member until the notice has run", func(t *testing.T) {
		w := founded(t, rulesWith(func(r *charter.Rules) { r.Withdrawal.Notice = charter.Period{Days: 30} }), 3)
		w.must(t, at, "state:ARG", &board.Withdraw{})
		effective := at.AddDate(0, 0, 30)
		w.wantStatus(t, "ARG", effective.Add(-time.Nanosecond), board.StatusMember)
		w.wantEnded(t, "ARG", effective, effective, board.EndWithdrawn)
		wantRefusal(t, w.do(t, at.Add(time.Hour), "state:ARG", &board.Withdraw{}), board.Conflict, "R6")
	})
}
