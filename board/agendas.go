package board

import (
	"slices"
	"time"
)

// Agendas (R10): the Executive Board sets a voting meeting's agenda once each proposal's comment
// period has run, and the Chairman approves it.

func init() {
	register[*SetAgenda]("R10", ActorExecutive)
	register[*ApproveAgenda]("R10", ActorChairman)

	registerEvent[*AgendaSet]()
	registerEvent[*AgendaApproved]()
}

// SetAgenda sets a voting meeting's agenda (R10), by the Executive Board, once the comment
// period has run for each proposal. Until the Chairman approves it, it may be set again.
type SetAgenda struct {
	Meeting   MeetingID    `json:"meeting"`
	Proposals []DecisionID `json:"proposals"`
}

// ApproveAgenda is the Chairman's approval of a meeting's agenda (R10).
type ApproveAgenda struct {
	Meeting MeetingID `json:"meeting"`
}

func (*SetAgenda) Kind() Kind     { return "set-agenda" }
func (*ApproveAgenda) Kind() Kind { return "approve-agenda" }

// AgendaSet records a meeting's agenda, replacing any agenda set before; By is the Executive
// Board member who set it.
type AgendaSet struct {
	Meeting   MeetingID    `json:"meeting"`
	Proposals []DecisionID `json:"proposals"`
	By        ActorID      `json:"by"`
}

// AgendaApproved records the Chairman's approval of a meeting's agenda.
type AgendaApproved struct {
	Meeting MeetingID `json:"meeting"`
}

func (*AgendaSet) EventName() string      { return "agenda-set" }
func (*AgendaApproved) EventName() string { return "agenda-approved" }

// commentPeriodEnd returns the first instant at which x may go on an agenda: its comment period
// is the half-open window [day proposed, day proposed + agenda.comment_period).
func (d *decider) commentPeriodEnd(x *Decision) time.Time {
	return d.r.Agenda.CommentPeriod.After(Day(x.Proposed))
}

// SetAgenda: the Executive Board sets a voting meeting's agenda after members have had notice
// and the comment period (R10). It may set it again until the Chairman approves it.
func (b *SetAgenda) decide(d *decider) ([]Event, error) {
	m, err := d.meeting(b.Meeting)
	if err != nil {
		return nil, err
	}
	if len(b.Proposals) == 0 {
		return nil, Errorf(Invalid, "proposals: name at least one proposal")
	}
	if m.Kind != MeetingVoting {
		return nil, refuse("R12", "meeting %s is a reporting meeting: it does not vote, so it has no proposals on its agenda", m.ID)
	}
	if !m.Approved.IsZero() {
		return nil, conflict("R10", "the Chairman approved the agenda of meeting %s on %s; it can no longer be changed", m.ID, date(m.Approved))
	}
	seen := map[DecisionID]bool{}
	for _, id := range b.Proposals {
		if seen[id] {
			return nil, Errorf(Invalid, "proposals: %s is named twice", id)
		}
		seen[id] = true
		x, err := d.proposal(id)
		if err != nil {
			return nil, err
		}
		if !x.Opened.IsZero() {
			return nil, conflict("R10", "the vote on %s already opened, at %s", id, stamp(x.Opened))
		}
		if x.Meeting != "" && x.Meeting != m.ID {
			other := d.s.Meetings[x.Meeting]
			if !other.Day().Before(Day(d.at)) {
				return nil, conflict("R10", "%s is on the agenda of meeting %s (%s); that agenda must drop it first", id, other.ID, date(other.Date))
			}
			// The other meeting has passed without voting on it: it may go to a later one.
		}
		if end := d.commentPeriodEnd(x); d.at.Before(end) {
			return nil, refuse("R10", "members may comment on %s until the end of %s (a comment period of %s from %s); it can go on an agenda from %s",
				id, date(end.AddDate(0, 0, -1)), d.r.Agenda.CommentPeriod, date(x.Proposed), date(end))
		}
	}
	return []Event{&AgendaSet{Meeting: m.ID, Proposals: slices.Clone(b.Proposals), By: d.by}}, nil
}

// ApproveAgenda: the Chairman approves the agenda the Executive Board set (R10).
func (b *ApproveAgenda) decide(d *decider) ([]Event, error) {
	m, err := d.meeting(b.Meeting)
	if err != nil {
		return nil, err
	}
	switch {
	case m.AgendaSet.IsZero():
		return nil, refuse("R10", "the Executive Board has not set the agenda of meeting %s yet", m.ID)
	case !m.Approved.IsZero():
		return nil, conflict("R10", "the agenda of meeting %s was already approved on %s", m.ID, date(m.Approved))
	}
	return []Event{&AgendaApproved{Meeting: m.ID}}, nil
}

func (e *AgendaSet) apply(s *State, at time.Time) {
	m := s.Meetings[e.Meeting]
	for _, id := range m.Agenda {
		if x := s.Decisions[id]; x.Meeting == m.ID {
			x.Meeting = ""
		}
	}
	m.Agenda, m.AgendaSet, m.AgendaBy = slices.Clone(e.Proposals), at, e.By
	for _, id := range e.Proposals {
		s.Decisions[id].Meeting = m.ID
	}
}

func (e *AgendaApproved) apply(s *State, at time.Time) {
	s.Meetings[e.Meeting].Approved = at
}
