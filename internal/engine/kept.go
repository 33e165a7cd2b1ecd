package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
)

// Kept states (issue 23): a view as of an instant before the last act applies again the acts
// up to it that reshaped the state (view.go). Along the record, the engine keeps the state those
// acts make (what reshapedAt builds) every keptEvery of them, in the store, so that a view
// applies again only the acts since the nearest kept state at or before its instant: at most
// keptEvery of them, however long the record.
//
// A kept state is a cache derived from the entries. Each is stored with its sum (keptSum), which
// ties it to this record: SHA-256 over its size, the tree's root at that size (which the engine
// holds in memory, checked against the latest signed checkpoint) and its bytes. One whose sum does
// not match, or that does not decode (a state of another snapshot version, damaged bytes), is
// not used: the view starts from the previous good one, or from nothing, and the builder rebuilds
// it and saves it again.
//
// The writer builds them on a goroutine of its own (keep), off the commit path, a round at most
// every keptRound, each step after a pause as long as the step took; a record written before
// kept states existed gets them after it opens. A follower of a shared record reads the kept
// states the writer saves, and saves none.

// keptEvery is how many acts that reshaped the state come between kept states, unless
// WithKeptEvery says otherwise.
var keptEvery = 512

// keptRound is how often the builder looks for kept states to save (a follower, for those the
// writer saved).
const keptRound = time.Second

// keptCacheBytes bounds the bytes of the kept states held in memory, checked, for views.
const keptCacheBytes = 16 << 20

// WithKeptEvery sets how many acts that reshaped the state come between kept states (at least
// 1). Tests set it small, so that a short record has many.
func WithKeptEvery(k int) Option {
	return func(e *Engine) { e.kept.every = max(1, k) }
}

// keptStates is what the engine knows of the kept states in its store.
type keptStates struct {
	every     int            // acts that reshaped the state between kept states
	build     sync.Mutex     // held by whoever saves kept states: one at a time
	done      sync.WaitGroup // the builder's goroutine
	wake      chan struct{}  // a view found a kept state that failed its check (one buffered)
	reapplied atomic.Uint64  // acts applied again by views, since the engine opened

	mu    sync.Mutex // guards what follows
	sizes []uint64   // of the kept states stored, increasing
	bad   map[uint64]bool
	cache keptCache
}

// loadKept reads the sizes of the kept states stored. Open calls it.
func (e *Engine) loadKept(ctx context.Context) error {
	sizes, err := e.store.KeptSizes(ctx)
	if err != nil {
		return err
	}
	e.kept.mu.Lock()
	defer e.kept.mu.Unlock()
	e.kept.sizes = sizes
	return nil
}

// startKeeping starts the builder of kept states; it stops when the engine closes (e.stop).
func (e *Engine) startKeeping() {
	e.kept.done.Add(1)
	go e.keep()
}

// keep is the builder's goroutine: while the engine writes the record, it saves the kept states
// due (KeepStates); while it follows another process, it reads the sizes of those saved.
func (e *Engine) keep() {
	defer e.kept.done.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-e.stop
		cancel()
	}()
	tick := time.NewTicker(keptRound)
	defer tick.Stop()
	for {
		// A round first waits: a process that opens a shared record learns whether it writes
		// it (Replicate) after Open, and a follower saves no kept state.
		select {
		case <-e.stop:
			return
		case <-tick.C:
		case <-e.kept.wake:
		}
		if e.Writer() {
			for {
				start := time.Now()
				more, err := e.keepStep(ctx)
				if err != nil || !more {
					break // a cache: tried again next round
				}
				select {
				case <-time.After(time.Since(start)):
				case <-e.stop:
					return
				}
			}
		} else {
			e.loadKept(ctx) // a cache: tried again next round
		}
	}
}

// KeepStates saves now the kept states due in the committed record, and those found failing
// their check, as the builder does in the background. It is for tests and tools that want the
// kept states saved before they close the engine; the engine must be the record's writer.
func (e *Engine) KeepStates(ctx context.Context) (err error) {
	defer board.Wrap(&err, "save the kept states")
	for {
		more, err := e.keepStep(ctx)
		if err != nil || !more {
			return err
		}
	}
}

// keepStep saves one kept state: the first found failing its check, or else the next one due,
// keptEvery acts that reshaped the state after the last one. It reports whether it saved one.
func (e *Engine) keepStep(ctx context.Context) (bool, error) {
	e.kept.build.Lock()
	defer e.kept.build.Unlock()
	size := uint64(e.committed.Load().Size())
	e.mu.RLock()
	all := e.state.Reshapes // only ever appended to, but for a failed commit's, after size
	e.mu.RUnlock()
	reshapes := all[:sort.Search(len(all), func(i int) bool { return uint64(all[i]) >= size })]

	e.kept.mu.Lock()
	var target, last uint64
	var beyond []uint64
	for _, s := range e.kept.sizes {
		switch {
		case s > size:
			beyond = append(beyond, s)
		case e.kept.bad[s] && target == 0:
			target = s
		}
		if s <= size {
			last = s
		}
	}
	e.kept.mu.Unlock()
	for _, s := range beyond { // not of this record: none is that long
		if err := e.store.DeleteKeptState(ctx, s); err != nil {
			return false, err
		}
		e.forgetKept(s)
	}
	if target == 0 {
		from := sort.Search(len(reshapes), func(i int) bool { return uint64(reshapes[i]) >= last })
		if len(reshapes)-from < e.kept.every {
			return false, nil
		}
		target = uint64(reshapes[from+e.kept.every-1]) + 1
	}
	base, s, err := e.keptNearest(ctx, target-1)
	if err != nil {
		return false, err
	}
	if s, err = e.applyReshapes(ctx, s, between(reshapes, base, target)); err != nil {
		return false, err
	}
	data, err := s.Snapshot()
	if err != nil {
		return false, board.Internalf(err, "kept state of %d entries", target)
	}
	sum, err := e.keptSum(target, data)
	if err != nil {
		return false, err
	}
	if err := e.store.SaveKeptState(ctx, KeptState{Size: target, Sum: sum, Data: data}); err != nil {
		return false, err
	}
	e.kept.mu.Lock()
	defer e.kept.mu.Unlock()
	i := sort.Search(len(e.kept.sizes), func(i int) bool { return e.kept.sizes[i] >= target })
	if i == len(e.kept.sizes) || e.kept.sizes[i] != target {
		e.kept.sizes = append(e.kept.sizes[:i:i], append([]uint64{target}, e.kept.sizes[i:]...)...)
	}
	delete(e.kept.bad, target)
	e.kept.cache.put(target, data)
	return true, nil
}

// between returns the positions in reshapes from from (included) to to (excluded).
func between(reshapes []int64, from, to uint64) []int64 {
	i := sort.Search(len(reshapes), func(i int) bool { return uint64(reshapes[i]) >= from })
	j := sort.Search(len(reshapes), func(i int) bool { return uint64(reshapes[i]) >= to })
	return reshapes[i:j]
}

// keptSum is the sum a kept state of the record's first size entries is stored with (keptSumOf).
func (e *Engine) keptSum(size uint64, data []byte) ([]byte, error) {
	root, err := e.committed.Load().Root(int64(size))
	if err != nil {
		return nil, board.Internalf(err, "record: the tree's root at %d entries", size)
	}
	return keptSumOf(size, root, data), nil
}

// keptSumOf returns SHA-256 over size (8 bytes, big-endian), root, the tree's root at size, and
// data: it ties a kept state to the record it is of.
func keptSumOf(size uint64, root tlog.Hash, data []byte) []byte {
	h := sha256.New()
	h.Write(binary.BigEndian.AppendUint64(nil, size))
	h.Write(root[:])
	h.Write(data)
	return h.Sum(nil)
}

// keptNearest returns the state of the kept state of the largest size at most n that is good,
// decoded (the caller's to change), with its size; a new state and 0 if there is none. A kept
// state that fails its check is marked bad, for the builder to rebuild, and not used.
func (e *Engine) keptNearest(ctx context.Context, n uint64) (uint64, *board.State, error) {
	if committed := uint64(e.committed.Load().Size()); n > committed {
		n = committed
	}
	for {
		e.kept.mu.Lock()
		var size uint64
		for i := sort.Search(len(e.kept.sizes), func(i int) bool { return e.kept.sizes[i] > n }) - 1; i >= 0; i-- {
			if s := e.kept.sizes[i]; !e.kept.bad[s] {
				size = s
				break
			}
		}
		data, cached := e.kept.cache.get(size)
		e.kept.mu.Unlock()
		if size == 0 {
			return 0, board.NewState(e.rules.Organization.Chairman), nil
		}
		if !cached {
			k, err := e.store.KeptState(ctx, size)
			if board.ErrorKindOf(err) == board.NotFound {
				e.forgetKept(size) // deleted since listed
				continue
			}
			if err != nil {
				return 0, nil, err
			}
			if sum, err := e.keptSum(size, k.Data); err != nil || !bytes.Equal(sum, k.Sum) {
				e.badKept(size)
				continue
			}
			data = k.Data
		}
		s, err := board.RestoreState(bytes.NewReader(data), int64(len(data)))
		if err != nil { // of another version, or damaged before its sum was made
			e.badKept(size)
			continue
		}
		if !cached {
			e.kept.mu.Lock()
			e.kept.cache.put(size, data)
			e.kept.mu.Unlock()
		}
		return size, s, nil
	}
}

// badKept marks the kept state of size as failing its check, and wakes the builder.
func (e *Engine) badKept(size uint64) {
	e.kept.mu.Lock()
	if e.kept.bad == nil {
		e.kept.bad = map[uint64]bool{}
	}
	e.kept.bad[size] = true
	e.kept.cache.remove(size)
	e.kept.mu.Unlock()
	select {
	case e.kept.wake <- struct{}{}:
	default:
	}
}

// forgetKept takes size out of the kept states known.
func (e *Engine) forgetKept(size uint64) {
	e.kept.mu.Lock()
	defer e.kept.mu.Unlock()
	if i := sort.Search(len(e.kept.sizes), func(i int) bool { return e.kept.sizes[i] >= size }); i < len(e.kept.sizes) && e.kept.sizes[i] == size {
		e.kept.sizes = append(e.kept.sizes[:i:i], e.kept.sizes[i+1:]...)
	}
	delete(e.kept.bad, size)
	e.kept.cache.remove(size)
}

// A keptCache holds the bytes of the kept states last used, checked, up to keptCacheBytes: a
// view decodes its own state from them (it changes it), without reading them from the store.
// The caller holds keptStates.mu.
type keptCache struct {
	bytes int
	items map[uint64]*keptItem
	tick  uint64
}

type keptItem struct {
	data []byte
	used uint64
}

func (c *keptCache) get(size uint64) ([]byte, bool) {
	it, ok := c.items[size]
	if !ok {
		return nil, false
	}
	c.tick++
	it.used = c.tick
	return it.data, true
}

// put keeps data, and forgets the least recently used until the cache is within its bound.
// Data larger than the bound is not kept.
func (c *keptCache) put(size uint64, data []byte) {
	if len(data) > keptCacheBytes {
		return
	}
	c.remove(size)
	if c.items == nil {
		c.items = map[uint64]*keptItem{}
	}
	c.tick++
	c.items[size] = &keptItem{data: data, used: c.tick}
	c.bytes += len(data)
	for c.bytes > keptCacheBytes {
		var oldest uint64
		var at uint64 = ^uint64(0)
		for s, it := range c.items {
			if it.used < at {
				oldest, at = s, it.used
			}
		}
		c.remove(oldest)
	}
}

func (c *keptCache) remove(size uint64) {
	if it, ok := c.items[size]; ok {
		c.bytes -= len(it.data)
		delete(c.items, size)
	}
}
