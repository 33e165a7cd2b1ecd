package board

// DesignateSuccessor: the Chairman must at all times have a designated successor (R16).
func (b *DesignateSuccessor) decide(d *decider) ([]Event, error) {
	if err := required("person", b.Person); err != nil {
		return nil, err
	}
	if b.Person == d.s.Chairman {
		return nil, refuse("R16", "the Chairman cannot be his own successor")
	}
	return []Event{&SuccessorDesignated{Person: b.Person}}, nil
}

// Resign: the successor takes office at once (R16), so there must be one.
func (*Resign) decide(d *decider) ([]Event, error) {
	if d.s.Successor == "" {
		return nil, refuse("R16", "the Chairman cannot resign without a designated successor to take office")
	}
	return []Event{&ChairmanReplaced{Former: d.s.Chairman, Chairman: d.s.Successor, Reason: "resignation"}}, nil
}

// FindIncapacity: the Chairman is replaced on incapacity found by a unanimous vote of the
// Executive Board (R16). Each serving member records its finding; the one that makes the board
// unanimous brings the successor into office. A member who already found may find again to
// confirm, which completes the succession when the board became unanimous otherwise (a member
// who had not found left it).
func (*FindIncapacity) decide(d *decider) ([]Event, error) {
	id, _ := d.by.Executive()
	var events []Event
	if !d.s.Incapacity[id] {
		events = append(events, &IncapacityFound{Executive: id})
	}
	for _, x := range d.s.ServingExecutives(d.at) {
		if x.ID != id && !d.s.Incapacity[x.ID] {
			if len(events) == 0 {
				return nil, conflict("R16", "executive:%s already found the Chairman incapacitated; the Executive Board is not yet unanimous", id)
			}
			return events, nil // not yet unanimous
		}
	}
	if d.s.Successor == "" {
		return nil, refuse("R16", "the Executive Board would be unanimous, but there is no designated successor to take office")
	}
	return append(events, &ChairmanReplaced{Former: d.s.Chairman, Chairman: d.s.Successor, Reason: "incapacity"}), nil
}

// AppointExecutive: the Chairman appoints Executive Board members for executive_board.term (R17).
func (b *AppointExecutive) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	if err := required("person", b.Person); err != nil {
		return nil, err
	}
	if _, dup := d.s.Executives[b.ID]; dup {
		return nil, conflict("", "executive %s already exists; choose another id", b.ID)
	}
	return []Event{&ExecutiveAppointed{ID: b.ID, Person: b.Person, TermEnd: d.r.ExecutiveBoard.Term.After(Day(d.at))}}, nil
}

func (d *decider) serving(id ExecutiveID) (*Executive, error) {
	x, ok := d.s.Executives[id]
	if !ok {
		return nil, Errorf(NotFound, "no executive %q", id)
	}
	if !x.ServingAt(d.at) {
		return nil, refuse("R17", "executive %s does not sit on the Executive Board on %s", id, date(d.at))
	}
	return x, nil
}

// RenewExecutive moves a serving member's term end by executive_board.term (R17).
func (b *RenewExecutive) decide(d *decider) ([]Event, error) {
	x, err := d.serving(b.ID)
	if err != nil {
		return nil, err
	}
	return []Event{&ExecutiveRenewed{ID: b.ID, TermEnd: d.r.ExecutiveBoard.Term.After(x.TermEnd)}}, nil
}

func (b *RemoveExecutive) decide(d *decider) ([]Event, error) {
	if _, err := d.serving(b.ID); err != nil {
		return nil, err
	}
	return []Event{&ExecutiveRemoved{ID: b.ID}}, nil
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

// Accredit: a member State is represented by its Head of State or Government; an alternate
// attends with the Chairman's approval (R3). A State accredits; the Chairman approves an
// alternate by accrediting the same person, naming the State.
func (b *Accredit) decide(d *decider) ([]Event, error) {
	if err := required("person", b.Person); err != nil {
		return nil, err
	}
	if b.Role != "head" && b.Role != "alternate" {
		return nil, Errorf(Invalid, "role %q: want \"head\" or \"alternate\"", b.Role)
	}
	if d.by == Chairman {
		if b.Role != "alternate" {
			return nil, &Error{Kind: Forbidden, Rule: "R3", Msg: "a State accredits its own head; the Chairman only approves alternates"}
		}
		m := d.s.States[b.State]
		if m == nil || !hasRepresentative(m, b.Person, "alternate", false) {
			return nil, Errorf(NotFound, "%s has not accredited %q as an alternate", b.State, b.Person)
		}
		return []Event{&Accredited{State: b.State, Person: b.Person, Role: "alternate", Approved: true}}, nil
	}
	code := d.self()
	if b.State != "" && b.State != code {
		return nil, &Error{Kind: Forbidden, Rule: "R3", Msg: "a State accredits only its own representatives"}
	}
	if !d.s.IsMemberAt(d.r, code, d.at) {
		return nil, refuse("R3", "%s is not a member", code)
	}
	return []Event{&Accredited{State: code, Person: b.Person, Role: b.Role, Approved: b.Role == "head"}}, nil
}

func hasRepresentative(m *Membership, person, role string, approved bool) bool {
	for _, r := range m.Representatives {
		if r.Person == person && r.Role == role && r.Approved == approved {
			return true
		}
	}
	return false
}
