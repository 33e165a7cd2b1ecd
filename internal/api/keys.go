package api

import (
	"encoding/base64"
	"net/http"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// key answers one key as of the instant asked about: what a workspace checks to know whether the
// key it holds is registered for its actor, and still valid.
func (a *API) key(w http.ResponseWriter, r *http.Request) error {
	id := board.KeyID(r.PathValue("key_id"))
	if err := board.CheckKeyID(id); err != nil {
		return err
	}
	var out apiv1.Key
	if err := a.view(r, func(s *board.State, _ *charter.Rules, t time.Time) error {
		v, err := s.KeyAt(id, t)
		if err != nil {
			return err
		}
		out = NewKey(v)
		return nil
	}); err != nil {
		return err
	}
	return writeJSON(w, out)
}

// keys lists the keys registered as of the instant asked about, of one actor with ?actor=.
func (a *API) keys(w http.ResponseWriter, r *http.Request) error {
	var actor board.ActorID
	if v := r.URL.Query().Get("actor"); v != "" {
		var err error
		if actor, err = board.CheckActor(a.engine.Rules(), v); err != nil {
			return err
		}
	}
	var out []apiv1.Key
	if err := a.view(r, func(s *board.State, _ *charter.Rules, t time.Time) error {
		for _, v := range s.KeysAt(actor, t) {
			out = append(out, NewKey(v))
		}
		return nil
	}); err != nil {
		return err
	}
	p, err := paginate(r, out, func(k apiv1.Key) string { return k.KeyID })
	if err != nil {
		return err
	}
	return writeJSON(w, p)
}

// NewKey returns the wire form of a key view.
func NewKey(v board.KeyView) apiv1.Key {
	return apiv1.Key{KeyID: string(v.ID), Actor: string(v.Actor), Key: base64.StdEncoding.EncodeToString(v.Public),
		RegisteredAt: Instant(v.Registered), RevokedAt: InstantOrNull(v.Revoked), Development: v.Development, Valid: v.Valid}
}
