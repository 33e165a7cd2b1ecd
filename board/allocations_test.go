package board_test

import (
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

func TestR18Allocate(t *testing.T) {
	w := treasury(t, nil, 3)
	programme(t, w)
	at := ts("2026-03-02T10:00:00Z")
	for _, tt := range []struct {
		name string
		by   board.ActorID
		body *board.Allocate
		kind board.ErrorKind
		rule string
	}{
		{"beyond the budget", exRubio, &board.Allocate{Fund: "general", Programme: "rubble", Amount: usd("10000000.01")}, board.Refused, "R18"},
		{"beyond what the fund holds", exRubio, &board.Allocate{Fund: "gaza-reconstruction", Programme: "rubble", Amount: usd("1")}, board.Refused, "R18"},
		{"in another currency than the budget", exRubio, &board.Allocate{Fund: "general", Programme: "rubble", Amount: eur("1")}, board.Invalid, ""},
		{"an unknown programme", exRubio, &board.Allocate{Fund: "general", Programme: "moon", Amount: usd("1")}, board.NotFound, ""},
		{"by the secretariat", board.Secretariat, &board.Allocate{Fund: "general", Programme: "rubble", Amount: usd("1")}, board.Forbidden, "R18"},
	} {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			wantRefusal(t, w.do(t, at, tt.by, tt.body), tt.kind, tt.rule)
		})
	}
	w.must(t, at, exWitkoff, &board.Allocate{Fund: "general", Programme: "rubble", Amount: usd("10000000")})
	p := w.state.ProgrammeList(at)[0]
	if p.Allocated != usd("40000000") || p.Available["USD"] != usd("40000000") {
		t.Errorf("programme = %+v; want USD 40m allocated and available", p)
	}
}
