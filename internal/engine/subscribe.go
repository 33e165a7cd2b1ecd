package engine

import (
	"context"
	"sync"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// Subscriptions: readers that wait for the record to grow (the API's event stream) are woken
// by the writer after each successful commit; they then read the new entries from the store.
// Nothing is buffered per subscriber, so a slow reader never holds the writer back: it only
// reads later, from the store, what it has not read yet.

// subscribers wakes the readers waiting for the record to grow. Its zero value is ready to use.
type subscribers struct {
	mu    sync.Mutex
	grown chan struct{} // closed when the record grows; nil until someone waits
}

// notify wakes every waiting reader. The writer calls it after each commit that added entries.
func (s *subscribers) notify() {
	s.mu.Lock()
	if s.grown != nil {
		close(s.grown)
		s.grown = nil
	}
	s.mu.Unlock()
}

// wait returns a channel that is closed at the next notify.
func (s *subscribers) wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.grown == nil {
		s.grown = make(chan struct{})
	}
	return s.grown
}

// WaitFor blocks until the record holds more than n entries, or ctx ends, and returns the
// number of entries it holds.
func (e *Engine) WaitFor(ctx context.Context, n uint64) (uint64, error) {
	for {
		// Take the channel before reading the length, so that a commit in between still wakes us.
		grown := e.subs.wait()
		if l := e.Len(); l > n {
			return l, nil
		}
		select {
		case <-grown:
		case <-ctx.Done():
			return e.Len(), ctx.Err()
		}
	}
}

// Entry returns committed entry i, or a NotFound error.
func (e *Engine) Entry(ctx context.Context, i uint64) (record.Entry, error) {
	if n := e.Len(); i >= n {
		return record.Entry{}, board.Errorf(board.NotFound, "no entry %d (the log has %d)", i, n)
	}
	var out record.Entry
	if err := e.ReadEntries(ctx, i, i+1, func(en record.Entry) error { out = en; return nil }); err != nil {
		return record.Entry{}, err
	}
	if out.Index != i || out.Act == nil {
		return record.Entry{}, board.Internalf(nil, "record: entry missing from the store")
	}
	return out, nil
}
