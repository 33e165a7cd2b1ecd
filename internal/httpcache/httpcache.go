// Package httpcache makes the answers of the API and of the portal ones an HTTP cache can keep,
// and keeps them itself: each successful GET answer gets an ETag and a Cache-Control, a request
// whose If-None-Match names the answer's ETag gets 304 Not Modified, and answers are kept in a
// bounded cache (Cache) that computes each at most once at a time.
//
// The record only grows forward: an entry is never recorded before the last one (board.Decide
// refuses it; a live writer records each act strictly after the last). So an answer as of an
// instant strictly before the record's latest recorded instant (engine.Latest) can never change:
// it is Past, with a strong ETag that is a hash of its bytes and a year's immutable Cache-Control;
// a cache keeps it without the size of the record in its key.
//
// Every other answer is about now (no as_of, or an as_of at or after the latest recorded
// instant): it changes when an act is recorded, and also with time alone (terms end, veto windows
// close, "today" turns). Its ETag is the number of entries in the record it was computed from and
// a hash of its bytes: the size alone would keep a validator across a change that time alone
// made; the hash alone would do, but the size makes an ETag say which record it is of, and costs
// nothing. Its Cache-Control is "public, no-cache": a cache may keep it but asks again each time,
// which costs a 304 without a body when nothing changed, and shows a new act at once, which a
// reader following a vote expects; a max-age, however short, would show a result that an act
// changed.
//
// The package knows nothing of the record: the caller says which answers are Past (Freshness).
// It imports only the standard library.
package httpcache

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The Cache-Control of each kind of answer.
const (
	Immutable  = "public, max-age=31536000, immutable"
	Revalidate = "public, no-cache"
)

// Freshness says how long an answer holds: Past (it never changes), or about now, computed from
// a record of Size entries.
type Freshness struct {
	Past bool
	Size uint64
}

// ETag returns the strong entity tag of an answer of body with freshness f, quoted.
func ETag(body []byte, f Freshness) string {
	sum := sha256.Sum256(body)
	h := base64.RawURLEncoding.EncodeToString(sum[:18])
	if f.Past {
		return `"` + h + `"`
	}
	return `"` + strconv.FormatUint(f.Size, 10) + "-" + h + `"`
}

// CacheControl returns the Cache-Control of an answer with freshness f.
func CacheControl(f Freshness) string {
	if f.Past {
		return Immutable
	}
	return Revalidate
}

// NoneMatch reports whether an If-None-Match field value (RFC 9110 §13.1.2) fails for an answer
// whose entity tag is etag, so that the answer is 304: "*", or a list of entity tags one of which
// matches etag by the weak comparison (§8.8.3.2: W/ is ignored). An empty or malformed value never
// matches: the full answer is always right.
func NoneMatch(field, etag string) bool {
	if field == "" || etag == "" {
		return false
	}
	if strings.TrimSpace(field) == "*" {
		return true
	}
	opaque := strings.TrimPrefix(etag, "W/")
	for s := field; ; {
		s = strings.TrimLeft(s, " \t,")
		if s == "" {
			return false
		}
		s = strings.TrimPrefix(s, "W/")
		if !strings.HasPrefix(s, `"`) {
			return false
		}
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return false
		}
		if s[:end+2] == opaque {
			return true
		}
		s = s[end+2:]
	}
}

// An Answer is a successful (200) answer: the header fields it was given (its Content-Type and
// others; not Content-Length, ETag or Cache-Control, which Write sets), its bytes and freshness.
type Answer struct {
	Header    http.Header
	Body      []byte
	Freshness Freshness
	ETag      string
}

// NewAnswer returns the answer of body with header (kept as it is: the caller gives it up) and
// freshness f, with its ETag.
func NewAnswer(header http.Header, body []byte, f Freshness) *Answer {
	header.Del("Content-Length")
	header.Del("ETag")
	header.Del("Cache-Control")
	return &Answer{Header: header, Body: body, Freshness: f, ETag: ETag(body, f)}
}

// size is what the answer costs the cache to keep, roughly.
func (a *Answer) size() int {
	n := len(a.Body) + len(a.ETag) + 64
	for k, vs := range a.Header {
		n += len(k)
		for _, v := range vs {
			n += len(v)
		}
	}
	return n
}

// Write answers r with a: 304 with the validator fields only (ETag, Cache-Control, Vary: RFC 9110
// §15.4.5) when r's If-None-Match names a's ETag, else 200 with a's header fields and bytes.
func (a *Answer) Write(w http.ResponseWriter, r *http.Request) error {
	h := w.Header()
	h.Set("ETag", a.ETag)
	h.Set("Cache-Control", CacheControl(a.Freshness))
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && NoneMatch(r.Header.Get("If-None-Match"), a.ETag) {
		if v := a.Header.Values("Vary"); len(v) > 0 {
			h["Vary"] = slices.Clone(v)
		}
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	for k, vs := range a.Header {
		h[k] = slices.Clone(vs) // a.Header is shared by every answer served from it
	}
	h.Set("Content-Length", strconv.Itoa(len(a.Body)))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(a.Body)
	return err
}
