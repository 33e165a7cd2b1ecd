package board

import (
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// The treasury (R5, R18, R19): pledges, receipts, reference rates, funds, bank accounts,
// controls, allocations, disbursements under multiple approvals, reversals, and programmes. Every
// movement of money is an entry of the double-entry ledger (ledger.go); the permanent-seat test
// (R5) is computed from its cash receipts, never typed in.
//
// Who does what, where the charter is silent (docs/rules.md, R18):
//   - pledge: the contributor itself (a State or an organization), or the secretariat naming it;
//   - receive, set-rate, disburse, reverse: the secretariat, which keeps the books;
//   - open-fund, open-account, set-controls, allocate: the Executive Board (one serving member
//     acts for it), which "authorizes controls over budgets, accounts and disbursements";
//   - approve-disbursement: serving Executive Board members and the chief executive, each a
//     distinct person;
//   - create-programme: the Chairman, who alone creates subsidiary entities (R14);
//   - report-progress: the chief executive, or an Executive Board member who sits on the
//     programme's subsidiary entity.
//
// This file holds the Treasury, the State's part they change, and what several of them check;
// each act is in the file of its concept (pledges.go, receipts.go, rates.go, funds.go,
// accounts.go, controls.go, programmes.go, allocations.go, disbursements.go, reversals.go), and
// the as-of views in the *_view.go beside them.

// DefaultFund and DefaultAccount are where a receipt goes when it names no fund or account.
const (
	DefaultFund    FundID    = "general"
	DefaultAccount AccountID = "main"
)

// Treasury is the treasury's part of the State.
type Treasury struct {
	Funds         map[FundID]*Fund // opened by act; the rules file declares others
	Accounts      map[AccountID]*BankAccount
	Programmes    map[ProgrammeID]*Programme
	Disbursements map[DisbursementID]*Disbursement
	Rates         map[money.Currency][]RateRecord // by date, then in the order recorded
	Controls      []Threshold                     // nil until set-controls: the rules file's apply
	ControlsSet   time.Time
	Ledger        Ledger
}

func newTreasury() *Treasury {
	return &Treasury{
		Funds:         map[FundID]*Fund{},
		Accounts:      map[AccountID]*BankAccount{},
		Programmes:    map[ProgrammeID]*Programme{},
		Disbursements: map[DisbursementID]*Disbursement{},
		Rates:         map[money.Currency][]RateRecord{},
		Ledger:        newLedger(),
	}
}

// validContributor refuses anything but a State the rules know or an organization, in actor form.
func validContributor(r *charter.Rules, c ActorID) error {
	if c == "" {
		return Errorf(Invalid, "contributor is required (state:ISO3 or org:ID)")
	}
	if _, err := CheckActor(r, string(c)); err != nil {
		return Errorf(Invalid, "contributor: %v", err)
	}
	if k := c.Kind(); k != ActorState && k != ActorOrg {
		return Errorf(Invalid, "contributor %q: a contributor is a State (state:ISO3) or an organization (org:ID)", c)
	}
	return nil
}

// positive refuses an amount that is missing, of an unknown currency, or not more than zero.
func positive(field string, a money.Amount) error {
	if a.IsZero() {
		return Errorf(Invalid, "%s is required, like \"USD 1000000\"", field)
	}
	if _, ok := money.MinorUnits(a.Currency); !ok {
		return Errorf(Invalid, "%s: unknown currency %q", field, a.Currency)
	}
	if a.Minor <= 0 {
		return Errorf(Invalid, "%s must be more than zero", field)
	}
	return nil
}

// reservedEntryID matches the ids the ledger gives entries itself.
func reservedEntryID(id EntryID) bool {
	rest, ok := strings.CutPrefix(string(id), "e")
	return ok && rest != "" && allDigits(rest)
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// entryID returns the id of a new entry: the one the act gives, checked, or the next number.
func (d *decider) entryID(id EntryID) (EntryID, error) {
	if id == "" {
		return d.s.Treasury.Ledger.nextID(), nil
	}
	if err := validSlug("id", string(id)); err != nil {
		return "", err
	}
	if reservedEntryID(id) {
		return "", Errorf(Invalid, "id %q: ids like e12 are the ledger's own numbering; choose another", id)
	}
	if _, dup := d.s.Treasury.Ledger.find(id); dup {
		return "", conflict("R18", "entry %s already exists", id)
	}
	return id, nil
}
