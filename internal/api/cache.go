package api

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Reads of the organization's state are answered from a cache when the same question was asked
// of the same record: the key is the endpoint, its query, the instant asked about and the
// number of entries in the record, so an answer is never served after the record grew, nor for
// another instant. "As of now" is the current second (asOf), so at most one answer a second is
// computed for each question about now, however many clients ask it.
//
// An answer is kept only if it is of exactly the record its key names: the engine's views show
// only committed entries (engine.View), and the count of entries did not change while the answer
// was computed. So no answer shows an act whose commit failed, which, the record not growing
// with it, would have kept being served.
//
// Requests for an answer being computed wait for it rather than compute it again: a view waits
// while acts are being committed, and every reader that came meanwhile, asking about the record
// that is there, would otherwise compute the same answer once let in.

// maxCached bounds the answers kept; when full, the cache is emptied and fills again.
const (
	maxCached     = 4096
	maxCachedBody = 1 << 20
)

type cached struct {
	contentType string
	body        []byte
}

type answerCache struct {
	mu        sync.Mutex
	answers   map[string]cached
	computing map[string]*computation
}

// A computation is an answer being computed, which other requests for it wait for.
type computation struct {
	done   chan struct{} // closed once answer and ok are set
	answer cached
	ok     bool // a success, which the waiting requests serve
}

// begin returns the answer kept for key (ok), or the computation of it that another request is
// making, to wait for; or, if there is none, starts one (mine), which the caller ends with end.
func (c *answerCache) begin(key string) (a cached, ok bool, running *computation, mine bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if a, ok := c.answers[key]; ok {
		return a, true, nil, false
	}
	if running = c.computing[key]; running != nil {
		return cached{}, false, running, false
	}
	if c.computing == nil {
		c.computing = map[string]*computation{}
	}
	running = &computation{done: make(chan struct{})}
	c.computing[key] = running
	return cached{}, false, running, true
}

// end ends the computation of key that begin started, with its answer, a success if ok, and
// keeps that answer if keep.
func (c *answerCache) end(key string, comp *computation, a cached, ok, keep bool) {
	c.mu.Lock()
	delete(c.computing, key)
	c.mu.Unlock()
	if keep {
		c.put(key, a)
	}
	comp.answer, comp.ok = a, ok
	close(comp.done)
}

func (c *answerCache) put(key string, a cached) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.answers == nil || len(c.answers) >= maxCached {
		c.answers = map[string]cached{}
	}
	c.answers[key] = a
}

// cacheKey returns the key of a read's answer from a record of n entries, or false when the
// request is not a read the cache may answer (a bad as_of: the handler answers the error).
func (a *API) cacheKey(r *http.Request, n uint64) (string, bool) {
	t, err := a.asOf(r)
	if err != nil {
		return "", false
	}
	q := r.URL.Query()
	q.Del("as_of")
	var b strings.Builder
	b.WriteString(r.URL.Path)
	b.WriteByte(0)
	for _, k := range slices.Sorted(maps.Keys(q)) {
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(strings.Join(q[k], ",")))
		b.WriteByte('&')
	}
	b.WriteByte(0)
	b.WriteString(t.Format(time.RFC3339Nano))
	b.WriteByte(0)
	b.WriteString(strconv.FormatUint(n, 10))
	return b.String(), true
}

// serveCached answers a read from the cache, or with the answer another request is computing
// for the same key, or calls handle and keeps its answer if it is a success of the record the
// key names.
func (a *API) serveCached(w http.ResponseWriter, r *http.Request, handle func(http.ResponseWriter, *http.Request) error) error {
	n := a.engine.Len()
	key, ok := a.cacheKey(r, n)
	if !ok {
		return handle(w, r)
	}
	c, ok, running, mine := a.cache.begin(key)
	if !ok && !mine {
		select {
		case <-running.done:
			c, ok = running.answer, running.ok // if it failed, this request computes its own
		case <-r.Context().Done():
			return r.Context().Err()
		}
	}
	if ok {
		w.Header().Set("Content-Type", c.contentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(c.body)))
		_, err := w.Write(c.body)
		return err
	}
	if !mine {
		return handle(w, r)
	}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	var good, keep bool
	defer func() { // even if handle panics: the requests waiting compute their own
		a.cache.end(key, running, cached{contentType: rec.Header().Get("Content-Type"), body: rec.body.Bytes()}, good, keep)
	}()
	err := handle(rec, r)
	good = err == nil && rec.status == http.StatusOK
	keep = good && rec.body.Len() <= maxCachedBody && a.engine.Len() == n
	return err
}
