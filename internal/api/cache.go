package api

import (
	"net/http"
	"time"

	"github.com/peaceboard/peaceboard/internal/httpcache"
)

// Every GET of the API but the event stream and the operators' endpoints is answered through
// httpcache: with an ETag and a Cache-Control, 304 when If-None-Match names the answer, and, for
// the reads of the state and the export files, from the API's cache (API.cache).
//
// An answer is Past, and never changes, when the request gives an as_of strictly before the
// record's latest recorded instant (engine.Latest); its key is the endpoint, its query and the
// instant asked about. Any other answer is about now, and its key names the number of entries in
// the record too, so that it is never served after the record grew; "as of now" is the end of the
// current second (asOf), so at most one answer a second is computed for each question about now,
// however many clients ask it, and the instant in the key tells them apart.
//
// An answer about now is kept only if it is of exactly the record its key names: the engine's
// views show only committed entries (engine.View), and the count of entries did not change while
// the answer was computed. So no answer shows an act whose commit failed, which, the record not
// growing with it, would have kept being served.

// answerCacheBytes bounds the answers the API keeps: JSON answers are smaller than the portal's
// pages (httpcache.DefaultMaxBytes), and the two caches together stay a small part of the memory
// a server may use (issue 23: 400 MB at a million acts).
const answerCacheBytes = 32 << 20

// serveHTTPCache answers a GET of route rt through httpcache.
func (a *API) serveHTTPCache(w http.ResponseWriter, r *http.Request, rt route, handle func(http.ResponseWriter, *http.Request) error) error {
	n := a.engine.Len()
	f := httpcache.Freshness{Size: n}
	var t time.Time
	if rt.asOf() {
		var err error
		if t, err = a.asOf(r); err != nil {
			return handle(w, r) // the handler answers the error
		}
		if r.URL.Query().Get("as_of") != "" {
			// Only an answer as of an instant given can be Past: the others do not wait for
			// the acts being committed (Latest waits, as View does).
			var last time.Time
			if n, last, err = a.engine.Latest(r.Context()); err != nil {
				return handle(w, r)
			}
			f = httpcache.Freshness{Past: t.Before(last), Size: n}
		} else if rt.id == "getExport" {
			t = time.Time{} // the file is as of the latest entry, whatever the time
		}
	}
	key := ""
	if rt.cached {
		key = cacheKey(r, t, f)
	}
	keep := func() bool { return f.Past || a.engine.Len() == n }
	return a.cache.Serve(w, r, key, f, keep, func(w http.ResponseWriter) error { return handle(w, r) })
}

// asOf reports whether the route answers as of an instant (its as_of parameter).
func (rt route) asOf() bool {
	for _, p := range rt.params {
		if p.name == "as_of" {
			return true
		}
	}
	return false
}

// cacheKey returns the key of an answer as of t with freshness f: the path, the query but for
// as_of, t, and the size of the record unless the answer is Past.
func cacheKey(r *http.Request, t time.Time, f httpcache.Freshness) string {
	return httpcache.NewKey(r.URL.Path, r.URL.Query(), "as_of").Of(t, f)
}
