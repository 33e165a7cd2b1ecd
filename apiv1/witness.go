package apiv1

// WitnessPolicy is the record's witness policy as of an instant (GET /api/v1/witness-policy): the
// witnesses (C2SP tlog-witness) whose cosignatures (C2SP tlog-cosignature) a checkpoint of the
// log needs, and how many of them, as the latest set-witness-policy act up to that instant set it.
type WitnessPolicy struct {
	Witnesses []PolicyWitness `json:"witnesses"` // 1 to 64, in the act's order
	Quorum    int             `json:"quorum"`    // how many of them must cosign a checkpoint
	SetAt     string          `json:"set_at"`    // the recorded instant of the act that set it
	Entry     uint64          `json:"entry"`     // the index of that act's entry in the record
}

// PolicyWitness is one witness of a witness policy, as the act names it.
type PolicyWitness struct {
	Name string `json:"name"`          // its key name, as its signed notes give it
	Key  string `json:"key"`           // its Ed25519 public key: 64 lowercase hexadecimal digits
	URL  string `json:"url,omitempty"` // where it answers add-checkpoint requests, if the policy says
}
