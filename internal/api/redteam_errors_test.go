package api_test

import (
	"encoding/base64"
	"encoding/json"
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
