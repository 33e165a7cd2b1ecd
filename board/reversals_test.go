package board_test

import (
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

func TestR18Reverse(t *testing.T) {
	w := treasury(t, nil, 3)
	at := ts("2026-03-01T10:00:00Z")
	w.must(t, at, "state:QAT", &board.Pledge{ID: "p", Amount: usd("100")})
	w.must(t, at, board.Secretariat, &board.Receive{ID: "r", Contributor: "state:QAT", Amount: usd("60"), ValueDate: at, Form: board.FormCash})
	wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: "p", Reason: "x"}), board.Refused, "R18")
	ev := w.events(t, at, board.Secretariat, &board.Reverse{Entry: "r", Reason: "bounced"})
	rev, _ := findEvent[*board.Posted](ev)
	if rev.Entry.Type != board.EntryReversal || rev.Entry.Reverses != "r" || len(rev.Entry.Postings) != 4 {
		t.Errorf("reversal = %+v; want 4 postings reversing r", rev.Entry)
	}
	if v := w.state.Contributor("state:QAT", at); v.OutstandingUSD != usd("100") || v.ReceivedCashUSD.Minor != 0 {
		t.Errorf("QAT after the reversal = %+v; want USD 100 outstanding again and nothing received", v)
	}
	wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: "r", Reason: "x"}), board.Conflict, "R18")
	wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: rev.Entry.ID, Reason: "x"}), board.Refused, "R18")
	wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: "nope", Reason: "x"}), board.NotFound, "")
	wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: "p"}), board.Invalid, "")
	w.must(t, at, board.Secretariat, &board.Reverse{Entry: "p", Reason: "withdrawn"})
	if v := w.state.Contributor("state:QAT", at); v.PledgedUSD.Minor != 0 || v.OutstandingUSD.Minor != 0 {
		t.Errorf("QAT after reversing the pledge = %+v; want nothing pledged", v)
	}

	t.Run("a receipt whose money was allocated", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		first := w.state.Treasury.Ledger.Entry(0).ID
		wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: first, Reason: "x"}), board.Refused, "R18")
	})
}
