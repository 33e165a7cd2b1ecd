// Package engine is the single writer of the record: it checks an act's signature against the
// keys registered in the record, decides it against the state and the rules, appends it with its
// events, tree hashes and a newly signed checkpoint in one transaction, and only then applies the
// events. Reads see the state as of any instant.
package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/tlog"

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

// A Receipt is what Submit returns for an accepted act: its entry, and the proof that the entry
// is in the checkpoint the log signed when it was appended.
type Receipt struct {
	Entry record.Entry
	Proof record.Receipt
}

// An Option configures an engine.
type Option func(*Engine)

// WithLogKey sets the key that signs the log's checkpoints. A record with a development keyring
// derives its log key from the keyring unless one is given; any other record without a log key
// is read-only: Submit fails.
func WithLogKey(k *record.LogKey) Option { return func(e *Engine) { e.key = k } }

// Engine applies acts to one record. It is safe for concurrent use: writes are serialized, reads
// run alongside them.
type Engine struct {
	store Store
	meta  Meta
	rules *charter.Rules
	key   *record.LogKey

	write sync.Mutex // serializes Submit

	mu         sync.RWMutex // guards what follows
	state      *board.State
	next       uint64      // entries in the record
	hashes     []tlog.Hash // every stored tree hash, by tlog.StoredHashIndex
	checkpoint SignedCheckpoint
}

// Create records meta in a new store and opens an engine on it. The record itself starts with
// its first act (establish).
func Create(ctx context.Context, store Store, meta Meta, opts ...Option) (*Engine, error) {
	if _, err := charter.Parse("rules", meta.Rules); err != nil {
		return nil, err
	}
	e := &Engine{meta: meta}
	e.configure(opts)
	if e.key == nil {
		return nil, board.Errorf(board.Invalid, "a new record needs a log key to sign its checkpoints")
	}
	meta.LogKey = e.key.VerifierKey
	if err := store.Init(ctx, meta); err != nil {
		return nil, err
	}
	return Open(ctx, store, opts...)
}

// Open opens an engine on a store that was created before, rebuilding the state from the
// stored events and checking that the stored tree matches the last signed checkpoint.
func Open(ctx context.Context, store Store, opts ...Option) (_ *Engine, err error) {
	meta, err := store.Meta(ctx)
	if err != nil {
		return nil, err
	}
	rules, err := charter.Parse("rules", meta.Rules)
	if err != nil {
		return nil, fmt.Errorf("the database's rules: %w", err)
	}
	e := &Engine{store: store, meta: meta, rules: rules}
	e.configure(opts)
	if e.key != nil && meta.LogKey != "" && e.key.VerifierKey != meta.LogKey {
		return nil, fmt.Errorf("the log key given is not the record's (%s)", meta.LogKey)
	}
	if e.state, e.next, err = e.fold(ctx, time.Time{}); err != nil {
		return nil, err
	}
	if err := store.Hashes(ctx, func(i int64, h tlog.Hash) error {
		if i != int64(len(e.hashes)) {
			return &board.Error{Kind: board.Internal, Msg: fmt.Sprintf("record: tree hash %d found where %d was expected", i, len(e.hashes))}
		}
		e.hashes = append(e.hashes, h)
		return nil
	}); err != nil {
		return nil, err
	}
	if want := tlog.StoredHashCount(int64(e.next)); int64(len(e.hashes)) != want {
		return nil, &board.Error{Kind: board.Internal, Msg: fmt.Sprintf("record: %d tree hashes for %d entries, want %d", len(e.hashes), e.next, want)}
	}
	if err := store.Checkpoints(ctx, e.next, func(c SignedCheckpoint) error { e.checkpoint = c; return nil }); err != nil {
		return nil, err
	}
	if e.next > 0 && e.checkpoint.Size != e.next {
		return nil, &board.Error{Kind: board.Internal, Msg: fmt.Sprintf("record: no checkpoint for its %d entries", e.next)}
	}
	if e.next > 0 && e.key != nil {
		// Never sign a checkpoint inconsistent with one signed before: the key must be the one
		// that signed the record's checkpoints, over the tree stored here.
		c, err := record.OpenCheckpoint(e.checkpoint.Note, e.key.Verifier)
		if err != nil {
			return nil, fmt.Errorf("the log key does not open the record's latest checkpoint: %w", err)
		}
		root, err := tlog.TreeHash(int64(e.next), e.hashReader())
		if err != nil || root != c.Hash {
			return nil, &board.Error{Kind: board.Internal, Msg: "record: the stored tree does not match the latest signed checkpoint"}
		}
	}
	return e, nil
}

// configure applies the options; a development record's log key is derived from its keyring.
func (e *Engine) configure(opts []Option) {
	if ring, ok := e.DevKeyring(); ok {
		e.key = ring.LogKey()
	}
	for _, opt := range opts {
		opt(e)
	}
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

// LogKey returns the log's key, or nil for a read-only engine.
func (e *Engine) LogKey() *record.LogKey { return e.key }

// Len returns the number of entries in the record.
func (e *Engine) Len() uint64 {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.next
}

// Checkpoint returns the latest signed checkpoint (a zero value for an empty record).
func (e *Engine) Checkpoint() SignedCheckpoint {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.checkpoint
}

// maxLeaf bounds an entry's leaf bytes, which entry bundles frame with a 16-bit length.
const maxLeaf = 60 << 10

// Submit checks, decides, stores and applies one signed act, and returns its receipt once the
// act is durable and in a signed checkpoint. A refused act changes nothing and returns a
// *board.Error naming the rule.
func (e *Engine) Submit(ctx context.Context, sa SignedAct) (Receipt, error) {
	if e.key == nil {
		return Receipt{}, &board.Error{Kind: board.Internal, Msg: "this engine has no log key and cannot write"}
	}
	e.write.Lock()
	defer e.write.Unlock()

	// Only Submit changes the state, and it holds e.write: reading it without e.mu is safe here.
	canonical, events, err := Admit(e.state, e.rules, sa, e.next)
	if err != nil {
		return Receipt{}, err
	}
	if est, ok := sa.Act.Body.(*board.Establish); ok && est.Rules != e.meta.Rules {
		return Receipt{}, board.Errorf(board.Invalid, "establish: the rules differ from the database's")
	}
	eventBytes, err := board.EncodeEvents(events)
	if err != nil {
		return Receipt{}, &board.Error{Kind: board.Internal, Msg: "encode events", Err: err}
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
	leaf := entry.Leaf().Bytes()
	if len(leaf) > maxLeaf {
		return Receipt{}, board.Errorf(board.Invalid, "the act is too large (%d bytes signed; at most %d)", len(leaf), maxLeaf)
	}
	n := int64(e.next)
	added, err := tlog.StoredHashes(n, leaf, e.hashReader())
	if err != nil {
		return Receipt{}, &board.Error{Kind: board.Internal, Msg: "tree hashes", Err: err}
	}
	hashes := append(e.hashes[:len(e.hashes):len(e.hashes)], added...)
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) { return readHashes(hashes, idx) })
	root, err := tlog.TreeHash(n+1, reader)
	if err != nil {
		return Receipt{}, &board.Error{Kind: board.Internal, Msg: "tree hash", Err: err}
	}
	note, err := record.Checkpoint{Origin: e.key.Signer.Name(), Size: uint64(n + 1), Hash: root}.Sign(e.key.Signer)
	if err != nil {
		return Receipt{}, &board.Error{Kind: board.Internal, Msg: "sign checkpoint", Err: err}
	}
	cp := SignedCheckpoint{Size: uint64(n + 1), Note: note}
	if err := e.store.Append(ctx, Batch{Entries: []record.Entry{entry}, HashStart: int64(len(e.hashes)), Hashes: added, Checkpoint: cp}); err != nil {
		return Receipt{}, err
	}
	e.mu.Lock()
	e.state.Apply(entry.At, events)
	e.next++
	e.hashes = hashes
	e.checkpoint = cp
	e.mu.Unlock()

	proof, err := tlog.ProveRecord(n+1, n, reader)
	if err != nil {
		return Receipt{}, &board.Error{Kind: board.Internal, Msg: "inclusion proof", Err: err}
	}
	return Receipt{Entry: entry, Proof: record.Receipt{
		Index: entry.Index, Leaf: leaf, LeafHash: tlog.RecordHash(leaf), Checkpoint: string(note), Proof: proof,
	}}, nil
}

// Admit checks a signed act against the state as Submit and Verify both must: the record's
// first act establishes it; every other act is signed with a valid key of its actor; the act is
// lawful. It returns the act's canonical bytes and the events it produces. n is the number of
// entries before this one.
func Admit(s *board.State, rules *charter.Rules, sa SignedAct, n uint64) ([]byte, []board.Event, error) {
	if sa.Act.Body == nil {
		return nil, nil, board.Errorf(board.Invalid, "act has no kind")
	}
	if _, err := board.ParseActor(string(sa.Act.By)); err != nil {
		return nil, nil, board.Errorf(board.Invalid, "%v", err)
	}
	canonical, err := sa.Act.Canonical()
	if err != nil {
		return nil, nil, board.Errorf(board.Invalid, "act: %v", err)
	}
	est, establishing := sa.Act.Body.(*board.Establish)
	if establishing != (n == 0) {
		if establishing {
			return nil, nil, board.Errorf(board.Conflict, "the record is already established")
		}
		return nil, nil, board.Errorf(board.Invalid, "the record's first act must be establish")
	}
	var key []byte
	if establishing {
		pub, err := est.EstablishKey()
		if err != nil {
			return nil, nil, err
		}
		if board.KeyID(pub) != sa.KeyID {
			return nil, nil, board.Errorf(board.Unauthorized, "establish must be signed by the key it registers")
		}
		key = pub
	} else {
		k, err := s.ValidKey(sa.Act.By, sa.KeyID)
		if err != nil {
			return nil, nil, err
		}
		key = k.Public
	}
	if !record.VerifyAct(key, canonical, sa.Signature) {
		return nil, nil, board.Errorf(board.Unauthorized, "the signature of %s by key %s does not verify", sa.Act.By, sa.KeyID)
	}
	events, err := board.Decide(s, rules, sa.Act)
	if err != nil {
		return nil, nil, err
	}
	return canonical, events, nil
}

func (e *Engine) hashReader() tlog.HashReader {
	return tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) { return readHashes(e.hashes, idx) })
}

func readHashes(hashes []tlog.Hash, idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		if x < 0 || x >= int64(len(hashes)) {
			return nil, fmt.Errorf("tree hash %d is not stored", x)
		}
		out[i] = hashes[x]
	}
	return out, nil
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
