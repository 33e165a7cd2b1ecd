package board

import (
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// Bank accounts (R19): opened by the Executive Board, or declared by the rules file, each in one
// currency.

func init() {
	register[*OpenAccount]("R19", ActorExecutive)

	registerEvent[*AccountOpened]()
}

// OpenAccount opens a bank account in one currency (R19).
type OpenAccount struct {
	ID          AccountID      `json:"id"`
	Institution string         `json:"institution"`
	Currency    money.Currency `json:"currency"`
}

func (*OpenAccount) Kind() Kind { return "open-account" }

// AccountOpened records a new bank account.
type AccountOpened struct {
	ID          AccountID      `json:"id"`
	Institution string         `json:"institution"`
	Currency    money.Currency `json:"currency"`
}

func (*AccountOpened) EventName() string { return "account-opened" }

// A BankAccount is an account the Board holds with an institution, in one currency (R19).
type BankAccount struct {
	ID          AccountID
	Institution string
	Currency    money.Currency
	Opened      time.Time // zero for an account of the rules file
}

// account returns the bank account id, or its default, with its currency, and refuses one that
// does not exist.
func (d *decider) account(id AccountID) (AccountID, money.Currency, error) {
	if id == "" {
		id = DefaultAccount
	}
	if a, ok := d.s.Treasury.Accounts[id]; ok {
		return id, a.Currency, nil
	}
	for _, a := range d.r.Accounts {
		if a.ID == string(id) {
			return id, a.Currency, nil
		}
	}
	return "", "", Errorf(NotFound, "no bank account %q (open it first with open-account)", id)
}

// OpenAccount: the Executive Board opens the Board's bank accounts (R19), each in one currency.
func (b *OpenAccount) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	if err := required("institution", b.Institution); err != nil {
		return nil, err
	}
	if _, ok := money.MinorUnits(b.Currency); !ok {
		return nil, Errorf(Invalid, "currency %q: not an ISO 4217 code this ledger knows", b.Currency)
	}
	if _, _, err := d.account(b.ID); err == nil {
		return nil, conflict("R19", "bank account %s already exists", b.ID)
	}
	return []Event{&AccountOpened{ID: b.ID, Institution: b.Institution, Currency: b.Currency}}, nil
}

func (e *AccountOpened) apply(s *State, at time.Time) {
	s.Treasury.Accounts[e.ID] = &BankAccount{ID: e.ID, Institution: e.Institution, Currency: e.Currency, Opened: at}
}
