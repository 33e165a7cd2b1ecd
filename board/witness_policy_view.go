package board

import (
	"slices"
	"time"
)

// WitnessPolicyAt returns the witness policy in force as of t, a copy that shares nothing with
// the State: NotFound if none was set by then.
func (s *State) WitnessPolicyAt(t time.Time) (WitnessPolicy, error) {
	p := s.WitnessPolicy
	if p == nil || t.Before(p.Since) {
		return WitnessPolicy{}, Errorf(NotFound, "no witness policy was set as of %s", t.UTC().Format(time.RFC3339))
	}
	c := *p
	c.Witnesses = slices.Clone(p.Witnesses)
	return c, nil
}
