package apiv1

// PossibleActs is what an actor may do as of an instant, as the rules say (GET
// /api/v1/actors/{actor}/acts): what a signing workspace offers its user. Items are the
// targeted acts first (by act, then target id), then the untargeted ones (by act).
type PossibleActs struct {
	Actor string        `json:"actor"`
	AsOf  string        `json:"as_of"` // RFC 3339
	Items []PossibleAct `json:"items"`
}

// PossibleAct is one act the actor may make. To make it, a client sets Fields as they are, fills
// in the Inputs, and signs the act.
//
// A targeted act (Targeted) names something in the record, its target, in Fields (the proposal
// voted on, the removal vetoed); it is listed once per target, and only when deciding it at
// the instant, with placeholder inputs, was accepted by the rules. An untargeted act (a pledge,
// a proposal) is listed because the actor's kind may make it at all; its Fields are empty, its
// Inputs every field of its kind, and it is decided when submitted.
type PossibleAct struct {
	Act    string            `json:"act"`    // the act's kind: vote, consent, pledge, …
	Fields map[string]string `json:"fields"` // the fixed fields, by name
	Inputs []string          `json:"inputs"` // the fields the actor fills in, by name
	// Options gives, for an input whose values are a closed list here, the values the rules
	// accept (a vote's choice: yes, no, abstain; the proposals an agenda may hold).
	Options  map[string][]string `json:"options"`
	About    *About              `json:"about"`    // what a targeted act is about; null if nothing in particular
	Rule     *string             `json:"rule"`     // the charter rule it is made under (R11); null for the record's own acts (keys)
	Targeted bool                `json:"targeted"` // offered because the rules would accept it now
}

// About is what a targeted act is about, for a person choosing it.
type About struct {
	// Kind is proposal, invitation, membership, removal, meeting, disbursement or executive.
	Kind  string `json:"kind"`
	ID    string `json:"id"`    // a proposal's id, a State's ISO3 code, a meeting's id, …
	Title string `json:"title"` // a proposal's title, a State's English short name, a meeting's place and date
}
