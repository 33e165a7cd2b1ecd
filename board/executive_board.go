package board

import (
	"maps"
	"slices"
	"time"
)

// The Executive Board (R17): members appointed by the Chairman for executive_board.term,
// renewed and removed by him. Who sits on it at an instant is derived from their terms.

func init() {
	register[*AppointExecutive]("R17", ActorChairman)
	register[*RenewExecutive]("R17", ActorChairman)
	register[*RemoveExecutive]("R17", ActorChairman)

	registerEvent[*ExecutiveAppointed]()
	registerEvent[*ExecutiveRenewed]()
	registerEvent[*ExecutiveRemoved]()
}

// AppointExecutive appoints a member of the Executive Board (R17).
type AppointExecutive struct {
	ID     ExecutiveID `json:"id"`
	Person string      `json:"person"`
}

// RenewExecutive renews an Executive Board member's term (R17).
type RenewExecutive struct {
	ID ExecutiveID `json:"id"`
}

// RemoveExecutive removes an Executive Board member (R17).
type RemoveExecutive struct {
	ID ExecutiveID `json:"id"`
}

func (*AppointExecutive) Kind() Kind { return "appoint-executive" }
func (*RenewExecutive) Kind() Kind   { return "renew-executive" }
func (*RemoveExecutive) Kind() Kind  { return "remove-executive" }

// ExecutiveAppointed records an appointment to the Executive Board.
type ExecutiveAppointed struct {
	ID      ExecutiveID `json:"id"`
	Person  string      `json:"person"`
	TermEnd time.Time   `json:"term_end"`
}

// ExecutiveRenewed records a renewed Executive Board term.
type ExecutiveRenewed struct {
	ID      ExecutiveID `json:"id"`
	TermEnd time.Time   `json:"term_end"`
}

// ExecutiveRemoved records a removal from the Executive Board.
type ExecutiveRemoved struct {
	ID ExecutiveID `json:"id"`
}

func (*ExecutiveAppointed) EventName() string { return "executive-appointed" }
func (*ExecutiveRenewed) EventName() string   { return "executive-renewed" }
func (*ExecutiveRemoved) EventName() string   { return "executive-removed" }

// An Executive is a member, present or past, of the Executive Board.
type Executive struct {
	ID        ExecutiveID
	Person    string
	Appointed time.Time
	TermEnd   time.Time
	Removed   time.Time
}

// ServingAt reports whether x sits on the Executive Board at t.
func (x *Executive) ServingAt(t time.Time) bool {
	return !t.Before(x.Appointed) && t.Before(x.TermEnd) && (x.Removed.IsZero() || t.Before(x.Removed))
}

// ServingExecutives returns the Executive Board members serving at t, by ID.
func (s *State) ServingExecutives(t time.Time) []*Executive {
	var out []*Executive
	for _, id := range slices.Sorted(maps.Keys(s.Executives)) {
		if x := s.Executives[id]; x.ServingAt(t) {
			out = append(out, x)
		}
	}
	return out
}

// AppointExecutive: the Chairman appoints Executive Board members for executive_board.term (R17).
func (b *AppointExecutive) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	if err := required("person", b.Person); err != nil {
		return nil, err
	}
	if _, dup := d.s.Executives[b.ID]; dup {
		return nil, conflict("", "executive %s already exists; choose another id", b.ID)
	}
	return []Event{&ExecutiveAppointed{ID: b.ID, Person: b.Person, TermEnd: d.r.ExecutiveBoard.Term.After(Day(d.at))}}, nil
}

func (d *decider) serving(id ExecutiveID) (*Executive, error) {
	x, ok := d.s.Executives[id]
	if !ok {
		return nil, Errorf(NotFound, "no executive %q", id)
	}
	if !x.ServingAt(d.at) {
		return nil, refuse("R17", "executive %s does not sit on the Executive Board on %s", id, date(d.at))
	}
	return x, nil
}

// RenewExecutive moves a serving member's term end by executive_board.term (R17).
func (b *RenewExecutive) decide(d *decider) ([]Event, error) {
	x, err := d.serving(b.ID)
	if err != nil {
		return nil, err
	}
	return []Event{&ExecutiveRenewed{ID: b.ID, TermEnd: d.r.ExecutiveBoard.Term.After(x.TermEnd)}}, nil
}

func (b *RemoveExecutive) decide(d *decider) ([]Event, error) {
	if _, err := d.serving(b.ID); err != nil {
		return nil, err
	}
	return []Event{&ExecutiveRemoved{ID: b.ID}}, nil
}

func (e *ExecutiveAppointed) apply(s *State, at time.Time) {
	s.Executives[e.ID] = &Executive{ID: e.ID, Person: e.Person, Appointed: at, TermEnd: e.TermEnd}
}

func (e *ExecutiveRenewed) apply(s *State, at time.Time) {
	s.Executives[e.ID].TermEnd = e.TermEnd
}

func (e *ExecutiveRemoved) apply(s *State, at time.Time) {
	s.Executives[e.ID].Removed = at
}
