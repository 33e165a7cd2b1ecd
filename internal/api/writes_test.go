package api_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/record"
)

var t0 = time.Date(2026, 1, 19, 9, 0, 0, 0, time.UTC)

// writeServer returns a server over a record where KAZ is invited, with keys for the
// Chairman, KAZ and ARM.
func writeServer(t *testing.T, cfg api.Config) *testServer {
	t.Helper()
	s := newServer(t, "", cfg)
	s.establish(t0, board.Chairman, "state:KAZ", "state:ARM")
	s.submit(t0, board.Chairman, &board.Invite{State: "KAZ", Founding: true})
	return s
}

// post sends a raw body to POST /api/v1/acts.
func post(t *testing.T, s *testServer, body []byte, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.srv.URL+"/api/v1/acts", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestWriteErrors checks the status of every kind of refusal of POST /api/v1/acts, through the
// client (problem documents) and with raw bodies, and that none of them changed the record.
func TestWriteErrors(t *testing.T) {
	s := writeServer(t, api.Config{})
	ctx := context.Background()
	before := s.engine.Len()
	submit := func(sa apiv1.SignedAct) error {
		_, err := s.client.Submit(ctx, sa, "")
		return err
	}

	t.Run("400 malformed", func(t *testing.T) {
		for name, body := range map[string]string{
			"not JSON":          `{"canonical":`,
			"unknown field":     `{"canonical":"e30=","key_id":"x","signature":"AA==","extra":1}`,
			"neither form":      `{"key_id":"x","signature":"AA=="}`,
			"not canonical":     `{"canonical":"` + base64.StdEncoding.EncodeToString([]byte(`{"by":"chairman","at":"2026-01-19T09:00:00Z","act":"invite","fields":{"state":"ARM"}}`)) + `","key_id":"x","signature":"AA=="}`,
			"unknown act":       `{"act":{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"coup","fields":{}},"key_id":"x","signature":"AA=="}`,
			"unknown act field": `{"act":{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"invite","fields":{"state":"ARM","army":1}},"key_id":"x","signature":"AA=="}`,
			"bad time":          `{"act":{"at":"tomorrow","by":"chairman","act":"invite","fields":{"state":"ARM"}},"key_id":"x","signature":"AA=="}`,
			"no signature":      `{"act":{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"invite","fields":{"state":"ARM"}},"key_id":"x"}`,
		} {
			resp, b := post(t, s, []byte(body), nil)
			var p apiv1.Problem
			json.Unmarshal(b, &p)
			if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Content-Type") != "application/problem+json" || p.Kind != "invalid" || p.Detail == "" {
				t.Errorf("%s: %d %s %s; want a 400 problem", name, resp.StatusCode, resp.Header.Get("Content-Type"), b)
			}
		}
		// Text not in Unicode NFC is refused, not normalized: a signed act is never changed.
		body := `{"act":{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"invite","fields":{"state":"ARM","head":"Cafe\u0301"}},"key_id":"0123456789abcdef","signature":"` +
			base64.StdEncoding.EncodeToString(make([]byte, 64)) + `"}`
		resp, b := post(t, s, []byte(body), nil)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "normalization form C") {
			t.Errorf("decomposed text = %d %s; want 400 naming NFC", resp.StatusCode, b)
		}
	})

	t.Run("401 signature", func(t *testing.T) {
		sa := sign(t, t0, board.Chairman, &board.Invite{State: "ARM"})
		sa.Signature = bytes.Clone(sa.Signature)
		sa.Signature[0] ^= 1
		problem(t, submit(sa), http.StatusUnauthorized, board.Unauthorized)
		other, err := client.Sign(board.Act{At: t0, By: board.Chairman, Body: &board.Invite{State: "ARM"}}, ringOther.Key("chairman"))
		if err != nil {
			t.Fatal(err)
		}
		problem(t, submit(other), http.StatusUnauthorized, board.Unauthorized)
		// A key of another actor.
		sa = sign(t, t0, "state:KAZ", &board.Consent{Instrument: "signature"})
		sa.Canonical, _ = board.Act{At: t0, By: "state:ARM", Body: &board.Consent{Instrument: "signature"}}.Canonical()
		problem(t, submit(sa), http.StatusUnauthorized, board.Unauthorized)
	})

	t.Run("403 forbidden", func(t *testing.T) {
		e := problem(t, submit(sign(t, t0, "state:KAZ", &board.Invite{State: "ARM"})), http.StatusForbidden, board.Forbidden)
		if e.Problem.Rule != "R2" || !strings.Contains(e.Error(), "R2") {
			t.Errorf("rule = %q (%v), want R2", e.Problem.Rule, e)
		}
	})

	t.Run("404 not found", func(t *testing.T) {
		// KAZ consents, then vetoes a removal that was never proposed.
		s.submit(t0, "state:KAZ", &board.Consent{Instrument: "signature"})
		problem(t, submit(sign(t, t0, "state:KAZ", &board.VetoRemoval{Removal: "nope"})), http.StatusNotFound, board.NotFound)
	})

	t.Run("409 conflict", func(t *testing.T) {
		s.submit(t0, board.Chairman, &board.Directive{ID: "d1", Title: "First"})
		e := problem(t, submit(sign(t, t0, board.Chairman, &board.Directive{ID: "d1", Title: "Again"})), http.StatusConflict, board.Conflict)
		if e.Problem.Rule == "" {
			t.Errorf("conflict without a rule: %v", e)
		}
	})

	t.Run("422 refused by a rule", func(t *testing.T) {
		e := problem(t, submit(sign(t, t0, board.Chairman, &board.Dissolve{})), http.StatusUnprocessableEntity, board.Refused)
		if e.Problem.Rule != "R20" || strings.HasPrefix(e.Problem.Detail, "R20") {
			t.Errorf("problem = %+v; want rule R20 and a detail that is the sentence alone", e.Problem)
		}
	})

	t.Run("413 too large", func(t *testing.T) {
		big := sign(t, t0, board.Chairman, &board.Directive{ID: "big", Title: strings.Repeat("x", api.MaxBody)})
		resp, b := post(t, s, mustJSON(t, big), nil)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "too-large") {
			t.Errorf("a body over 64 KiB = %d %s; want 413", resp.StatusCode, b)
		}
	})

	if n := s.engine.Len(); n != before+2 {
		t.Errorf("the record has %d entries, want %d: a refused act changed it", n, before+2)
	}
}

// TestRateLimit checks that a client address that exceeds its token bucket is answered 429
// with Retry-After, and that reads and writes share the bucket.
func TestRateLimit(t *testing.T) {
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := newServer(t, "", api.Config{Now: clock, RateLimit: 1, RateBurst: 3})
	for i := range 3 {
		if status, _, _ := get(t, s.srv.URL+"/api/v1/status"); status != http.StatusOK {
			t.Fatalf("request %d = %d, want 200 within the burst", i, status)
		}
	}
	resp, err := http.Get(s.srv.URL + "/api/v1/status")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("4th request = %d (Retry-After %q), want 429", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	_, err = s.client.Submit(context.Background(), sign(t, t0, board.Secretariat, &board.Establish{}), "")
	problem(t, err, http.StatusTooManyRequests, board.ErrorKind(api.TooManyRequests))
	mu.Lock()
	now = now.Add(2 * time.Second)
	mu.Unlock()
	if status, _, _ := get(t, s.srv.URL+"/api/v1/status"); status != http.StatusOK {
		t.Errorf("after 2 s = %d, want 200: the bucket refills", status)
	}
	// The log and the portal are not limited.
	if status, _, _ := get(t, s.srv.URL+"/log/key"); status != http.StatusOK {
		t.Errorf("/log/key = %d", status)
	}
}

// TestIdempotencyKey checks replays: the same key and body get the first answer (accepted or
// refused) without deciding the act again; the same key with another body is refused (422); a
// retry without a key is decided again.
func TestIdempotencyKey(t *testing.T) {
	s := writeServer(t, api.Config{})
	act := mustJSON(t, sign(t, t0, board.Chairman, &board.Directive{ID: "d1", Title: "Once"}))
	hdr := map[string]string{"Idempotency-Key": "key-1"}
	first, firstBody := post(t, s, act, hdr)
	if first.StatusCode != http.StatusCreated || first.Header.Get("Location") == "" {
		t.Fatalf("first = %d %s", first.StatusCode, firstBody)
	}
	n := s.engine.Len()
	for range 3 {
		again, body := post(t, s, act, hdr)
		if again.StatusCode != http.StatusCreated || !bytes.Equal(body, firstBody) || again.Header.Get("Idempotent-Replayed") != "true" ||
			again.Header.Get("Location") != first.Header.Get("Location") {
			t.Errorf("replay = %d %s (replayed %q); want the first answer again", again.StatusCode, body, again.Header.Get("Idempotent-Replayed"))
		}
	}
	if s.engine.Len() != n {
		t.Errorf("replays added %d entries", s.engine.Len()-n)
	}
	var r record.Receipt
	if err := json.Unmarshal(firstBody, &r); err != nil {
		t.Fatal(err)
	}
	s.checkReceipt(r)

	other := mustJSON(t, sign(t, t0, board.Chairman, &board.Directive{ID: "d2", Title: "Another"}))
	resp, body := post(t, s, other, hdr)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "idempotency-mismatch") {
		t.Errorf("same key, other body = %d %s; want 422 idempotency-mismatch", resp.StatusCode, body)
	}

	// A refusal is kept too: the retry gets it, even though the act would now be a conflict.
	refused := mustJSON(t, sign(t, t0, board.Chairman, &board.Dissolve{}))
	r1, b1 := post(t, s, refused, map[string]string{"Idempotency-Key": "key-2"})
	r2, b2 := post(t, s, refused, map[string]string{"Idempotency-Key": "key-2"})
	if r1.StatusCode != http.StatusUnprocessableEntity || r2.StatusCode != r1.StatusCode || !bytes.Equal(b1, b2) {
		t.Errorf("refused twice = %d %s, %d %s; want the same 422", r1.StatusCode, b1, r2.StatusCode, b2)
	}

	// Without a key, the same act is decided again: a directive's id cannot be reused.
	r3, b3 := post(t, s, act, nil)
	if r3.StatusCode != http.StatusConflict {
		t.Errorf("the same act without a key = %d %s; want 409", r3.StatusCode, b3)
	}

	// Concurrent retries of one key: one decision, the same answer for all.
	act3 := mustJSON(t, sign(t, t0, board.Chairman, &board.Directive{ID: "d3", Title: "Concurrent"}))
	var wg sync.WaitGroup
	statuses := make([]int, 8)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, _ := post(t, s, act3, map[string]string{"Idempotency-Key": "key-3"})
			statuses[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	created := 0
	for _, st := range statuses {
		switch st {
		case http.StatusCreated:
			created++
		case http.StatusConflict: // in flight: retry later
		default:
			t.Errorf("concurrent retry = %d", st)
		}
	}
	if created == 0 {
		t.Error("no concurrent retry got 201")
	}
	resp, _ = post(t, s, act3, map[string]string{"Idempotency-Key": "key-3"})
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("after the concurrent retries = %d, want 201", resp.StatusCode)
	}

	// The client retries with its key and returns the first answer.
	sa := sign(t, t0, board.Chairman, &board.Directive{ID: "d4", Title: "Via the client"})
	ra, err := s.client.Submit(context.Background(), sa, "key-4")
	if err != nil {
		t.Fatal(err)
	}
	rb, err := s.client.Submit(context.Background(), sa, "key-4")
	if err != nil || rb.Index != ra.Index {
		t.Errorf("client replay = %d, %v; want entry %d", rb.Index, err, ra.Index)
	}
}

// TestActAsObject submits an act given as its JSON object rather than its canonical bytes.
func TestActAsObject(t *testing.T) {
	s := writeServer(t, api.Config{})
	a := board.Act{At: t0, By: board.Chairman, Body: &board.Invite{State: "ARM", Head: "Nikol Pashinyan"}}
	canonical, _ := a.Canonical()
	var obj apiv1.ActObject
	if err := json.Unmarshal(canonical, &obj); err != nil {
		t.Fatal(err)
	}
	body := mustJSON(t, apiv1.SignedAct{Act: &obj, KeyID: string(keyIDOf(key(board.Chairman))), Signature: record.SignAct(key(board.Chairman), canonical)})
	resp, b := post(t, s, body, nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("act as an object = %d %s", resp.StatusCode, b)
	}
	var r record.Receipt
	json.Unmarshal(b, &r)
	leaf, err := record.ParseLeaf(r.Leaf)
	if err != nil || !bytes.Equal(leaf.Act, canonical) {
		t.Errorf("the leaf's act = %s, %v; want the canonical bytes %s", leaf.Act, err, canonical)
	}
}

// TestReadsAfterWrites checks that the answers kept by the read cache never outlive the record
// they were made from: "as of now" reads see an act as soon as it is accepted.
func TestReadsAfterWrites(t *testing.T) {
	s := writeServer(t, api.Config{})
	ctx := context.Background()
	for _, c := range []board.StateCode{"ARM", "QAT", "HUN"} {
		before, err := s.client.Members(ctx, client.Query{})
		if err != nil {
			t.Fatal(err)
		}
		s.submit(t0, board.Chairman, &board.Invite{State: c})
		after, err := s.client.Members(ctx, client.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before)+1 {
			t.Errorf("after inviting %s: %d members listed, want %d", c, len(after), len(before)+1)
		}
	}
	// Another instant is another question.
	early, err := s.client.Members(ctx, client.Query{AsOf: "2026-01-01"})
	if err != nil || len(early) != 0 {
		t.Errorf("members as of 2026-01-01 = %d, %v; want none", len(early), err)
	}
}

// TestProofs checks the proof endpoints against the log's checkpoint and the engine.
func TestProofs(t *testing.T) {
	s := writeServer(t, api.Config{})
	r := s.submit(t0, board.Chairman, &board.Invite{State: "ARM"})
	s.submit(t0, board.Chairman, &board.Invite{State: "QAT"})
	var p apiv1.InclusionProof
	status, _, body := get(t, fmt.Sprintf("%s/api/v1/proofs/inclusion?index=%d", s.srv.URL, r.Index))
	if status != http.StatusOK || json.Unmarshal([]byte(body), &p) != nil || p.Checkpoint == nil || p.TreeSize != s.engine.Len() {
		t.Fatalf("inclusion proof = %d %s", status, body)
	}
	// The receipt the act got, with the newer proof and checkpoint, still checks.
	newer := r
	newer.Checkpoint, newer.Proof = *p.Checkpoint, p.Proof
	s.checkReceipt(newer)
	for _, bad := range []string{"?index=999", "?index=0&tree_size=999", "", "?index=x"} {
		status, _, _ := get(t, s.srv.URL+"/api/v1/proofs/inclusion"+bad)
		if status != http.StatusNotFound && status != http.StatusBadRequest {
			t.Errorf("inclusion proof %q = %d, want 404 or 400", bad, status)
		}
	}
	var c apiv1.ConsistencyProof
	status, _, body = get(t, fmt.Sprintf("%s/api/v1/proofs/consistency?from=%d", s.srv.URL, r.Index+1))
	if status != http.StatusOK || json.Unmarshal([]byte(body), &c) != nil || c.To != s.engine.Len() {
		t.Fatalf("consistency proof = %d %s", status, body)
	}
	want, err := s.engine.ProveConsistency(c.From, c.To)
	if err != nil || len(want) != len(c.Proof) {
		t.Errorf("consistency proof has %d hashes, the engine's %d (%v)", len(c.Proof), len(want), err)
	}
}
