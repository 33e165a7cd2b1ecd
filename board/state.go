package board

import (
	"maps"
	"slices"
	"time"
)

// State is the organization as the events applied so far left it. Anything that time alone
// changes (a term running out, a veto window closing) is not stored: views derive it from the
// events and the instant asked for.
type State struct {
	Last time.Time // the time of the last applied act
	Acts int       // how many acts were applied
	// Reshaped is the time of the last applied act whose events were not all AppendOnly: as of
	// any instant from then on, the views, given that instant, read this state as they would
	// read the state of only the acts up to it. Zero before the first act.
	Reshaped time.Time
	// Reshapes are the positions in the record (0 for the first act) of the acts applied whose
	// events were not all AppendOnly: applied again alone (ApplyReshaping), and given this
	// state's ballots, comments and ledger (Graft), those up to an instant make the state as of
	// that instant.
	Reshapes []int64

	InForce  time.Time // zero before entry into force
	Consents int       // consents received before entry into force (R8)

	States       map[StateCode]*Membership
	Chairman     string
	Successor    string
	Incapacity   map[ExecutiveID]bool // findings since the Chairman took office
	Executives   map[ExecutiveID]*Executive
	Subsidiaries map[SubsidiaryID]*Subsidiary
	Removals     map[RemovalID]*Removal
	Dissolved    time.Time
	Keys         map[string]*Key // by key ID

	Meetings       map[MeetingID]*Meeting   // meetings convened (R10, R12)
	Decisions      map[DecisionID]*Decision // proposals and directives (R9, R11, R15)
	MandateReports []MandateReport          // reports under the rules file's mandates

	Treasury *Treasury // funds, accounts, rates, the ledger (R5, R18, R19)
}

// NewState returns the state of an organization before any act: its inaugural Chairman only.
func NewState(chairman string) *State {
	return &State{
		Chairman:     chairman,
		States:       map[StateCode]*Membership{},
		Incapacity:   map[ExecutiveID]bool{},
		Executives:   map[ExecutiveID]*Executive{},
		Subsidiaries: map[SubsidiaryID]*Subsidiary{},
		Removals:     map[RemovalID]*Removal{},
		Keys:         map[string]*Key{},
		Meetings:     map[MeetingID]*Meeting{},
		Decisions:    map[DecisionID]*Decision{},
		Treasury:     newTreasury(),
	}
}

// InvitationStatus is where a State's latest invitation stands.
type InvitationStatus string

// The invitation statuses.
const (
	InviteOpen      InvitationStatus = "open"
	InviteDeclined  InvitationStatus = "declined"
	InviteWithdrawn InvitationStatus = "withdrawn"
	InviteAccepted  InvitationStatus = "accepted"
)

// Membership is one State's relation to the organization: its latest invitation and what
// followed it.
type Membership struct {
	State      StateCode
	Head       string
	Founding   bool
	Invited    time.Time
	Invitation InvitationStatus
	Answered   time.Time // when the invitation was declined, withdrawn or accepted

	Consented  time.Time
	Instrument string
	Place      string

	Start   time.Time // zero until membership starts: max(consent, entry into force)
	TermEnd time.Time // the first instant the State is no longer a member, unless permanent

	Ended     time.Time // an end set by an act (withdrawal, dissolution); zero if none
	EndReason EndReason

	Removals []RemovalID // removals proposed against this State, oldest first

	Representatives []Representative
}

// A Representative is a person accredited to represent a member State (R3).
type Representative struct {
	Person   string
	Role     string
	Approved bool
	Since    time.Time
}

// An Executive is a member, present or past, of the Executive Board.
type Executive struct {
	ID        ExecutiveID
	Person    string
	Appointed time.Time
	TermEnd   time.Time
	Removed   time.Time
}

// ServingAt reports whether x sits on the Executive Board at t.
func (x *Executive) ServingAt(t time.Time) bool {
	return !t.Before(x.Appointed) && t.Before(x.TermEnd) && (x.Removed.IsZero() || t.Before(x.Removed))
}

// A Subsidiary is a subsidiary entity (R14).
type Subsidiary struct {
	ID        SubsidiaryID
	Name      string
	Mandate   string
	Members   []string
	Created   time.Time
	Dissolved time.Time
}

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

// Apply records the events an act produced at time at. It is the only way a State changes.
func (s *State) Apply(at time.Time, events []Event) {
	s.Last = at
	s.Acts++
	if !AppendOnly(events) {
		s.Reshaped = at
		s.Reshapes = append(s.Reshapes, int64(s.Acts-1))
	}
	for _, e := range events {
		e.apply(s, at)
	}
}

// AppendOnly reports whether events only add what every view filters by the instant it is asked
// for: ballots and comments (by when they were cast or made) and ledger entries outside
// disbursements (by when they were recorded; a disbursement's entries also change its status).
// Votes, comments, pledges, receipts and their reversals make such events: a state that has
// them after an instant answers views as of that instant as the state of the acts up to it
// would. Any other event changes what views read without a time (a membership, an office, a
// meeting, a decision's status).
func AppendOnly(events []Event) bool {
	for _, e := range events {
		switch e := e.(type) {
		case *Voted, *Commented:
		case *Posted:
			if e.Entry.Disbursement != "" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// ApplyReshaping applies an act's events as Apply does, but for those that are AppendOnly: the
// ballots, comments and ledger entries they would add come from Graft. A Posted event of a
// disbursement changes the disbursement, and adds nothing to the ledger.
func (s *State) ApplyReshaping(at time.Time, events []Event) {
	s.Last = at
	s.Acts++
	s.Reshaped = at
	for _, e := range events {
		switch e := e.(type) {
		case *Voted, *Commented:
		case *Posted:
			if e.Entry.Disbursement != "" {
				e.applyToDisbursement(s, at)
			}
		default:
			e.apply(s, at)
		}
	}
}

// Graft gives s, a state of the acts that were not AppendOnly up to an instant (ApplyReshaping),
// the ballots, comments and ledger of latest, a state of every act up to a later instant, and
// latest's last act, so that every view asked as of s's instant leaves out what latest holds
// after it. s then shares them with latest: neither must change while s is read.
func (s *State) Graft(latest *State) {
	for id, x := range s.Decisions {
		if y, ok := latest.Decisions[id]; ok {
			x.Comments, x.Ballots = y.Comments, y.Ballots
		}
	}
	s.Treasury.Ledger = latest.Treasury.Ledger
	s.Last = latest.Last
}

func (e *Invited) apply(s *State, at time.Time) {
	s.States[e.State] = &Membership{State: e.State, Head: e.Head, Founding: e.Founding, Invited: at, Invitation: InviteOpen}
}

func (e *InvitationWithdrawn) apply(s *State, at time.Time) {
	m := s.States[e.State]
	m.Invitation, m.Answered = InviteWithdrawn, at
}

func (e *Declined) apply(s *State, at time.Time) {
	m := s.States[e.State]
	m.Invitation, m.Answered = InviteDeclined, at
}

func (e *Consented) apply(s *State, at time.Time) {
	m := s.States[e.State]
	m.Invitation, m.Answered = InviteAccepted, at
	m.Consented, m.Instrument, m.Place = at, e.Instrument, e.Place
	if s.InForce.IsZero() {
		s.Consents++
	}
}

func (e *EnteredIntoForce) apply(s *State, at time.Time) {
	s.InForce = at
}

func (e *MembershipStarted) apply(s *State, at time.Time) {
	m := s.States[e.State]
	m.Start, m.TermEnd = e.Start, e.TermEnd
}

func (e *TermRenewed) apply(s *State, at time.Time) {
	s.States[e.State].TermEnd = e.TermEnd
}

func (e *Withdrew) apply(s *State, at time.Time) {
	m := s.States[e.State]
	m.Ended, m.EndReason = e.Effective, EndWithdrawn
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

func (e *Dissolved) apply(s *State, at time.Time) {
	s.Dissolved = at
	for _, m := range s.States {
		if m.Ended.IsZero() {
			m.Ended, m.EndReason = at, EndDissolved
		}
	}
}

func (e *SuccessorDesignated) apply(s *State, at time.Time) {
	s.Successor = e.Person
}

func (e *ChairmanReplaced) apply(s *State, at time.Time) {
	s.Chairman, s.Successor = e.Chairman, ""
	clear(s.Incapacity)
}

func (e *IncapacityFound) apply(s *State, at time.Time) {
	s.Incapacity[e.Executive] = true
}

func (e *ExecutiveAppointed) apply(s *State, at time.Time) {
	s.Executives[e.ID] = &Executive{ID: e.ID, Person: e.Person, Appointed: at, TermEnd: e.TermEnd}
}

func (e *ExecutiveRenewed) apply(s *State, at time.Time) {
	s.Executives[e.ID].TermEnd = e.TermEnd
}

func (e *ExecutiveRemoved) apply(s *State, at time.Time) {
	s.Executives[e.ID].Removed = at
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

// ServingExecutives returns the Executive Board members serving at t, by ID.
func (s *State) ServingExecutives(t time.Time) []*Executive {
	var out []*Executive
	for _, id := range slices.Sorted(maps.Keys(s.Executives)) {
		if x := s.Executives[id]; x.ServingAt(t) {
			out = append(out, x)
		}
	}
	return out
}
