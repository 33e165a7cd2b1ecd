package engine

import (
	"context"
	"errors"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// View calls fn with the state as of instant t and the rules; fn gives t to the views it calls.
// fn must not keep or change the state.
//
// For an instant before the last act, the latest state answers if every act after t only added
// what the views filter by time (board.AppendOnly: votes, comments, pledges, receipts), with
// the count of acts as of t. Otherwise the acts up to t that were not (board.State.Reshapes) are
// read from the record and applied again, alone, and the state they make takes the latest
// state's ballots, comments and ledger, which the views filter by time (board.State.Graft).
//
// View returns fn's error as it is; its own errors, failures to read the record, are Internal
// and name what was read.
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
// board.AppendOnly, their events read from the store in a few queries (Store.PickEvents).
//
// Decoding is most of the work: each entry is decoded, on any core, as soon as it is read, and
// they are applied in order once all are.
func (e *Engine) reshapedAt(ctx context.Context, n uint64) (_ *board.State, err error) {
	defer board.Wrap(&err, "apply again the acts that reshaped the first %d entries", n)
	e.mu.RLock()
	all := e.state.Reshapes // only ever appended to: its first items stay as they are
	e.mu.RUnlock()
	positions := all[:sort.Search(len(all), func(i int) bool { return uint64(all[i]) >= n })]
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
	err = e.store.PickEvents(ctx, idxs, func(en record.Entry) error {
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
	s := board.NewState(e.rules.Organization.Chairman)
	for i, en := range entries {
		s.ApplyReshaping(en.At, events[i])
	}
	return s, nil
}
