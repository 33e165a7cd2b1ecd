package board

import (
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// Overview is the organization as of an instant (the CLI's status).
type Overview struct {
	InForce        bool
	EntryIntoForce time.Time // zero before
	FirstYearEnds  time.Time // the first day outside the first-year window; zero before
	Chairman       string
	Successor      string
	Members        int
	ExecutiveBoard []*Executive
	Dissolved      time.Time
}

// Overview returns the organization's overview at t.
func (s *State) Overview(r *charter.Rules, t time.Time) Overview {
	o := Overview{
		Chairman:       s.Chairman,
		Successor:      s.Successor,
		Members:        s.MemberCount(r, t),
		ExecutiveBoard: s.ServingExecutives(t),
		Dissolved:      s.Dissolved,
	}
	if !s.InForce.IsZero() && !t.Before(s.InForce) {
		o.InForce = s.Dissolved.IsZero() || t.Before(s.Dissolved)
		o.EntryIntoForce = Day(s.InForce)
		o.FirstYearEnds = r.PermanentSeat.Window.After(o.EntryIntoForce)
	}
	return o
}
