package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

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
