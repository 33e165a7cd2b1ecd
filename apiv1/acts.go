package apiv1

import "encoding/json"

// SignedAct is the body of POST /api/v1/acts: an act, its actor's key id, and the actor's
// Ed25519 signature over the act's canonical bytes (record.SignAct). The act is given either as
// its canonical bytes (Canonical, base64) or as the JSON object those bytes are (Act); exactly
// one of the two. The server computes the canonical bytes of Act and checks the signature over
// them: a client signs what board.Act.Canonical produces. An accepted act is answered with its
// record.Receipt.
type SignedAct struct {
	Canonical []byte     `json:"canonical,omitempty"`
	Act       *ActObject `json:"act,omitempty"`
	KeyID     string     `json:"key_id"`
	Signature []byte     `json:"signature"`
}

// ActObject is an act as the JSON object of its canonical bytes.
type ActObject struct {
	At     string          `json:"at"`  // RFC 3339
	By     string          `json:"by"`  // the actor, like chairman or state:KAZ
	Act    string          `json:"act"` // the act's kind, like invite
	Fields json.RawMessage `json:"fields,omitempty"`
}
