// Package engine is the single writer of the record: it checks an act's signature, decides it
// against the state and the rules, appends it with its events to the store in one transaction,
// and only then applies the events. Reads see the state as of any instant.
package engine

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// A SignedAct is an act with its actor's signature over the act's canonical bytes.
type SignedAct struct {
	Act       board.Act
	KeyID     string
	Signature []byte
}

// Keys resolves the public key an actor signed with.
type Keys interface {
	// PublicKey returns the key keyID of actor, or an Unauthorized error.
	PublicKey(actor board.ActorID, keyID string) (ed25519.PublicKey, error)
}

// Engine applies acts to one record. It is safe for concurrent use: writes are serialized, reads
// run alongside them.
type Engine struct {
	store Store
	meta  Meta
	rules *charter.Rules
	keys  Keys

	write sync.Mutex // serializes Submit

	mu    sync.RWMutex // guards state and next
	state *board.State
	next  uint64
}

// Create records meta in a new store and opens an engine on it.
func Create(ctx context.Context, store Store, meta Meta) (*Engine, error) {
	if _, err := charter.Parse("rules", meta.Rules); err != nil {
		return nil, err
	}
	if err := store.Init(ctx, meta); err != nil {
		return nil, err
	}
	return Open(ctx, store)
}

// Open opens an engine on a store that was created before, rebuilding the state from the
// stored events.
func Open(ctx context.Context, store Store) (_ *Engine, err error) {
	meta, err := store.Meta(ctx)
	if err != nil {
		return nil, err
	}
	rules, err := charter.Parse("rules", meta.Rules)
	if err != nil {
		return nil, fmt.Errorf("the database's rules: %w", err)
	}
	keys, err := keysFor(meta)
	if err != nil {
		return nil, err
	}
	e := &Engine{store: store, meta: meta, rules: rules, keys: keys}
	e.state, e.next, err = e.fold(ctx, time.Time{})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// fold rebuilds the state from stored events, up to and including instant until (all of them
// when until is zero), and returns it with the index after the last entry folded.
func (e *Engine) fold(ctx context.Context, until time.Time) (*board.State, uint64, error) {
	s := board.NewState(e.rules.Organization.Chairman)
	var next uint64
	errStop := errors.New("stop")
	err := e.store.Entries(ctx, 0, func(en record.Entry) error {
		if !until.IsZero() && en.At.After(until) {
			return errStop
		}
		if en.Index != next {
			return &board.Error{Kind: board.Internal, Msg: fmt.Sprintf("record: entry %d found where %d was expected", en.Index, next)}
		}
		events, err := board.DecodeEvents(en.Events)
		if err != nil {
			return &board.Error{Kind: board.Internal, Msg: fmt.Sprintf("record: entry %d", en.Index), Err: err}
		}
		s.Apply(en.At, events)
		next++
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, 0, err
	}
	return s, next, nil
}

// Rules returns the rules the record runs under.
func (e *Engine) Rules() *charter.Rules { return e.rules }

// Meta returns the database's meta.
func (e *Engine) Meta() Meta { return e.meta }

// Len returns the number of entries in the record.
func (e *Engine) Len() uint64 {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.next
}

// Submit checks, decides, stores and applies one signed act, and returns its entry once it is
// durable. A refused act changes nothing and returns a *board.Error naming the rule.
func (e *Engine) Submit(ctx context.Context, sa SignedAct) (record.Entry, error) {
	canonical, err := sa.Act.Canonical()
	if err != nil {
		return record.Entry{}, board.Errorf(board.Invalid, "act: %v", err)
	}
	if _, err := board.ParseActor(string(sa.Act.By)); err != nil {
		return record.Entry{}, board.Errorf(board.Invalid, "%v", err)
	}
	key, err := e.keys.PublicKey(sa.Act.By, sa.KeyID)
	if err != nil {
		return record.Entry{}, err
	}
	if !record.VerifyAct(key, canonical, sa.Signature) {
		return record.Entry{}, board.Errorf(board.Unauthorized, "the signature of %s by key %s does not verify", sa.Act.By, sa.KeyID)
	}

	e.write.Lock()
	defer e.write.Unlock()
	// Only Submit changes the state, and it holds e.write: reading it without e.mu is safe here.
	events, err := board.Decide(e.state, e.rules, sa.Act)
	if err != nil {
		return record.Entry{}, err
	}
	eventBytes, err := board.EncodeEvents(events)
	if err != nil {
		return record.Entry{}, &board.Error{Kind: board.Internal, Msg: "encode events", Err: err}
	}
	entry := record.Entry{
		Index:     e.next,
		At:        sa.Act.At.UTC(),
		Actor:     string(sa.Act.By),
		Kind:      string(sa.Act.Body.Kind()),
		Act:       canonical,
		KeyID:     sa.KeyID,
		Signature: sa.Signature,
		Events:    eventBytes,
	}
	if err := e.store.Append(ctx, []record.Entry{entry}); err != nil {
		return record.Entry{}, err
	}
	e.mu.Lock()
	e.state.Apply(entry.At, events)
	e.next++
	e.mu.Unlock()
	return entry, nil
}

// View calls fn with the state as of instant t and the rules. fn must not keep or change the
// state. For an instant before the last act, the state is rebuilt from the record up to t.
func (e *Engine) View(ctx context.Context, t time.Time, fn func(*board.State, *charter.Rules) error) error {
	e.mu.RLock()
	if !t.Before(e.state.Last) {
		defer e.mu.RUnlock()
		return fn(e.state, e.rules)
	}
	e.mu.RUnlock()
	s, _, err := e.fold(ctx, t)
	if err != nil {
		return err
	}
	return fn(s, e.rules)
}

// keysFor returns the keys a database's acts are signed with. Until keys are registered by acts,
// every record uses a development keyring named in its meta.
func keysFor(m Meta) (Keys, error) {
	seed, ok := strings.CutPrefix(m.Keyring, "dev:")
	if !ok {
		return nil, fmt.Errorf("the database names keyring %q; this version knows only development keyrings (dev:SEED)", m.Keyring)
	}
	return devKeys{record.DevKeyring{Seed: seed}}, nil
}

type devKeys struct{ ring record.DevKeyring }

func (k devKeys) PublicKey(actor board.ActorID, keyID string) (ed25519.PublicKey, error) {
	pub, id := k.ring.PublicKey(string(actor))
	if id != keyID {
		return nil, board.Errorf(board.Unauthorized, "unknown key %s for %s", keyID, actor)
	}
	return pub, nil
}

// DevKeyring returns the database's development keyring, to sign acts with in replays and tests.
func (e *Engine) DevKeyring() (record.DevKeyring, bool) {
	k, ok := e.keys.(devKeys)
	return k.ring, ok
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
	_, id := ring.PublicKey(string(a.By))
	return SignedAct{Act: a, KeyID: id, Signature: record.SignAct(ring.Key(string(a.By)), canonical)}, nil
}
