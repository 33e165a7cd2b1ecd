package board

import "time"

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
	// state's ballots, comments, progress reports and ledger (Grafted), those up to an instant make the state as of
	// that instant. The engine's machinery for it, and why it lives here, is in reshape.go.
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
	Keys         map[KeyID]*Key

	Meetings       map[MeetingID]*Meeting   // meetings convened (R10, R12)
	Decisions      map[DecisionID]*Decision // proposals and directives (R9, R11, R15)
	MandateReports []MandateReport          // reports under the rules file's mandates

	Treasury *Treasury // funds, accounts, rates, the ledger (R5, R18, R19)

	// WitnessPolicy is the witness policy the latest set-witness-policy set; nil before the
	// first (witness_policy.go).
	WitnessPolicy *WitnessPolicy
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
		Keys:         map[KeyID]*Key{},
		Meetings:     map[MeetingID]*Meeting{},
		Decisions:    map[DecisionID]*Decision{},
		Treasury:     newTreasury(),
	}
}

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
