package board

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"time"
)

// An Event is a fact that a decided act produced. Events carry every date that later views need
// (a term end, a veto window's end) so that applying them needs neither the rules nor a clock.
type Event interface {
	EventName() string
	apply(s *State, at time.Time)
}

var eventTypes = map[string]func() Event{}

func registerEvent[E Event]() {
	var zero E
	eventTypes[zero.EventName()] = func() Event {
		return reflect.New(reflect.TypeFor[E]().Elem()).Interface().(Event)
	}
}

func init() {
	registerEvent[*Invited]()
	registerEvent[*InvitationWithdrawn]()
	registerEvent[*Declined]()
	registerEvent[*Consented]()
	registerEvent[*EnteredIntoForce]()
	registerEvent[*MembershipStarted]()
	registerEvent[*TermRenewed]()
	registerEvent[*Withdrew]()
	registerEvent[*RemovalProposed]()
	registerEvent[*RemovalVetoed]()
	registerEvent[*RemovalBlocked]()
	registerEvent[*Dissolved]()
	registerEvent[*SuccessorDesignated]()
	registerEvent[*ChairmanReplaced]()
	registerEvent[*IncapacityFound]()
	registerEvent[*ExecutiveAppointed]()
	registerEvent[*ExecutiveRenewed]()
	registerEvent[*ExecutiveRemoved]()
	registerEvent[*SubsidiaryCreated]()
	registerEvent[*SubsidiaryModified]()
	registerEvent[*SubsidiaryDissolved]()
	registerEvent[*Accredited]()
}

// EventNames returns the name of every event type, sorted.
func EventNames() []string { return slices.Sorted(maps.Keys(eventTypes)) }

// Invited records an invitation.
type Invited struct {
	State    StateCode `json:"state"`
	Head     string    `json:"head,omitempty"`
	Founding bool      `json:"founding,omitempty"`
}

// InvitationWithdrawn records the withdrawal of an invitation.
type InvitationWithdrawn struct {
	State StateCode `json:"state"`
}

// Declined records a State's refusal of its invitation.
type Declined struct {
	State StateCode `json:"state"`
}

// Consented records a State's consent to be bound.
type Consented struct {
	State      StateCode `json:"state"`
	Instrument string    `json:"instrument"`
	Place      string    `json:"place,omitempty"`
}

// EnteredIntoForce records the charter's entry into force, at the act's time.
type EnteredIntoForce struct {
	Consents int `json:"consents"`
}

// MembershipStarted records that a State became a member, with its first term end (zero only
// if the rules give no term, which they never do today).
type MembershipStarted struct {
	State   StateCode `json:"state"`
	Start   time.Time `json:"start"`
	TermEnd time.Time `json:"term_end"`
}

// TermRenewed records a renewal: the term now ends at TermEnd.
type TermRenewed struct {
	State   StateCode `json:"state"`
	TermEnd time.Time `json:"term_end"`
}

// Withdrew records a withdrawal, which takes effect at Effective.
type Withdrew struct {
	State     StateCode `json:"state"`
	Effective time.Time `json:"effective"`
}

// RemovalProposed records a proposed removal and its veto window [at, WindowEnd). Needed vetoes
// block it; Base is the member count it was computed from.
type RemovalProposed struct {
	ID        RemovalID `json:"id"`
	State     StateCode `json:"state"`
	Reason    string    `json:"reason,omitempty"`
	Base      int       `json:"base"`
	Needed    int       `json:"needed"`
	WindowEnd time.Time `json:"window_end"`
}

// RemovalVetoed records one State's veto.
type RemovalVetoed struct {
	Removal RemovalID `json:"removal"`
	State   StateCode `json:"state"`
}

// RemovalBlocked records that the vetoes reached the number needed: the removal will not take
// effect.
type RemovalBlocked struct {
	Removal RemovalID `json:"removal"`
	Vetoes  int       `json:"vetoes"`
}

// Dissolved records the organization's dissolution.
type Dissolved struct {
	Reason string `json:"reason,omitempty"`
}

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

// SubsidiaryCreated records a new subsidiary entity.
type SubsidiaryCreated struct {
	ID      SubsidiaryID `json:"id"`
	Name    string       `json:"name"`
	Mandate string       `json:"mandate,omitempty"`
	Members []string     `json:"members,omitempty"`
}

// SubsidiaryModified records a change to a subsidiary entity; empty fields are unchanged.
type SubsidiaryModified struct {
	ID      SubsidiaryID `json:"id"`
	Name    string       `json:"name,omitempty"`
	Mandate string       `json:"mandate,omitempty"`
	Members []string     `json:"members,omitempty"`
}

// SubsidiaryDissolved records a subsidiary entity's dissolution.
type SubsidiaryDissolved struct {
	ID SubsidiaryID `json:"id"`
}

// Accredited records a representative of a member State. An alternate is Approved only once the
// Chairman has approved it.
type Accredited struct {
	State    StateCode `json:"state"`
	Person   string    `json:"person"`
	Role     string    `json:"role"`
	Approved bool      `json:"approved"`
}

func (*Invited) EventName() string             { return "invited" }
func (*InvitationWithdrawn) EventName() string { return "invitation-withdrawn" }
func (*Declined) EventName() string            { return "declined" }
func (*Consented) EventName() string           { return "consented" }
func (*EnteredIntoForce) EventName() string    { return "entered-into-force" }
func (*MembershipStarted) EventName() string   { return "membership-started" }
func (*TermRenewed) EventName() string         { return "term-renewed" }
func (*Withdrew) EventName() string            { return "withdrew" }
func (*RemovalProposed) EventName() string     { return "removal-proposed" }
func (*RemovalVetoed) EventName() string       { return "removal-vetoed" }
func (*RemovalBlocked) EventName() string      { return "removal-blocked" }
func (*Dissolved) EventName() string           { return "dissolved" }
func (*SuccessorDesignated) EventName() string { return "successor-designated" }
func (*ChairmanReplaced) EventName() string    { return "chairman-replaced" }
func (*IncapacityFound) EventName() string     { return "incapacity-found" }
func (*ExecutiveAppointed) EventName() string  { return "executive-appointed" }
func (*ExecutiveRenewed) EventName() string    { return "executive-renewed" }
func (*ExecutiveRemoved) EventName() string    { return "executive-removed" }
func (*SubsidiaryCreated) EventName() string   { return "subsidiary-created" }
func (*SubsidiaryModified) EventName() string  { return "subsidiary-modified" }
func (*SubsidiaryDissolved) EventName() string { return "subsidiary-dissolved" }
func (*Accredited) EventName() string          { return "accredited" }

type wireEvent struct {
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
}

// EncodeEvents returns the canonical bytes of a list of events: a JSON array with a fixed field
// order. Replaying an act must produce exactly these bytes again.
//
// It writes what json.Marshal writes for the events as a []wireEvent, byte for byte, without
// encoding/json checking and compacting again each event it has just encoded: event names need
// no escaping, and json.Marshal's output is compact.
func EncodeEvents(events []Event) ([]byte, error) {
	return AppendEvents(make([]byte, 0, 256*len(events)+2), events)
}

// AppendEvents appends the canonical bytes of a list of events to b (see EncodeEvents).
func AppendEvents(b []byte, events []Event) ([]byte, error) {
	b = append(b, '[')
	for i, e := range events {
		data, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"event":"`...)
		b = append(b, e.EventName()...)
		b = append(b, `","data":`...)
		b = append(b, data...)
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// DecodeEvents reads what EncodeEvents wrote.
func DecodeEvents(b []byte) ([]Event, error) {
	var wire []wireEvent
	if err := json.Unmarshal(b, &wire); err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	events := make([]Event, len(wire))
	for i, w := range wire {
		newEvent, ok := eventTypes[w.Event]
		if !ok {
			return nil, fmt.Errorf("events: unknown event %q", w.Event)
		}
		e := newEvent()
		if err := json.Unmarshal(w.Data, e); err != nil {
			return nil, fmt.Errorf("events: %s: %w", w.Event, err)
		}
		events[i] = e
	}
	return events, nil
}
