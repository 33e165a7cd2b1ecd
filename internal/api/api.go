package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/httpcache"
)

// Prefix is where the versioned JSON API is served.
const Prefix = apiv1.Prefix

// MaxBody bounds a request body: a signed act is far smaller (an entry's leaf is at most 60 KiB).
const MaxBody = 64 << 10

// Config configures the API. The zero value serves with the defaults noted.
type Config struct {
	// Exports, if set, builds the open-data files of /api/v1/exports (export.ForAPI).
	Exports Exporter
	// Now is the clock that "as of now" reads (default time.Now).
	Now func() time.Time
	// Log receives the API's own log lines (default slog.Default()); request lines are Observe's.
	Log *slog.Logger
	// Metrics, if set, counts acts accepted and refused.
	Metrics *Metrics
	// RequestTimeout bounds the handling of one request, except the event stream (default 10s).
	RequestTimeout time.Duration
	// RateLimit is how many requests per second one client address may make on average, with
	// bursts of RateBurst (default 2 × RateLimit); 0 means no limit.
	RateLimit float64
	RateBurst int
	// IdempotencyKeys is how many Idempotency-Key answers are kept, at most (default 10,000), in
	// at most IdempotencyBytes (default 32 MiB, keys and answers counted), each for
	// IdempotencyTTL (default 24h).
	IdempotencyKeys  int
	IdempotencyBytes int
	IdempotencyTTL   time.Duration
	// Heartbeat is how often an idle event stream sends a comment to keep proxies from closing
	// it (default 15s).
	Heartbeat time.Duration
	// MaxStreams is how many event streams are served at once, at most (default 1,000; below
	// 0, no limit); beyond, a request for one is answered 503 with Retry-After.
	MaxStreams int
	// Feed bounds the window of latest entries the event streams share (engine.FeedOptions).
	Feed engine.FeedOptions
}

// API serves the JSON API under /api/v1 over an engine.
type API struct {
	engine  *engine.Engine
	cfg     Config
	limiter *limiter
	idem    *idempotency
	closing chan struct{} // closed by CloseStreams
	feed    *engine.Feed  // the one reader of the log for every event stream
	streams streamCount
	cache   httpcache.Cache // answers of GET requests (cache.go)
	closed  sync.Once

	docOnce sync.Once
	doc     []byte
	docErr  error
}

// New returns the API over e.
func New(e *engine.Engine, cfg Config) *API {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 10 * time.Second
	}
	if cfg.RateBurst == 0 {
		cfg.RateBurst = max(1, int(2*cfg.RateLimit))
	}
	if cfg.IdempotencyKeys == 0 {
		cfg.IdempotencyKeys = 10000
	}
	if cfg.IdempotencyBytes == 0 {
		cfg.IdempotencyBytes = 32 << 20
	}
	if cfg.IdempotencyTTL == 0 {
		cfg.IdempotencyTTL = 24 * time.Hour
	}
	if cfg.Heartbeat == 0 {
		cfg.Heartbeat = 15 * time.Second
	}
	if cfg.MaxStreams == 0 {
		cfg.MaxStreams = 1000
	}
	a := &API{engine: e, cfg: cfg, idem: newIdempotency(cfg.IdempotencyKeys, cfg.IdempotencyBytes, cfg.IdempotencyTTL, cfg.Now), closing: make(chan struct{})}
	a.cache.MaxBytes = answerCacheBytes
	a.feed = e.NewFeed(encodeEvent, cfg.Feed)
	a.streams.most = int64(cfg.MaxStreams)
	if cfg.RateLimit > 0 {
		a.limiter = newLimiter(cfg.RateLimit, cfg.RateBurst, cfg.Now)
	}
	return a
}

// Register adds the API's routes to mux: /api/v1, and the operators' /healthz and /metrics.
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range routes() {
		mux.Handle(rt.method+" "+rt.path, a.handler(rt))
	}
	mux.Handle(Prefix+"/", a.handler(route{handle: func(*API, http.ResponseWriter, *http.Request) error {
		return board.Errorf(board.NotFound, "no such API endpoint; the API is described at %s/openapi.json", Prefix)
	}}))
}

// CloseStreams ends the event streams, which never end by themselves: a server calls it when it
// shuts down (http.Server.RegisterOnShutdown), so that shutting down waits only for ordinary
// requests.
func (a *API) CloseStreams() { a.closed.Do(func() { close(a.closing) }) }

// handler adapts a route's handler: it applies the rate limit (but to operators' endpoints) and
// the request timeout, and renders the error the handler returns, if any, as a problem document.
func (a *API) handler(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.limiter != nil && !rt.ops && !a.limiter.allow(clientAddr(r)) {
			writeProblem(w, r, errorf(TooManyRequests, "more than %g requests per second from %s; retry after a second", a.cfg.RateLimit, clientAddr(r)))
			return
		}
		if !rt.stream {
			ctx, cancel := context.WithTimeout(r.Context(), a.cfg.RequestTimeout)
			defer cancel()
			r = r.WithContext(ctx)
		}
		handle := func(w http.ResponseWriter, r *http.Request) error { return rt.handle(a, w, r) }
		var err error
		if rt.method == http.MethodGet && !rt.ops && rt.contentType != "text/event-stream" {
			err = a.serveHTTPCache(w, r, rt, handle)
		} else {
			err = handle(w, r)
		}
		if err != nil {
			writeProblem(w, r, err)
		}
	})
}

// writeJSON answers v as JSON with status 200.
func writeJSON(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return &board.Error{Kind: board.Internal, Msg: "encode answer", Err: err}
	}
	b = append(b, '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, err = w.Write(b)
	return err
}

// asOf returns the instant a request asks about: ?as_of=YYYY-MM-DD means the end of that day
// (as the CLI's --as-of), ?as_of=RFC3339 that instant, and no as_of now: the end of the current
// second, so that an act recorded earlier in that second (acts are recorded to the nanosecond)
// is in the answer, and the cache still computes at most one answer a second about now.
func (a *API) asOf(r *http.Request) (time.Time, error) {
	v := r.URL.Query().Get("as_of")
	if v == "" {
		return a.cfg.Now().UTC().Truncate(time.Second).Add(time.Second - time.Nanosecond), nil
	}
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		return board.EndOfDay(d), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, board.Errorf(board.Invalid, "as_of %q: want a date (2026-01-22) or an RFC 3339 time", v)
}

// view calls fn with the state as of the instant the request asks about.
func (a *API) view(r *http.Request, fn func(s *board.State, rules *charter.Rules, t time.Time) error) error {
	t, err := a.asOf(r)
	if err != nil {
		return err
	}
	return a.engine.View(r.Context(), t, func(s *board.State, rules *charter.Rules) error { return fn(s, rules, t) })
}

// Paging: ?limit= (default DefaultLimit, at most MaxLimit) and ?cursor=, the next_cursor of the
// page before. A cursor is opaque to clients; it names the last item of the page before.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

func limitOf(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxLimit {
		return 0, board.Errorf(board.Invalid, "limit %q: want a whole number from 1 to %d", v, MaxLimit)
	}
	return n, nil
}

func encodeCursor(key string) *string {
	c := base64.RawURLEncoding.EncodeToString([]byte(key))
	return &c
}

func decodeCursor(r *http.Request) (string, bool, error) {
	v := r.URL.Query().Get("cursor")
	if v == "" {
		return "", false, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return "", false, board.Errorf(board.Invalid, "cursor %q is not a cursor this API gave", v)
	}
	return string(b), true, nil
}

// paginate returns the page of items that the request's cursor and limit ask for. items are in
// the list's order and key names each uniquely.
func paginate[T any](r *http.Request, items []T, key func(T) string) (apiv1.Page[T], error) {
	limit, err := limitOf(r)
	if err != nil {
		return apiv1.Page[T]{}, err
	}
	start := 0
	if after, ok, err := decodeCursor(r); err != nil {
		return apiv1.Page[T]{}, err
	} else if ok {
		start = -1
		for i, it := range items {
			if key(it) == after {
				start = i + 1
				break
			}
		}
		if start < 0 {
			return apiv1.Page[T]{}, board.Errorf(board.Invalid, "the cursor names nothing in this list (the list or its as_of changed)")
		}
	}
	end := min(start+limit, len(items))
	p := apiv1.Page[T]{Items: items[start:end]}
	if p.Items == nil {
		p.Items = []T{}
	}
	if end < len(items) {
		p.NextCursor = encodeCursor(key(items[end-1]))
	}
	return p, nil
}

// filter keeps the items for which keep is true.
func filter[T any](items []T, keep func(T) bool) []T {
	out := items[:0:0]
	for _, it := range items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}

// oneOf checks that a filter's value, if given, is one of the values it may take.
func oneOf[T ~string](r *http.Request, name string, values ...T) (T, error) {
	v := T(r.URL.Query().Get(name))
	if v == "" {
		return "", nil
	}
	for _, x := range values {
		if x == v {
			return v, nil
		}
	}
	return "", board.Errorf(board.Invalid, "%s %q: want one of %v", name, v, values)
}
