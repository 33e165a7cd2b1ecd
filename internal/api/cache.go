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
	mu      sync.Mutex
	answers map[string]cached
}

func (c *answerCache) get(key string) (cached, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.answers[key]
	return a, ok
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

// serveCached answers a read from the cache, or calls handle and keeps its answer if it is a
// success.
func (a *API) serveCached(w http.ResponseWriter, r *http.Request, handle func(http.ResponseWriter, *http.Request) error) error {
	n := a.engine.Len()
	key, ok := a.cacheKey(r, n)
	if !ok {
		return handle(w, r)
	}
	if c, ok := a.cache.get(key); ok {
		w.Header().Set("Content-Type", c.contentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(c.body)))
		_, err := w.Write(c.body)
		return err
	}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	if err := handle(rec, r); err != nil {
		return err
	}
	if rec.status == http.StatusOK && rec.body.Len() <= maxCachedBody && a.engine.Len() == n {
		a.cache.put(key, cached{contentType: rec.Header().Get("Content-Type"), body: rec.body.Bytes()})
	}
	return nil
}
