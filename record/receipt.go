package record

import (
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// A Receipt proves, to anyone holding the log's verifier key, that an entry is in the log: the
// entry's leaf bytes, a checkpoint signed by the log, and the inclusion proof of the leaf in the
// checkpoint's tree. Its JSON form is what the CLI writes and the API returns.
type Receipt struct {
	Index      uint64      `json:"index"`
	Leaf       []byte      `json:"leaf"`      // the leaf's canonical bytes (base64 in JSON)
	LeafHash   tlog.Hash   `json:"leaf_hash"` // RFC 6962 leaf hash (base64 in JSON)
	Checkpoint string      `json:"checkpoint"`
	Proof      []tlog.Hash `json:"inclusion_proof"`
}

// Check verifies the receipt offline: the checkpoint's signature by v, the leaf hash, and the
// inclusion proof. It returns the checkpoint the entry is proven to be in.
func (r Receipt) Check(v note.Verifier) (Checkpoint, error) {
	cp, err := OpenCheckpoint([]byte(r.Checkpoint), v)
	if err != nil {
		return Checkpoint{}, err
	}
	if got := tlog.RecordHash(r.Leaf); got != r.LeafHash {
		return Checkpoint{}, errors.New("receipt: the leaf hash is not the hash of the leaf")
	}
	if _, err := ParseLeaf(r.Leaf); err != nil {
		return Checkpoint{}, fmt.Errorf("receipt: %w", err)
	}
	if r.Index >= cp.Size {
		return Checkpoint{}, fmt.Errorf("receipt: entry %d is beyond the checkpoint's %d entries", r.Index, cp.Size)
	}
	if err := tlog.CheckRecord(r.Proof, int64(cp.Size), cp.Hash, int64(r.Index), r.LeafHash); err != nil {
		return Checkpoint{}, fmt.Errorf("receipt: %w", err)
	}
	return cp, nil
}
