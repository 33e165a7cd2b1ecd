package httpcache

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestNoneMatch(t *testing.T) {
	const etag = `"12-abc"`
	for _, c := range []struct {
		field string
		want  bool
	}{
		{`"12-abc"`, true},
		{`W/"12-abc"`, true}, // the weak comparison
		{`"other", "12-abc"`, true},
		{`W/"a,b" ,W/"12-abc", "z"`, true}, // a comma inside a tag is not a separator
		{`*`, true},
		{` * `, true},
		{``, false},
		{`"12-ab"`, false},
		{`"12-abc`, false},      // unterminated
		{`12-abc`, false},       // unquoted
		{`"a", 12-abc`, false},  // malformed after the first
		{`"a,"12-abc""`, false}, // not a list of tags
		{`w/"12-abc"`, false},   // W/ is case-sensitive
		{`"other", "x"`, false},
	} {
		if got := NoneMatch(c.field, etag); got != c.want {
			t.Errorf("NoneMatch(%q, %s) = %t, want %t", c.field, etag, got, c.want)
		}
	}
}

func TestETag(t *testing.T) {
	past := ETag([]byte("body"), Freshness{Past: true, Size: 7})
	if past != ETag([]byte("body"), Freshness{Past: true, Size: 9}) || past == ETag([]byte("bodz"), Freshness{Past: true}) {
		t.Errorf("a past answer's ETag %s: want a hash of its bytes alone", past)
	}
	now := ETag([]byte("body"), Freshness{Size: 7})
	if !strings.HasPrefix(now, `"7-`) || now == ETag([]byte("body"), Freshness{Size: 8}) || now == ETag([]byte("bodz"), Freshness{Size: 7}) {
		t.Errorf("an answer about now's ETag %s: want the record's size and a hash of its bytes", now)
	}
	if CacheControl(Freshness{Past: true}) != Immutable || CacheControl(Freshness{}) != Revalidate {
		t.Error("Cache-Control: want immutable for the past, no-cache for now")
	}
}

// TestServe: a success is kept and served with its ETag, 304 on a match with only the validator
// fields; an error is returned with nothing written; another status is written as it is and not
// kept; an answer is kept only when keep says so.
func TestServe(t *testing.T) {
	var c Cache
	calls := 0
	ok := func(w http.ResponseWriter) error {
		calls++
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Vary", "Accept-Language")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write([]byte("hello"))
		return nil
	}
	get := func(key string, f Freshness, keep bool, handle func(http.ResponseWriter) error, header ...string) (*httptest.ResponseRecorder, error) {
		r := httptest.NewRequest("GET", "/x", nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		err := c.Serve(w, r, key, f, func() bool { return keep }, handle)
		return w, err
	}
	f := Freshness{Past: true}
	w, _ := get("k", f, true, ok)
	etag := w.Header().Get("ETag")
	if w.Code != 200 || w.Body.String() != "hello" || etag != ETag([]byte("hello"), f) || w.Header().Get("Cache-Control") != Immutable || w.Header().Get("Content-Length") != "5" {
		t.Fatalf("first: %d %q, ETag %s, Cache-Control %q", w.Code, w.Body, etag, w.Header().Get("Cache-Control"))
	}
	w, _ = get("k", f, true, ok, "If-None-Match", etag)
	if w.Code != http.StatusNotModified || w.Body.Len() != 0 || w.Header().Get("ETag") != etag || w.Header().Get("Vary") != "Accept-Language" || w.Header().Get("Content-Type") != "" {
		t.Errorf("conditional: %d, %q, fields %v; want 304 with ETag, Cache-Control and Vary only", w.Code, w.Body, w.Header())
	}
	if calls != 1 {
		t.Errorf("the answer was computed %d times, want once (kept)", calls)
	}
	get("n", Freshness{Size: 3}, false, ok)
	get("n", Freshness{Size: 3}, false, ok)
	if calls != 3 {
		t.Errorf("an answer not to keep: computed %d times in all, want 3", calls)
	}
	boom := errors.New("boom")
	w, err := get("e", f, true, func(w http.ResponseWriter) error { w.Header().Set("X", "y"); return boom })
	if err != boom || w.Body.Len() != 0 || w.Header().Get("X") != "" || w.Header().Get("ETag") != "" {
		t.Errorf("a failure: err %v, %q, fields %v; want the error and nothing written", err, w.Body, w.Header())
	}
	missing := func(w http.ResponseWriter) error { w.WriteHeader(404); w.Write([]byte("no")); return nil }
	w, _ = get("m", f, true, missing)
	w2, _ := get("m", f, true, missing)
	if w.Code != 404 || w.Body.String() != "no" || w.Header().Get("ETag") != "" || w2.Code != 404 {
		t.Errorf("a 404: %d %q, ETag %q; want it as written, without an ETag", w.Code, w.Body, w.Header().Get("ETag"))
	}
	if n, _ := c.Len(); n != 1 {
		t.Errorf("%d answers kept, want 1", n)
	}
}

// TestComputedOnce: requests for an answer being computed wait for it and serve it; a failed
// computation leaves each waiting request to compute its own.
func TestComputedOnce(t *testing.T) {
	var c Cache
	a, first, mine := c.begin("k")
	if a != nil || !mine {
		t.Fatalf("first begin: %v, mine %t; want a computation of its own", a, mine)
	}
	var wg sync.WaitGroup
	for range 8 {
		a, running, mine := c.begin("k")
		if a != nil || mine || running != first {
			t.Fatalf("begin while computing: %v, mine %t, the same computation %t; want to wait for it", a, mine, running == first)
		}
		wg.Go(func() {
			<-running.done
			if running.answer == nil || string(running.answer.Body) != "answer" {
				t.Errorf("a waiting request got %v, want the answer", running.answer)
			}
		})
	}
	c.end("k", first, &Answer{Body: []byte("answer")}, false)
	wg.Wait()
	if a, _, mine := c.begin("k"); a != nil || !mine {
		t.Errorf("after an answer not kept: %v, mine %t; want a new computation", a, mine)
	}
	_, second, _ := c.begin("j")
	c.end("j", second, nil, false)
	if second.answer != nil {
		t.Error("a failed computation is served to the requests waiting for it")
	}
}

// TestBounded: the cache keeps at most MaxBytes, the least recently served leaving first, and no
// answer larger than MaxBody.
func TestBounded(t *testing.T) {
	c := Cache{MaxBytes: 3000, MaxBody: 1000}
	body := func(n int) func(http.ResponseWriter) error {
		return func(w http.ResponseWriter) error { w.Write([]byte(strings.Repeat("x", n))); return nil }
	}
	serve := func(key string, n int) {
		r := httptest.NewRequest("GET", "/", nil)
		c.Serve(httptest.NewRecorder(), r, key, Freshness{Past: true}, func() bool { return true }, body(n))
	}
	serve("a", 900)
	serve("b", 900)
	serve("c", 900)
	serve("a", 0) // served from the cache: a is now the most recent
	serve("d", 900)
	if _, ok := c.answers["b"]; ok {
		t.Error("b, the least recently served, is still kept")
	}
	for _, k := range []string{"a", "c", "d"} {
		if _, ok := c.answers[k]; !ok {
			t.Errorf("%s is not kept", k)
		}
	}
	serve("big", 1001)
	if _, ok := c.answers["big"]; ok {
		t.Error("an answer over MaxBody is kept")
	}
	if _, bytes := c.Len(); bytes > c.MaxBytes {
		t.Errorf("%d bytes kept, more than %d", bytes, c.MaxBytes)
	}
}
