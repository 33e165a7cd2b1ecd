package board

import "time"

// Directives (R15): the Chairman adopts resolutions or directives on the Board's behalf, without
// a plenary vote.

func init() {
	register[*Directive]("R15", ActorChairman)

	registerEvent[*DirectiveAdopted]()
}

// Directive is a resolution or directive the Chairman adopts on the Board's behalf, without a
// plenary vote (R15).
type Directive struct {
	ID    DecisionID `json:"id"`
	Title string     `json:"title"`
	Text  string     `json:"text,omitempty"`
}

func (*Directive) Kind() Kind { return "directive" }

// DirectiveAdopted records a directive of the Chairman.
type DirectiveAdopted struct {
	ID    DecisionID `json:"id"`
	Title string     `json:"title"`
	Text  string     `json:"text,omitempty"`
}

func (*DirectiveAdopted) EventName() string { return "directive-adopted" }

// Directive: the Chairman adopts resolutions or directives on the Board's behalf without a
// plenary vote (R15). The catalogue refuses anyone else.
func (b *Directive) decide(d *decider) ([]Event, error) {
	if err := d.newDecisionID("R15", b.ID); err != nil {
		return nil, err
	}
	if err := required("title", b.Title); err != nil {
		return nil, err
	}
	return []Event{&DirectiveAdopted{ID: b.ID, Title: b.Title, Text: b.Text}}, nil
}

func (e *DirectiveAdopted) apply(s *State, at time.Time) {
	s.Decisions[e.ID] = &Decision{ID: e.ID, Kind: KindDirective, Title: e.Title, Text: e.Text, By: Chairman, Proposed: at, Directive: true}
}
