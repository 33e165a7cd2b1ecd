package engine

import (
	"bytes"
	"crypto/ed25519"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// signingKey returns the key an act must be signed with: for the record's first act
// (establish), the key it registers; for any other, a registered, unrevoked key of its actor.
func signingKey(keys map[board.KeyID]*board.Key, sa SignedAct, n uint64) (ed25519.PublicKey, error) {
	est, establishing := sa.Act.Body.(*board.Establish)
	if establishing != (n == 0) {
		if establishing {
			return nil, board.Errorf(board.Conflict, "the record is already established")
		}
		return nil, board.Errorf(board.Invalid, "the record's first act must be establish")
	}
	if establishing {
		pub, err := est.EstablishKey()
		if err != nil {
			return nil, err
		}
		if board.KeyIDOf(pub) != sa.KeyID {
			return nil, board.Errorf(board.Unauthorized, "establish must be signed by the key it registers")
		}
		return pub, nil
	}
	if _, err := board.ParseActor(string(sa.Act.By)); err != nil {
		return nil, board.Errorf(board.Invalid, "%v", err)
	}
	k, err := board.ValidKeyIn(keys, sa.Act.By, sa.KeyID)
	if err != nil {
		return nil, err
	}
	return k.Public, nil
}

// publishKeys copies the state's keys for Submit. The caller is the writer, or holds e.mu.
func (e *Engine) publishKeys() {
	keys := e.state.CopyKeys()
	verifiers := make(map[board.KeyID]*record.VerifyingKey, len(keys))
	old := e.verifiers.Load()
	for id, k := range keys {
		if old != nil {
			if v := (*old)[id]; v != nil && bytes.Equal(v.Public(), k.Public) {
				verifiers[id] = v
				continue
			}
		}
		if v, err := record.NewVerifyingKey(k.Public); err == nil {
			verifiers[id] = v
		}
	}
	e.verifiers.Store(&verifiers)
	e.keys.Store(&keys)
}

// verifyingKey returns key, whose id is id, decoded for checking signatures: the one decoded
// when the key was registered, or decoded now (the key of establish); nil if it is no key.
func (e *Engine) verifyingKey(id board.KeyID, key ed25519.PublicKey) *record.VerifyingKey {
	if m := e.verifiers.Load(); m != nil {
		if v := (*m)[id]; v != nil && bytes.Equal(v.Public(), key) {
			return v
		}
	}
	v, _ := record.NewVerifyingKey(key)
	return v
}

// changesKeys reports whether events register or revoke a key.
func changesKeys(events []board.Event) bool {
	for _, ev := range events {
		switch ev.(type) {
		case *board.KeyRegistered, *board.KeyRevoked:
			return true
		}
	}
	return false
}

func badSignature(sa SignedAct) error {
	return board.Errorf(board.Unauthorized, "the signature of %s by key %s does not verify", sa.Act.By, sa.KeyID)
}
