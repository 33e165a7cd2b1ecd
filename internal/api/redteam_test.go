package api_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/api"
)

// heapInUse returns the Go heap's bytes in use (runtime.MemStats.HeapInuse) after a collection.
func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestRedTeamIdempotencyMemory is issue 17's finding 5: refusals, with the key_id of 65 KB they
// echoed, were kept by the idempotency store for every new Idempotency-Key: 10,500 requests grew
// resident memory by 1.2 GB. 4,000 hostile requests with 64 KB fields and new keys must grow the
// Go heap in use (after a collection) by less than 64 MB, and leave no key in the store: a
// request refused before its signature checked proves nothing about its sender.
func TestRedTeamIdempotencyMemory(t *testing.T) {
	s := newServer(t, "", api.Config{})
	s.establish(t0, board.Chairman)
	v1 := api.New(s.engine, api.Config{Now: testNow})
	mux := http.NewServeMux()
	v1.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	sig := base64.StdEncoding.EncodeToString(make([]byte, 64))
	big := strings.Repeat("k", 63<<10)
	chairman := string(keyIDOf(key(board.Chairman)))
	act := func(kind, text string) string {
		return fmt.Sprintf(`{"at":"2026-01-19T09:00:00Z","by":"chairman","act":%q,"fields":{"id":"d1","title":"T","text":%q}}`, kind, text)
	}
	hostile := []string{
		// The finding: a key_id of 63 KB.
		fmt.Sprintf(`{"act":%s,"key_id":%q,"signature":%q}`, act("directive", ""), big, sig),
		// A kind of 63 KB, which the refusal names.
		fmt.Sprintf(`{"act":%s,"key_id":%q,"signature":%q}`, act(big, ""), chairman, sig),
		// A directive of 63 KB under a signature that does not verify.
		fmt.Sprintf(`{"act":%s,"key_id":%q,"signature":%q}`, act("directive", big[:31<<10]), chairman, sig),
	}
	const requests, workers = 4000, 8
	before := heapInUse()
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for w := range workers {
		wg.Go(func() {
			for i := w; i < requests; i += workers {
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/acts", strings.NewReader(hostile[i%len(hostile)]))
				req.Header.Set("Idempotency-Key", fmt.Sprintf("%0255d", i))
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mu.Lock()
				statuses[resp.StatusCode]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	after := heapInUse()
	grown := int64(after) - int64(before)
	t.Logf("statuses %v; Go heap in use %d MB before, %d MB after (%+.1f MB); %d keys kept",
		statuses, before>>20, after>>20, float64(grown)/(1<<20), api.IdempotencyKept(v1))
	if statuses[http.StatusCreated] > 0 {
		t.Fatalf("a hostile request was accepted: %v", statuses)
	}
	if grown >= 64<<20 {
		t.Errorf("4,000 hostile requests grew the Go heap in use by %.0f MB; want less than 64 MB", float64(grown)/(1<<20))
	}
	if n := api.IdempotencyKept(v1); n != 0 {
		t.Errorf("the idempotency store keeps %d keys of requests refused before their signature checked; want none", n)
	}
	runtime.KeepAlive(v1)

	// A signed act's answer is still kept.
	good := mustJSON(t, sign(t, t0, board.Chairman, &board.Directive{ID: "d1", Title: "Kept"}))
	for range 2 {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/acts", bytes.NewReader(good))
		req.Header.Set("Idempotency-Key", "good")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Errorf("a signed directive = %d; want 201, then 201 again", resp.StatusCode)
		}
	}
	if n := api.IdempotencyKept(v1); n != 1 {
		t.Errorf("the store keeps %d keys after a signed act; want 1", n)
	}
}
