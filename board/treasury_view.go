package board

import (
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// As-of views of the treasury. Each takes an instant t and counts only what was recorded by t,
// so that a view is right even on a state that holds later acts; reversals count from the
// moment they were recorded. The views of each part are beside its acts: funds_view.go,
// accounts_view.go, contributions_view.go, programmes_view.go, disbursements_view.go.

// holdings returns an account's natural balances, leaving out zeros.
func holdings(b map[LedgerAccount]map[money.Currency]Sum, a LedgerAccount) map[money.Currency]money.Amount {
	out := map[money.Currency]money.Amount{}
	for c, v := range b[a] {
		if v.Sign() != 0 {
			out[c] = a.Held(c, v)
		}
	}
	return out
}

// TreasuryView is the treasury as of an instant.
type TreasuryView struct {
	Funds         []FundView
	Accounts      []AccountView
	Contributors  []ContributorView
	Programmes    []ProgrammeView
	Disbursements []DisbursementView
	// Exchange is the exchange account's balance by currency (debits positive): the running
	// result of conversions between currencies.
	Exchange map[money.Currency]money.Amount
	Controls []Threshold
}

// TreasuryAt returns the treasury as of t.
func (s *State) TreasuryAt(r *charter.Rules, t time.Time) TreasuryView {
	return TreasuryView{
		Funds:         s.FundList(r, t),
		Accounts:      s.AccountList(r, t),
		Contributors:  s.Contributors(t),
		Programmes:    s.ProgrammeList(t),
		Disbursements: s.DisbursementList(t),
		Exchange:      holdings(s.Treasury.Ledger.BalancesAt(t), ExchangeAccount),
		Controls:      s.Treasury.ControlsInForce(r),
	}
}
