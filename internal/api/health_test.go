package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/internal/api"
)

// TestHealthz: /healthz answers 200 with the record's size and the server's role, which
// scripts and load balancers read (SPEC §6.1, docs/operations.md).
func TestHealthz(t *testing.T) {
	s := writeServer(t, api.Config{})
	resp, err := http.Get(s.srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	body.ReadFrom(resp.Body)
	if want := fmt.Sprintf("ok %d entries\n", s.engine.Len()); resp.StatusCode != http.StatusOK || body.String() != want {
		t.Errorf("/healthz = %d %q, want 200 %q", resp.StatusCode, body.String(), want)
	}
	if got := resp.Header.Get("Content-Type"); got != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type = %q, want text/plain; charset=utf-8", got)
	}
	if got := resp.Header.Get("Peaceboard-Role"); got != "writer" {
		t.Errorf("Peaceboard-Role = %q, want writer: the only process on its record writes it", got)
	}
}

// TestOpsEndpoints: /healthz and /metrics are not rate-limited (a load balancer's probes must
// not be turned away), and not in the OpenAPI document, which describes /api/v1.
func TestOpsEndpoints(t *testing.T) {
	s := newServer(t, "", api.Config{RateLimit: 1, RateBurst: 1})
	get(t, s.srv.URL+"/api/v1/status")
	if status, _, _ := get(t, s.srv.URL+"/api/v1/status"); status != http.StatusTooManyRequests {
		t.Fatalf("2nd request = %d, want 429: the bucket is empty", status)
	}
	for _, path := range []string{"/healthz", "/metrics"} {
		for i := range 3 {
			if status, _, _ := get(t, s.srv.URL+path); status != http.StatusOK {
				t.Errorf("%s, request %d with the bucket empty = %d, want 200", path, i+1, status)
			}
		}
	}

	b, err := api.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for p := range doc.Paths {
		if !strings.HasPrefix(p, api.Prefix+"/") {
			t.Errorf("the OpenAPI document has %s, outside %s", p, api.Prefix)
		}
	}
}

// TestMetricsNotKept: an API without Config.Metrics answers /metrics with a problem, not a
// panic.
func TestMetricsNotKept(t *testing.T) {
	s := newServer(t, "", api.Config{})
	mux := http.NewServeMux()
	api.New(s.engine, api.Config{Now: testNow}).Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	if status, ctype, _ := get(t, srv.URL+"/metrics"); status != http.StatusNotFound || ctype != "application/problem+json" {
		t.Errorf("/metrics without metrics = %d %s, want 404 application/problem+json", status, ctype)
	}
}
