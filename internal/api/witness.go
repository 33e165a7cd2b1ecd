package api

import (
	"context"
	"net/http"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// witnessPolicy answers the witness policy in force as of the instant asked about, with the
// instant and the entry of the act that set it: 404 before the first set-witness-policy.
func (a *API) witnessPolicy(w http.ResponseWriter, r *http.Request) error {
	var p board.WitnessPolicy
	if err := a.view(r, func(s *board.State, _ *charter.Rules, t time.Time) error {
		var err error
		p, err = s.WitnessPolicyAt(t)
		return err
	}); err != nil {
		return err
	}
	out := NewWitnessPolicy(p)
	var err error
	if out.Entry, err = a.policyEntry(r.Context(), p.Since); err != nil {
		return err
	}
	return writeJSON(w, out)
}

// policyEntry returns the index of the entry that set the witness policy recorded at since: the
// last set-witness-policy entry at that instant. A live record's instants strictly increase; a
// record made without a clock (a replay) may record several entries at one instant, in order,
// and the latest act wins.
func (a *API) policyEntry(ctx context.Context, since time.Time) (uint64, error) {
	n, err := a.engine.LenAt(ctx, since)
	if err != nil {
		return 0, err
	}
	for i := n; i > 0; i-- {
		var en record.Entry
		if err := a.engine.ReadEntries(ctx, i-1, i, func(e record.Entry) error { en = e; return nil }); err != nil {
			return 0, err
		}
		if en.At.Before(since) {
			break
		}
		if en.Kind == string((*board.SetWitnessPolicy)(nil).Kind()) {
			return en.Index, nil
		}
	}
	return 0, board.Internalf(nil, "record: no set-witness-policy entry at %s, where the state's witness policy was set", since.Format(time.RFC3339Nano))
}

// NewWitnessPolicy returns the wire form of a witness policy.
func NewWitnessPolicy(p board.WitnessPolicy) apiv1.WitnessPolicy {
	out := apiv1.WitnessPolicy{Witnesses: make([]apiv1.PolicyWitness, len(p.Witnesses)), Quorum: p.Quorum, SetAt: Instant(p.Since)}
	for i, w := range p.Witnesses {
		out.Witnesses[i] = apiv1.PolicyWitness{Name: w.Name, Key: w.Key, URL: w.URL}
	}
	return out
}
