package api

import (
	"net/http"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// witnessPolicy answers the witness policy in force as of the instant asked about: 404 before
// the first set-witness-policy.
func (a *API) witnessPolicy(w http.ResponseWriter, r *http.Request) error {
	var out apiv1.WitnessPolicy
	if err := a.view(r, func(s *board.State, _ *charter.Rules, t time.Time) error {
		p, err := s.WitnessPolicyAt(t)
		if err != nil {
			return err
		}
		out = NewWitnessPolicy(p)
		return nil
	}); err != nil {
		return err
	}
	return writeJSON(w, out)
}

// NewWitnessPolicy returns the wire form of a witness policy.
func NewWitnessPolicy(p board.WitnessPolicy) apiv1.WitnessPolicy {
	out := apiv1.WitnessPolicy{Witnesses: make([]apiv1.PolicyWitness, len(p.Witnesses)), Quorum: p.Quorum, SetAt: Instant(p.Since)}
	for i, w := range p.Witnesses {
		out.Witnesses[i] = apiv1.PolicyWitness{Name: w.Name, Key: w.Key, URL: w.URL}
	}
	return out
}
