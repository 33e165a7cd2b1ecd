package board_test

import (
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

func TestR18FundsAndAccounts(t *testing.T) {
	w := treasury(t, nil, 3)
	at := ts("2026-02-01T10:00:00Z")
	w.must(t, at, exRubio, &board.OpenFund{ID: "isf", Name: "International Stabilization Force", Purpose: "troops"})
	w.must(t, at, exRubio, &board.OpenAccount{ID: "eur", Institution: "A European bank", Currency: "EUR"})
	for _, tt := range []struct {
		name string
		by   board.ActorID
		body board.Body
		kind board.ErrorKind
		rule string
	}{
		{"a fund opened by the Chairman", board.Chairman, &board.OpenFund{ID: "x", Name: "X"}, board.Forbidden, "R18"},
		{"a fund opened by the secretariat", board.Secretariat, &board.OpenFund{ID: "x", Name: "X"}, board.Forbidden, "R18"},
		{"an account opened by a State", "state:USA", &board.OpenAccount{ID: "x", Institution: "X", Currency: "USD"}, board.Forbidden, "R19"},
		{"a fund opened by an executive not on the board", "executive:nobody", &board.OpenFund{ID: "x", Name: "X"}, board.Forbidden, "R17"},
		{"a repeated fund id", exRubio, &board.OpenFund{ID: "isf", Name: "X"}, board.Conflict, "R18"},
		{"the id of a fund of the rules file", exRubio, &board.OpenFund{ID: "general", Name: "X"}, board.Conflict, "R18"},
		{"the id of an account of the rules file", exRubio, &board.OpenAccount{ID: "main", Institution: "X", Currency: "USD"}, board.Conflict, "R19"},
		{"a repeated account id", exRubio, &board.OpenAccount{ID: "eur", Institution: "X", Currency: "EUR"}, board.Conflict, "R19"},
		{"an account in an unknown currency", exRubio, &board.OpenAccount{ID: "x", Institution: "X", Currency: "XYZ"}, board.Invalid, ""},
		{"a fund without a name", exRubio, &board.OpenFund{ID: "x"}, board.Invalid, ""},
		{"a fund id that is not a slug", exRubio, &board.OpenFund{ID: "Big Fund", Name: "X"}, board.Invalid, ""},
	} {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			wantRefusal(t, w.do(t, at, tt.by, tt.body), tt.kind, tt.rule)
		})
	}
	t.Run("a receipt into the EUR account stays in euros", func(t *testing.T) {
		w.must(t, ts("2026-02-02T10:00:00Z"), board.Secretariat, &board.Receive{Contributor: "state:BGR", Amount: eur("1000"), ValueDate: ts("2026-02-02"),
			Form: board.FormCash, Account: "eur", Fund: "isf", USDRate: "1.1"})
		accounts := w.state.AccountList(w.rules, ts("2026-02-03"))
		if len(accounts) != 2 || accounts[1].ID != "eur" || accounts[1].Balance != eur("1000") || accounts[0].Balance != usd("0") {
			t.Errorf("accounts = %+v; want main at USD 0 and eur at EUR 1000", accounts)
		}
		funds := w.state.FundList(w.rules, ts("2026-02-03"))
		if len(funds) != 3 || funds[2].ID != "isf" || funds[2].Cash["EUR"] != eur("1000") {
			t.Errorf("funds = %+v; want general, gaza-reconstruction, isf with EUR 1000", funds)
		}
		if got := w.state.FundList(w.rules, ts("2026-01-31")); len(got) != 2 {
			t.Errorf("funds as of 2026-01-31: %d; want the rules file's 2", len(got))
		}
	})
}
