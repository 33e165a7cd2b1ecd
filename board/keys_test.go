package board_test

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

// testKey returns a public key (base64, as acts carry it) and its id, derived from name.
func testKey(name string) (string, board.KeyID) {
	seed := sha256.Sum256([]byte("board keys test " + name))
	pub := ed25519.NewKeyFromSeed(seed[:]).Public().(ed25519.PublicKey)
	return base64.StdEncoding.EncodeToString(pub), board.KeyIDOf(pub)
}

// keyed returns a record established by the secretariat (key "secretariat-1"), with one key for
// the Chairman ("chairman-1") and one for Kazakhstan ("kaz-1").
func keyed(t *testing.T) *world {
	t.Helper()
	w := newWorld(nil)
	sec, _ := testKey("secretariat-1")
	w.must(t, eif, board.Secretariat, &board.Establish{Rules: w.rules.Source, Key: sec})
	for actor, name := range map[board.ActorID]string{board.Chairman: "chairman-1", "state:KAZ": "kaz-1"} {
		k, _ := testKey(name)
		w.must(t, eif, board.Secretariat, &board.RegisterKey{Actor: actor, Key: k})
	}
	return w
}

// wantKey checks whether key name of actor is valid in w's state.
func (w *world) wantKey(t *testing.T, actor board.ActorID, name string, valid bool) {
	t.Helper()
	_, id := testKey(name)
	if _, err := w.state.ValidKey(actor, id); (err == nil) != valid {
		t.Errorf("key %s of %s: valid = %v (%v), want %v", name, actor, err == nil, err, valid)
	}
}

// TestKeyLockout (issue 17, finding 10): the secretariat could revoke its only key, after which
// no key could ever be registered again. The last valid key of the secretariat or of the Chairman
// cannot be revoked, by anyone; another can once a second key is registered; other actors may
// revoke their last key (the secretariat registers them a new one).
func TestKeyLockout(t *testing.T) {
	at := eif.Add(time.Hour)
	for _, c := range []struct {
		name        string
		by, actor   board.ActorID
		key         string
		refused     bool
		second, msg string
	}{
		{name: "the secretariat's only key, by itself", by: board.Secretariat, actor: board.Secretariat, key: "secretariat-1", refused: true},
		{name: "the Chairman's only key, by itself", by: board.Chairman, actor: board.Chairman, key: "chairman-1", refused: true},
		{name: "the Chairman's only key, by the secretariat", by: board.Secretariat, actor: board.Chairman, key: "chairman-1", refused: true},
		{name: "the secretariat's key, with a second one", by: board.Secretariat, actor: board.Secretariat, key: "secretariat-1", second: "secretariat-2"},
		{name: "the Chairman's key, with a second one", by: board.Chairman, actor: board.Chairman, key: "chairman-1", second: "chairman-2"},
		{name: "a State's only key", by: "state:KAZ", actor: "state:KAZ", key: "kaz-1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := keyed(t)
			if c.second != "" {
				k, _ := testKey(c.second)
				w.must(t, at, board.Secretariat, &board.RegisterKey{Actor: c.actor, Key: k})
			}
			_, id := testKey(c.key)
			err := w.do(t, at, c.by, &board.RevokeKey{Actor: c.actor, KeyID: id})
			if !c.refused {
				if err != nil {
					t.Fatalf("revoke-key: %v; want accepted", err)
				}
				w.wantKey(t, c.actor, c.key, false)
				if c.second != "" { // the other key is now the last: it stays
					_, id2 := testKey(c.second)
					wantRefusal(t, w.do(t, at, c.by, &board.RevokeKey{Actor: c.actor, KeyID: id2}), board.Refused, "")
					w.wantKey(t, c.actor, c.second, true)
				}
				return
			}
			wantRefusal(t, err, board.Refused, "")
			if msg := err.Error(); !strings.Contains(msg, "last valid key of the "+string(c.actor)) || !strings.Contains(msg, "replaces="+string(id)) {
				t.Errorf("refusal %q: want it to say that this is the last key, and how to rotate it", msg)
			}
			w.wantKey(t, c.actor, c.key, true)
			// Registering a key still works: the record is not locked.
			k, _ := testKey("after")
			w.must(t, at, board.Secretariat, &board.RegisterKey{Actor: "state:QAT", Key: k})
		})
	}
}

// TestKeyRotation: register-key with replaces registers the new key and revokes the old in one
// act, from the same instant; the actor itself or the secretariat may rotate; the replaced key
// must be a valid key of the same actor. Without replaces, register-key means what it always did.
func TestKeyRotation(t *testing.T) {
	at := eif.Add(time.Hour)
	newKey, newID := testKey("new")
	_, sec1 := testKey("secretariat-1")
	_, chair1 := testKey("chairman-1")
	_, kaz1 := testKey("kaz-1")

	t.Run("the secretariat rotates its only key", func(t *testing.T) {
		w := keyed(t)
		events := w.events(t, at, board.Secretariat, &board.RegisterKey{Actor: board.Secretariat, Key: newKey, Replaces: sec1})
		if len(events) != 2 {
			t.Fatalf("events = %d, want a registration and a revocation", len(events))
		}
		if r, ok := events[0].(*board.KeyRegistered); !ok || r.KeyID != newID {
			t.Errorf("event 0 = %#v, want key %s registered", events[0], newID)
		}
		if r, ok := events[1].(*board.KeyRevoked); !ok || r.KeyID != sec1 || r.Actor != board.Secretariat {
			t.Errorf("event 1 = %#v, want key %s of the secretariat revoked", events[1], sec1)
		}
		w.wantKey(t, board.Secretariat, "new", true)
		w.wantKey(t, board.Secretariat, "secretariat-1", false)
		if k := w.state.Keys[sec1]; !k.Revoked.Equal(at) || !w.state.Keys[newID].Registered.Equal(at) {
			t.Errorf("revoked %s, registered %s; want both at %s", k.Revoked, w.state.Keys[newID].Registered, at)
		}
	})
	t.Run("the Chairman rotates its own key", func(t *testing.T) {
		w := keyed(t)
		w.must(t, at, board.Chairman, &board.RegisterKey{Actor: board.Chairman, Key: newKey, Replaces: chair1})
		w.wantKey(t, board.Chairman, "new", true)
		w.wantKey(t, board.Chairman, "chairman-1", false)
	})
	t.Run("the secretariat rotates a State's key", func(t *testing.T) {
		w := keyed(t)
		w.must(t, at, board.Secretariat, &board.RegisterKey{Actor: "state:KAZ", Key: newKey, Replaces: kaz1})
		w.wantKey(t, "state:KAZ", "kaz-1", false)
	})
	t.Run("without replaces, nothing is revoked", func(t *testing.T) {
		w := keyed(t)
		if events := w.events(t, at, board.Chairman, &board.RegisterKey{Actor: board.Chairman, Key: newKey}); len(events) != 1 {
			t.Errorf("events = %d, want the registration only", len(events))
		}
		w.wantKey(t, board.Chairman, "chairman-1", true)
		w.wantKey(t, board.Chairman, "new", true)
	})
	for _, c := range []struct {
		name      string
		by, actor board.ActorID
		replaces  board.KeyID
		kind      board.ErrorKind
	}{
		{"a key of another actor", board.Chairman, board.Chairman, sec1, board.NotFound},
		{"a key that is not registered", board.Chairman, board.Chairman, "0123456789abcdef", board.NotFound},
		{"another actor's rotation", "state:KAZ", board.Chairman, chair1, board.Forbidden},
	} {
		t.Run("refused: "+c.name, func(t *testing.T) {
			w := keyed(t)
			wantRefusal(t, w.do(t, at, c.by, &board.RegisterKey{Actor: c.actor, Key: newKey, Replaces: c.replaces}), c.kind, "")
			if _, ok := w.state.Keys[newID]; ok {
				t.Error("the refused rotation registered its key")
			}
		})
	}
	t.Run("refused: a revoked key", func(t *testing.T) {
		w := keyed(t)
		w.must(t, at, "state:KAZ", &board.RevokeKey{Actor: "state:KAZ", KeyID: kaz1})
		wantRefusal(t, w.do(t, at, board.Secretariat, &board.RegisterKey{Actor: "state:KAZ", Key: newKey, Replaces: kaz1}), board.NotFound, "")
	})
}
