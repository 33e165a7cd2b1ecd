package api

import (
	"bufio"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/cosigners"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// Metrics counts what the server does and serves it at /metrics in the Prometheus text format
// (version 0.0.4), written by hand: requests by route and status, their latencies as a
// histogram by route, acts accepted by kind and refused by rule, and the size of the log.
// Routes are ServeMux patterns, so the number of series is bounded by the route table.
type Metrics struct {
	engine    *engine.Engine
	witnesses *cosigners.Client // nil: none

	mu       sync.Mutex
	requests map[[2]string]uint64 // route, status
	latency  map[string]*histogram
	accepted map[string]uint64    // act kind
	refused  map[[3]string]uint64 // rule, error kind, act kind
}

// latencyBuckets are the histogram's upper bounds, in seconds.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	count  uint64
}

// NewMetrics returns the metrics of a server over e.
func NewMetrics(e *engine.Engine) *Metrics {
	return &Metrics{engine: e, requests: map[[2]string]uint64{}, latency: map[string]*histogram{},
		accepted: map[string]uint64{}, refused: map[[3]string]uint64{}}
}

func (m *Metrics) countRequest(route string, status int, d time.Duration) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{route, fmt.Sprint(status)}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets))}
		m.latency[route] = h
	}
	s := d.Seconds()
	for i, le := range latencyBuckets {
		if s <= le {
			h.counts[i]++
			break
		}
	}
	h.sum += s
	h.count++
}

func (m *Metrics) countAct(a board.Act, err error) {
	if m == nil || a.Body == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	kind := string(a.Body.Kind())
	if err == nil {
		m.accepted[kind]++
		return
	}
	rule := board.ErrorRule(err)
	if rule == "" {
		rule = "none"
	}
	m.refused[[3]string{rule, string(board.ErrorKindOf(err)), kind}]++
}

// metrics answers GET /metrics with the server's metrics (Config.Metrics).
func (a *API) metrics(w http.ResponseWriter, r *http.Request) error {
	if a.cfg.Metrics == nil {
		return board.Errorf(board.NotFound, "this server keeps no metrics")
	}
	a.cfg.Metrics.ServeHTTP(w, r)
	return nil
}

// ServeHTTP writes the metrics.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	b := bufio.NewWriter(w)
	m.write(b)
	b.Flush()
}

func (m *Metrics) write(w *bufio.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	header := func(name, typ, help string) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	header("peaceboard_http_requests_total", "counter", "HTTP requests answered, by route pattern and status.")
	for _, k := range slices.SortedFunc(maps.Keys(m.requests), cmp2) {
		fmt.Fprintf(w, "peaceboard_http_requests_total{route=%s,code=%s} %d\n", label(k[0]), label(k[1]), m.requests[k])
	}
	header("peaceboard_http_request_duration_seconds", "histogram", "Time to answer HTTP requests, by route pattern.")
	for _, route := range slices.Sorted(maps.Keys(m.latency)) {
		h := m.latency[route]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "peaceboard_http_request_duration_seconds_bucket{route=%s,le=\"%g\"} %d\n", label(route), le, cum)
		}
		fmt.Fprintf(w, "peaceboard_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", label(route), h.count)
		fmt.Fprintf(w, "peaceboard_http_request_duration_seconds_sum{route=%s} %g\n", label(route), h.sum)
		fmt.Fprintf(w, "peaceboard_http_request_duration_seconds_count{route=%s} %d\n", label(route), h.count)
	}
	header("peaceboard_acts_accepted_total", "counter", "Acts accepted through the API, by act kind.")
	for _, k := range slices.Sorted(maps.Keys(m.accepted)) {
		fmt.Fprintf(w, "peaceboard_acts_accepted_total{act=%s} %d\n", label(k), m.accepted[k])
	}
	header("peaceboard_acts_refused_total", "counter", "Acts refused through the API, by charter rule (none when no rule applies), error kind and act kind.")
	for _, k := range slices.SortedFunc(maps.Keys(m.refused), cmp3) {
		fmt.Fprintf(w, "peaceboard_acts_refused_total{rule=%s,kind=%s,act=%s} %d\n", label(k[0]), label(k[1]), label(k[2]), m.refused[k])
	}
	if m.engine != nil {
		header("peaceboard_log_entries", "gauge", "Entries in the public record.")
		fmt.Fprintf(w, "peaceboard_log_entries %d\n", m.engine.Len())
	}
	m.writeWitnesses(w, header)
}

// SetWitnesses adds the state of the log's witnesses to the metrics.
func (m *Metrics) SetWitnesses(c *cosigners.Client) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.witnesses = c
}

// writeWitnesses writes what the witness client knows: each witness's latest cosigned size,
// its lag behind the log, and whether its last request succeeded; the size published and
// whether its cosignatures meet the quorum.
func (m *Metrics) writeWitnesses(w *bufio.Writer, header func(name, typ, help string)) {
	if m.engine == nil {
		return
	}
	header("peaceboard_log_published_size", "gauge", "Entries the published checkpoint (/log/checkpoint) covers.")
	fmt.Fprintf(w, "peaceboard_log_published_size %d\n", m.engine.Published().Size)
	if m.witnesses == nil {
		return
	}
	ws, n := m.witnesses.Witnesses(), m.engine.Len()
	header("peaceboard_witness_cosigned_size", "gauge", "Entries of the latest checkpoint each witness cosigned.")
	for _, s := range ws {
		fmt.Fprintf(w, "peaceboard_witness_cosigned_size{witness=%s} %d\n", label(s.Witness.Name), s.Size)
	}
	header("peaceboard_witness_lag_entries", "gauge", "Entries in the log that each witness has not cosigned yet.")
	for _, s := range ws {
		fmt.Fprintf(w, "peaceboard_witness_lag_entries{witness=%s} %d\n", label(s.Witness.Name), n-min(n, s.Size))
	}
	header("peaceboard_witness_up", "gauge", "Whether each witness's last request succeeded (1) or failed (0).")
	for _, s := range ws {
		up := 1
		if s.Err != nil {
			up = 0
		}
		fmt.Fprintf(w, "peaceboard_witness_up{witness=%s} %d\n", label(s.Witness.Name), up)
	}
	header("peaceboard_witness_quorum", "gauge", "Whether the published checkpoint's cosignatures meet the witness policy's quorum.")
	q := 0
	if m.witnesses.Quorum() {
		q = 1
	}
	fmt.Fprintf(w, "peaceboard_witness_quorum %d\n", q)
}

func cmp2(a, b [2]string) int { return strings.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1]) }
func cmp3(a, b [3]string) int {
	return strings.Compare(a[0]+"\x00"+a[1]+"\x00"+a[2], b[0]+"\x00"+b[1]+"\x00"+b[2])
}

// label quotes a label value as the text format wants it.
func label(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v) + `"`
}
