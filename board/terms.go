package board

import "time"

// Terms and withdrawal: a member's term, counted as the rules say, is renewed by the Chairman
// (R4); a member leaves by withdrawing (R6). A term's end is not an event: membership_view.go
// derives it from the instant asked for, and a permanent seat (R5) lifts it.

func init() {
	register[*RenewTerm]("R4", ActorChairman)
	register[*Withdraw]("R6", ActorState)

	registerEvent[*TermRenewed]()
	registerEvent[*Withdrew]()
}

// RenewTerm renews a member's term (R4).
type RenewTerm struct {
	State StateCode `json:"state"`
}

// Withdraw is a member's withdrawal from the organization (R6).
type Withdraw struct{}

func (*RenewTerm) Kind() Kind { return "renew-term" }
func (*Withdraw) Kind() Kind  { return "withdraw" }

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

func (*TermRenewed) EventName() string { return "term-renewed" }
func (*Withdrew) EventName() string    { return "withdrew" }

// RenewTerm: the Chairman renews a member's term (R4), moving its end by renewal.length from the
// current term end.
func (b *RenewTerm) decide(d *decider) ([]Event, error) {
	if err := d.validState(b.State); err != nil {
		return nil, err
	}
	v, ok := d.member(b.State)
	if !ok || (v.Status != StatusMember && v.Status != StatusRemovalPending) {
		status := "not invited"
		if ok {
			status = string(v.Status)
		}
		if ok && v.Status == StatusFormer {
			return nil, refuse("R4", "the membership of %s ended on %s (%s); a term can only be renewed before it ends", b.State, date(v.Ended), v.EndReason)
		}
		return nil, refuse("R4", "%s is not a member (%s)", b.State, status)
	}
	if v.Permanent {
		return nil, conflict("R5", "%s holds a permanent seat: its term does not end", b.State)
	}
	end := d.r.Renewal.Length.After(d.s.States[b.State].TermEnd)
	return []Event{&TermRenewed{State: b.State, TermEnd: end}}, nil
}

// Withdraw: a member leaves (R6), after withdrawal.notice.
func (*Withdraw) decide(d *decider) ([]Event, error) {
	code := d.self()
	if !d.s.IsMemberAt(d.r, code, d.at) {
		return nil, refuse("R6", "%s is not a member, so it cannot withdraw", code)
	}
	if m := d.s.States[code]; !m.Ended.IsZero() {
		return nil, conflict("R6", "%s already withdrew, with effect on %s", code, date(m.Ended))
	}
	return []Event{&Withdrew{State: code, Effective: d.r.Withdrawal.Notice.After(d.at)}}, nil
}

func (e *TermRenewed) apply(s *State, at time.Time) {
	s.States[e.State].TermEnd = e.TermEnd
}

func (e *Withdrew) apply(s *State, at time.Time) {
	m := s.States[e.State]
	m.Ended, m.EndReason = e.Effective, EndWithdrawn
}
