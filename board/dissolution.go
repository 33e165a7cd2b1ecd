package board

import "time"

// Dissolution (R6, R20): the organization's end, which ends every membership. The charter's
// procedure is not public, so the rules file must name it first.

func init() {
	register[*Dissolve]("R20", ActorChairman)

	registerEvent[*Dissolved]()
}

// Dissolve dissolves the organization, under the procedure the rules file names (R20).
type Dissolve struct {
	Reason string `json:"reason,omitempty"`
}

func (*Dissolve) Kind() Kind { return "dissolve" }

// Dissolved records the organization's dissolution.
type Dissolved struct {
	Reason string `json:"reason,omitempty"`
}

func (*Dissolved) EventName() string { return "dissolved" }

// Dissolve: the charter's dissolution procedure is not public (R20); the rules file must name
// who may dissolve before anyone can.
func (b *Dissolve) decide(d *decider) ([]Event, error) {
	if d.r.Dissolution.By == "unknown" {
		return nil, refuse("R20", "the charter's dissolution procedure is not known; a rules file must set dissolution.by before the organization can be dissolved")
	}
	return []Event{&Dissolved{Reason: b.Reason}}, nil
}

func (e *Dissolved) apply(s *State, at time.Time) {
	s.Dissolved = at
	for _, m := range s.States {
		if m.Ended.IsZero() {
			m.Ended, m.EndReason = at, EndDissolved
		}
	}
}
