package api_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/api"
)

// TestRedTeamProofParams400 (issue 17, finding 9): a malformed or out-of-range number in the
// parameters of the record's endpoints is the client's mistake, answered 400 invalid, never a
// 500 that blames the server; a well-formed question about a tree the log does not hold yet is
// 404.
func TestRedTeamProofParams400(t *testing.T) {
	s := writeServer(t, api.Config{})
	n := s.engine.Len() // a few entries
	const max64 = "18446744073709551615"
	for _, c := range []struct {
		path   string
		status int
	}{
		{"/proofs/consistency", 400},
		{"/proofs/consistency?from=0", 400},
		{"/proofs/consistency?from=0&to=0", 400},
		{"/proofs/consistency?from=1&to=0", 400},
		{"/proofs/consistency?from=2&to=1", 400},
		{"/proofs/consistency?from=1&to=" + max64, 400},
		{"/proofs/consistency?from=1&to=9223372036854775808", 400},
		{"/proofs/consistency?from=" + max64, 400},
		{"/proofs/consistency?from=" + max64 + "&to=" + max64, 400},
		{"/proofs/consistency?from=-1", 400},
		{"/proofs/consistency?from=1&to=x", 400},
		{"/proofs/consistency?from=1&to=9223372036854775807", 404},
		{"/proofs/consistency?from=1&to=1000", 404},
		{"/proofs/consistency?from=1000", 404},
		{"/proofs/consistency?from=1", 200},
		{"/proofs/consistency?from=1&to=1", 200},
		{"/proofs/inclusion", 400},
		{"/proofs/inclusion?index=0&tree_size=" + max64, 400},
		{"/proofs/inclusion?index=0&tree_size=9223372036854775808", 400},
		{"/proofs/inclusion?index=" + max64, 400},
		{"/proofs/inclusion?index=" + max64 + "&tree_size=" + max64, 400},
		{"/proofs/inclusion?index=0&tree_size=0", 400},
		{"/proofs/inclusion?index=1&tree_size=1", 400},
		{"/proofs/inclusion?index=-1", 400},
		{"/proofs/inclusion?index=0&tree_size=9223372036854775807", 404},
		{"/proofs/inclusion?index=1000", 404},
		{"/proofs/inclusion?index=0", 200},
		{"/proofs/inclusion?index=0&tree_size=1", 200},
		{"/entries/9223372036854775807", 404},
		{"/entries/9223372036854775807/receipt", 404},
		{"/entries/" + max64, 400},
		{"/entries/" + max64 + "/receipt", 400},
		{"/entries/18446744073709551616", 400},
		{"/entries/-1/receipt", 400},
		{"/entries?from=9223372036854775807", 200},
		{"/entries?from=" + max64, 400},
		{"/entries?cursor=" + base64.RawURLEncoding.EncodeToString([]byte(max64)), 400},
		{"/entries?cursor=" + base64.RawURLEncoding.EncodeToString([]byte("x")), 400},
		{"/entries?cursor=" + base64.RawURLEncoding.EncodeToString([]byte("1")), 200},
		{"/entries?limit=0", 400},
		{"/entries?limit=" + max64, 400},
	} {
		status, ctype, body := get(t, s.srv.URL+api.Prefix+c.path)
		if status != c.status {
			t.Errorf("GET %s = %d %s; want %d", c.path, status, body, c.status)
			continue
		}
		if status == 200 {
			continue
		}
		var p apiv1.Problem
		if err := json.Unmarshal([]byte(body), &p); err != nil || ctype != "application/problem+json" || p.Detail == "" {
			t.Errorf("GET %s = %d %s %s; want a problem document", c.path, status, ctype, body)
		}
		if want := map[int]board.ErrorKind{400: board.Invalid, 404: board.NotFound}[status]; p.Kind != string(want) {
			t.Errorf("GET %s: kind %q, want %q", c.path, p.Kind, want)
		}
	}
	if s.engine.Len() != n {
		t.Errorf("the record grew from %d to %d entries", n, s.engine.Len())
	}
}

// TestRedTeamStrictJSON (issue 17, finding 9): the body of POST /api/v1/acts is read as exactly
// what it says, or refused 400 invalid. encoding/json alone matched KEY_ID to key_id, kept the
// last of a key given twice, ignored a stray } or ] after the value, and turned bytes that are
// not UTF-8 (and escaped lone surrogates) into U+FFFD: each case below is a correctly signed act
// that was accepted (or refused 401) under a body that does not say it.
func TestRedTeamStrictJSON(t *testing.T) {
	s := writeServer(t, api.Config{})
	before := s.engine.Len()
	n := 0
	// act signs a new directive of the Chairman titled title, and returns its canonical bytes,
	// their base64, its key id and its signature's base64.
	act := func(title string) (canonical []byte, b64, keyID, sig string) {
		n++
		sa := sign(t, t0, board.Chairman, &board.Directive{ID: board.DecisionID(fmt.Sprintf("strict-%d", n)), Title: title})
		return sa.Canonical, base64.StdEncoding.EncodeToString(sa.Canonical), sa.KeyID, base64.StdEncoding.EncodeToString(sa.Signature)
	}
	canonicalBody := func(format string) string {
		_, b64, keyID, sig := act("Strict")
		return fmt.Sprintf(format, b64, keyID, sig)
	}
	// objectBody gives the act as an object, its canonical bytes changed by edit.
	objectBody := func(title string, edit func(string) string) string {
		canonical, _, keyID, sig := act(title)
		return fmt.Sprintf(`{"act":%s,"key_id":%q,"signature":%q}`, edit(string(canonical)), keyID, sig)
	}
	replace := func(old, new string) func(string) string {
		return func(s string) string {
			if !strings.Contains(s, old) {
				t.Fatalf("%s has no %s", s, old)
			}
			return strings.Replace(s, old, new, 1)
		}
	}
	same := func(s string) string { return s }
	cases := map[string]string{
		"KEY_ID":                       canonicalBody(`{"canonical":%q,"KEY_ID":%q,"signature":%q}`),
		"Signature":                    canonicalBody(`{"canonical":%q,"key_id":%q,"Signature":%q}`),
		"key_id twice":                 canonicalBody(`{"canonical":%q,"key_id":"0000000000000000","key_id":%q,"signature":%q}`),
		"a } after the act":            canonicalBody(`{"canonical":%q,"key_id":%q,"signature":%q}}`),
		"a ] after the act":            canonicalBody(`{"canonical":%q,"key_id":%q,"signature":%q}]`),
		"a value after the act":        canonicalBody(`{"canonical":%q,"key_id":%q,"signature":%q} {}`),
		"key_id not UTF-8":             canonicalBody(`{"canonical":%q,"key_id":"%s` + "\xff" + `","signature":%q}`),
		"key_id with a lone surrogate": canonicalBody(`{"canonical":%q,"key_id":"%s\udc00","signature":%q}`),
		"fields.TITLE":                 objectBody("Strict", replace(`"title":`, `"TITLE":`)),
		"act.AT":                       objectBody("Strict", replace(`"at":`, `"AT":`)),
		"title twice":                  objectBody("Strict", replace(`"title":`, `"title":"Other","title":`)),
		"title not UTF-8":              objectBody("Caf\uFFFD", replace("\uFFFD", "\xe9")),
		"title with a lone surrogate":  objectBody("Caf\uFFFD", replace("\uFFFD", `\ud800`)),
		"title with a reversed pair":   objectBody("Caf\uFFFD\uFFFD", replace("\uFFFD\uFFFD", `\udc00\ud800`)),
	}
	for name, body := range cases {
		resp, b := post(t, s, []byte(body), nil)
		var p apiv1.Problem
		json.Unmarshal(b, &p)
		if resp.StatusCode != 400 || p.Kind != string(board.Invalid) {
			t.Errorf("%s: %d %s; want 400 invalid", name, resp.StatusCode, b)
		}
	}
	// The same acts, said exactly, are accepted: in canonical form, and as an object.
	for name, body := range map[string]string{
		"canonical":                   canonicalBody(`{"canonical":%q,"key_id":%q,"signature":%q}`),
		"object":                      objectBody("Strict", same),
		"object with U+FFFD, escaped": objectBody("Caf\uFFFD", replace("\uFFFD", `\ufffd`)),
		"object with a pair":          objectBody("G\U0001D11E", replace("\U0001D11E", `\ud834\udd1e`)),
	} {
		if resp, b := post(t, s, []byte(body), nil); resp.StatusCode != 201 {
			t.Errorf("%s: %d %s; want 201", name, resp.StatusCode, b)
		}
	}
	if got, want := s.engine.Len(), before+4; got != want {
		t.Errorf("the record has %d entries, want %d", got, want)
	}
}

// TestRedTeamLogTileUnavailable (issue 17, finding 9, the log's side): a tile the store could not
// read now (here: the request ended) is 503 with Retry-After, "try again", not a 500 that blames
// the server; a tile the log does not hold yet is still 404.
func TestRedTeamLogTileUnavailable(t *testing.T) {
	s := writeServer(t, api.Config{})
	mux := http.NewServeMux()
	api.NewLog(s.engine, slog.New(slog.NewTextHandler(io.Discard, nil))).Register(mux)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for path, want := range map[string]int{"/log/tile/entries/000.p/1": 503, "/log/tile/entries/001": 404} {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest("GET", path, nil).WithContext(ctx))
		if w.Code != want || (want == 503) != (w.Header().Get("Retry-After") != "") {
			t.Errorf("GET %s with its request ended = %d (Retry-After %q) %s; want %d", path, w.Code, w.Header().Get("Retry-After"), w.Body, want)
		}
	}
}
