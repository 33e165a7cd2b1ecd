package board

import (
	"cmp"
	"slices"
	"time"
)

// KeyView is a key as of an instant. It is a copy: it shares nothing with the State.
type KeyView struct {
	Key
	// Valid reports whether the key was registered and not revoked at the instant: an act
	// signed with it then is checked against it.
	Valid bool
}

func keyView(k *Key, t time.Time) KeyView {
	c := *k
	c.Public = slices.Clone(k.Public)
	if t.Before(c.Revoked) {
		c.Revoked = time.Time{} // not yet
	}
	return KeyView{Key: c, Valid: !t.Before(k.Registered) && c.Revoked.IsZero()}
}

// KeyAt returns key id as of t: NotFound if it was not registered by then (Invalid if id is not
// a key id at all).
func (s *State) KeyAt(id KeyID, t time.Time) (KeyView, error) {
	if err := CheckKeyID(id); err != nil {
		return KeyView{}, err
	}
	k, ok := s.Keys[id]
	if !ok || t.Before(k.Registered) {
		return KeyView{}, Errorf(NotFound, "no key %s was registered as of %s", id, t.UTC().Format(time.RFC3339))
	}
	return keyView(k, t), nil
}

// KeysAt returns the keys registered as of t, of actor only if it is not "", sorted by actor
// and then by key id.
func (s *State) KeysAt(actor ActorID, t time.Time) []KeyView {
	var out []KeyView
	for _, k := range s.Keys {
		if (actor == "" || k.Actor == actor) && !t.Before(k.Registered) {
			out = append(out, keyView(k, t))
		}
	}
	slices.SortFunc(out, func(a, b KeyView) int { return cmp.Or(cmp.Compare(a.Actor, b.Actor), cmp.Compare(a.ID, b.ID)) })
	return out
}
