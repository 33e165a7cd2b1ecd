package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// ErrNotWriter is the cause of the error Submit returns on an engine that follows a record
// another process writes (see Replicate), and of a shared store's refusal to append for a
// process that is not the record's writer. Such errors are board.Transient: an HTTP server
// answers them with 503 and Retry-After.
var ErrNotWriter = errors.New("this process is not the record's writer")

// Shared is implemented by stores that several processes open at once (PostgreSQL): one of
// them, elected, writes the record; the others follow it.
type Shared interface {
	// Lead tries to make this process the writer, without waiting, and reports whether it is.
	// Once it is, the channel returned is closed if it stops being the writer (the session
	// that held the role ended): it must then stop writing, and only Lead again makes it the
	// writer. The store refuses to append for a process that is not the writer.
	Lead(ctx context.Context) (lost <-chan struct{}, ok bool, err error)
	// Resign gives up the writer role, if held.
	Resign(ctx context.Context) error
	// Changes returns a channel that receives, at least once, after each commit by the
	// writer; it may receive when nothing changed. It is closed when ctx ends.
	Changes(ctx context.Context) <-chan struct{}
}

// replica is the engine's part in a record shared by several processes.
type replica struct {
	// mu is held by commit and by Follow: the tree and the state change in one place at a time.
	mu sync.Mutex
	// follower is set while another process writes the record: Submit refuses acts.
	follower atomic.Bool
}

// maxFollow bounds the entries one step of following applies under the engine's lock, so that
// catching up on a long record never blocks reads for long.
const maxFollow = 8192

// Replicated reports whether the engine's store is shared by several processes (it implements
// Shared): Replicate then elects this process as the writer or has it follow the writer.
func (e *Engine) Replicated() bool {
	_, ok := e.store.(Shared)
	return ok
}

// Writer reports whether the engine accepts acts: false while it follows a record that another
// process writes.
func (e *Engine) Writer() bool { return !e.replica.follower.Load() }

// notWriter is Submit's answer on a follower.
func notWriter() error {
	return &board.Error{Kind: board.Transient, Msg: "this server follows the record: another process is its writer; retry shortly", Err: ErrNotWriter}
}

// Follow brings the engine up to the record as stored: it reads the entries that another
// process appended since the engine's last one, up to the latest signed checkpoint, appends
// their leaves to the tree, checks the tree's root against that checkpoint, and applies their
// events. It returns how many entries it applied. Reads see the record before or after each
// step, never half of one. It must not be called on an engine that is writing (one for which
// Writer is true and which another process may write to at the same time); Replicate calls it.
func (e *Engine) Follow(ctx context.Context) (_ int, err error) {
	defer board.Wrap(&err, "follow the record from entry %d", e.Len())
	e.replica.mu.Lock()
	defer e.replica.mu.Unlock()
	total := 0
	for {
		n, more, err := e.followStep(ctx)
		total += n
		if err != nil || !more {
			return total, err
		}
	}
}

// followStep applies the entries up to the latest checkpoint at most maxFollow entries ahead,
// and reports whether more remain. The caller holds e.replica.mu: only it changes e.next.
func (e *Engine) followStep(ctx context.Context) (applied int, more bool, err error) {
	next := e.next
	var cp SignedCheckpoint
	errStop := errors.New("stop")
	err = e.store.Checkpoints(ctx, next+1, func(c SignedCheckpoint) error {
		if cp.Size != 0 && c.Size > next+maxFollow {
			more = true
			return errStop
		}
		cp = c
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return 0, false, err
	}
	if cp.Size <= next {
		return 0, false, nil
	}
	checkpoint, err := e.openCheckpoint(cp.Note)
	if err != nil || checkpoint.Size != cp.Size {
		return 0, false, board.Internalf(err, "record: the checkpoint stored for size %d does not open", cp.Size)
	}
	type step struct {
		at     time.Time
		events []board.Event
		leaf   []byte
		act    actHash
	}
	steps := make([]step, 0, cp.Size-next)
	err = e.store.Entries(ctx, next, func(en record.Entry) error {
		if en.Index >= cp.Size {
			return errStop
		}
		if want := next + uint64(len(steps)); en.Index != want {
			return board.Internalf(nil, "record: entry %d found where %d was expected", en.Index, want)
		}
		events, err := board.DecodeEvents(en.Events)
		if err != nil {
			return board.Internalf(err, "record: entry %d", en.Index)
		}
		steps = append(steps, step{at: en.At, events: events, leaf: en.Leaf().Bytes(), act: hashAct(en.Act)})
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return 0, false, err
	}
	if uint64(len(steps)) != cp.Size-next {
		return 0, false, board.Internalf(nil, "record: %d entries stored for a checkpoint of %d", next+uint64(len(steps)), cp.Size)
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range steps {
		if _, err := e.tree.Append(s.leaf); err != nil {
			e.tree.Truncate(int64(next))
			return 0, false, board.Internalf(err, "tree hashes")
		}
	}
	if root, err := e.tree.Root(int64(cp.Size)); err != nil || root != checkpoint.Hash {
		e.tree.Truncate(int64(next))
		return 0, false, board.Internalf(nil, "record: the stored entries do not match the checkpoint signed at size %d", cp.Size)
	}
	for i, s := range steps {
		e.state.Apply(s.at, s.events)
		e.acts.add(s.act, next+uint64(i))
	}
	e.committed.Store(e.tree.Frozen(int64(cp.Size)))
	e.publishKeys()
	e.next, e.checkpoint = cp.Size, cp
	e.subs.notify()
	return len(steps), more, nil
}

// openCheckpoint opens a signed checkpoint with the record's log key.
func (e *Engine) openCheckpoint(msg []byte) (record.Checkpoint, error) {
	if e.key != nil {
		return record.OpenCheckpoint(msg, e.key.Verifier)
	}
	v, err := note.NewVerifier(e.meta.LogKey)
	if err != nil {
		return record.Checkpoint{}, fmt.Errorf("the record's log key: %w", err)
	}
	return record.OpenCheckpoint(msg, v)
}

// recover brings the state and the tree back to the record as stored, after a failed commit
// applied events and tree hashes that were not stored. The record may hold more than the
// engine knows: another process appended (a writer that took over), or the failed commit was
// stored after all (its answer was lost); those entries are followed. The caller holds
// e.replica.mu.
func (e *Engine) recover(ctx context.Context) (err error) {
	defer board.Wrap(&err, "rebuild the state from the store")
	acts := newActSet()
	s, n, err := e.fold(ctx, nil, 0, time.Time{}, e.next, acts)
	if err != nil {
		return err
	}
	if n != e.next {
		return board.Internalf(nil, "record: %d entries stored where %d were committed", n, e.next)
	}
	e.mu.Lock()
	e.tree.Truncate(int64(e.next))
	e.state, e.acts = s, acts
	e.publishKeys()
	e.mu.Unlock()
	for {
		_, more, err := e.followStep(ctx)
		if err != nil || !more {
			return err
		}
	}
}

// ReplicaOptions adjusts Replicate.
type ReplicaOptions struct {
	// Poll is how often a follower tries to become the writer and, failing that, reads the
	// record even if the store signalled nothing (default: a second).
	Poll time.Duration
	// OnRole, if set, is called when the engine becomes the writer (true) or stops being it.
	OnRole func(writer bool)
	// OnError, if set, is called with each error met while following or electing; Replicate
	// keeps going.
	OnError func(error)
}

// StandBy makes the engine refuse acts, as a follower, until Replicate elects it the writer. A
// server that runs Replicate in the background calls it first, so that no request it answers
// meanwhile finds it the writer (its role in /healthz, an act accepted).
func (e *Engine) StandBy() { e.replica.follower.Store(true) }

// Replicate runs the engine as one of several processes on its shared store, until ctx ends.
// From the call on, the engine refuses acts (Submit fails with ErrNotWriter) unless it is the
// writer. As a follower, it applies what the writer commits, at once when the store signals a
// commit and at least every Poll, and every Poll it tries to become the writer: when the writer
// dies, its session's lock is released and a follower takes over within about Poll. Once
// elected, the engine catches up with the record, then accepts acts; if it loses the role, it
// refuses acts again and goes back to following. An engine without the log key (a production
// record served without its key file) never stands: it could not sign checkpoints. When ctx
// ends, a writer stays the writer until its store is closed, which releases the role.
func (e *Engine) Replicate(ctx context.Context, opts ReplicaOptions) error {
	s, ok := e.store.(Shared)
	if !ok {
		return board.Errorf(board.Invalid, "this store is not shared by several processes: its engine is the only writer")
	}
	e.replica.follower.Store(true)
	poll := opts.Poll
	if poll <= 0 {
		poll = time.Second
	}
	report := func(err error) {
		if err != nil && ctx.Err() == nil && opts.OnError != nil {
			opts.OnError(err)
		}
	}
	role := func(writer bool) {
		if opts.OnRole != nil {
			opts.OnRole(writer)
		}
	}
	changes := s.Changes(ctx)
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		var (
			lost <-chan struct{}
			ok   bool
		)
		if e.key != nil {
			var err error
			lost, ok, err = s.Lead(ctx)
			report(err)
		}
		if ok {
			if err := e.promote(ctx); err != nil {
				report(err)
				report(s.Resign(ctx))
			} else {
				role(true)
				select {
				case <-lost:
					e.replica.follower.Store(true)
					role(false)
				case <-ctx.Done():
					return nil
				}
			}
		}
	follow:
		for {
			_, err := e.Follow(ctx)
			report(err)
			select {
			case <-ctx.Done():
				return nil
			case <-tick.C:
				break follow
			case _, open := <-changes:
				if !open {
					changes = nil
				}
			}
		}
	}
}

// promote makes a newly elected engine the writer: it first applies whatever the previous
// writer committed. No commit of the previous writer can land after this: the store appends
// only for the process holding the role.
func (e *Engine) promote(ctx context.Context) (err error) {
	defer board.Wrap(&err, "take over as the writer")
	e.replica.mu.Lock()
	defer e.replica.mu.Unlock()
	for {
		_, more, err := e.followStep(ctx)
		if err != nil {
			return err
		}
		if !more {
			break
		}
	}
	e.replica.follower.Store(false)
	return nil
}
