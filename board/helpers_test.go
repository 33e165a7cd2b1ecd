package board_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// world drives the domain as the engine does: each act is decided against the state and the
// rules, and its events, if any, are applied. It keeps every accepted act so that views can be
// asked as of an instant from the events up to that instant only (SPEC §4).
type world struct {
	rules *charter.Rules
	state *board.State
	log   []applied
}

type applied struct {
	at     time.Time
	events []board.Event
}

// newWorld returns an organization before any act, under rules r (the default charter if nil).
func newWorld(r *charter.Rules) *world {
	if r == nil {
		r = charter.Default()
	}
	return &world{rules: r, state: board.NewState(r.Organization.Chairman)}
}

// do decides body, done by by at at, and applies its events if it is accepted. It returns the
// refusal, if any. An accepted act must survive the trip through its canonical bytes and its
// events through EncodeEvents/DecodeEvents, as replay and verification rely on both.
func (w *world) do(t *testing.T, at time.Time, by board.ActorID, body board.Body) error {
	t.Helper()
	act := board.Act{At: at, By: by, Body: body}
	events, err := board.Decide(w.state, w.rules, act)
	if err != nil {
		if events != nil {
			t.Errorf("%s: refused (%v) but returned %d events; want none", act, err, len(events))
		}
		return err
	}
	checkActRoundTrip(t, act)
	checkEventsRoundTrip(t, events)
	w.state.Apply(at, events)
	w.log = append(w.log, applied{at: at, events: events})
	return nil
}

// must is do for acts the test needs accepted.
func (w *world) must(t *testing.T, at time.Time, by board.ActorID, body board.Body) {
	t.Helper()
	if err := w.do(t, at, by, body); err != nil {
		t.Fatalf("%s by %s at %s: %v; want accepted", body.Kind(), by, at.Format(time.RFC3339), err)
	}
}

// events decides an act that must be accepted, applies it, and returns its events.
func (w *world) events(t *testing.T, at time.Time, by board.ActorID, body board.Body) []board.Event {
	t.Helper()
	w.must(t, at, by, body)
	return w.log[len(w.log)-1].events
}

// asOf returns the state as of t: the events of the acts up to t, applied to a new state.
func (w *world) asOf(t time.Time) *board.State {
	s := board.NewState(w.rules.Organization.Chairman)
	for _, a := range w.log {
		if a.at.After(t) {
			break
		}
		s.Apply(a.at, a.events)
	}
	return s
}

// member returns a State's view as of at; the State must have been invited by then.
func (w *world) member(t *testing.T, code board.StateCode, at time.Time) board.MemberView {
	t.Helper()
	v, ok := w.asOf(at).Member(w.rules, code, at)
	if !ok {
		t.Fatalf("Member(%s, %s): not found; want a view", code, at.Format(time.RFC3339))
	}
	return v
}

// overview returns the organization's overview as of at.
func (w *world) overview(at time.Time) board.Overview {
	return w.asOf(at).Overview(w.rules, at)
}

// wantStatus checks a State's status as of at.
func (w *world) wantStatus(t *testing.T, code board.StateCode, at time.Time, want board.Status) board.MemberView {
	t.Helper()
	v := w.member(t, code, at)
	if v.Status != want {
		t.Errorf("%s as of %s: status = %q, want %q", code, at.Format(time.RFC3339), v.Status, want)
	}
	return v
}

// wantEnded checks that a State's membership has ended as of at, when and why.
func (w *world) wantEnded(t *testing.T, code board.StateCode, at, ended time.Time, why board.EndReason) {
	t.Helper()
	v := w.wantStatus(t, code, at, board.StatusFormer)
	if !v.Ended.Equal(ended) {
		t.Errorf("%s as of %s: ended = %s, want %s", code, at.Format(time.RFC3339), v.Ended.Format(time.RFC3339), ended.Format(time.RFC3339))
	}
	if v.EndReason != why {
		t.Errorf("%s as of %s: end_reason = %q, want %q", code, at.Format(time.RFC3339), v.EndReason, why)
	}
}

// join has the Chairman invite codes at at, and each of them consent at at.
func (w *world) join(t *testing.T, at time.Time, codes ...board.StateCode) {
	t.Helper()
	for _, c := range codes {
		w.must(t, at, board.Chairman, &board.Invite{State: c})
	}
	for _, c := range codes {
		w.must(t, at, board.StateActor(c), &board.Consent{Instrument: "signature", Place: "Davos"})
	}
}

// founded returns a world in which the charter entered into force at eif (Davos) with n member
// States, the first n of states. n must be at least the rules' entry_into_force.consents.
func founded(t *testing.T, r *charter.Rules, n int) *world {
	t.Helper()
	w := newWorld(r)
	w.join(t, eif, states[:n]...)
	if got := w.overview(eif).Members; got != n {
		t.Fatalf("founded: %d members at entry into force, want %d", got, n)
	}
	return w
}

// wantRefusal checks that err is an *Error of kind naming rule ("" for none).
func wantRefusal(t *testing.T, err error, kind board.ErrorKind, rule string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted; want %s by %q", kind, rule)
	}
	if got := board.ErrorKindOf(err); got != kind {
		t.Errorf("error kind = %q, want %q (%v)", got, kind, err)
	}
	if got := board.ErrorRule(err); got != rule {
		t.Errorf("error rule = %q, want %q (%v)", got, rule, err)
	}
}

func checkActRoundTrip(t *testing.T, act board.Act) {
	t.Helper()
	b, err := act.Canonical()
	if err != nil {
		t.Fatalf("%s: Canonical: %v", act, err)
	}
	got, err := board.ParseCanonical(b)
	if err != nil {
		t.Fatalf("%s: ParseCanonical(%s): %v", act, b, err)
	}
	again, err := got.Canonical()
	if err != nil {
		t.Fatalf("%s: Canonical after parse: %v", act, err)
	}
	if !bytes.Equal(again, b) {
		t.Errorf("%s: canonical bytes after a round trip:\n got %s\nwant %s", act, again, b)
	}
}

func checkEventsRoundTrip(t *testing.T, events []board.Event) {
	t.Helper()
	b, err := board.EncodeEvents(events)
	if err != nil {
		t.Fatalf("EncodeEvents: %v", err)
	}
	if want := marshalEvents(t, events); !bytes.Equal(b, want) {
		t.Errorf("EncodeEvents differs from json.Marshal:\n got %s\nwant %s", b, want)
	}
	decoded, err := board.DecodeEvents(b)
	if err != nil {
		t.Fatalf("DecodeEvents(%s): %v", b, err)
	}
	again, err := board.EncodeEvents(decoded)
	if err != nil {
		t.Fatalf("EncodeEvents after decode: %v", err)
	}
	if !bytes.Equal(again, b) {
		t.Errorf("events after a round trip:\n got %s\nwant %s", again, b)
	}
	if len(decoded) != len(events) {
		t.Fatalf("DecodeEvents: %d events, want %d", len(decoded), len(events))
	}
	for i := range events {
		if reflect.TypeOf(decoded[i]) != reflect.TypeOf(events[i]) {
			t.Errorf("event %d: decoded as %T, want %T", i, decoded[i], events[i])
		}
	}
}

// marshalEvents is what EncodeEvents must write: json.Marshal of the events as event name and
// data, as records made before EncodeEvents wrote its own array hold them.
func marshalEvents(t *testing.T, events []board.Event) []byte {
	t.Helper()
	type wireEvent struct {
		Event string          `json:"event"`
		Data  json.RawMessage `json:"data"`
	}
	wire := make([]wireEvent, len(events))
	for i, e := range events {
		data, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		wire[i] = wireEvent{Event: e.EventName(), Data: data}
	}
	b, err := json.Marshal(wire)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// findEvent returns the first event of type E in events.
func findEvent[E board.Event](events []board.Event) (E, bool) {
	for _, e := range events {
		if x, ok := e.(E); ok {
			return x, true
		}
	}
	var zero E
	return zero, false
}

// rulesWith returns a copy of the default rules changed by edit.
func rulesWith(edit func(r *charter.Rules)) *charter.Rules {
	r := *charter.Default()
	edit(&r)
	return &r
}

// ts parses an RFC 3339 time or a date (midnight UTC).
func ts(s string) time.Time {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

var (
	// eif is when the charter enters into force in these tests: Davos, 22 January 2026.
	eif = ts("2026-01-22T10:00:00Z")
	// termEnd is the founding members' first term end: three years from the day of entry into
	// force, the first instant they are no longer members.
	termEnd = ts("2029-01-22")

	// states are the Davos signatories and a few more, in the order tests use them.
	states = []board.StateCode{
		"USA", "ARG", "ARM", "AZE", "BHR", "BGR", "HUN", "IDN", "JOR", "KAZ",
		"XKX", "MNG", "MAR", "PAK", "PRY", "QAT", "SAU", "TUR", "ARE", "UZB",
	}
)

// consent is a State's consent by signature, as at Davos.
var consent = &board.Consent{Instrument: "signature", Place: "Davos"}

// step is one act in a table-driven sequence, with the refusal it must meet ("" kind: accepted).
type step struct {
	by   board.ActorID
	body board.Body
	kind board.ErrorKind
	rule string
}

// run does steps one hour apart from start, checking each outcome, and returns the time of the
// last one.
func (w *world) run(t *testing.T, start time.Time, steps []step) time.Time {
	t.Helper()
	at := start
	for i, s := range steps {
		at = start.Add(time.Duration(i) * time.Hour)
		err := w.do(t, at, s.by, s.body)
		switch {
		case s.kind == "" && err != nil:
			t.Fatalf("step %d: %s by %s: %v; want accepted", i, s.body.Kind(), s.by, err)
		case s.kind != "":
			if err == nil {
				t.Fatalf("step %d: %s by %s accepted; want %s by %q", i, s.body.Kind(), s.by, s.kind, s.rule)
			}
			if got := board.ErrorKindOf(err); got != s.kind {
				t.Errorf("step %d: %s by %s: kind = %q, want %q (%v)", i, s.body.Kind(), s.by, got, s.kind, err)
			}
			if got := board.ErrorRule(err); got != s.rule {
				t.Errorf("step %d: %s by %s: rule = %q, want %q (%v)", i, s.body.Kind(), s.by, got, s.rule, err)
			}
		}
	}
	return at
}

var (
	// appointedAt is when the Executive Board is appointed in these tests (announced 16 January
	// 2026); its two-year terms end on execTermEnd, the first day they no longer sit.
	appointedAt = ts("2026-01-16T12:00:00Z")
	execTermEnd = ts("2028-01-16")

	trump = "Donald J. Trump"
	vance = "J. D. Vance"
)

// withExecutives appoints Executive Board members, by id, at at.
func (w *world) withExecutives(t *testing.T, at time.Time, ids ...board.ExecutiveID) {
	t.Helper()
	for _, id := range ids {
		w.must(t, at, board.Chairman, &board.AppointExecutive{ID: id, Person: "Person " + string(id)})
	}
}

func executive(id board.ExecutiveID) board.ActorID { return board.ActorID("executive:" + string(id)) }
