package web

import (
	"context"
	"net/http"

	"github.com/peaceboard/peaceboard/internal/httpcache"
)

// Pages and feeds are served through httpcache: each success with an ETag and a Cache-Control,
// 304 when If-None-Match names it, and from the portal's cache of pages (Server.cache) when the
// same page was asked of the same record.
//
// A page as of a day (?as_of=) whose end is before the record's latest recorded instant is Past:
// it can never change, and shows only what was true at that instant (the footer counts the
// entries recorded by then; the record page shows no checkpoint, which is signed later). Its key
// is the path, the query but for as_of and lang, the language the page is in, and the instant.
// Any other page is about now: its key names the number of entries in the record too, and the
// page is the same throughout a second (request.now), which the key's instant names; so at most
// one page a second is rendered for each question about now, however many readers ask it.
//
// The language is in the key, and whether the URL or Accept-Language chose it: a page whose
// language Accept-Language chose says so in Vary (write), for the caches in front.

// requestKey is the context key under which cached leaves the request it read for the handler
// (read).
type requestKey struct{}

// cached serves a page's handler h through the cache.
func (s *Server) cached(h http.HandlerFunc) http.HandlerFunc { return s.serveCached(h, false) }

// cachedLive is cached for a page about now whatever its as_of (the workspace).
func (s *Server) cachedLive(h http.HandlerFunc) http.HandlerFunc { return s.serveCached(h, true) }

func (s *Server) serveCached(h http.HandlerFunc, live bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rq := s.read(r)
		if live {
			rq.at, rq.asOf = rq.now, ""
		}
		n := s.engine.Len()
		if rq.asOf != "" {
			// Only a page as of a day can be Past: the others do not wait for the acts being
			// committed (Latest waits, as View does).
			var err error
			if n, rq.last, err = s.engine.Latest(r.Context()); err != nil {
				h(w, r) // the handler meets the same error, and answers it
				return
			}
			rq.past = rq.at.Before(rq.last)
		}
		rq.Request = r.WithContext(context.WithValue(r.Context(), requestKey{}, rq))
		f := httpcache.Freshness{Past: rq.past, Size: n}
		key := ""
		if rq.bad == nil {
			key = pageKey(rq, f)
		}
		keep := func() bool { return f.Past || s.engine.Len() == n }
		err := s.cache.Serve(w, r, key, f, keep, func(w http.ResponseWriter) error {
			if rq.past {
				var err error
				if rq.size, err = s.lenAt(rq); err != nil {
					return err
				}
			}
			h(w, rq.Request)
			return nil
		})
		if err != nil && r.Context().Err() == nil {
			s.fail(w, rq, err)
		}
	}
}

// pageKey returns the key of the page rq asks for, with freshness f.
func pageKey(rq *request, f httpcache.Freshness) string {
	lang := rq.lang
	if rq.negotiated { // the same page, but for its Vary
		lang += "?"
	}
	return httpcache.NewKey(rq.URL.Path, rq.URL.Query(), "as_of", "lang").Add(lang).Of(rq.at, f)
}

// lenAt returns the number of entries recorded by the page's instant (engine.LenAt): for a page
// as of the past, which never changes, counted once for each instant and kept.
func (s *Server) lenAt(rq *request) (uint64, error) {
	if !rq.past {
		return s.engine.LenAt(rq.Context(), rq.at)
	}
	key := rq.at.UnixNano()
	s.sizes.Lock()
	n, ok := s.sizes.at[key]
	s.sizes.Unlock()
	if ok {
		return n, nil
	}
	n, err := s.engine.LenAt(rq.Context(), rq.at)
	if err != nil {
		return 0, err
	}
	s.sizes.Lock()
	if len(s.sizes.at) >= maxSizes {
		s.sizes.at = nil
	}
	if s.sizes.at == nil {
		s.sizes.at = map[int64]uint64{}
	}
	s.sizes.at[key] = n
	s.sizes.Unlock()
	return n, nil
}

// maxSizes bounds the counts lenAt keeps: a day each for ten years; when full, they are forgotten.
const maxSizes = 3660

// sizeAt returns the number of entries the record held as of the page's instant, which its
// footer states: the record's size, unless the page is Past.
func (s *Server) sizeAt(rq *request) uint64 {
	if rq.past {
		return rq.size
	}
	return s.engine.Len()
}
