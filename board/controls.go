package board

import (
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// Disbursement controls (R18): the approvals a disbursement needs by its US dollar value, set by
// the Executive Board, or else those of the rules file.

func init() {
	register[*SetControls]("R18", ActorExecutive)

	registerEvent[*ControlsSet]()
}

// SetControls sets the disbursement controls (R18): the approvals a disbursement needs by its
// US dollar value. They replace the rules file's controls.disbursement_approvals.
type SetControls struct {
	Thresholds []Threshold `json:"thresholds"`
}

func (*SetControls) Kind() Kind { return "set-controls" }

// ControlsSet records new disbursement controls.
type ControlsSet struct {
	Thresholds []Threshold `json:"thresholds"`
}

func (*ControlsSet) EventName() string { return "controls-set" }

// A Threshold is one tier of the disbursement controls: a disbursement worth more than Above
// needs Approvals distinct approvers (R18).
type Threshold struct {
	Above     money.Amount `json:"above"`
	Approvals int          `json:"approvals"`
}

// maxApprovals bounds the approvals a tier may require.
const maxApprovals = 100

// SetControls: the Executive Board authorizes the controls over disbursements (R18). Tiers are
// in one currency, in increasing order of Above, each needing 1 to 100 approvals.
func (b *SetControls) decide(d *decider) ([]Event, error) {
	if len(b.Thresholds) == 0 {
		return nil, Errorf(Invalid, "thresholds: give at least one tier, like {above: \"USD 0\", approvals: 1}")
	}
	for i, th := range b.Thresholds {
		if th.Above.IsZero() {
			return nil, Errorf(Invalid, "thresholds[%d].above is required, like \"USD 10000000\"", i)
		}
		if th.Above.Currency != b.Thresholds[0].Above.Currency {
			return nil, Errorf(Invalid, "thresholds: every tier must be in one currency (%s, then %s)", b.Thresholds[0].Above.Currency, th.Above.Currency)
		}
		if th.Approvals < 1 || th.Approvals > maxApprovals {
			return nil, Errorf(Invalid, "thresholds[%d].approvals = %d: want 1 to %d", i, th.Approvals, maxApprovals)
		}
		if i > 0 && th.Above.Minor <= b.Thresholds[i-1].Above.Minor {
			return nil, Errorf(Invalid, "thresholds: %s does not come after %s; list tiers from the lowest", th.Above, b.Thresholds[i-1].Above)
		}
	}
	return []Event{&ControlsSet{Thresholds: slices.Clone(b.Thresholds)}}, nil
}

// ControlsInForce returns the disbursement controls in force: the last set-controls, or else the
// rules file's controls.disbursement_approvals.
func (t *Treasury) ControlsInForce(r *charter.Rules) []Threshold {
	if t.Controls != nil {
		return t.Controls
	}
	out := make([]Threshold, len(r.Controls.DisbursementApprovals))
	for i, tier := range r.Controls.DisbursementApprovals {
		out[i] = Threshold{Above: tier.Above, Approvals: tier.Approvals}
	}
	return out
}

// requiredApprovals returns the approvals a disbursement worth usd needs: those of the highest
// tier it is above, none if it is above none.
func (d *decider) requiredApprovals(usd money.Amount) (int, error) {
	n := 0
	for _, th := range d.s.Treasury.ControlsInForce(d.r) {
		above := th.Above
		if above.Currency != "USD" {
			r, err := d.rate(above.Currency, Day(d.at), "the disbursement controls' threshold "+above.String())
			if err != nil {
				return 0, err
			}
			if above, err = toUSD(above, r.Rate); err != nil {
				return 0, err
			}
		}
		if usd.Minor > above.Minor {
			n = th.Approvals
		}
	}
	return n, nil
}

func (e *ControlsSet) apply(s *State, at time.Time) {
	s.Treasury.Controls, s.Treasury.ControlsSet = slices.Clone(e.Thresholds), at
}
