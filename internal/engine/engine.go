// Package engine is the single writer of the record: it checks an act's signature against the
// keys registered in the record, decides it against the state and the rules, appends it with its
// events, tree hashes and a newly signed checkpoint in one transaction, and only then applies the
// events. Reads see the state as of any instant.
package engine

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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

	queue       chan *request // acts for the writer
	verifying   chan struct{} // a token for each signature being checked (see Submit)
	stop        chan struct{}
	startWriter sync.Once
	writerDone  sync.WaitGroup
	closing     sync.RWMutex // guards closed against enqueue
	closed      bool
	subs        subscribers // wakes readers waiting for new entries (subscribe.go)
	replica     replica     // its part in a record that several processes share (follow.go)

	pastFolds  atomic.Uint64 // how many views rebuilt the state for a past instant
	mu         sync.RWMutex  // guards what follows
	state      *board.State
	acts       *actSet     // the acts in the state; read and changed only by the writer, under replica.mu
	next       uint64      // entries in the record
	tree       record.Tree // of the committed entries, and while committing, of the staged ones
	checkpoint SignedCheckpoint

	// committed is the tree of the committed entries, which proofs and tiles read without e.mu:
	// a receipt for each act, under e.mu, queued every submitter behind the writer.
	committed atomic.Pointer[record.FrozenTree]
	// keys is a copy of the state's keys, which Submit checks signatures with, without e.mu
	// either; it is replaced whenever the state's keys change (publishKeys).
	keys atomic.Pointer[map[string]*board.Key]
	// verifiers are those keys decoded once for checking signatures, by id, replaced with keys.
	verifiers atomic.Pointer[map[string]*record.VerifyingKey]
	// incoming counts the acts in Submit between their first check and the writer's queue.
	incoming atomic.Int64

	snapshotAt    uint64    // the size of the latest snapshot saved or restored
	snapshotSaved time.Time // when the writer last saved one
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

// Open opens an engine on a store that was created before, restoring the state from the store's
// snapshot, if it has one that fits the record, and the events stored after it (from every
// event otherwise), and checking that the stored tree matches the last signed checkpoint.
func Open(ctx context.Context, store Store, opts ...Option) (*Engine, error) {
	e, restored, err := open(ctx, store, true, opts)
	if err != nil && restored {
		// The snapshot does not fit the record (or the record is damaged): rebuild from the
		// events, which says which.
		e, _, err = open(ctx, store, false, opts)
	}
	return e, err
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
		verifying: make(chan struct{}, runtime.GOMAXPROCS(0)), stop: make(chan struct{}), snapshotSaved: time.Now()}
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
			return nil, restored, &board.Error{Kind: board.Internal, Msg: "record", Err: err}
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
		return nil, restored, &board.Error{Kind: board.Internal, Msg: fmt.Sprintf("record: no checkpoint for its %d entries", e.next)}
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
				return nil, true, &board.Error{Kind: board.Internal, Msg: "record: the snapshot does not fit the record"}
			}
			return nil, restored, &board.Error{Kind: board.Internal, Msg: "record: the stored tree does not match the latest signed checkpoint"}
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
			return &board.Error{Kind: board.Internal, Msg: fmt.Sprintf("record: tree hash %d found where %d was expected", i, t.Hashes())}
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
						b.entries, b.err = b.entries[:i], &board.Error{Kind: board.Internal, Msg: fmt.Sprintf("record: entry %d", en.Index), Err: err}
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
				return &board.Error{Kind: board.Internal, Msg: fmt.Sprintf("record: entry %d found where %d was expected", en.Index, next)}
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

// maxBatch bounds how many acts one commit takes.
const maxBatch = 4096

// A request is one act waiting for the writer.
type request struct {
	sa        SignedAct
	canonical []byte
	hash      actHash
	done      chan result
}

// A result answers a request: the accepted act's entry, its leaf and the checkpoint of the commit
// that stored it (from which the submitter builds the receipt), or why it failed.
type result struct {
	entry      record.Entry
	leaf       []byte
	checkpoint SignedCheckpoint
	err        error
}

// Submit checks, decides, stores and applies one signed act, and returns its receipt once the
// act is durable and in a signed checkpoint. A refused act changes nothing and returns a
// *board.Error naming the rule.
//
// The signature is checked on the caller's goroutine, so that concurrent submissions use every
// core; a single writer then decides the acts in order and commits them in groups: one
// transaction, one fsync and one checkpoint signature for all the acts waiting.
func (e *Engine) Submit(ctx context.Context, sa SignedAct) (Receipt, error) {
	if e.key == nil {
		return Receipt{}, &board.Error{Kind: board.Internal, Msg: "this engine has no log key and cannot write"}
	}
	if !e.Writer() {
		return Receipt{}, notWriter()
	}
	if sa.Act.Body == nil {
		return Receipt{}, board.Errorf(board.Invalid, "act has no kind")
	}
	canonical, err := sa.Act.Canonical()
	if err != nil {
		return Receipt{}, board.Errorf(board.Invalid, "act: %v", err)
	}
	e.incoming.Add(1)
	queued := false
	defer func() {
		if !queued {
			e.incoming.Add(-1)
		}
	}()
	key, err := signingKey(*e.keys.Load(), sa, uint64(e.committed.Load().Size()))
	if err != nil {
		return Receipt{}, err
	}
	// At most one signature check per core at a time: hundreds of submitters each checking
	// theirs at once would queue the writer, which must run for any of them to be answered,
	// behind all their checks.
	vk := e.verifyingKey(sa.KeyID, key)
	e.verifying <- struct{}{}
	ok := vk != nil && vk.VerifyAct(canonical, sa.Signature)
	<-e.verifying
	if !ok {
		return Receipt{}, badSignature(sa)
	}
	req := &request{sa: sa, canonical: canonical, hash: hashAct(canonical), done: make(chan result, 1)}
	if err := e.enqueue(ctx, req); err != nil {
		return Receipt{}, err
	}
	queued = true
	e.incoming.Add(-1)
	// Once queued, the act will be decided; wait for the answer even if ctx ends, so that the
	// caller never reports as lost an act that was recorded.
	res := <-req.done
	if res.err != nil {
		return Receipt{}, res.err
	}
	return e.receipt(res)
}

// enqueue hands a request to the writer, starting it on first use.
func (e *Engine) enqueue(ctx context.Context, req *request) error {
	e.closing.RLock()
	defer e.closing.RUnlock()
	if e.closed {
		return &board.Error{Kind: board.Internal, Msg: "the engine is closed"}
	}
	e.startWriter.Do(func() {
		e.writerDone.Add(1)
		go e.writer()
	})
	select {
	case e.queue <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the writer once it has committed the acts already queued. The store is the
// caller's to close, after Close.
func (e *Engine) Close() error {
	e.closing.Lock()
	if !e.closed {
		e.closed = true
		close(e.stop)
	}
	e.closing.Unlock()
	e.writerDone.Wait()
	e.replica.mu.Lock()
	defer e.replica.mu.Unlock()
	if err := e.saveSnapshot(context.Background()); err != nil {
		return fmt.Errorf("the record is intact; saving a snapshot of its state failed: %w", err)
	}
	return nil
}

// A group is acts decided together and stored in one transaction.
type group struct {
	requests  []*request
	results   []result
	entries   []record.Entry
	leaves    [][]byte
	accepted  []int // the requests whose entries these are, in order
	hashStart int64 // the tree's stored hashes before the group
	size      int64 // the record's size with the group
	batch     Batch
	stored    chan error // the store's answer, once the group is in flight
}

// writer is the single writer. It decides the acts waiting in order, applying each accepted
// act's events before deciding the next, and stores them as a group: one transaction with one
// signed checkpoint. While one group is being stored (the transaction's fsync is most of a
// commit's time), it decides the acts that arrive meanwhile into the next group, which goes to
// the store once the first has landed: commits stay in order, and deciding never waits for the
// disk. e.replica.mu is held while a group is staged or stored, so that Follow never sees the
// state between the two. When the engine closes, the writer commits what is queued and returns.
func (e *Engine) writer() {
	defer e.writerDone.Done()
	var flying, next *group // the group being stored; the group being decided meanwhile
	// e.replica.mu is held while a group is decided or in flight: the state holds acts that are
	// not stored yet.
	busy := func() bool { return flying != nil || next != nil }
	idle := func() {
		if !busy() {
			if time.Since(e.snapshotSaved) >= snapshotInterval {
				_ = e.saveSnapshot(context.Background()) // a cache: Close tries again
			}
			e.replica.mu.Unlock()
		}
	}
	// A decided group goes to the store once none is in flight, and once it is worth a commit:
	// groupMin acts, or no act on its way (queued, or being checked in Submit), or after
	// groupWait. Launching every group at once made thousands of commits of a few acts each
	// under load, each paying a transaction's fixed cost.
	hold := time.NewTimer(time.Hour)
	hold.Stop()
	holding := false
	launchNext := func(force bool) {
		if flying != nil || next == nil {
			return
		}
		coming := len(e.queue) > 0 || e.incoming.Load() > 0
		if !force && coming && len(next.entries) < groupMin && len(next.requests) < maxBatch {
			if !holding {
				hold.Reset(groupWait)
				holding = true
			}
			return
		}
		if holding {
			hold.Stop()
			holding = false
		}
		flying, next = e.launch(next), nil
	}
	take := func(first *request) {
		if !busy() {
			e.replica.mu.Lock()
		}
		if next == nil {
			next = &group{hashStart: e.tree.Hashes(), size: int64(e.next)}
			if flying != nil {
				next.size = flying.size
			}
		}
		e.decide(next, first)
		launchNext(false)
		idle()
	}
	for {
		var queue chan *request
		if next == nil || len(next.requests) < maxBatch {
			queue = e.queue
		}
		var stored chan error
		var stop chan struct{}
		var held <-chan time.Time
		if flying != nil {
			stored = flying.stored
		} else if next != nil {
			held = hold.C
		} else {
			stop = e.stop
		}
		select {
		case first := <-queue:
			take(first)
		case err := <-stored:
			failed := e.land(flying, err)
			flying = nil
			if next != nil && failed != nil {
				// The state was rebuilt from the store: what next decided is gone.
				next.fail(failed)
				next = nil
			}
			launchNext(false)
			idle()
		case <-held:
			holding = false
			launchNext(true)
			idle()
		case <-stop:
			select {
			case first := <-e.queue:
				take(first)
			default:
				return
			}
		}
	}
}

// decide adds first and the requests waiting after it (up to maxBatch in the group) to g,
// deciding each against the state and applying its events and tree hashes at once, so that the
// next act is decided against them.
//
// It holds e.mu for up to lockRun acts at a time, not once per act: every submitter reads the
// state (its actor's keys) and the tree (its receipt) under e.mu, and a write lock taken and
// released for each act made them queue behind it, act after act.
func (e *Engine) decide(g *group, first *request) {
	keysChanged := false
	add := func(req *request) {
		g.requests = append(g.requests, req)
		g.results = append(g.results, result{})
		i := len(g.requests) - 1
		entry, events, leaf, err := e.stage(req, g.size)
		if err != nil {
			g.results[i].err = err
			return
		}
		if _, err := e.tree.Append(leaf); err != nil {
			g.results[i].err = &board.Error{Kind: board.Internal, Msg: "tree hashes", Err: err}
			return
		}
		e.state.Apply(entry.At, events)
		keysChanged = keysChanged || changesKeys(events)
		e.acts.add(req.hash, entry.Index)
		g.entries = append(g.entries, entry)
		g.leaves = append(g.leaves, leaf)
		g.accepted = append(g.accepted, i)
		g.size++
	}
	run := make([]*request, 0, lockRun)
	run = append(run, first)
	for {
		for len(run) < lockRun && len(g.requests)+len(run) < maxBatch {
			select {
			case req := <-e.queue:
				run = append(run, req)
				continue
			default:
			}
			break
		}
		e.mu.Lock()
		for _, req := range run {
			add(req)
		}
		if keysChanged {
			e.publishKeys()
			keysChanged = false
		}
		e.mu.Unlock()
		if len(run) < lockRun || len(g.requests) >= maxBatch {
			return
		}
		run = run[:0]
	}
}

// groupMin and groupWait: see the writer.
const (
	groupMin  = 64
	groupWait = 4 * time.Millisecond
)

// lockRun is how many acts decide stages under one hold of e.mu: about a millisecond that
// readers wait at most.
const lockRun = 64

// launch signs the checkpoint of the record with g and sends g to the store, returning g in
// flight; a group with nothing to store is answered at once and launch returns nil.
func (e *Engine) launch(g *group) *group {
	if len(g.entries) == 0 {
		g.answer()
		return nil
	}
	// Only the writer changes the tree: reading it without e.mu is safe here.
	root, err := e.tree.Root(g.size)
	var note []byte
	if err == nil {
		note, err = record.Checkpoint{Origin: e.key.Signer.Name(), Size: uint64(g.size), Hash: root}.Sign(e.key.Signer)
	}
	g.stored = make(chan error, 1)
	if err != nil {
		g.stored <- &board.Error{Kind: board.Internal, Msg: "sign checkpoint", Err: err}
		return g
	}
	g.batch = Batch{Entries: g.entries, HashStart: g.hashStart, Hashes: e.tree.Since(g.hashStart),
		Checkpoint: SignedCheckpoint{Size: uint64(g.size), Note: note}}
	go func() { g.stored <- e.store.Append(context.Background(), g.batch) }()
	return g
}

// land answers a group once the store has answered for it. On success the record's size and
// checkpoint move on; on failure the state and the tree are rebuilt from what the store holds,
// every act of the group fails, and land returns the error.
func (e *Engine) land(g *group, err error) error {
	if err == nil {
		e.mu.Lock()
		e.committed.Store(e.tree.Frozen(g.size)) // before e.next: a reader of e.next finds its tree
		e.next, e.checkpoint = uint64(g.size), g.batch.Checkpoint
		e.mu.Unlock()
		e.subs.notify()
		for k, i := range g.accepted {
			g.results[i].entry, g.results[i].leaf, g.results[i].checkpoint = g.entries[k], g.leaves[k], g.batch.Checkpoint
		}
		g.answer()
		return nil
	}
	if rerr := e.recover(context.Background()); rerr != nil {
		err = &board.Error{Kind: board.Internal, Msg: "the commit failed and the state could not be rebuilt", Err: errors.Join(err, rerr)}
	}
	g.fail(err)
	return err
}

// fail answers every accepted act of g with err; refused acts keep their refusal.
func (g *group) fail(err error) {
	for _, i := range g.accepted {
		g.results[i].err = err
	}
	g.answer()
}

func (g *group) answer() {
	for i, req := range g.requests {
		req.done <- g.results[i]
	}
}

// stage decides one act as the n-th entry and returns its entry, events and leaf bytes.
func (e *Engine) stage(req *request, n int64) (record.Entry, []board.Event, []byte, error) {
	sa := req.sa
	if i, dup := e.acts.get(req.hash); dup {
		return record.Entry{}, nil, nil, duplicate(i)
	}
	// Only the writer changes the state: reading it without e.mu is safe here.
	if _, err := signingKey(e.state.Keys, sa, uint64(n)); err != nil { // revoked since Submit checked it
		return record.Entry{}, nil, nil, err
	}
	if est, ok := sa.Act.Body.(*board.Establish); ok && est.Rules != e.meta.Rules {
		return record.Entry{}, nil, nil, board.Errorf(board.Invalid, "establish: the rules differ from the database's")
	}
	events, err := board.Decide(e.state, e.rules, sa.Act)
	if err != nil {
		return record.Entry{}, nil, nil, err
	}
	eventBytes, err := board.EncodeEvents(events)
	if err != nil {
		return record.Entry{}, nil, nil, &board.Error{Kind: board.Internal, Msg: "encode events", Err: err}
	}
	entry := record.Entry{
		Index:     uint64(n),
		At:        sa.Act.At.UTC(),
		Actor:     string(sa.Act.By),
		Kind:      string(sa.Act.Body.Kind()),
		Act:       req.canonical,
		KeyID:     sa.KeyID,
		Signature: sa.Signature,
		Events:    eventBytes,
	}
	leaf := entry.Leaf().Bytes()
	if len(leaf) > maxLeaf {
		return record.Entry{}, nil, nil, board.Errorf(board.Invalid, "the act is too large (%d bytes signed; at most %d)", len(leaf), maxLeaf)
	}
	return entry, events, leaf, nil
}

// receipt returns the receipt of a committed entry: its inclusion proof in the tree of the
// checkpoint that first included it.
func (e *Engine) receipt(res result) (Receipt, error) {
	proof, err := e.committed.Load().ProveInclusion(int64(res.entry.Index), int64(res.checkpoint.Size))
	if err != nil {
		return Receipt{}, &board.Error{Kind: board.Internal, Msg: "inclusion proof", Err: err}
	}
	return Receipt{Entry: res.entry, Proof: record.Receipt{
		Index: res.entry.Index, Leaf: res.leaf, LeafHash: tlog.RecordHash(res.leaf), Checkpoint: string(res.checkpoint.Note), Proof: proof,
	}}, nil
}

// signingKey returns the key an act must be signed with: for the record's first act
// (establish), the key it registers; for any other, a registered, unrevoked key of its actor.
func signingKey(keys map[string]*board.Key, sa SignedAct, n uint64) (ed25519.PublicKey, error) {
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
		if board.KeyID(pub) != sa.KeyID {
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
	verifiers := make(map[string]*record.VerifyingKey, len(keys))
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
func (e *Engine) verifyingKey(id string, key ed25519.PublicKey) *record.VerifyingKey {
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

// View calls fn with the state as of instant t and the rules; fn gives t to the views it calls.
// fn must not keep or change the state.
//
// For an instant before the last act, the latest state answers if every act after t only added
// what the views filter by time (board.AppendOnly: votes, comments, pledges, receipts), with
// the count of acts as of t. Otherwise the acts up to t that were not (board.State.Reshapes) are
// read from the record and applied again, alone, and the state they make takes the latest
// state's ballots, comments and ledger, which the views filter by time (board.State.Graft).
func (e *Engine) View(ctx context.Context, t time.Time, fn func(*board.State, *charter.Rules) error) error {
	e.mu.RLock()
	if !t.Before(e.state.Last) {
		defer e.mu.RUnlock()
		return fn(e.state, e.rules)
	}
	reshaped := e.state.Reshaped
	e.mu.RUnlock()
	n, err := e.LenAt(ctx, t)
	if err != nil {
		return err
	}
	if !reshaped.IsZero() && !t.Before(reshaped) {
		e.mu.RLock()
		if r := e.state.Reshaped; !r.IsZero() && !t.Before(r) { // no act since changed that
			defer e.mu.RUnlock()
			s := *e.state
			s.Acts = int(n)
			return fn(&s, e.rules)
		}
		e.mu.RUnlock()
	}
	e.pastFolds.Add(1)
	s, err := e.reshapedAt(ctx, n)
	if err != nil {
		return err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	s.Graft(e.state)
	s.Acts = int(n)
	return fn(s, e.rules)
}

// reshapedAt applies again, alone, the acts among the record's first n that were not
// board.AppendOnly, their events read from the store in one query if it is an EventPicker, else
// in a query for each run of consecutive entries.
func (e *Engine) reshapedAt(ctx context.Context, n uint64) (*board.State, error) {
	e.mu.RLock()
	all := e.state.Reshapes // only ever appended to: its first items stay as they are
	e.mu.RUnlock()
	positions := all[:sort.Search(len(all), func(i int) bool { return uint64(all[i]) >= n })]
	s := board.NewState(e.rules.Organization.Chairman)
	if picker, ok := e.store.(EventPicker); ok {
		idxs := make([]uint64, len(positions))
		for i, p := range positions {
			idxs[i] = uint64(p)
		}
		// Decoding is most of the work: each entry is decoded, on any core, as soon as it is
		// read, and they are applied in order once all are.
		entries := make([]record.Entry, len(idxs))
		events := make([][]board.Event, len(idxs))
		errs := make([]error, runtime.GOMAXPROCS(0))
		read := make(chan int, len(idxs))
		var wg sync.WaitGroup
		for w := range errs {
			wg.Go(func() {
				for i := range read {
					if errs[w] != nil {
						continue
					}
					if events[i], errs[w] = board.DecodeEvents(entries[i].Events); errs[w] != nil {
						errs[w] = fmt.Errorf("entry %d: %w", entries[i].Index, errs[w])
					}
				}
			})
		}
		k := 0
		err := picker.PickEvents(ctx, idxs, func(en record.Entry) error {
			if k == len(idxs) || en.Index != idxs[k] {
				return fmt.Errorf("entry %d found where %d was expected", en.Index, idxs[min(k, len(idxs)-1)])
			}
			entries[k] = en
			read <- k
			k++
			return nil
		})
		close(read)
		wg.Wait()
		if err == nil && k != len(idxs) {
			err = fmt.Errorf("entry %d is missing", idxs[k])
		}
		if err = errors.Join(err, errors.Join(errs...)); err != nil {
			return nil, err
		}
		for i, en := range entries {
			s.ApplyReshaping(en.At, events[i])
		}
		return s, nil
	}
	for i := 0; i < len(positions); {
		j := i + 1
		for j < len(positions) && positions[j] == positions[j-1]+1 {
			j++
		}
		next := uint64(positions[i])
		err := e.ReadEntries(ctx, next, uint64(positions[j-1])+1, func(en record.Entry) error {
			if en.Index != next {
				return fmt.Errorf("entry %d found where %d was expected", en.Index, next)
			}
			next++
			events, err := board.DecodeEvents(en.Events)
			if err != nil {
				return fmt.Errorf("entry %d: %w", en.Index, err)
			}
			s.ApplyReshaping(en.At, events)
			return nil
		})
		if err != nil {
			return nil, err
		}
		i = j
	}
	return s, nil
}
