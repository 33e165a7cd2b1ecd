package apiv1

// Key is an actor's registered public key as of an instant (GET /api/v1/keys/{key_id}, and the
// items of GET /api/v1/keys): what a signer checks before it signs with the private half.
type Key struct {
	KeyID        string  `json:"key_id"` // 16 lowercase hexadecimal digits: the first 8 bytes of SHA-256 of the key
	Actor        string  `json:"actor"`  // chairman, state:KAZ, executive:rubio, …
	Key          string  `json:"key"`    // the Ed25519 public key, base64 (32 bytes)
	RegisteredAt string  `json:"registered_at"`
	RevokedAt    *string `json:"revoked_at"` // null while not revoked
	// Development is true for a key from a public seed (a demo or a replayed scenario): it
	// protects nothing.
	Development bool `json:"development"`
	// Valid is true when the key was registered and not revoked at the instant asked about:
	// acts signed with it are accepted then.
	Valid bool `json:"valid"`
}
