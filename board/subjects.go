package board

import (
	"encoding/json"
	"slices"
)

// Subjects: what each act of the record concerns, so that a State's page and feed and a
// decision's feed list the acts that concern them (SPEC §6.1). The engine computes the subjects
// of each entry it appends and the store indexes them with it; Verify computes them again from
// the entries. This file is the one place that says which.

// A Subject is a thing of the organization that acts concern and that has its own history: a
// State ("state:KAZ", its actor ID) or a decision ("decision:p-12").
type Subject string

// StateSubject and DecisionSubject name the subject of a State and of a decision.
func StateSubject(c StateCode) Subject      { return Subject(StateActor(c)) }
func DecisionSubject(id DecisionID) Subject { return Subject(decisionPrefix + string(id)) }

const decisionPrefix = "decision:"

// An Agendas gives the agenda set for a meeting (nil if none). Only the approval of an agenda
// needs it: it names the meeting, whose agenda names the decisions. An agenda cannot change
// once approved (R10), so the state after the approval, or any later one, gives the agenda
// approved.
type Agendas func(MeetingID) []DecisionID

// AgendasOf returns the agendas of s's meetings.
func AgendasOf(s *State) Agendas {
	return func(id MeetingID) []DecisionID {
		if m := s.Meetings[id]; m != nil {
			return m.Agenda
		}
		return nil
	}
}

// EntrySubjects returns the subjects an act concerns, each once: the State that acted, the State
// the act names (stateFields), and the decisions it names (decisionFields). actor and kind are
// the entry's; act is its bytes (canonical, any act format: only the fields named are read, so
// that indexing a record of millions of acts parses few of them).
func EntrySubjects(actor ActorID, kind Kind, act []byte, agendas Agendas) []Subject {
	var out []Subject
	if code, ok := actor.State(); ok {
		out = append(out, StateSubject(code))
	}
	sf, hasState := stateFields[kind]
	df, hasDecision := decisionFields[kind]
	if !hasState && !hasDecision {
		return out
	}
	var a struct {
		Fields struct {
			State       StateCode    `json:"state"`
			Contributor ActorID      `json:"contributor"`
			ID          DecisionID   `json:"id"`
			Proposal    DecisionID   `json:"proposal"`
			Proposals   []DecisionID `json:"proposals"`
			Meeting     MeetingID    `json:"meeting"`
		} `json:"fields"`
	}
	if err := json.Unmarshal(act, &a); err != nil {
		return out
	}
	add := func(s Subject) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if hasState {
		named := a.Fields.State
		if sf == "contributor" {
			named, _ = a.Fields.Contributor.State()
		}
		if named != "" {
			add(StateSubject(named))
		}
	}
	var ids []DecisionID
	switch df {
	case "id":
		ids = []DecisionID{a.Fields.ID}
	case "proposal":
		ids = []DecisionID{a.Fields.Proposal}
	case "proposals":
		ids = a.Fields.Proposals
	case "meeting":
		if agendas != nil {
			ids = agendas(a.Fields.Meeting)
		}
	}
	for _, id := range ids {
		if id != "" {
			add(DecisionSubject(id))
		}
	}
	return out
}

// stateFields names, by kind, the field by which an act names a State other than its actor: an
// invitation, a renewal, a removal, an accreditation ("state"), a contribution ("contributor",
// an actor that may be a State). TestEveryKindNamingAStateIsIndexed walks Kinds(), so that a new
// kind that names a State cannot be left off a State's page.
var stateFields = map[Kind]string{
	"invite": "state", "withdraw-invitation": "state", "renew-term": "state", "propose-removal": "state",
	"accredit": "state", "pledge": "contributor", "receive": "contributor",
}

// decisionFields names, by kind, the field by which an act names the decision it concerns: its
// id when it makes one (a proposal, a directive), the proposal it acts on, the proposals of an
// agenda, or the meeting whose agenda it approves. TestEveryKindNamingADecisionIsIndexed walks
// Kinds(), so that a new kind naming a decision cannot be left out of its feed.
var decisionFields = map[Kind]string{
	"propose": "id", "directive": "id",
	"comment": "proposal", "open-vote": "proposal", "vote": "proposal", "close-vote": "proposal",
	"casting-vote": "proposal", "approve": "proposal", "withhold-approval": "proposal",
	"set-agenda": "proposals", "approve-agenda": "meeting",
}
