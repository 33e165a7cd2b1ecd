package board

import "time"

// Funds (R18): opened by the Executive Board, or declared by the rules file.

func init() {
	register[*OpenFund]("R18", ActorExecutive)

	registerEvent[*FundOpened]()
}

// OpenFund opens a fund (R18).
type OpenFund struct {
	ID      FundID `json:"id"`
	Name    string `json:"name"`
	Purpose string `json:"purpose,omitempty"`
}

func (*OpenFund) Kind() Kind { return "open-fund" }

// FundOpened records a new fund.
type FundOpened struct {
	ID      FundID `json:"id"`
	Name    string `json:"name"`
	Purpose string `json:"purpose,omitempty"`
}

func (*FundOpened) EventName() string { return "fund-opened" }

// A Fund is a fund opened by the Executive Board (or declared by the rules file).
type Fund struct {
	ID            FundID
	Name, Purpose string
	Opened        time.Time // zero for a fund of the rules file
}

// fund returns the fund id, or its default, and refuses one that does not exist.
func (d *decider) fund(id FundID) (FundID, error) {
	if id == "" {
		id = DefaultFund
	}
	if _, ok := d.s.Treasury.Funds[id]; ok || d.r.HasFund(string(id)) {
		return id, nil
	}
	return "", Errorf(NotFound, "no fund %q (open it first with open-fund)", id)
}

// OpenFund: the Executive Board opens funds (R18). A fund's id is unique, including the funds of
// the rules file.
func (b *OpenFund) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	if err := required("name", b.Name); err != nil {
		return nil, err
	}
	if _, err := d.fund(b.ID); err == nil {
		return nil, conflict("R18", "fund %s already exists", b.ID)
	}
	return []Event{&FundOpened{ID: b.ID, Name: b.Name, Purpose: b.Purpose}}, nil
}

func (e *FundOpened) apply(s *State, at time.Time) {
	s.Treasury.Funds[e.ID] = &Fund{ID: e.ID, Name: e.Name, Purpose: e.Purpose, Opened: at}
}
