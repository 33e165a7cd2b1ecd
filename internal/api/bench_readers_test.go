package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/scenario"
)

// asOfReads are the reads of the state BenchmarkAPIReadersAsOf asks, each as of an instant.
var asOfReads = []string{
	"/api/v1/status", "/api/v1/members", "/api/v1/members/KAZ", "/api/v1/invitations", "/api/v1/decisions",
	"/api/v1/decisions/gaza-reconstruction-framework", "/api/v1/compliance", "/api/v1/treasury", "/api/v1/funds",
	"/api/v1/contributions", "/api/v1/contributors/org:fifa", "/api/v1/disbursements", "/api/v1/keys",
	"/api/v1/actors/state:KAZ/acts",
}

// BenchmarkAPIReadersAsOf measures the API's reads of the state under 32 clients at once (closed
// loop), over HTTP on loopback, on the demo, each read as of an instant drawn at random from the
// demo's range: to the second (instants: almost never the same question twice, so the cache
// seldom answers) and to the day (days: what a reader asking about a date sends, which the cache
// keeps, a past day's answer never changing). It reports reads a second, the latency's median and
// 99th percentile, and the process's CPU time per read. A 404 is an answer (a State or a
// decision asked about before the record named it). Figures and the command are in
// docs/benchmarks.md ("Readers at scale").
func BenchmarkAPIReadersAsOf(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "demo.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:bench", Origin: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	if _, err := replay.Run(ctx, e, scenario.Demo(), replay.Options{}); err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	log := slog.New(slog.DiscardHandler)
	metrics := api.NewMetrics(e)
	api.New(e, api.Config{Log: log, Metrics: metrics}).Register(mux)
	srv := httptest.NewServer(api.Observe(mux, log, metrics))
	defer srv.Close()
	f := &benchFixture{engine: e, srv: srv, http: &http.Client{Transport: &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64}}}
	first := time.Date(2026, 1, 13, 0, 0, 0, 0, time.UTC)
	span := time.Date(2026, 5, 16, 0, 0, 0, 0, time.UTC).Sub(first)
	for _, c := range []struct {
		name string
		asOf func() string
	}{
		{"instants", func() string {
			return first.Add(time.Duration(rand.Int64N(int64(span/time.Second))) * time.Second).Format(time.RFC3339)
		}},
		{"days", func() string {
			return first.AddDate(0, 0, rand.IntN(int(span/(24*time.Hour)))).Format(time.DateOnly)
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			begin := cpuTime()
			load(b, f, 0, func(int) (*http.Request, int) {
				r, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s%s?as_of=%s", srv.URL, asOfReads[rand.IntN(len(asOfReads))], c.asOf()), nil)
				return r, answered
			})
			b.ReportMetric(float64((cpuTime()-begin).Microseconds())/1000/float64(b.N), "cpu-ms/req")
		})
	}
}

// cpuTime returns the CPU time the process has used, in user and system mode: on a shared
// machine the rate depends on what else runs, the CPU a request costs does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
