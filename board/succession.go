package board

import "time"

// The Chairman's succession (R16): the Chairman designates a successor, who takes office at
// once when the Chairman resigns or the Executive Board unanimously finds him incapacitated.

func init() {
	register[*DesignateSuccessor]("R16", ActorChairman)
	register[*Resign]("R16", ActorChairman)
	register[*FindIncapacity]("R16", ActorExecutive)

	registerEvent[*SuccessorDesignated]()
	registerEvent[*ChairmanReplaced]()
	registerEvent[*IncapacityFound]()
}

// DesignateSuccessor designates the Chairman's successor (R16).
type DesignateSuccessor struct {
	Person string `json:"person"`
}

// Resign is the Chairman's resignation; the successor takes office at once (R16).
type Resign struct{}

// FindIncapacity is one Executive Board member's finding that the Chairman is incapacitated.
// The successor takes office when every serving member has so found (R16).
type FindIncapacity struct{}

func (*DesignateSuccessor) Kind() Kind { return "designate-successor" }
func (*Resign) Kind() Kind             { return "resign" }
func (*FindIncapacity) Kind() Kind     { return "find-incapacity" }

// SuccessorDesignated records the Chairman's designated successor.
type SuccessorDesignated struct {
	Person string `json:"person"`
}

// ChairmanReplaced records that the successor took office.
type ChairmanReplaced struct {
	Former   string `json:"former"`
	Chairman string `json:"chairman"`
	Reason   string `json:"reason"` // "resignation" or "incapacity"
}

// IncapacityFound records one Executive Board member's finding of incapacity.
type IncapacityFound struct {
	Executive ExecutiveID `json:"executive"`
}

func (*SuccessorDesignated) EventName() string { return "successor-designated" }
func (*ChairmanReplaced) EventName() string    { return "chairman-replaced" }
func (*IncapacityFound) EventName() string     { return "incapacity-found" }

// DesignateSuccessor: the Chairman must at all times have a designated successor (R16).
func (b *DesignateSuccessor) decide(d *decider) ([]Event, error) {
	if err := required("person", b.Person); err != nil {
		return nil, err
	}
	if b.Person == d.s.Chairman {
		return nil, refuse("R16", "the Chairman cannot be his own successor")
	}
	return []Event{&SuccessorDesignated{Person: b.Person}}, nil
}

// Resign: the successor takes office at once (R16), so there must be one.
func (*Resign) decide(d *decider) ([]Event, error) {
	if d.s.Successor == "" {
		return nil, refuse("R16", "the Chairman cannot resign without a designated successor to take office")
	}
	return []Event{&ChairmanReplaced{Former: d.s.Chairman, Chairman: d.s.Successor, Reason: "resignation"}}, nil
}

// FindIncapacity: the Chairman is replaced on incapacity found by a unanimous vote of the
// Executive Board (R16). Each serving member records its finding; the one that makes the board
// unanimous brings the successor into office. A member who already found may find again to
// confirm, which completes the succession when the board became unanimous otherwise (a member
// who had not found left it).
func (*FindIncapacity) decide(d *decider) ([]Event, error) {
	id, _ := d.by.Executive()
	var events []Event
	if !d.s.Incapacity[id] {
		events = append(events, &IncapacityFound{Executive: id})
	}
	for _, x := range d.s.ServingExecutives(d.at) {
		if x.ID != id && !d.s.Incapacity[x.ID] {
			if len(events) == 0 {
				return nil, conflict("R16", "executive:%s already found the Chairman incapacitated; the Executive Board is not yet unanimous", id)
			}
			return events, nil // not yet unanimous
		}
	}
	if d.s.Successor == "" {
		return nil, refuse("R16", "the Executive Board would be unanimous, but there is no designated successor to take office")
	}
	return append(events, &ChairmanReplaced{Former: d.s.Chairman, Chairman: d.s.Successor, Reason: "incapacity"}), nil
}

func (e *SuccessorDesignated) apply(s *State, at time.Time) {
	s.Successor = e.Person
}

func (e *ChairmanReplaced) apply(s *State, at time.Time) {
	s.Chairman, s.Successor = e.Chairman, ""
	clear(s.Incapacity)
}

func (e *IncapacityFound) apply(s *State, at time.Time) {
	s.Incapacity[e.Executive] = true
}
