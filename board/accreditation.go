package board

import (
	"slices"
	"time"
)

// Accreditation (R3): who represents a member State, its Head of State or Government, or an
// alternate the Chairman approved.

func init() {
	register[*Accredit]("R3", ActorState, ActorChairman)

	registerEvent[*Accredited]()
}

// Accredit names a member State's representative (R3): its Head of State or Government, or an
// alternate, who needs the Chairman's approval. The Chairman approves an alternate by
// accrediting the same person with State set.
type Accredit struct {
	Person string    `json:"person"`
	Role   string    `json:"role"` // one of roles
	State  StateCode `json:"state,omitempty"`
}

// roles are the roles a representative is accredited in (R3): Decide refuses any other
// (checkClosed), and the catalogue lists them.
var roles = []string{"head", "alternate"}

func (*Accredit) closedFields() map[string][]string { return map[string][]string{"role": roles} }

func (*Accredit) Kind() Kind { return "accredit" }

// Accredited records a representative of a member State. An alternate is Approved only once the
// Chairman has approved it.
type Accredited struct {
	State    StateCode `json:"state"`
	Person   string    `json:"person"`
	Role     string    `json:"role"`
	Approved bool      `json:"approved"`
}

func (*Accredited) EventName() string { return "accredited" }

// A Representative is a person accredited to represent a member State (R3).
type Representative struct {
	Person   string
	Role     string
	Approved bool
	Since    time.Time
}

// Accredit: a member State is represented by its Head of State or Government; an alternate
// attends with the Chairman's approval (R3). A State accredits; the Chairman approves an
// alternate by accrediting the same person, naming the State.
func (b *Accredit) decide(d *decider) ([]Event, error) {
	if err := required("person", b.Person); err != nil {
		return nil, err
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

func (e *Accredited) apply(s *State, at time.Time) {
	m := s.States[e.State]
	rep := Representative{Person: e.Person, Role: e.Role, Approved: e.Approved, Since: at}
	if i := slices.IndexFunc(m.Representatives, func(r Representative) bool {
		return r.Person == e.Person && r.Role == e.Role
	}); i >= 0 {
		m.Representatives[i] = rep
	} else {
		m.Representatives = append(m.Representatives, rep)
	}
}
