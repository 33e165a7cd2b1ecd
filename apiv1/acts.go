package apiv1

import "encoding/json"

// SignedAct is the body of POST /api/v1/acts: an act, its actor's key id, and the actor's
// Ed25519 signature over "peaceboard act v2\n" followed by the act's canonical bytes
// (record.SignAct): the act object {"act","at","by","fields"} in RFC 8785 form, act format v2,
// which docs/signing.md specifies for signers in any language. The act is given either as its
// canonical bytes (Canonical, base64) or as the JSON object those bytes are (Act); exactly one
// of the two. Canonical bytes not in RFC 8785 form, or in the retired act format v1, are refused
// (400). Given Act, the server computes its canonical bytes and checks the signature over them:
// a client signs what board.Act.Canonical produces. An accepted act is answered with its
// record.Receipt.
type SignedAct struct {
	Canonical []byte     `json:"canonical,omitempty"`
	Act       *ActObject `json:"act,omitempty"`
	KeyID     string     `json:"key_id"`
	Signature []byte     `json:"signature"`
}

// ActObject is an act as the JSON object of its canonical bytes (its members in any order: the
// server writes them in RFC 8785 form).
type ActObject struct {
	At     string          `json:"at"`  // RFC 3339
	By     string          `json:"by"`  // the actor, like chairman or state:KAZ
	Act    string          `json:"act"` // the act's kind, like invite
	Fields json.RawMessage `json:"fields,omitempty"`
}
