package apiv1

import (
	"encoding/json"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/record"
)

// Entry is one entry of the public record (GET /api/v1/entries, and the data of each event of
// GET /api/v1/events): the signed act as its canonical JSON object, the events it produced, and,
// when asked for one entry, its receipt.
type Entry struct {
	Index uint64 `json:"index"`
	At    string `json:"at"` // the act's effective time, RFC 3339
	Actor string `json:"actor"`
	Kind  string `json:"kind"`
	// Act is the act's canonical bytes, which are a JSON object: {"at", "by", "act", "fields"}.
	Act       json.RawMessage `json:"act"`
	KeyID     string          `json:"key_id"`
	Signature []byte          `json:"signature"` // Ed25519, base64
	// Events are the events deciding the act produced: [{"event": NAME, "data": {...}}].
	Events json.RawMessage `json:"events"`
	// Receipt proves the entry is in the log's latest checkpoint: the record's own receipt
	// format, which record.Receipt.Check verifies offline.
	Receipt *record.Receipt `json:"receipt,omitempty"`
}

// InclusionProof proves that entry Index is in the tree of the first TreeSize entries (RFC
// 6962). Checkpoint is the log's signed checkpoint of that tree when it is the latest, else
// null: a client then checks the proof against a checkpoint it holds.
type InclusionProof struct {
	Index      uint64      `json:"index"`
	TreeSize   uint64      `json:"tree_size"`
	Checkpoint *string     `json:"checkpoint"`
	Proof      []tlog.Hash `json:"inclusion_proof"`
}

// ConsistencyProof proves that the tree of the first From entries is a prefix of the tree of
// the first To (RFC 6962).
type ConsistencyProof struct {
	From  uint64      `json:"from"`
	To    uint64      `json:"to"`
	Proof []tlog.Hash `json:"consistency_proof"`
}
