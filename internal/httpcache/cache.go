package httpcache

import (
	"bytes"
	"container/list"
	"net/http"
	"sync"
)

// Default bounds of a Cache.
const (
	DefaultMaxBytes = 64 << 20
	DefaultMaxBody  = 1 << 20
)

// A Cache keeps answers by key: at most MaxBytes of them, the least recently served leaving
// first, each at most MaxBody. A request for an answer that another request is computing waits
// for it rather than compute it again: a view waits while acts are being committed, and every
// reader that came meanwhile, asking the same question, would otherwise compute the same answer
// once let in. The key must name everything the answer depends on (Serve). The zero value is
// ready, with the default bounds; a Cache is safe for concurrent use.
type Cache struct {
	MaxBytes int // default DefaultMaxBytes
	MaxBody  int // default DefaultMaxBody

	mu        sync.Mutex
	answers   map[string]*list.Element // of *kept, in lru
	lru       list.List                // the most recently served first
	bytes     int
	computing map[string]*computation
}

type kept struct {
	key    string
	answer *Answer
}

// A computation is an answer being computed, which other requests for it wait for.
type computation struct {
	done   chan struct{} // closed once answer is set
	answer *Answer       // nil: the computation failed, and each waiting request computes its own
}

// Serve answers r with the answer of key, which handle computes into the writer it is given.
// The answer is the one kept, or the one another request is computing, or else handle's: kept if
// it is a success (handle returns nil after writing status 200), not larger than MaxBody, and
// keep, called once handle returned, says so (an answer about now is of the record its key
// names only if the record did not grow meanwhile). An empty key keeps nothing and waits for
// nothing. A success is written with its ETag and Cache-Control, or as 304 when r's
// If-None-Match names it (Answer.Write); any other answer of handle is written as handle wrote
// it. If handle returns an error, nothing is written: Serve returns it, for the caller to answer.
func (c *Cache) Serve(w http.ResponseWriter, r *http.Request, key string, f Freshness, keep func() bool, handle func(http.ResponseWriter) error) error {
	if key == "" {
		a, err := compute(w, f, handle)
		if a == nil || err != nil {
			return err
		}
		return a.Write(w, r)
	}
	a, running, mine := c.begin(key)
	if a == nil && !mine {
		select {
		case <-running.done:
			a = running.answer
		case <-r.Context().Done():
			return r.Context().Err()
		}
		if a == nil { // it failed: this request computes its own, as if uncached
			return c.Serve(w, r, "", f, nil, handle)
		}
	}
	if a != nil {
		return a.Write(w, r)
	}
	var done *Answer
	defer func() { c.end(key, running, done, done != nil && keep()) }() // even if handle panics
	a, err := compute(w, f, handle)
	if a == nil || err != nil {
		return err
	}
	if len(a.Body) <= c.maxBody() {
		a.Body = bytes.Clone(a.Body) // without the buffer's spare room
		done = a
	}
	return a.Write(w, r)
}

// compute calls handle with a recorder and returns its answer if it is a success; otherwise it
// writes what handle wrote to w (unless handle failed) and returns nil.
func compute(w http.ResponseWriter, f Freshness, handle func(http.ResponseWriter) error) (*Answer, error) {
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	if err := handle(rec); err != nil {
		return nil, err
	}
	if rec.status == http.StatusOK {
		return NewAnswer(rec.header, rec.body.Bytes(), f), nil
	}
	h := w.Header()
	for k, vs := range rec.header {
		h[k] = vs
	}
	w.WriteHeader(rec.status)
	_, err := w.Write(rec.body.Bytes())
	return nil, err
}

// begin returns the answer kept for key, or the computation of it that another request is
// making, to wait for; or, if there is none, starts one (mine), which the caller ends with end.
func (c *Cache) begin(key string) (a *Answer, running *computation, mine bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.answers[key]; ok {
		c.lru.MoveToFront(el)
		return el.Value.(*kept).answer, nil, false
	}
	if running = c.computing[key]; running != nil {
		return nil, running, false
	}
	if c.computing == nil {
		c.computing = map[string]*computation{}
	}
	running = &computation{done: make(chan struct{})}
	c.computing[key] = running
	return nil, running, true
}

// end ends the computation of key that begin started, with its answer (nil: it failed), and
// keeps that answer if keep.
func (c *Cache) end(key string, comp *computation, a *Answer, keep bool) {
	c.mu.Lock()
	delete(c.computing, key)
	if keep {
		c.put(key, a)
	}
	c.mu.Unlock()
	comp.answer = a
	close(comp.done)
}

// put keeps a as key's answer, making room for it; c.mu is held.
func (c *Cache) put(key string, a *Answer) {
	if c.answers == nil {
		c.answers = map[string]*list.Element{}
	}
	if el, ok := c.answers[key]; ok {
		c.remove(el)
	}
	k := &kept{key: key, answer: a}
	c.answers[key] = c.lru.PushFront(k)
	c.bytes += a.size() + len(key)
	for most := c.maxBytes(); c.bytes > most && c.lru.Len() > 1; {
		c.remove(c.lru.Back())
	}
}

func (c *Cache) remove(el *list.Element) {
	k := c.lru.Remove(el).(*kept)
	delete(c.answers, k.key)
	c.bytes -= k.answer.size() + len(k.key)
}

// Len returns the number of answers kept and their size in bytes, roughly.
func (c *Cache) Len() (answers, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.bytes
}

func (c *Cache) maxBytes() int {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return DefaultMaxBytes
}

func (c *Cache) maxBody() int {
	if c.MaxBody > 0 {
		return c.MaxBody
	}
	return DefaultMaxBody
}

// A recorder is the writer handle writes an answer into.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(status int) {
	if !rec.wrote {
		rec.status, rec.wrote = status, true
	}
}

func (rec *recorder) Write(b []byte) (int, error) {
	rec.wrote = true
	return rec.body.Write(b)
}
