package board

import "time"

// Proposals (R9, R10): an Executive Board member or the Chairman puts a proposal to the plenary,
// and member States comment on it until its vote opens.

func init() {
	register[*Propose]("R9", ActorExecutive, ActorChairman)
	register[*Comment]("R10", ActorState)

	registerEvent[*Proposed]()
	registerEvent[*Commented]()
}

// proposalKinds are the kinds a proposal may have (R9).
var proposalKinds = []DecisionKind{KindBudget, KindSubsidiary, KindAppointment, KindAgreement, KindInitiative, KindOther}

// Propose puts a proposal before the Board (R9), by an Executive Board member or the Chairman.
type Propose struct {
	ID    DecisionID   `json:"id"`
	Type  DecisionKind `json:"kind"`
	Title string       `json:"title"`
	Text  string       `json:"text,omitempty"`
}

// Comment is a member State's comment on a proposal, before it is put to the vote (R10).
type Comment struct {
	Proposal DecisionID `json:"proposal"`
	Text     string     `json:"text"`
}

func (*Propose) Kind() Kind { return "propose" }
func (*Comment) Kind() Kind { return "comment" }

// Proposed records a proposal, and who made it.
type Proposed struct {
	ID    DecisionID   `json:"id"`
	Kind  DecisionKind `json:"kind"`
	Title string       `json:"title"`
	Text  string       `json:"text,omitempty"`
	By    ActorID      `json:"by"`
}

// Commented records a member State's comment on a proposal.
type Commented struct {
	Proposal DecisionID `json:"proposal"`
	State    StateCode  `json:"state"`
	Text     string     `json:"text"`
}

func (*Proposed) EventName() string  { return "proposed" }
func (*Commented) EventName() string { return "commented" }

// Propose: an Executive Board member (any serving one, acting for the board) or the Chairman puts
// a proposal to the plenary (R9). A proposal about a subsidiary entity does not create one: the
// Chairman alone does that (R14, subsidiaries.created_by).
func (b *Propose) decide(d *decider) ([]Event, error) {
	if err := d.newDecisionID("R9", b.ID); err != nil {
		return nil, err
	}
	if err := required("title", b.Title); err != nil {
		return nil, err
	}
	return []Event{&Proposed{ID: b.ID, Kind: b.Type, Title: b.Title, Text: b.Text, By: d.by}}, nil
}

// A proposal's kind is one of proposalKinds, never a directive: checkClosed refuses the others.
func (*Propose) closedFields() map[string][]string {
	return map[string][]string{"kind": names(proposalKinds)}
}

// Comment: members are given notice of proposals and may comment on them (R10) until the vote
// opens.
func (b *Comment) decide(d *decider) ([]Event, error) {
	if err := required("text", b.Text); err != nil {
		return nil, err
	}
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	code := d.self()
	if !d.s.IsMemberAt(d.r, code, d.at) {
		return nil, refuse("R10", "only member States comment on proposals; %s is not a member", code)
	}
	if !x.Opened.IsZero() {
		return nil, refuse("R10", "comments on %s closed when its vote opened, at %s", x.ID, stamp(x.Opened))
	}
	return []Event{&Commented{Proposal: x.ID, State: code, Text: b.Text}}, nil
}

func (e *Proposed) apply(s *State, at time.Time) {
	s.Decisions[e.ID] = &Decision{ID: e.ID, Kind: e.Kind, Title: e.Title, Text: e.Text, By: e.By, Proposed: at}
}

func (e *Commented) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Comments = append(x.Comments, Statement{By: StateActor(e.State), At: at, Text: e.Text})
}
