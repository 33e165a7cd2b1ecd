package engine

import (
	"crypto/sha256"

	"github.com/peaceboard/peaceboard/board"
)

// An actSet holds the acts of a record by a hash of their canonical bytes, with each act's
// entry: an act is recorded once. A client retrying after it lost an answer, or anyone
// submitting again a signed act copied from the public record, gets a conflict that names the
// entry holding it. Acts meant to happen twice differ in their time or their content.
type actSet map[actHash]uint64

// An actHash is the first 128 bits of the SHA-256 of an act's canonical bytes.
type actHash [16]byte

func hashAct(canonical []byte) actHash {
	sum := sha256.Sum256(canonical)
	return actHash(sum[:16])
}

// duplicate is the answer to an act that the record holds already, as entry i.
func duplicate(i uint64) error {
	return board.Errorf(board.Conflict, "this act is already in the record, as entry %d", i)
}
