package board

import (
	"slices"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// Decide decides an act against the state and the rules, and returns the events it produces.
// It is pure: it reads s and r, changes neither, does no I/O and reads no clock (the act's time
// is the time). A refused act returns an *Error naming the rule, and no events.
func Decide(s *State, r *charter.Rules, a Act) ([]Event, error) {
	if a.Body == nil {
		return nil, Errorf(Invalid, "act has no kind")
	}
	sp, ok := catalogue[a.Body.Kind()]
	if !ok {
		return nil, Errorf(Invalid, "unknown act %q", a.Body.Kind())
	}
	if _, err := CheckActor(r, string(a.By)); err != nil {
		return nil, err
	}
	if a.At.IsZero() {
		return nil, Errorf(Invalid, "%s: the act has no time", a.Body.Kind())
	}
	if a.At.Before(s.Last) {
		return nil, Errorf(Invalid, "%s at %s is earlier than the last act in the record (%s): acts must be in time order",
			a.Body.Kind(), a.At.UTC().Format(time.RFC3339Nano), s.Last.UTC().Format(time.RFC3339Nano))
	}
	if !slices.Contains(sp.by, a.By.Kind()) {
		return nil, &Error{Kind: Forbidden, Rule: sp.rule, Msg: a.Body.Kind().String() + " is not for " + string(a.By) + "; it is done by " + actorList(sp.by)}
	}
	if err := s.mayAct(a.By, a.At); err != nil {
		return nil, err
	}
	d := decider{s: s, r: r, at: a.At, by: a.By}
	return a.Body.decide(&d)
}

// mayAct refuses every act by actor at t, whatever its kind: after dissolution, anyone's; an
// Executive Board member's, unless the member sits on the board then.
func (s *State) mayAct(actor ActorID, t time.Time) error {
	if !s.Dissolved.IsZero() {
		return refuse("R6", "the organization was dissolved on %s", date(s.Dissolved))
	}
	if x, ok := actor.Executive(); ok {
		if e := s.Executives[x]; e == nil || !e.ServingAt(t) {
			return &Error{Kind: Forbidden, Rule: "R17", Msg: string(actor) + " does not sit on the Executive Board on " + date(t)}
		}
	}
	return nil
}

func (k Kind) String() string { return string(k) }

func actorList(kinds []ActorKind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = "the " + strings.ReplaceAll(string(k), "-", " ")
		if k == ActorState {
			names[i] = "a State"
		}
	}
	return strings.Join(names, " or ")
}

// decider decides one act.
type decider struct {
	s  *State
	r  *charter.Rules
	at time.Time
	by ActorID
}

func (d *decider) member(code StateCode) (MemberView, bool) { return d.s.Member(d.r, code, d.at) }

// self returns the State acting, for acts done by a State's delegation.
func (d *decider) self() StateCode {
	code, _ := d.by.State()
	return code
}

func (d *decider) validState(code StateCode) error { return CheckState(d.r, code) }

func required(field, value string) error {
	if strings.TrimSpace(value) == "" {
		return Errorf(Invalid, "%s is required", field)
	}
	return nil
}

func validSlug(field, id string) error {
	if !IsSlug(id) {
		return Errorf(Invalid, "%s %q is not an identifier (lower-case letters, digits and dashes)", field, id)
	}
	return nil
}
