package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// step is one act in a table-driven sequence, with the refusal it must meet ("" kind: accepted).
type step struct {
	by   board.ActorID
	body board.Body
	kind board.ErrorKind
	rule string
}

// run does steps one hour apart from start, checking each outcome, and returns the time of the
// last one.
func (w *world) run(t *testing.T, start time.Time, steps []step) time.Time {
	t.Helper()
	at := start
	for i, s := range steps {
		at = start.Add(time.Duration(i) * time.Hour)
		err := w.do(t, at, s.by, s.body)
		switch {
		case s.kind == "" && err != nil:
			t.Fatalf("step %d: %s by %s: %v; want accepted", i, s.body.Kind(), s.by, err)
		case s.kind != "":
			if err == nil {
				t.Fatalf("step %d: %s by %s accepted; want %s by %q", i, s.body.Kind(), s.by, s.kind, s.rule)
			}
			if got := board.ErrorKindOf(err); got != s.kind {
				t.Errorf("step %d: %s by %s: kind = %q, want %q (%v)", i, s.body.Kind(), s.by, got, s.kind, err)
			}
			if got := board.ErrorRule(err); got != s.rule {
				t.Errorf("step %d: %s by %s: rule = %q, want %q (%v)", i, s.body.Kind(), s.by, got, s.rule, err)
			}
		}
	}
	return at
}

func TestR8EntryIntoForce(t *testing.T) {
	tests := []struct {
		name     string
		consents int // entry_into_force.consents; 0 keeps the default (3)
		want     int
	}{
		{"the third consent brings entry into force, not the second", 0, 3},
		{"entry_into_force.consents 1: the first consent", 1, 1},
		{"entry_into_force.consents 4: the fourth consent, not the third", 4, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := charter.Default()
			if tt.consents != 0 {
				r = rulesWith(func(r *charter.Rules) { r.EntryIntoForce.Consents = tt.consents })
			}
			w := newWorld(r)
			at := ts("2026-01-15T09:00:00Z")
			for _, c := range states[:tt.want] {
				w.must(t, at, board.Chairman, &board.Invite{State: c, Founding: true})
			}
			for i, c := range states[:tt.want] {
				at = at.AddDate(0, 0, 1)
				events := w.events(t, at, board.StateActor(c), consent)
				eif, entered := findEvent[*board.EnteredIntoForce](events)
				o := w.overview(at)
				if last := i+1 == tt.want; !last {
					if entered || o.InForce {
						t.Fatalf("consent %d of %d: entered into force (event %v, in_force %v); want not yet", i+1, tt.want, entered, o.InForce)
					}
					w.wantStatus(t, c, at, board.StatusSignatory)
					continue
				}
				if !entered {
					t.Fatalf("consent %d of %d: no entered-into-force event; want one", i+1, tt.want)
				}
				if eif.Consents != tt.want {
					t.Errorf("entered-into-force consents = %d, want %d", eif.Consents, tt.want)
				}
				if !o.InForce || !o.EntryIntoForce.Equal(board.Day(at)) {
					t.Errorf("overview: in_force %v since %s, want true since %s", o.InForce, o.EntryIntoForce, board.Day(at))
				}
				if o.Members != tt.want {
					t.Errorf("overview: %d members, want %d", o.Members, tt.want)
				}
			}
		})
	}
}

func TestR8StatusAroundEntryIntoForce(t *testing.T) {
	w := newWorld(nil)
	w.must(t, ts("2026-01-16T12:00:00Z"), board.Chairman, &board.Invite{State: "KAZ", Founding: true})
	w.must(t, ts("2026-01-16T12:00:00Z"), board.Chairman, &board.Invite{State: "QAT", Founding: true})
	w.must(t, ts("2026-01-16T12:00:00Z"), board.Chairman, &board.Invite{State: "ARE", Founding: true})
	w.must(t, ts("2026-01-19T15:00:00Z"), "state:KAZ", consent)
	w.must(t, ts("2026-01-20T15:00:00Z"), "state:QAT", consent)
	w.must(t, eif, "state:ARE", consent)

	tests := []struct {
		name    string
		at      time.Time
		status  board.Status
		inForce bool
		members int
	}{
		{"the day before entry into force", board.EndOfDay(ts("2026-01-21")), board.StatusSignatory, false, 0},
		{"the instant before entry into force", eif.Add(-time.Nanosecond), board.StatusSignatory, false, 0},
		{"the instant of entry into force", eif, board.StatusMember, true, 3},
		{"the day of entry into force", board.EndOfDay(eif), board.StatusMember, true, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []board.StateCode{"KAZ", "QAT"} {
				v := w.wantStatus(t, c, tt.at, tt.status)
				if tt.inForce && !v.Joined.Equal(eif) {
					t.Errorf("%s joined %s, want %s (entry into force)", c, v.Joined, eif)
				}
				if !tt.inForce && !v.Joined.IsZero() {
					t.Errorf("%s joined %s, want not yet", c, v.Joined)
				}
			}
			o := w.overview(tt.at)
			if o.InForce != tt.inForce {
				t.Errorf("in_force = %v, want %v", o.InForce, tt.inForce)
			}
			if o.Members != tt.members {
				t.Errorf("members = %d, want %d", o.Members, tt.members)
			}
			wantEIF, wantFirstYear := time.Time{}, time.Time{}
			if tt.inForce {
				wantEIF, wantFirstYear = ts("2026-01-22"), ts("2027-01-22")
			}
			if !o.EntryIntoForce.Equal(wantEIF) || !o.FirstYearEnds.Equal(wantFirstYear) {
				t.Errorf("entry_into_force %s, first_year_ends %s; want %s, %s", o.EntryIntoForce, o.FirstYearEnds, wantEIF, wantFirstYear)
			}
		})
	}
}

func TestR2MembershipStart(t *testing.T) {
	w := newWorld(nil)
	w.must(t, ts("2026-01-16T12:00:00Z"), board.Chairman, &board.Invite{State: "KAZ", Founding: true})
	w.must(t, ts("2026-01-16T12:00:00Z"), board.Chairman, &board.Invite{State: "QAT"})
	w.must(t, ts("2026-01-16T12:00:00Z"), board.Chairman, &board.Invite{State: "ARE"})
	w.must(t, ts("2026-01-16T12:00:00Z"), board.Chairman, &board.Invite{State: "SLV"})
	w.must(t, ts("2026-01-19T15:00:00Z"), "state:KAZ", consent)
	w.must(t, ts("2026-01-20T15:00:00Z"), "state:QAT", consent)
	w.must(t, eif, "state:ARE", consent)
	late := ts("2026-01-28T16:30:00Z")
	w.must(t, late, "state:SLV", &board.Consent{Instrument: "notification"})

	tests := []struct {
		name   string
		state  board.StateCode
		joined time.Time
	}{
		{"consent before entry into force: joins at entry into force", "KAZ", eif},
		{"the consent that brings entry into force: joins at it", "ARE", eif},
		{"consent after entry into force: joins on consent", "SLV", late},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := w.wantStatus(t, tt.state, tt.joined, board.StatusMember)
			if !v.Joined.Equal(tt.joined) {
				t.Errorf("joined = %s, want %s", v.Joined, tt.joined)
			}
			before := tt.joined.Add(-time.Nanosecond)
			if v := w.member(t, tt.state, before); v.Status == board.StatusMember || !v.Joined.IsZero() {
				t.Errorf("as of %s: status %q joined %s; want not yet a member", before, v.Status, v.Joined)
			}
		})
	}
	t.Run("founding status is offered by the invitation and held from consent", func(t *testing.T) {
		if w.member(t, "KAZ", ts("2026-01-19T14:00:00Z")).Founding {
			t.Errorf("KAZ is a founding State before it consented")
		}
		if !w.member(t, "KAZ", ts("2026-01-19T15:00:00Z")).Founding {
			t.Errorf("KAZ is not a founding State once it consented")
		}
	})
	t.Run("founding status is kept from the invitation", func(t *testing.T) {
		for code, want := range map[board.StateCode]bool{"KAZ": true, "QAT": false} {
			if got := w.member(t, code, late).Founding; got != want {
				t.Errorf("%s founding = %v, want %v", code, got, want)
			}
		}
	})
}

func TestR2InvitationByChairmanOnly(t *testing.T) {
	tests := []struct {
		by   board.ActorID
		kind board.ErrorKind
		rule string
	}{
		{board.Chairman, "", ""},
		{"state:KAZ", board.Forbidden, "R2"},
		{"executive:rubio", board.Forbidden, "R2"},
		{board.Secretariat, board.Forbidden, "R2"},
		{board.ChiefExecutive, board.Forbidden, "R2"},
		{"org:fifa", board.Forbidden, "R2"},
	}
	for _, tt := range tests {
		t.Run(string(tt.by), func(t *testing.T) {
			w := founded(t, nil, 3)
			at := ts("2026-02-01")
			err := w.do(t, at, tt.by, &board.Invite{State: "SLV"})
			if tt.kind == "" {
				if err != nil {
					t.Fatalf("invite by %s: %v; want accepted", tt.by, err)
				}
				w.wantStatus(t, "SLV", at, board.StatusInvited)
				return
			}
			wantRefusal(t, err, tt.kind, tt.rule)
			if _, ok := w.asOf(at).Member(w.rules, "SLV", at); ok {
				t.Errorf("SLV has a membership record after a refused invitation; want none")
			}
		})
	}
}

func TestR2Invitations(t *testing.T) {
	invite := func(c board.StateCode) step { return step{by: board.Chairman, body: &board.Invite{State: c}} }
	tests := []struct {
		name  string
		steps []step
		want  board.Status // SLV's status after the steps
	}{
		{"consent without an invitation is refused", []step{
			{"state:SLV", consent, board.Refused, "R2"},
		}, board.StatusNone},
		{"consent after a decline is refused", []step{
			invite("SLV"),
			{"state:SLV", &board.Decline{}, "", ""},
			{"state:SLV", consent, board.Refused, "R2"},
		}, board.StatusDeclined},
		{"consent after a decline and a new invitation is accepted", []step{
			invite("SLV"),
			{"state:SLV", &board.Decline{}, "", ""},
			invite("SLV"),
			{"state:SLV", consent, "", ""},
		}, board.StatusMember},
		{"consent after withdraw-invitation is refused", []step{
			invite("SLV"),
			{board.Chairman, &board.WithdrawInvitation{State: "SLV"}, "", ""},
			{"state:SLV", consent, board.Refused, "R2"},
		}, board.StatusInvitationWithdrawn},
		{"consent after withdraw-invitation and a new invitation is accepted", []step{
			invite("SLV"),
			{board.Chairman, &board.WithdrawInvitation{State: "SLV"}, "", ""},
			invite("SLV"),
			{"state:SLV", consent, "", ""},
		}, board.StatusMember},
		{"a second invitation while one is open is refused", []step{
			invite("SLV"),
			{board.Chairman, &board.Invite{State: "SLV"}, board.Conflict, "R2"},
		}, board.StatusInvited},
		{"an invitation of a member is refused", []step{
			invite("SLV"),
			{"state:SLV", consent, "", ""},
			{board.Chairman, &board.Invite{State: "SLV"}, board.Conflict, "R2"},
		}, board.StatusMember},
		{"a second consent is refused", []step{
			invite("SLV"),
			{"state:SLV", consent, "", ""},
			{"state:SLV", consent, board.Conflict, "R2"},
		}, board.StatusMember},
		{"a decline after consent is refused", []step{
			invite("SLV"),
			{"state:SLV", consent, "", ""},
			{"state:SLV", &board.Decline{}, board.Conflict, "R2"},
		}, board.StatusMember},
		{"a decline without an invitation is refused", []step{
			{"state:SLV", &board.Decline{}, board.Refused, "R2"},
		}, board.StatusNone},
		{"withdrawing a declined invitation is refused", []step{
			invite("SLV"),
			{"state:SLV", &board.Decline{}, "", ""},
			{board.Chairman, &board.WithdrawInvitation{State: "SLV"}, board.Refused, "R2"},
		}, board.StatusDeclined},
		{"withdraw-invitation by a State is forbidden", []step{
			invite("SLV"),
			{"state:KAZ", &board.WithdrawInvitation{State: "SLV"}, board.Forbidden, "R2"},
		}, board.StatusInvited},
		{"another State cannot consent for the invited one", []step{
			invite("SLV"),
			{"state:ISR", consent, board.Refused, "R2"},
		}, board.StatusInvited},
		{"an unknown instrument is invalid", []step{
			invite("SLV"),
			{"state:SLV", &board.Consent{Instrument: "handshake"}, board.Invalid, ""},
		}, board.StatusInvited},
		{"an invitation of a malformed State code is invalid", []step{
			{board.Chairman, &board.Invite{State: "Slv"}, board.Invalid, ""},
		}, board.StatusNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, nil, 3)
			last := w.run(t, ts("2026-02-01"), tt.steps)
			v, ok := w.asOf(last).Member(w.rules, "SLV", last)
			if tt.want == board.StatusNone {
				if ok {
					t.Errorf("SLV: status %q; want no record", v.Status)
				}
				return
			}
			if !ok || v.Status != tt.want {
				t.Errorf("SLV: status %q (found %v), want %q", v.Status, ok, tt.want)
			}
		})
	}
}

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

func TestR6Dissolution(t *testing.T) {
	chairmanDissolves := rulesWith(func(r *charter.Rules) { r.Dissolution.By = "chairman" })
	at := ts("2027-03-01T12:00:00Z")

	t.Run("refused by R20 while dissolution.by is unknown", func(t *testing.T) {
		w := founded(t, nil, 3)
		wantRefusal(t, w.do(t, at, board.Chairman, &board.Dissolve{}), board.Refused, "R20")
		if o := w.overview(at); !o.InForce || o.Members != 3 || !o.Dissolved.IsZero() {
			t.Errorf("after a refused dissolution: in_force %v, members %d, dissolved %s; want true, 3, none", o.InForce, o.Members, o.Dissolved)
		}
	})
	t.Run("only the Chairman dissolves", func(t *testing.T) {
		w := founded(t, chairmanDissolves, 3)
		wantRefusal(t, w.do(t, at, "state:USA", &board.Dissolve{}), board.Forbidden, "R20")
	})
	t.Run("accepted when dissolution.by is chairman: every member is former", func(t *testing.T) {
		w := founded(t, chairmanDissolves, 4)
		left := ts("2026-06-01")
		w.must(t, left, "state:AZE", &board.Withdraw{})
		w.must(t, left, board.Chairman, &board.Invite{State: "SLV"})
		w.must(t, at, board.Chairman, &board.Dissolve{Reason: "mission accomplished"})
		for _, c := range states[:3] {
			w.wantStatus(t, c, at.Add(-time.Nanosecond), board.StatusMember)
			w.wantEnded(t, c, at, at, board.EndDissolved)
		}
		w.wantEnded(t, "AZE", at, left, board.EndWithdrawn)
		w.wantStatus(t, "SLV", at, board.StatusInvited)
		o := w.overview(at)
		if o.InForce || o.Members != 0 || !o.Dissolved.Equal(at) {
			t.Errorf("overview: in_force %v, members %d, dissolved %s; want false, 0, %s", o.InForce, o.Members, o.Dissolved, at)
		}
	})

	later := []struct {
		by   board.ActorID
		body board.Body
	}{
		{board.Chairman, &board.Invite{State: "SLV"}},
		{board.Chairman, &board.Dissolve{}},
		{board.Chairman, &board.DesignateSuccessor{Person: "J. D. Vance"}},
		{board.Chairman, &board.CreateSubsidiary{ID: "gaza", Name: "Gaza Executive Board"}},
		{board.Chairman, &board.RenewTerm{State: "USA"}},
		{"state:USA", &board.Withdraw{}},
		{"state:USA", &board.Accredit{Person: "Marco Rubio", Role: "alternate"}},
	}
	for _, tt := range later {
		t.Run("after dissolution: "+string(tt.body.Kind())+" by "+string(tt.by)+" is refused", func(t *testing.T) {
			w := founded(t, chairmanDissolves, 3)
			w.must(t, at, board.Chairman, &board.Dissolve{})
			wantRefusal(t, w.do(t, at.Add(time.Second), tt.by, tt.body), board.Refused, "R6")
		})
	}
}

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

// R5 itself (cash received in the first year) needs the treasury; the threshold test is here.
func TestR5PermanentSeatThreshold(t *testing.T) {
	tests := []struct {
		name       string
		comparison charter.Comparison
		cash       string
		want       bool
	}{
		{"more-than: exactly USD 1,000,000,000 is not enough", charter.MoreThan, "USD 1000000000.00", false},
		{"more-than: one cent more", charter.MoreThan, "USD 1000000000.01", true},
		{"more-than: one cent less", charter.MoreThan, "USD 999999999.99", false},
		{"at-least: exactly USD 1,000,000,000 is enough", charter.AtLeast, "USD 1000000000", true},
		{"at-least: one cent less", charter.AtLeast, "USD 999999999.99", false},
		{"another currency never compares", charter.MoreThan, "EUR 2000000000", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rulesWith(func(r *charter.Rules) { r.PermanentSeat.Comparison = tt.comparison })
			cash, err := money.Parse(tt.cash)
			if err != nil {
				t.Fatal(err)
			}
			if got := board.PermanentSeat(r, cash); got != tt.want {
				t.Errorf("PermanentSeat(%s, %s) = %v, want %v", tt.comparison, tt.cash, got, tt.want)
			}
		})
	}
	t.Run("without a treasury no member holds a permanent seat", func(t *testing.T) {
		w := founded(t, nil, 3)
		v := w.member(t, "USA", eif)
		if v.Permanent || v.CashUSDFirstYear != (money.Amount{Currency: "USD"}) || !v.TermEnd.Equal(termEnd) {
			t.Errorf("permanent %v, cash %v, term_end %s; want false, USD 0.00, %s", v.Permanent, v.CashUSDFirstYear, v.TermEnd, termEnd)
		}
	})
}
