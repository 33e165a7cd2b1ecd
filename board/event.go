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

// EventNames returns the name of every event type, sorted.
func EventNames() []string { return slices.Sorted(maps.Keys(eventTypes)) }

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
