package board

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/peaceboard/peaceboard/charter"
)

// A StateCode is an ISO 3166-1 alpha-3 code ("KAZ"), or "XKX" for Kosovo, as in common use.
// Which codes name States is the rules' pinned list (charter.States): CheckState.
type StateCode string

// Valid reports whether c has the shape of an alpha-3 code: three capital letters. It says
// nothing of whether a State bears the code: CheckState does.
func (c StateCode) Valid() bool {
	if len(c) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if c[i] < 'A' || c[i] > 'Z' {
			return false
		}
	}
	return true
}

// CheckState refuses, as Invalid, a code that names no State under the rules: one not of the
// shape of an alpha-3 code, or, when the rules pin a list of codes (states.codes), not in it.
func CheckState(r *charter.Rules, code StateCode) error {
	switch {
	case !code.Valid():
		return Errorf(Invalid, "state %q is not an ISO 3166-1 alpha-3 code (like KAZ)", code)
	case !r.States.Codes.Has(string(code)):
		return Errorf(Invalid, "state %q is not an ISO 3166-1 alpha-3 code, nor XKX (Kosovo): no State bears it in the list of codes the rules pin (%s)",
			code, r.States.Codes.Name)
	}
	return nil
}

// CheckActor is ParseActor, and for a State's delegation (state:ISO3) CheckState: it refuses,
// as Invalid, an actor the rules do not know.
func CheckActor(r *charter.Rules, s string) (ActorID, error) {
	a, err := ParseActor(s)
	if err != nil {
		return "", Errorf(Invalid, "%v", err)
	}
	if code, ok := a.State(); ok {
		if err := CheckState(r, code); err != nil {
			return "", Errorf(Invalid, "actor %q: %v", s, err)
		}
	}
	return a, nil
}

// An ActorID names who performs an act, in actor form: "chairman", "state:KAZ", "org:fifa",
// "executive:rubio", "chief-executive" or "secretariat".
type ActorID string

// The actors that are not parameterized.
const (
	Chairman       ActorID = "chairman"
	ChiefExecutive ActorID = "chief-executive"
	Secretariat    ActorID = "secretariat"
)

// An ActorKind is the part of an ActorID before the colon: "state" for "state:KAZ".
type ActorKind string

// The kinds of actor.
const (
	ActorChairman       ActorKind = "chairman"
	ActorState          ActorKind = "state"
	ActorOrg            ActorKind = "org"
	ActorExecutive      ActorKind = "executive"
	ActorChiefExecutive ActorKind = "chief-executive"
	ActorSecretariat    ActorKind = "secretariat"
)

// ActorKinds lists every kind of actor, in a fixed order.
var ActorKinds = []ActorKind{ActorChairman, ActorState, ActorOrg, ActorExecutive, ActorChiefExecutive, ActorSecretariat}

// slugPattern is a caller-chosen identifier's shape, unanchored: the act catalogue's description
// (catalogue.go) builds its patterns from it.
const slugPattern = `[a-z0-9][a-z0-9-]{0,62}`

var slug = regexp.MustCompile("^" + slugPattern + "$")

// ParseActor checks that s is a well-formed actor.
func ParseActor(s string) (ActorID, error) {
	a := ActorID(s)
	switch a {
	case Chairman, ChiefExecutive, Secretariat:
		return a, nil
	}
	kind, id, ok := strings.Cut(s, ":")
	switch {
	case !ok:
	case kind == "state":
		if StateCode(id).Valid() {
			return a, nil
		}
		return "", fmt.Errorf("actor %q: %q is not an ISO 3166-1 alpha-3 code (like KAZ)", s, id)
	case kind == "org" || kind == "executive":
		if slug.MatchString(id) {
			return a, nil
		}
		return "", fmt.Errorf("actor %q: %q is not an identifier (lower-case letters, digits, dashes)", s, id)
	}
	return "", fmt.Errorf("unknown actor %q (want chairman, state:ISO3, org:ID, executive:ID, chief-executive or secretariat)", s)
}

// Kind returns the kind of a, which must be well-formed.
func (a ActorID) Kind() ActorKind {
	kind, _, _ := strings.Cut(string(a), ":")
	return ActorKind(kind)
}

// State returns the State an actor "state:ISO3" stands for.
func (a ActorID) State() (StateCode, bool) {
	code, ok := strings.CutPrefix(string(a), "state:")
	return StateCode(code), ok
}

// Executive returns the Executive Board member an actor "executive:ID" stands for.
func (a ActorID) Executive() (ExecutiveID, bool) {
	id, ok := strings.CutPrefix(string(a), "executive:")
	return ExecutiveID(id), ok
}

// StateActor returns the actor form of a State's delegation.
func StateActor(c StateCode) ActorID { return ActorID("state:" + string(c)) }

// Identifiers chosen by callers for the things acts create. Each is unique within its kind.
type (
	ExecutiveID  string
	SubsidiaryID string
	RemovalID    string
)

// IsSlug reports whether s is a valid caller-chosen identifier.
func IsSlug(s string) bool { return slug.MatchString(s) }

// Identifiers chosen by callers for meetings and decisions. A DecisionID names a proposal or a
// directive: both are decisions of the Board, and one id names one of them only.
type (
	MeetingID  string
	DecisionID string
)

// Identifiers of the treasury's things, chosen by the acts that create them.
type (
	FundID         string
	AccountID      string
	ProgrammeID    string
	DisbursementID string
)

// EntryID identifies a ledger entry. Entries get "e1", "e2", … in order, unless the act that
// makes one (a pledge, a receipt) gives its own id; ids of the form e<digits> are kept for the
// ledger's own numbering.
type EntryID string
