package engine

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// DevKeyring returns the database's development keyring, if it has one.
func (e *Engine) DevKeyring() (record.DevKeyring, bool) {
	seed, ok := strings.CutPrefix(e.meta.Keyring, "dev:")
	return record.DevKeyring{Seed: seed}, ok
}

// SignDev signs an act with the database's development keyring.
func (e *Engine) SignDev(a board.Act) (SignedAct, error) {
	ring, ok := e.DevKeyring()
	if !ok {
		return SignedAct{}, errors.New("this database has no development keyring")
	}
	canonical, err := a.Canonical()
	if err != nil {
		return SignedAct{}, board.Errorf(board.Invalid, "act: %v", err)
	}
	id := board.KeyIDOf(ring.PublicKey(string(a.By)))
	return SignedAct{Act: a, KeyID: id, Signature: record.SignAct(ring.Key(string(a.By)), canonical)}, nil
}

// SubmitDev signs an act with the development keyring and submits it, to be recorded at its own
// time (as a replay records history), even on an engine with a clock. It first establishes the
// record if it is empty, and registers the actor's development key if the actor has none; those
// acts go into the record like any other, marked as development keys, so that a verifier sees
// exactly how every act was signed.
func (e *Engine) SubmitDev(ctx context.Context, a board.Act) (Accepted, error) {
	ring, ok := e.DevKeyring()
	if !ok {
		return Accepted{}, errors.New("this database has no development keyring")
	}
	if e.Len() == 0 {
		pub := ring.PublicKey(string(board.Secretariat))
		est := board.Act{At: a.At, By: board.Secretariat, Body: &board.Establish{
			Rules: e.meta.Rules, Key: base64.StdEncoding.EncodeToString(pub), Development: true,
		}}
		if _, err := e.submitDev(ctx, est); err != nil {
			return Accepted{}, err
		}
	}
	e.mu.RLock()
	has := e.state.HasKey(a.By)
	e.mu.RUnlock()
	if !has {
		if _, err := board.ParseActor(string(a.By)); err != nil {
			return Accepted{}, board.Errorf(board.Invalid, "%v", err)
		}
		pub := ring.PublicKey(string(a.By))
		reg := board.Act{At: a.At, By: board.Secretariat, Body: &board.RegisterKey{
			Actor: a.By, Key: base64.StdEncoding.EncodeToString(pub), Development: true,
		}}
		if _, err := e.submitDev(ctx, reg); err != nil {
			return Accepted{}, err
		}
	}
	return e.submitDev(ctx, a)
}

func (e *Engine) submitDev(ctx context.Context, a board.Act) (Accepted, error) {
	sa, err := e.SignDev(a)
	if err != nil {
		return Accepted{}, err
	}
	return e.submit(ctx, sa, false)
}
