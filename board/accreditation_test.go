package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

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
