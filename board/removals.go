package board

import (
	"slices"
	"time"
)

// Removal (R6, R7): the Chairman removes a member, and the removal takes effect when its veto
// window closes unless enough member States vetoed it.

func init() {
	register[*ProposeRemoval]("R6", ActorChairman)
	register[*VetoRemoval]("R7", ActorState)

	registerEvent[*RemovalProposed]()
	registerEvent[*RemovalVetoed]()
	registerEvent[*RemovalBlocked]()
}

// ProposeRemoval is the Chairman's removal of a member, which opens the veto window (R6, R7).
type ProposeRemoval struct {
	ID     RemovalID `json:"id"`
	State  StateCode `json:"state"`
	Reason string    `json:"reason,omitempty"`
}

// VetoRemoval is a member State's veto of a proposed removal (R7).
type VetoRemoval struct {
	Removal RemovalID `json:"removal"`
}

func (*ProposeRemoval) Kind() Kind { return "propose-removal" }
func (*VetoRemoval) Kind() Kind    { return "veto-removal" }

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

func (*RemovalProposed) EventName() string { return "removal-proposed" }
func (*RemovalVetoed) EventName() string   { return "removal-vetoed" }
func (*RemovalBlocked) EventName() string  { return "removal-blocked" }

// A Removal is the Chairman's removal of a member, subject to veto (R7).
type Removal struct {
	ID        RemovalID
	State     StateCode
	Reason    string
	Proposed  time.Time
	WindowEnd time.Time
	Base      int
	Needed    int
	Vetoes    []StateCode
	Blocked   time.Time // when enough vetoes were cast; zero if never
}

// EffectiveAt reports whether the removal has taken effect at t: its window has closed without
// enough vetoes.
func (r *Removal) EffectiveAt(t time.Time) bool { return r.Blocked.IsZero() && !t.Before(r.WindowEnd) }

// PendingAt reports whether the removal's veto window is open at t with too few vetoes so far.
func (r *Removal) PendingAt(t time.Time) bool { return r.Blocked.IsZero() && t.Before(r.WindowEnd) }

// ProposeRemoval: the Chairman removes a member (R6), subject to a veto by the fraction of
// member States the rules set (R7). The base is the member count now, excluding the State
// concerned; the window is half-open [today, today + veto_window).
func (b *ProposeRemoval) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	if err := d.validState(b.State); err != nil {
		return nil, err
	}
	if _, dup := d.s.Removals[b.ID]; dup {
		return nil, conflict("", "removal %s already exists", b.ID)
	}
	v, ok := d.member(b.State)
	switch {
	case !ok || v.Status != StatusMember && v.Status != StatusRemovalPending:
		return nil, refuse("R6", "%s is not a member, so it cannot be removed", b.State)
	case v.Status == StatusRemovalPending:
		return nil, conflict("R7", "a removal of %s is already open to veto", b.State)
	}
	base := d.s.MemberCount(d.r, d.at) - 1
	return []Event{&RemovalProposed{
		ID:        b.ID,
		State:     b.State,
		Reason:    b.Reason,
		Base:      base,
		Needed:    d.r.Removal.VetoFraction.Of(base),
		WindowEnd: d.r.Removal.VetoWindow.After(Day(d.at)),
	}}, nil
}

// VetoRemoval: member States other than the one concerned veto a removal (R7). It is blocked as
// soon as the vetoes reach ceil(fraction × base).
func (b *VetoRemoval) decide(d *decider) ([]Event, error) {
	rm, ok := d.s.Removals[b.Removal]
	if !ok {
		return nil, Errorf(NotFound, "no removal %q", b.Removal)
	}
	code := d.self()
	switch {
	case code == rm.State:
		return nil, refuse("R7", "%s is the State concerned by removal %s and cannot veto it", code, rm.ID)
	case !d.s.IsMemberAt(d.r, code, d.at):
		return nil, refuse("R7", "only member States veto a removal; %s is not a member", code)
	case d.s.States[code].Start.After(rm.Proposed):
		// The base is fixed when the removal is proposed; so is who may veto.
		return nil, refuse("R7", "%s joined after removal %s was proposed and is not among the States that may veto it", code, rm.ID)
	case !rm.Blocked.IsZero():
		return nil, conflict("R7", "removal %s was already vetoed on %s", rm.ID, date(rm.Blocked))
	case !d.at.Before(rm.WindowEnd):
		return nil, refuse("R7", "the veto window for removal %s closed on %s", rm.ID, date(rm.WindowEnd))
	case slices.Contains(rm.Vetoes, code):
		return nil, conflict("R7", "%s already vetoed removal %s", code, rm.ID)
	}
	events := []Event{&RemovalVetoed{Removal: rm.ID, State: code}}
	if n := len(rm.Vetoes) + 1; n >= rm.Needed {
		events = append(events, &RemovalBlocked{Removal: rm.ID, Vetoes: n})
	}
	return events, nil
}

func (e *RemovalProposed) apply(s *State, at time.Time) {
	s.Removals[e.ID] = &Removal{ID: e.ID, State: e.State, Reason: e.Reason, Proposed: at,
		WindowEnd: e.WindowEnd, Base: e.Base, Needed: e.Needed}
	m := s.States[e.State]
	m.Removals = append(m.Removals, e.ID)
}

func (e *RemovalVetoed) apply(s *State, at time.Time) {
	r := s.Removals[e.Removal]
	r.Vetoes = append(r.Vetoes, e.State)
}

func (e *RemovalBlocked) apply(s *State, at time.Time) {
	s.Removals[e.Removal].Blocked = at
}
