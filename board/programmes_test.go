package board_test

import (
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

func TestR19Programmes(t *testing.T) {
	w := treasury(t, nil, 3)
	programme(t, w)
	at := ts("2026-03-02T10:00:00Z")
	for _, tt := range []struct {
		name string
		by   board.ActorID
		body board.Body
		kind board.ErrorKind
		rule string
	}{
		{"a repeated id", board.Chairman, &board.CreateProgramme{ID: "rubble", Name: "X", Subsidiary: "gaza", Budget: usd("1")}, board.Conflict, "R19"},
		{"an unknown subsidiary", board.Chairman, &board.CreateProgramme{ID: "x", Name: "X", Subsidiary: "moon", Budget: usd("1")}, board.NotFound, ""},
		{"no budget", board.Chairman, &board.CreateProgramme{ID: "x", Name: "X", Subsidiary: "gaza"}, board.Invalid, ""},
		{"by an executive", exRubio, &board.CreateProgramme{ID: "x", Name: "X", Subsidiary: "gaza", Budget: usd("1")}, board.Forbidden, "R19"},
		{"a report by an executive who does not sit on the subsidiary", exRubio, &board.ReportProgress{Programme: "rubble", Text: "t"}, board.Forbidden, "R19"},
		{"a report by the secretariat", board.Secretariat, &board.ReportProgress{Programme: "rubble", Text: "t"}, board.Forbidden, "R19"},
		{"a report on an unknown programme", exWitkoff, &board.ReportProgress{Programme: "moon", Text: "t"}, board.NotFound, ""},
		{"an empty report", exWitkoff, &board.ReportProgress{Programme: "rubble"}, board.Invalid, ""},
	} {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			wantRefusal(t, w.do(t, at, tt.by, tt.body), tt.kind, tt.rule)
		})
	}
	w.must(t, at, exWitkoff, &board.ReportProgress{Programme: "rubble", Text: "20% cleared"})
	w.must(t, at, board.ChiefExecutive, &board.ReportProgress{Programme: "rubble", Text: "25% cleared"})
	if got := w.state.ProgrammeList(at)[0].Reports; len(got) != 2 || got[0].By != exWitkoff {
		t.Errorf("reports = %+v; want 2, the first by %s", got, exWitkoff)
	}
	w.must(t, at, board.Chairman, &board.DissolveSubsidiary{ID: "gaza"})
	wantRefusal(t, w.do(t, at, board.Chairman, &board.CreateProgramme{ID: "y", Name: "Y", Subsidiary: "gaza", Budget: usd("1")}), board.Refused, "R14")
}
