package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// Create records meta in a new store and opens an engine on it. The record itself starts with
// its first act (establish). A store that has a Meta already fails with the store's Conflict.
func Create(ctx context.Context, store Store, meta Meta, opts ...Option) (_ *Engine, err error) {
	defer board.Wrap(&err, "create the record")
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

// Open opens an engine on a store that was created before, restoring the state from the store's
// snapshot, if it has one that fits the record, and the events stored after it (from every
// event otherwise), and checking that the stored tree matches the last signed checkpoint. A new,
// empty store fails with the store's NotFound; a damaged record, with an Internal error.
func Open(ctx context.Context, store Store, opts ...Option) (_ *Engine, err error) {
	defer board.Wrap(&err, "open the record")
	e, restored, err := open(ctx, store, true, opts)
	if err != nil && restored {
		// The snapshot does not fit the record (or the record is damaged): rebuild from the
		// events, which says which.
		e, _, err = open(ctx, store, false, opts)
	}
	if err != nil {
		return nil, err
	}
	if err := e.catchUpSearch(ctx); err != nil {
		e.Close()
		return nil, err
	}
	if err := e.catchUpSubjects(ctx); err != nil {
		e.Close()
		return nil, err
	}
	if err := e.loadKept(ctx); err != nil {
		e.Close()
		return nil, err
	}
	e.startKeeping()
	return e, nil
}

func open(ctx context.Context, store Store, useSnapshot bool, opts []Option) (_ *Engine, restored bool, err error) {
	meta, err := store.Meta(ctx)
	if err != nil {
		return nil, restored, err
	}
	rules, err := charter.Parse("rules", meta.Rules)
	if err != nil {
		return nil, restored, fmt.Errorf("the database's rules: %w", err)
	}
	e := &Engine{store: store, meta: meta, rules: rules, queue: make(chan *request, maxBatch),
		verifying: make(chan struct{}, runtime.GOMAXPROCS(0)), stop: make(chan struct{}), snapshotSaved: time.Now(),
		readers: readGate{knock: make(chan struct{}, 1)}, kept: keptStates{every: keptEvery, wake: make(chan struct{}, 1)}}
	e.configure(opts)
	if e.key != nil && meta.LogKey != "" && e.key.VerifierKey != meta.LogKey {
		return nil, restored, fmt.Errorf("the log key given is not the record's (%s)", meta.LogKey)
	}
	state, acts, from := board.NewState(rules.Organization.Chairman), newActSet(), uint64(0)
	var tree record.Tree
	if useSnapshot {
		snap, err := restoreSnapshot(ctx, store)
		if err != nil {
			return nil, true, err
		}
		if restored = snap != nil; restored {
			state, acts, from, tree, e.snapshotAt = snap.state, snap.acts, snap.size, snap.tree, snap.size
		}
	}
	// The tree's hashes that the snapshot does not hold (all of them without one) load on
	// another core while the events are applied. Another process may append meanwhile (a shared
	// store): the tree keeps the hashes of the entries folded, and no more; Follow reads the rest.
	type loaded struct {
		tree record.Tree
		err  error
	}
	hashes := make(chan loaded, 1)
	go func() {
		err := readHashes(ctx, store, &tree, -1)
		hashes <- loaded{tree, err}
	}()
	e.acts = acts
	e.state, e.next, err = e.fold(ctx, state, from, time.Time{}, ^uint64(0), e.acts)
	t := <-hashes
	if err != nil {
		return nil, restored, err
	}
	if t.err != nil {
		return nil, restored, t.err
	}
	e.tree = t.tree
	if err := e.tree.Loaded(int64(e.next)); err != nil {
		// Entries stored after their hashes were read (another process appends): read again.
		if err := readHashes(ctx, store, &e.tree, tlog.StoredHashCount(int64(e.next))); err != nil {
			return nil, restored, err
		}
		if err := e.tree.Loaded(int64(e.next)); err != nil {
			return nil, restored, board.Internalf(err, "record")
		}
	}
	errStop := errors.New("stop")
	if err := store.Checkpoints(ctx, e.next, func(c SignedCheckpoint) error {
		if c.Size == e.next {
			e.checkpoint = c
		}
		return errStop
	}); err != nil && !errors.Is(err, errStop) {
		return nil, restored, err
	}
	if e.next > 0 && e.checkpoint.Size != e.next {
		return nil, restored, board.Internalf(nil, "record: no checkpoint for its %d entries", e.next)
	}
	e.committed.Store(e.tree.Frozen(int64(e.next)))
	e.publishKeys()
	if e.next > 0 {
		// The tree must be the one the record's latest checkpoint signed: a tree from a snapshot
		// that does not fit the record (another record's, or an older state of this one's) is
		// refused here. And never sign a checkpoint inconsistent with one signed before: a key
		// given must be the one that signed the record's checkpoints.
		c, err := e.latestCheckpoint()
		if err != nil {
			return nil, restored, err
		}
		if root, err := e.tree.Root(int64(e.next)); err != nil || root != c.Hash {
			if restored {
				return nil, true, board.Internalf(nil, "record: the snapshot does not fit the record")
			}
			return nil, restored, board.Internalf(nil, "record: the stored tree does not match the latest signed checkpoint")
		}
	}
	return e, restored, nil
}

// latestCheckpoint opens the record's latest checkpoint with the log key given, or else the one
// the record names. A record without either (made before keys were kept with it) has its
// checkpoint read without its signature checked.
func (e *Engine) latestCheckpoint() (record.Checkpoint, error) {
	if e.key == nil && e.meta.LogKey == "" {
		text, _, _ := strings.Cut(string(e.checkpoint.Note), "\n\n")
		return record.ParseCheckpoint(text + "\n")
	}
	c, err := e.openCheckpoint(e.checkpoint.Note)
	if err != nil {
		return c, fmt.Errorf("the log key does not open the record's latest checkpoint: %w", err)
	}
	return c, nil
}

// readHashes loads into t the stored hashes that follow its own, up to count in all (all of
// them if count < 0); the caller sets its size with Loaded.
func readHashes(ctx context.Context, store Store, t *record.Tree, count int64) error {
	errStop := errors.New("stop")
	err := store.Hashes(ctx, t.Hashes(), func(i int64, h tlog.Hash) error {
		if count >= 0 && i >= count {
			return errStop
		}
		if i != t.Hashes() {
			return board.Internalf(nil, "record: tree hash %d found where %d was expected", i, t.Hashes())
		}
		t.Load(h)
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	return nil
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

// fold applies the stored events of entries from, from+1, ... to s, the state after the
// record's first from entries (a new state when s is nil and from is 0). It stops after instant
// until (unless until is zero) and before entry size, and returns the state with the index after
// the last entry applied. If acts is not nil, it adds the entries' acts to it.
//
// The entries are read, and their events decoded, ahead of the state on other goroutines
// (decodeAhead): decoding is most of the work, and runs on every core.
func (e *Engine) fold(ctx context.Context, s *board.State, from uint64, until time.Time, size uint64, acts *actSet) (*board.State, uint64, error) {
	if s == nil {
		s = board.NewState(e.rules.Organization.Chairman)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the reader and the decoders if a batch fails
	batches, readErr := e.decodeAhead(ctx, from, until, size, acts != nil)
	next := from
	for b := range batches {
		select {
		case <-b.ready:
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		}
		for i, en := range b.entries {
			s.Apply(en.At, b.events[i])
			if acts != nil {
				acts.add(b.acts[i], en.Index)
			}
			next = en.Index + 1
		}
		if b.err != nil {
			return nil, 0, b.err
		}
	}
	if err := <-readErr; err != nil {
		return nil, 0, err
	}
	return s, next, nil
}

// A foldBatch is entries on their way to the state: read in order, then decoded by any of the
// decoders, and ready once decoded.
type foldBatch struct {
	entries []record.Entry
	events  [][]board.Event
	acts    []actHash     // the entries' acts, hashed, if asked for
	err     error         // why the entry after the last of entries did not decode
	ready   chan struct{} // closed once decoded
}

// foldBatchSize is a variable for tests, which set it small.
var foldBatchSize = 256

// decodeAhead reads the entries that fold applies and decodes their events on every core. It
// returns the batches in order, each ready once decoded, and the read error (or nil) once every
// batch is sent. The caller cancels ctx to stop it early.
func (e *Engine) decodeAhead(ctx context.Context, from uint64, until time.Time, size uint64, hashActs bool) (<-chan *foldBatch, <-chan error) {
	workers := runtime.GOMAXPROCS(0)
	ordered := make(chan *foldBatch, 2*workers)
	work := make(chan *foldBatch, 2*workers)
	readErr := make(chan error, 1)
	for range workers {
		go func() {
			for b := range work {
				b.events = make([][]board.Event, 0, len(b.entries))
				if hashActs {
					b.acts = make([]actHash, 0, len(b.entries))
				}
				for i, en := range b.entries {
					events, err := board.DecodeEvents(en.Events)
					if err != nil {
						b.entries, b.err = b.entries[:i], board.Internalf(err, "record: entry %d", en.Index)
						break
					}
					b.events = append(b.events, events)
					if hashActs {
						b.acts = append(b.acts, hashAct(en.Act))
					}
				}
				close(b.ready)
			}
		}()
	}
	go func() {
		defer close(ordered)
		defer close(work)
		newBatch := func() *foldBatch {
			return &foldBatch{entries: make([]record.Entry, 0, foldBatchSize), ready: make(chan struct{})}
		}
		b := newBatch()
		send := func() error {
			if len(b.entries) == 0 {
				return nil
			}
			for _, ch := range []chan *foldBatch{ordered, work} {
				select {
				case ch <- b:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			b = newBatch()
			return nil
		}
		next := from
		errStop := errors.New("stop")
		err := e.store.Entries(ctx, from, func(en record.Entry) error {
			if en.Index >= size || !until.IsZero() && en.At.After(until) {
				return errStop
			}
			if en.Index != next {
				return board.Internalf(nil, "record: entry %d found where %d was expected", en.Index, next)
			}
			next++
			b.entries = append(b.entries, en)
			if len(b.entries) == foldBatchSize {
				return send()
			}
			return nil
		})
		if err == nil || errors.Is(err, errStop) {
			err = send()
		}
		readErr <- err
	}()
	return ordered, readErr
}
