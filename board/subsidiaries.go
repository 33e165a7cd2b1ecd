package board

import "time"

// Subsidiary entities (R14): the Chairman alone creates, modifies and dissolves them.

func init() {
	register[*CreateSubsidiary]("R14", ActorChairman)
	register[*ModifySubsidiary]("R14", ActorChairman)
	register[*DissolveSubsidiary]("R14", ActorChairman)

	registerEvent[*SubsidiaryCreated]()
	registerEvent[*SubsidiaryModified]()
	registerEvent[*SubsidiaryDissolved]()
}

// CreateSubsidiary creates a subsidiary entity (R14), such as the Gaza Executive Board.
type CreateSubsidiary struct {
	ID      SubsidiaryID `json:"id"`
	Name    string       `json:"name"`
	Mandate string       `json:"mandate,omitempty"`
	Members []string     `json:"members,omitempty"`
}

// ModifySubsidiary changes a subsidiary entity's name, mandate or members (R14). Empty fields
// are left as they were.
type ModifySubsidiary struct {
	ID      SubsidiaryID `json:"id"`
	Name    string       `json:"name,omitempty"`
	Mandate string       `json:"mandate,omitempty"`
	Members []string     `json:"members,omitempty"`
}

// DissolveSubsidiary dissolves a subsidiary entity (R14).
type DissolveSubsidiary struct {
	ID SubsidiaryID `json:"id"`
}

func (*CreateSubsidiary) Kind() Kind   { return "create-subsidiary" }
func (*ModifySubsidiary) Kind() Kind   { return "modify-subsidiary" }
func (*DissolveSubsidiary) Kind() Kind { return "dissolve-subsidiary" }

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

func (*SubsidiaryCreated) EventName() string   { return "subsidiary-created" }
func (*SubsidiaryModified) EventName() string  { return "subsidiary-modified" }
func (*SubsidiaryDissolved) EventName() string { return "subsidiary-dissolved" }

// A Subsidiary is a subsidiary entity (R14).
type Subsidiary struct {
	ID        SubsidiaryID
	Name      string
	Mandate   string
	Members   []string
	Created   time.Time
	Dissolved time.Time
}

// CreateSubsidiary: the Chairman alone creates subsidiary entities (R14).
func (b *CreateSubsidiary) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	if err := required("name", b.Name); err != nil {
		return nil, err
	}
	if _, dup := d.s.Subsidiaries[b.ID]; dup {
		return nil, conflict("", "subsidiary %s already exists", b.ID)
	}
	return []Event{&SubsidiaryCreated{ID: b.ID, Name: b.Name, Mandate: b.Mandate, Members: b.Members}}, nil
}

func (d *decider) activeSubsidiary(id SubsidiaryID) error {
	sub, ok := d.s.Subsidiaries[id]
	if !ok {
		return Errorf(NotFound, "no subsidiary %q", id)
	}
	if !sub.Dissolved.IsZero() {
		return refuse("R14", "subsidiary %s was dissolved on %s", id, date(sub.Dissolved))
	}
	return nil
}

func (b *ModifySubsidiary) decide(d *decider) ([]Event, error) {
	if err := d.activeSubsidiary(b.ID); err != nil {
		return nil, err
	}
	if b.Name == "" && b.Mandate == "" && b.Members == nil {
		return nil, Errorf(Invalid, "modify-subsidiary changes nothing: give name, mandate or members")
	}
	return []Event{&SubsidiaryModified{ID: b.ID, Name: b.Name, Mandate: b.Mandate, Members: b.Members}}, nil
}

func (b *DissolveSubsidiary) decide(d *decider) ([]Event, error) {
	if err := d.activeSubsidiary(b.ID); err != nil {
		return nil, err
	}
	return []Event{&SubsidiaryDissolved{ID: b.ID}}, nil
}

func (e *SubsidiaryCreated) apply(s *State, at time.Time) {
	s.Subsidiaries[e.ID] = &Subsidiary{ID: e.ID, Name: e.Name, Mandate: e.Mandate, Members: e.Members, Created: at}
}

func (e *SubsidiaryModified) apply(s *State, at time.Time) {
	sub := s.Subsidiaries[e.ID]
	if e.Name != "" {
		sub.Name = e.Name
	}
	if e.Mandate != "" {
		sub.Mandate = e.Mandate
	}
	if e.Members != nil {
		sub.Members = e.Members
	}
}

func (e *SubsidiaryDissolved) apply(s *State, at time.Time) {
	s.Subsidiaries[e.ID].Dissolved = at
}
