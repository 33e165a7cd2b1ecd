package board_test

import (
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

func TestR18Pledge(t *testing.T) {
	w := treasury(t, nil, 20)
	at := ts("2026-02-19T17:00:00Z")
	t.Run("a State pledges for itself", func(t *testing.T) {
		ev := w.events(t, at, "state:USA", &board.Pledge{ID: "usa", Amount: usd("10000000000"), Fund: "gaza-reconstruction"})
		p, _ := findEvent[*board.Posted](ev)
		if p.Entry.Contributor != "state:USA" || p.Entry.Type != board.EntryPledge || p.Entry.USD != usd("10000000000") {
			t.Errorf("entry = %+v; want a USD 10bn pledge by state:USA", p.Entry)
		}
	})
	t.Run("an organization pledges for itself", func(t *testing.T) {
		w.must(t, at, "org:fifa", &board.Pledge{Amount: usd("75000000"), Fund: "gaza-reconstruction"})
	})
	t.Run("the secretariat records a pledge naming the contributor", func(t *testing.T) {
		w.must(t, at, board.Secretariat, &board.Pledge{Contributor: "state:ARE", Amount: usd("1200000000"), Due: ts("2027-12-31")})
	})
	refusals := []struct {
		name string
		by   board.ActorID
		body *board.Pledge
		kind board.ErrorKind
		rule string
	}{
		{"a State pledging for another", "state:QAT", &board.Pledge{Contributor: "state:SAU", Amount: usd("1")}, board.Forbidden, "R18"},
		{"the Chairman", board.Chairman, &board.Pledge{Contributor: "state:SAU", Amount: usd("1")}, board.Forbidden, "R18"},
		{"the secretariat without a contributor", board.Secretariat, &board.Pledge{Amount: usd("1")}, board.Invalid, ""},
		{"a contributor that is not a State or organization", board.Secretariat, &board.Pledge{Contributor: "chairman", Amount: usd("1")}, board.Invalid, ""},
		{"no amount", "state:QAT", &board.Pledge{}, board.Invalid, ""},
		{"zero", "state:QAT", &board.Pledge{Amount: usd("0")}, board.Invalid, ""},
		{"an unknown fund", "state:QAT", &board.Pledge{Amount: usd("1"), Fund: "moon"}, board.NotFound, ""},
		{"due before the pledge", "state:QAT", &board.Pledge{Amount: usd("1"), Due: ts("2026-02-18")}, board.Invalid, ""},
		{"a repeated id", "state:QAT", &board.Pledge{ID: "usa", Amount: usd("1")}, board.Conflict, "R18"},
		{"an id of the ledger's numbering", "state:QAT", &board.Pledge{ID: "e7", Amount: usd("1")}, board.Invalid, ""},
		{"in a currency with no rate yet", "state:QAT", &board.Pledge{Amount: eur("1000")}, board.Refused, "R18"},
	}
	for _, tt := range refusals {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			wantRefusal(t, w.do(t, at, tt.by, tt.body), tt.kind, tt.rule)
		})
	}
	v := w.state.Contributor("state:ARE", at)
	if v.PledgedUSD != usd("1200000000") || v.OutstandingUSD != usd("1200000000") || v.ReceivedCashUSD.Minor != 0 {
		t.Errorf("ARE = %+v; want pledged and outstanding USD 1.2bn, nothing received", v)
	}
}
