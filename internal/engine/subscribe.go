package engine

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// Subscriptions: readers that wait for the record to grow are woken by the writer after each
// successful commit (WaitFor). Event streams do not each read the new entries from the store: a
// Feed reads them once, for every stream, and keeps the latest in a window that the streams
// copy from. A stream that falls behind the window is dropped (ErrSlow): the writer is never
// held back, and the feed keeps no more than its window, whatever a client's pace.

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

// ErrSlow ends a subscription that fell behind its feed's window: its reader was too slow for
// the entries coming in. Its client reconnects from the last entry it got.
var ErrSlow = errors.New("the subscriber fell behind the entries coming in")

// FeedOptions bound a Feed. The zero value takes the defaults noted.
type FeedOptions struct {
	// Window is how many of the latest entries the feed keeps for its subscribers (default
	// 4096), in at most WindowBytes of converted entries (default 16 MiB).
	Window      int
	WindowBytes int
	// Interval is the least time between two wakings of the subscribers (default 20ms), and
	// PerSubscriber what each subscriber adds to it (default 250µs: 250ms for 1,000): under a
	// stream of writes, each subscriber wakes once per interval for all the entries that came,
	// rather than once per commit, and all of them together at most some 4,000 times a second.
	Interval      time.Duration
	PerSubscriber time.Duration
}

// A Feed fans the record's new entries out to any number of subscribers from one reader of the
// store: each entry committed while it has subscribers is read once, converted once (by the
// caller's convert: the API's Server-Sent Event), and kept in a window of the latest entries
// that every subscriber copies from. The reader runs while the feed has subscribers.
type Feed struct {
	e       *Engine
	convert func(record.Entry) ([]byte, error)
	opts    FeedOptions

	mu     sync.Mutex
	subs   int                       // subscriptions open
	gen    uint64                    // the reader's generation: an earlier one's reads are not published
	stop   func()                    // ends the reader; nil when none runs
	window [][]byte                  // the converted entries [first, next)
	first  uint64                    // the index of window[0]
	next   uint64                    // the index after the window's last entry
	bytes  int                       // the window's bytes
	grown  [feedShards]chan struct{} // each closed when its subscriptions are to wake; replaced then
	made   int                       // subscriptions made, to share them among the shards
	err    error                     // why the reader stopped, if it failed
	// joined is the entries [from, to) of the window joined, for the subscriptions that ask
	// for them: those that keep up all ask for the same, and write it at once.
	joined struct {
		from, to uint64
		b        []byte
	}
}

// feedShards is how many groups a feed wakes its subscriptions in, one after the other over the
// interval: a thousand goroutines woken at once would queue every other request of the process
// (the writes among them) behind them.
const feedShards = 16

// NewFeed returns a feed of e's entries as convert makes them, bounded by opts.
func (e *Engine) NewFeed(convert func(record.Entry) ([]byte, error), opts FeedOptions) *Feed {
	if opts.Window <= 0 {
		opts.Window = 4096
	}
	if opts.WindowBytes <= 0 {
		opts.WindowBytes = 16 << 20
	}
	if opts.Interval <= 0 {
		opts.Interval = 20 * time.Millisecond
	}
	if opts.PerSubscriber <= 0 {
		opts.PerSubscriber = 250 * time.Microsecond
	}
	f := &Feed{e: e, convert: convert, opts: opts}
	for i := range f.grown {
		f.grown[i] = make(chan struct{})
	}
	return f
}

// A Subscription follows a feed from an index on. It is for one goroutine.
type Subscription struct {
	f     *Feed
	shard int    // which of the feed's wakings it waits for
	next  uint64 // the index of the next entry to give
	live  bool   // it has caught up with the window: falling behind it now drops it
	done  bool
}

// Subscribe returns a subscription to the entries from index from on. Entries already out of
// the window are read from the store by the subscription itself (its reader catching up); the
// caller closes it.
func (f *Feed) Subscribe(from uint64) *Subscription {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs++
	if f.stop == nil {
		// The reader starts at the record's end: what came before is read by those who ask.
		ctx, cancel := context.WithCancel(context.Background())
		n := f.e.Len()
		f.gen++
		f.window, f.first, f.next, f.bytes, f.err, f.stop = nil, n, n, 0, nil, cancel
		go f.read(ctx, f.gen, n)
	}
	f.made++
	return &Subscription{f: f, shard: f.made % feedShards, next: from}
}

// Close ends the subscription; the feed's reader stops with its last subscription.
func (s *Subscription) Close() {
	if s.done {
		return
	}
	s.done = true
	f := s.f
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.subs--; f.subs == 0 && f.stop != nil {
		f.stop()
		f.stop = nil
		f.gen++ // the reader stopping publishes nothing more
	}
}

// Next returns the converted entries that follow those returned before, in order, joined, at
// least one, once there are any: from the window, or from the store for a subscription catching
// up. It returns nothing and no error if idle fires first (nil: never); it fails with ErrSlow
// when the subscription, having caught up, falls behind the window, and with ctx's error when
// ctx ends. The bytes are the caller's to read, not to change: other subscriptions share them.
func (s *Subscription) Next(ctx context.Context, idle <-chan time.Time) ([]byte, error) {
	f := s.f
	for {
		f.mu.Lock()
		first, next, grown, err := f.first, f.next, f.grown[s.shard], f.err
		var out []byte
		if s.next >= first && s.next < next {
			if j := &f.joined; j.from != s.next || j.to != next {
				j.from, j.to, j.b = s.next, next, bytes.Join(f.window[s.next-first:next-first], nil)
			}
			out = f.joined.b
		}
		f.mu.Unlock()
		switch {
		case out != nil:
			s.live = true
			s.next = next
			return out, nil
		case s.next < first && s.live:
			return nil, ErrSlow
		case s.next < first:
			return s.catchUp(ctx, first)
		case err != nil:
			return nil, err
		}
		select {
		case <-grown:
		case <-idle:
			return nil, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// catchUp reads entries from the subscription's next up to the window's first from the store:
// at most a window's worth at a time.
func (s *Subscription) catchUp(ctx context.Context, to uint64) ([]byte, error) {
	f := s.f
	var out []byte
	n := 0
	errFull := errors.New("full")
	err := f.e.ReadEntries(ctx, s.next, to, func(en record.Entry) error {
		b, err := f.convert(en)
		if err != nil {
			return err
		}
		out = append(out, b...)
		s.next = en.Index + 1
		if n++; n >= f.opts.Window || len(out) >= f.opts.WindowBytes {
			return errFull
		}
		return nil
	})
	if err != nil && !errors.Is(err, errFull) {
		return nil, err
	}
	if n == 0 {
		return nil, board.Internalf(nil, "record: entries %d to %d missing from the store", s.next, to)
	}
	return out, nil
}

// read is the feed's one reader, of generation gen: it waits for the record to grow past next,
// reads the new entries once, converts them and adds them to the window, then wakes the
// subscriptions, a shard at a time over the interval. It ends when ctx does, or on an error
// other than a busy store's, which ends the subscriptions.
func (f *Feed) read(ctx context.Context, gen, next uint64) {
	for {
		n, err := f.e.WaitFor(ctx, next)
		if ctx.Err() != nil {
			return
		}
		var batch [][]byte
		if err == nil {
			err = f.e.ReadEntries(ctx, next, n, func(en record.Entry) error {
				b, err := f.convert(en)
				if err != nil {
					return err
				}
				batch = append(batch, b)
				next = en.Index + 1
				return nil
			})
		}
		if ctx.Err() != nil {
			return
		}
		if board.ErrorKindOf(err) == board.Transient {
			err = nil // a busy store: read the rest again, after the interval
		}
		subs, ok := f.publish(gen, batch, err)
		if !ok || err != nil {
			return
		}
		interval := max(f.opts.Interval, time.Duration(subs)*f.opts.PerSubscriber)
		pause := time.NewTimer(interval / feedShards)
		for shard := range feedShards {
			if len(batch) > 0 {
				f.wake(gen, shard)
			}
			select {
			case <-pause.C:
				pause.Reset(interval / feedShards)
			case <-ctx.Done():
				pause.Stop()
				return
			}
		}
		pause.Stop()
	}
}

// wake wakes the subscriptions of a shard, if the reader of generation gen is the feed's.
func (f *Feed) wake(gen uint64, shard int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if gen == f.gen {
		close(f.grown[shard])
		f.grown[shard] = make(chan struct{})
	}
}

// publish adds batch, the entries that follow the window's, to it, and drops its oldest entries
// beyond its bounds; err ends the subscriptions (waking them all), and the reader, which the
// next subscription starts again. It returns how many subscriptions the feed has, and false if the
// reader of generation gen is no longer the feed's.
func (f *Feed) publish(gen uint64, batch [][]byte, err error) (int, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if gen != f.gen {
		return 0, false
	}
	for _, b := range batch {
		f.bytes += len(b)
	}
	f.window = append(f.window, batch...)
	f.next = f.first + uint64(len(f.window))
	drop := 0
	for len(f.window)-drop > f.opts.Window || (f.bytes > f.opts.WindowBytes && len(f.window)-drop > 1) {
		f.bytes -= len(f.window[drop])
		drop++
	}
	if drop > 0 {
		// A new array: subscriptions may be reading the old one.
		f.window = append([][]byte(nil), f.window[drop:]...)
		f.first += uint64(drop)
	}
	if f.err = err; err != nil {
		if f.stop != nil {
			f.stop()
			f.stop = nil
		}
		for i := range f.grown {
			close(f.grown[i])
			f.grown[i] = make(chan struct{})
		}
	}
	return f.subs, true
}
