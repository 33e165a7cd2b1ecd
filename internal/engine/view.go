package engine

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// View calls fn with the state as of instant t and the rules; fn gives t to the views it calls.
// fn must not keep or change the state. The state fn sees holds only committed acts: View waits
// while acts are being committed (see rlock).
//
// For an instant before the last act, the latest state answers if every act after t only added
// what the views filter by time (board.AppendOnly: votes, comments, pledges, receipts), with
// the count of acts as of t. Otherwise the acts up to t that were not (board.State.Reshapes) are
// applied again, alone, from the nearest kept state at or before t (kept.go: at most one kept
// state's interval of them, read from the record), and the state they make takes the latest
// state's ballots, comments, progress reports and ledger, which the views filter by time
// (board.State.Grafted). The states so made are kept, a few, for the next views of the same
// entries (past.go).
//
// View returns fn's error as it is. Its own errors: ctx's, if it ends while View waits; a
// Transient error while a failed commit's acts could not be taken out of the state; failures to
// read the record, Internal, naming what was read.
func (e *Engine) View(ctx context.Context, t time.Time, fn func(*board.State, *charter.Rules) error) error {
	if err := e.rlock(ctx); err != nil {
		return err
	}
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
		if err := e.rlock(ctx); err != nil {
			return err
		}
		if r := e.state.Reshaped; !r.IsZero() && !t.Before(r) { // no act since changed that
			defer e.mu.RUnlock()
			s := *e.state
			s.Acts = int(n)
			return fn(&s, e.rules)
		}
		e.mu.RUnlock()
	}
	e.pastFolds.Add(1)
	s, ok := e.past.get(n)
	if !ok {
		if s, err = e.reshapedAt(ctx, n); err != nil {
			return err
		}
		e.past.put(n, s)
	}
	if err := e.rlock(ctx); err != nil {
		return err
	}
	defer e.mu.RUnlock()
	g := s.Grafted(e.state)
	g.Acts = int(n)
	return fn(g, e.rules)
}

// A readGate holds the readers that find acts in the state that the store does not hold yet
// (e.staged) until the writer has committed them; the writer then read-locks e.mu for each of
// them before they go on, so that they read before it changes the state again (see the package
// comment).
type readGate struct {
	mu      sync.Mutex
	waiting int           // readers waiting for the state to hold only committed acts
	open    chan struct{} // closed when the writer lets them in; nil while none waits
	knock   chan struct{} // a reader waits, or found the state stale (one buffered): wakes the writer
}

// rlock read-locks e.mu once the state holds only committed acts. While it holds acts being
// committed, it waits: until they are committed, or, if their commit fails, until the state is
// rebuilt from the store. It returns ctx's error if ctx ends first, and a Transient error if a
// failed commit's acts could not be taken out of the state (the writer tries again before its
// next act, and when a reader finds it so, at most once a second). The caller read-unlocks e.mu.
func (e *Engine) rlock(ctx context.Context) error {
	e.mu.RLock()
	for {
		switch {
		case e.stale:
			e.mu.RUnlock()
			e.readers.knockOnce() // the writer tries to rebuild it
			return board.Errorf(board.Transient, "a commit failed and the state is being rebuilt from the record; retry shortly")
		case e.staged == 0:
			return nil
		}
		open := e.readers.wait()
		e.mu.RUnlock()
		select {
		case <-open: // the writer read-locked e.mu for this reader
		case <-ctx.Done():
			if e.readers.leave(open) {
				<-open // at once: the writer is letting the readers in
				e.mu.RUnlock()
			}
			return ctx.Err()
		}
	}
}

// wait counts a reader in the ones waiting, wakes the writer, and returns the channel closed when
// they are let in. The caller holds e.mu read-locked, and found e.staged > 0: the writer cannot
// have let the waiting readers in since.
func (g *readGate) wait() <-chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.open == nil {
		g.open = make(chan struct{})
	}
	g.waiting++
	g.knockOnce()
	return g.open
}

// knockOnce wakes the writer, unless it is woken already.
func (g *readGate) knockOnce() {
	select {
	case g.knock <- struct{}{}:
	default:
	}
}

// leave takes back a reader that waited on open and gives up. It reports whether the writer is
// letting it in already: e.mu is then read-locked for it once open is closed, and the caller must
// read-unlock it.
func (g *readGate) leave(open <-chan struct{}) (let bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.open != open {
		return true
	}
	g.waiting--
	return false
}

// waits reports whether readers wait for the state to hold only committed acts.
func (g *readGate) waits() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.waiting > 0
}

// letIn lets the waiting readers in, read-locking e.mu for each: the writer's next e.mu.Lock
// waits until they have read, and blocks the readers who come meanwhile, so that those let in
// get the cores. The writer calls it once the state holds only committed acts (or is stale); it
// holds e.replica.mu, so no one else waits to lock e.mu.
func (e *Engine) letIn() {
	g := &e.readers
	g.mu.Lock()
	open, n := g.open, g.waiting
	g.open, g.waiting = nil, 0
	g.mu.Unlock()
	if open == nil {
		return
	}
	for range n {
		e.mu.RLock()
	}
	close(open)
}

// reshapedAt makes the state of the acts among the record's first n that were not
// board.AppendOnly: from the nearest good kept state at or before n (kept.go), or from nothing,
// it applies again the acts after it.
func (e *Engine) reshapedAt(ctx context.Context, n uint64) (_ *board.State, err error) {
	defer board.Wrap(&err, "apply again the acts that reshaped the first %d entries", n)
	if err := e.rlock(ctx); err != nil {
		return nil, err
	}
	all := e.state.Reshapes // only ever appended to: its first items stay as they are
	e.mu.RUnlock()
	base, s, err := e.keptNearest(ctx, n)
	if err != nil {
		return nil, err
	}
	positions := between(all, base, n)
	e.kept.reapplied.Add(uint64(len(positions)))
	return e.applyReshapes(ctx, s, positions)
}

// applyReshapes applies to s again, alone, the acts at positions, their events read from the
// store in a few queries (Store.PickEvents).
//
// Decoding is most of the work: each entry is decoded, on any core, as soon as it is read, and
// they are applied in order once all are.
func (e *Engine) applyReshapes(ctx context.Context, s *board.State, positions []int64) (*board.State, error) {
	idxs := make([]uint64, len(positions))
	for i, p := range positions {
		idxs[i] = uint64(p)
	}
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
					errs[w] = board.Internalf(errs[w], "record: entry %d", entries[i].Index)
				}
			}
		})
	}
	k := 0
	err := e.store.PickEvents(ctx, idxs, func(en record.Entry) error {
		if k == len(idxs) || en.Index != idxs[k] {
			return board.Internalf(nil, "record: entry %d found where %d was expected", en.Index, idxs[min(k, len(idxs)-1)])
		}
		entries[k] = en
		read <- k
		k++
		return nil
	})
	close(read)
	wg.Wait()
	if err == nil && k != len(idxs) {
		err = board.Internalf(nil, "record: entry %d is missing", idxs[k])
	}
	if err = errors.Join(err, errors.Join(errs...)); err != nil {
		return nil, err
	}
	for i, en := range entries {
		s.ApplyReshaping(en.At, events[i])
	}
	return s, nil
}
