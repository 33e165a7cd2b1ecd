package board_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// TestStateCodesPinned (issue 17, finding 12): any three capital letters were a State
// ("invite state=ZZZ" was recorded). Under rules that pin a list of State codes (the default:
// ISO 3166-1 alpha-3 and XKX), a code outside it is invalid wherever an act names a State: the
// State invited, the actor, a key's actor, a contributor. Rules that pin no list (every rules file
// written before lists were, as the default's version 1) decide as they always did, so the
// records established under them still verify.
func TestStateCodesPinned(t *testing.T) {
	at := eif.Add(time.Hour)
	amount := usd("1000.00")
	k, _ := testKey("zzz")
	unknown := []struct {
		name string
		by   board.ActorID
		body board.Body
	}{
		{"invite", board.Chairman, &board.Invite{State: "ZZZ", Head: "Nobody"}},
		{"withdraw-invitation", board.Chairman, &board.WithdrawInvitation{State: "ZZZ"}},
		{"renew-term", board.Chairman, &board.RenewTerm{State: "ZZZ"}},
		{"propose-removal", board.Chairman, &board.ProposeRemoval{ID: "r", State: "ZZZ", Reason: "x"}},
		{"register-key for state:ZZZ", board.Secretariat, &board.RegisterKey{Actor: "state:ZZZ", Key: k}},
		{"a pledge by state:ZZZ", "state:ZZZ", &board.Pledge{Amount: amount}},
		{"a pledge named for state:ZZZ", board.Secretariat, &board.Pledge{Contributor: "state:ZZZ", Amount: amount}},
		{"a receipt from state:ZZZ", board.Secretariat, &board.Receive{Contributor: "state:ZZZ", Amount: amount, ValueDate: eif, Form: board.FormCash}},
	}
	for _, c := range unknown {
		t.Run(c.name, func(t *testing.T) {
			w := founded(t, nil, 3)
			err := w.do(t, at, c.by, c.body)
			wantRefusal(t, err, board.Invalid, "")
			if err != nil && !strings.Contains(err.Error(), `"ZZZ" is not an ISO 3166-1 alpha-3 code, nor XKX (Kosovo)`) {
				t.Errorf("refusal %q: want a sentence saying ZZZ names no State", err)
			}
			if _, ok := w.state.Member(w.rules, "ZZZ", at); ok {
				t.Error("ZZZ is in the state")
			}
		})
	}
	t.Run("real codes, Kosovo's among them", func(t *testing.T) {
		w := founded(t, nil, 3)
		for _, code := range []board.StateCode{"XKX", "VAT", "PSE", "CHL"} {
			w.must(t, at, board.Chairman, &board.Invite{State: code})
		}
	})
	t.Run("rules that pin no list decide as before", func(t *testing.T) {
		text, err := os.ReadFile("../charter/testdata/board-of-peace-1.toml")
		if err != nil {
			t.Fatal(err)
		}
		v1, err := charter.Parse("board-of-peace version 1", string(text))
		if err != nil {
			t.Fatal(err)
		}
		w := founded(t, v1, 3)
		w.must(t, at, board.Chairman, &board.Invite{State: "ZZZ"})
		w.must(t, at, board.Secretariat, &board.Pledge{Contributor: "state:ZZZ", Amount: amount})
	})
}
