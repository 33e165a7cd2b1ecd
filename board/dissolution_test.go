package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

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
