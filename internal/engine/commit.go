package engine

import (
	"context"
	"errors"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// A group is acts decided together and stored in one transaction.
type group struct {
	requests  []*request
	results   []result
	entries   []record.Entry
	leaves    [][]byte
	docs      []SearchDoc // the search index's document of each entry
	subjects  []SubjectRow
	accepted  []int // the requests whose entries these are, in order
	hashStart int64 // the tree's stored hashes before the group
	size      int64 // the record's size with the group
	batch     Batch
	stored    chan error // the store's answer, once the group is in flight
}

// writer is the single writer. It decides the acts waiting in order, applying each accepted
// act's events before deciding the next, and stores them as a group: one transaction with one
// signed checkpoint (see committer). When the engine closes, it commits what is queued and
// returns.
func (e *Engine) writer() {
	defer e.writerDone.Done()
	c := &committer{e: e, hold: time.NewTimer(time.Hour)}
	c.hold.Stop()
	c.run()
}

// A committer is the writer's group commit. While one group is being stored (the transaction's
// fsync is most of a commit's time), it decides the acts that arrive meanwhile into the next
// group, which goes to the store once the first has landed: commits stay in order, and deciding
// never waits for the disk.
//
// A decided group goes to the store once none is in flight, and once it is worth a commit:
// groupMin acts, or no act on its way (queued, or being checked in Submit), or after groupWait.
// Launching every group at once made thousands of commits of a few acts each under load, each
// paying a transaction's fixed cost.
//
// e.replica.mu is held from the first act taken until no group is decided or in flight, so that
// Follow never sees a state that holds acts not yet stored.
//
// Readers wait while the state holds acts not yet stored (View). When one waits, the committer
// drains: it decides no more acts (stopping after the run of lockRun acts it is deciding), sends
// the group decided to the store at once, and once no group is decided or in flight it lets the
// waiting readers in (letIn: they read before it changes the state again), then takes acts
// again. A steady stream of acts therefore never keeps readers waiting for more than a run of
// acts being decided and two commits.
type committer struct {
	e       *Engine
	flying  *group      // the group being stored, or nil
	next    *group      // the group being decided meanwhile, or nil
	hold    *time.Timer // fires groupWait after next was first held back
	holding bool        // hold is running
	rebuilt time.Time   // when retry last tried to rebuild a stale state
}

// run takes the acts queued, and the store's answers, until the engine stops and no act is
// queued.
func (c *committer) run() {
	e := c.e
	for {
		drain := c.busy() && e.readers.waits()
		if drain && c.flying == nil {
			c.launchNext(true)
			c.idle()
			continue
		}
		var queue chan *request
		if !drain && (c.next == nil || len(c.next.requests) < maxBatch) {
			queue = e.queue
		}
		var stored chan error
		var stop chan struct{}
		var held <-chan time.Time
		if c.flying != nil {
			stored = c.flying.stored
		} else if c.next != nil {
			held = c.hold.C
		} else {
			stop = e.stop
		}
		select {
		case first := <-queue:
			c.take(first)
		case err := <-stored:
			c.landed(err)
		case <-held:
			c.holding = false
			c.launchNext(true)
			c.idle()
		case <-e.readers.knock: // a reader waits (drain, above), or found the state stale
			c.retry()
		case <-stop:
			select {
			case first := <-e.queue:
				c.take(first)
			default:
				return
			}
		}
	}
}

// busy reports whether a group is decided or in flight: the state holds acts not yet stored.
func (c *committer) busy() bool { return c.flying != nil || c.next != nil }

// retry, if a failed commit left the state stale and no act came since to rebuild it (take),
// tries to rebuild it, at most once a second, so that readers, who get an error meanwhile, are
// not left without a state while no act comes.
func (c *committer) retry() {
	e := c.e
	if c.busy() || !e.stale || time.Since(c.rebuilt) < time.Second {
		return
	}
	e.replica.mu.Lock()
	c.rebuilt = time.Now()
	_ = e.rebuild(context.Background()) // the readers' next error says to retry
	c.idle()
}

// take decides first, and the acts queued after it, into the next group. If a failed commit left
// the state stale, it first rebuilds it, and fails first if it cannot.
func (c *committer) take(first *request) {
	e := c.e
	if !c.busy() {
		e.replica.mu.Lock()
	}
	if e.stale { // only the writer changes it
		if err := e.rebuild(context.Background()); err != nil {
			first.done <- result{err: err}
			c.idle()
			return
		}
	}
	if c.next == nil {
		c.next = &group{hashStart: e.tree.Hashes(), size: int64(e.next)}
		if c.flying != nil {
			c.next.size = c.flying.size
		}
	}
	e.decide(c.next, first)
	c.launchNext(false)
	c.idle()
}

// landed answers the group in flight with the store's answer, err. If the commit failed, the
// state was rebuilt from the store: the acts the next group decided fail too.
func (c *committer) landed(err error) {
	failed := c.e.land(c.flying, err)
	c.flying = nil
	if c.next != nil && failed != nil {
		c.next.fail(failed)
		c.next = nil
	}
	c.launchNext(false)
	c.idle()
}

// launchNext sends the next group to the store if none is in flight and it is worth a commit,
// or force is set; otherwise it starts the hold, if not started.
func (c *committer) launchNext(force bool) {
	if c.flying != nil || c.next == nil {
		return
	}
	coming := len(c.e.queue) > 0 || c.e.incoming.Load() > 0
	if !force && coming && len(c.next.entries) < groupMin && len(c.next.requests) < maxBatch {
		if !c.holding {
			c.hold.Reset(groupWait)
			c.holding = true
		}
		return
	}
	if c.holding {
		c.hold.Stop()
		c.holding = false
	}
	c.flying, c.next = c.e.launch(c.next), nil
}

// idle, once no group is decided or in flight, lets the readers waiting read, saves a snapshot if
// one is due and lets Follow run.
func (c *committer) idle() {
	if c.busy() {
		return
	}
	c.e.letIn()
	if time.Since(c.e.snapshotSaved) >= snapshotInterval {
		_ = c.e.saveSnapshot(context.Background()) // a cache: Close tries again
	}
	c.e.replica.mu.Unlock()
}

// decide adds first and the requests waiting after it (up to maxBatch in the group) to g,
// deciding each against the state and applying its events and tree hashes at once, so that the
// next act is decided against them.
//
// It holds e.mu for up to lockRun acts at a time, not once per act: every submitter reads the
// state (its actor's keys) and the tree (its receipt) under e.mu, and a write lock taken and
// released for each act made them queue behind it, act after act. It stops after a run if a
// reader waits (see committer).
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
			g.results[i].err = board.Internalf(err, "tree hashes")
			return
		}
		e.state.Apply(entry.At, events)
		e.staged++
		keysChanged = keysChanged || changesKeys(events)
		e.acts.add(req.hash, entry.Index)
		g.entries = append(g.entries, entry)
		g.leaves = append(g.leaves, leaf)
		g.docs = append(g.docs, SearchDoc{Index: entry.Index, Words: req.words})
		g.subjects = entrySubjects(g.subjects, entry, board.AgendasOf(e.state))
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
		if len(run) < lockRun || len(g.requests) >= maxBatch || e.readers.waits() {
			return
		}
		run = run[:0]
	}
}

// groupMin and groupWait: see committer.
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
		g.stored <- board.Internalf(err, "sign checkpoint")
		return g
	}
	g.batch = Batch{Entries: g.entries, HashStart: g.hashStart, Hashes: e.tree.Since(g.hashStart),
		Checkpoint: SignedCheckpoint{Size: uint64(g.size), Note: note}, Search: g.docs, Subjects: g.subjects}
	go func() { g.stored <- e.store.Append(context.Background(), g.batch) }()
	return g
}

// land answers a group once the store has answered for it. On success the record's size and
// checkpoint move on; on failure the state and the tree are rebuilt from what the store holds,
// every act of the group fails with the error, which land returns: the store's, which keeps its
// kind (a busy database, or a process no longer the writer, is Transient), or an Internal error
// if the state could not be rebuilt.
func (e *Engine) land(g *group, err error) error {
	if err == nil {
		e.mu.Lock()
		e.committed.Store(e.tree.Frozen(g.size)) // before e.next: a reader of e.next finds its tree
		e.next, e.checkpoint = uint64(g.size), g.batch.Checkpoint
		e.staged -= len(g.entries)
		e.mu.Unlock()
		e.subs.notify()
		for k, i := range g.accepted {
			g.results[i].entry, g.results[i].leaf, g.results[i].checkpoint = g.entries[k], g.leaves[k], g.batch.Checkpoint
		}
		g.answer()
		return nil
	}
	board.Wrap(&err, "commit entries %d to %d", g.entries[0].Index, g.entries[len(g.entries)-1].Index)
	if rerr := e.rebuild(context.Background()); rerr != nil {
		err = board.Internalf(errors.Join(err, rerr), "the commit failed and the state could not be rebuilt")
	}
	g.fail(err)
	return err
}

// rebuild brings the state and the tree back to the record as stored after a failed commit
// (recover). If it cannot, the state is stale: it holds acts never stored, which readers must not
// see (they get a Transient error) and the next act must not be decided against (take tries
// again first).
func (e *Engine) rebuild(ctx context.Context) error {
	err := e.recover(ctx)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stale = err != nil; !e.stale {
		e.staged = 0
	}
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
