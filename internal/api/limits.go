package api

import (
	"crypto/ed25519"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
)

// checkEnvelope refuses a signed act whose key id or signature has the wrong shape, before its
// act is decoded (docs/api.md, "Limits of a request"): a key id is 16 lowercase hexadecimal
// digits, a signature 64 bytes.
func checkEnvelope(req *apiv1.SignedAct) error {
	if req.KeyID == "" {
		return board.Errorf(board.Invalid, "key_id is required")
	}
	if err := board.CheckKeyID(board.KeyID(req.KeyID)); err != nil {
		return err
	}
	switch len(req.Signature) {
	case 0:
		return board.Errorf(board.Invalid, "signature is required")
	case ed25519.SignatureSize:
		return nil
	}
	return board.Errorf(board.Invalid, "signature: %d bytes; want %d (Ed25519)", len(req.Signature), ed25519.SignatureSize)
}
