package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/money"
)

func TestR18DisbursementApprovals(t *testing.T) {
	at := ts("2026-03-02T10:00:00Z")
	disburse := func(id board.DisbursementID, a money.Amount) *board.Disburse {
		return &board.Disburse{ID: id, Programme: "rubble", Payee: "Gaza Rubble Works", Amount: a, Purpose: "clearing"}
	}
	status := func(w *world, id board.DisbursementID) board.DisbursementView {
		for _, d := range w.state.DisbursementList(at.Add(24 * time.Hour)) {
			if d.ID == id {
				return d
			}
		}
		t.Fatalf("no disbursement %s", id)
		return board.DisbursementView{}
	}
	t.Run("up to USD 10,000,000 one approval pays", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, board.Secretariat, disburse("d1", usd("10000000")))
		if d := status(w, "d1"); d.Status != board.DisbursementPending || d.Required != 1 {
			t.Fatalf("d1 = %+v; want pending, 1 approval required (exactly USD 10m is not above the tier)", d)
		}
		w.must(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "d1"})
		if d := status(w, "d1"); d.Status != board.DisbursementPaid {
			t.Errorf("d1 status = %s; want paid", d.Status)
		}
		if got := w.state.AccountList(w.rules, at)[0].Balance; got != usd("40000000") {
			t.Errorf("main holds %s; want USD 40m", got)
		}
		wantRefusal(t, w.do(t, at, exWitkoff, &board.ApproveDisbursement{Disbursement: "d1"}), board.Conflict, "R18")
	})
	t.Run("above USD 10,000,000 two distinct people", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, board.Secretariat, disburse("d2", usd("10000000.01")))
		w.must(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "d2"})
		if d := status(w, "d2"); d.Status != board.DisbursementPending || d.Required != 2 || len(d.Approvals) != 1 {
			t.Fatalf("d2 = %+v; want pending with 1 of 2 approvals", d)
		}
		t.Run("a second approval by the same person is refused", func(t *testing.T) {
			wantRefusal(t, w.do(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "d2"}), board.Conflict, "R18")
		})
		t.Run("also under another executive id", func(t *testing.T) {
			wantRefusal(t, w.do(t, at, exRubioToo, &board.ApproveDisbursement{Disbursement: "d2"}), board.Conflict, "R18")
		})
		if d := status(w, "d2"); d.Status != board.DisbursementPending {
			t.Fatalf("d2 = %s after refused approvals; want pending", d.Status)
		}
		t.Run("the secretariat cannot approve", func(t *testing.T) {
			wantRefusal(t, w.do(t, at, board.Secretariat, &board.ApproveDisbursement{Disbursement: "d2"}), board.Forbidden, "R18")
		})
		w.must(t, at, board.ChiefExecutive, &board.ApproveDisbursement{Disbursement: "d2"})
		if d := status(w, "d2"); d.Status != board.DisbursementPaid || len(d.Approvals) != 2 {
			t.Errorf("d2 = %+v; want paid with 2 approvals", d)
		}
	})
	t.Run("controls set by the Executive Board apply to later requests", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, board.Secretariat, disburse("before", usd("2000000")))
		w.must(t, at, exKushner, &board.SetControls{Thresholds: []board.Threshold{{Above: usd("0"), Approvals: 1}, {Above: usd("1000000"), Approvals: 3}}})
		w.must(t, at, board.Secretariat, disburse("after", usd("2000000")))
		if b, a := status(w, "before").Required, status(w, "after").Required; b != 1 || a != 3 {
			t.Errorf("required approvals: before %d, after %d; want 1 and 3", b, a)
		}
		for _, th := range [][]board.Threshold{
			nil,
			{{Above: usd("10"), Approvals: 1}, {Above: usd("5"), Approvals: 2}},
			{{Above: usd("0"), Approvals: 0}},
			{{Above: usd("0"), Approvals: 1}, {Above: eur("5"), Approvals: 2}},
		} {
			wantRefusal(t, w.do(t, at, exKushner, &board.SetControls{Thresholds: th}), board.Invalid, "")
		}
		wantRefusal(t, w.do(t, at, board.Chairman, &board.SetControls{Thresholds: []board.Threshold{{Above: usd("0"), Approvals: 1}}}), board.Forbidden, "R18")
	})
	t.Run("refusals", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, board.Secretariat, disburse("d1", usd("1000")))
		wantRefusal(t, w.do(t, at, board.Secretariat, disburse("d1", usd("1000"))), board.Conflict, "R18")
		wantRefusal(t, w.do(t, at, board.Secretariat, disburse("d3", usd("30000000"))), board.Refused, "R18") // 1000 already committed
		wantRefusal(t, w.do(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "nope"}), board.NotFound, "")
		wantRefusal(t, w.do(t, at, board.Secretariat, &board.Disburse{ID: "d4", Programme: "rubble", Amount: usd("1"), Purpose: "p"}), board.Invalid, "")
	})
	t.Run("a bank account that does not hold the money refuses the payment", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, exRubio, &board.OpenAccount{ID: "eur", Institution: "A European bank", Currency: "EUR"})
		w.must(t, at, board.Secretariat, &board.SetRate{Date: ts("2026-03-02"), Currency: "EUR", USDRate: "1.25", Source: "test"})
		w.must(t, at, board.Secretariat, &board.Disburse{ID: "d5", Programme: "rubble", Payee: "P", Amount: usd("1000"), Purpose: "p", Account: "eur"})
		if d := status(w, "d5"); d.Pay != eur("800") {
			t.Errorf("d5 pays %s; want EUR 800 (USD 1000 at 1.25)", d.Pay)
		}
		wantRefusal(t, w.do(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "d5"}), board.Refused, "R18")
	})
	t.Run("a disbursement cancelled by reversing its commitment", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, board.Secretariat, disburse("d6", usd("1000")))
		d := status(w, "d6")
		w.must(t, at, board.Secretariat, &board.Reverse{Entry: d.Commitment, Reason: "withdrawn"})
		if d := status(w, "d6"); d.Status != board.DisbursementCancelled {
			t.Errorf("d6 = %s; want cancelled", d.Status)
		}
		wantRefusal(t, w.do(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "d6"}), board.Refused, "R18")
	})
	t.Run("a paid disbursement's commitment is reversed only after its payment", func(t *testing.T) {
		w := treasury(t, nil, 3)
		programme(t, w)
		w.must(t, at, board.Secretariat, disburse("d7", usd("1000")))
		w.must(t, at, exRubio, &board.ApproveDisbursement{Disbursement: "d7"})
		d := status(w, "d7")
		wantRefusal(t, w.do(t, at, board.Secretariat, &board.Reverse{Entry: d.Commitment, Reason: "x"}), board.Refused, "R18")
		w.must(t, at, board.Secretariat, &board.Reverse{Entry: d.Payment, Reason: "returned by the bank"})
		if d := status(w, "d7"); d.Status != board.DisbursementPaymentReversed {
			t.Errorf("d7 = %s; want payment-reversed", d.Status)
		}
		w.must(t, at, board.Secretariat, &board.Reverse{Entry: d.Commitment, Reason: "cancelled"})
		if d := status(w, "d7"); d.Status != board.DisbursementCancelled {
			t.Errorf("d7 = %s; want cancelled", d.Status)
		}
	})
}
