package board

import (
	"cmp"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// DisbursementView is a disbursement as of an instant.
type DisbursementView struct {
	ID        DisbursementID
	Programme ProgrammeID
	Payee     string
	Amount    money.Amount
	Purpose   string
	Account   AccountID
	Pay       money.Amount
	USD       money.Amount
	Required  int
	Approvals []DisbursementApproval
	Requested time.Time
	Status    DisbursementStatus
	Paid      time.Time // zero unless paid by then
	// Commitment and Payment are the ledger entries that committed and paid it.
	Commitment, Payment EntryID
}

// DisbursementList returns the disbursements requested by t, in the order requested.
func (s *State) DisbursementList(t time.Time) []DisbursementView {
	l := &s.Treasury.Ledger
	var out []DisbursementView
	for _, d := range s.Treasury.Disbursements {
		if d.Requested.After(t) {
			continue
		}
		v := DisbursementView{ID: d.ID, Programme: d.Programme, Payee: d.Payee, Amount: d.Amount, Purpose: d.Purpose,
			Account: d.Account, Pay: d.Pay, USD: d.USD, Required: d.Required, Requested: d.Requested,
			Status: DisbursementPending, Commitment: d.Commitment}
		for _, a := range d.Approvals {
			if !a.At.After(t) {
				v.Approvals = append(v.Approvals, a)
			}
		}
		if p, ok := l.Find(d.Payment); ok && !p.Recorded.After(t) {
			v.Status, v.Paid, v.Payment = DisbursementPaid, p.Recorded, p.ID
			if _, rev := l.reversalAt(p.ID, t); rev {
				v.Status = DisbursementPaymentReversed
			}
		}
		if _, rev := l.reversalAt(d.Commitment, t); rev {
			v.Status = DisbursementCancelled
		}
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b DisbursementView) int {
		if c := a.Requested.Compare(b.Requested); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}
