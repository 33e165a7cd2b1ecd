package web_test

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/internal/web"
)

// BenchmarkPortalReaders measures the portal under 32 readers at once (closed loop: each sends
// its next request when it has its answer), over real HTTP on loopback, on the demo: every page
// and feed, in French and in English, half of them as of now (the clock runs, so pages about now
// are rendered again each second) and half as of a day drawn at random from the demo's days.
// It reports pages a second and the latency's median and 99th percentile. Figures and the
// command are in docs/benchmarks.md ("Readers at scale").
func BenchmarkPortalReaders(b *testing.B) {
	e := demoEngine(b)
	start := time.Now()
	clock := func() time.Time { return now.Add(time.Since(start)) }
	mux := http.NewServeMux()
	web.New(e, clock, slog.New(slog.DiscardHandler), &url.URL{Scheme: "https", Host: "board.example.org"}).Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64}}
	paths := slices.Concat(pages, feeds)
	first := time.Date(2026, 1, 13, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2026, 5, 15, 0, 0, 0, 0, time.UTC).Sub(first)/(24*time.Hour)) + 1
	next := func(rng *rand.Rand) string {
		p := paths[rng.IntN(len(paths))]
		lang := [2]string{"fr", "en"}[rng.IntN(2)]
		asOf := ""
		if rng.IntN(2) == 0 {
			asOf = first.AddDate(0, 0, rng.IntN(days)).Format(time.DateOnly)
		}
		return srv.URL + asOfPath(p, lang, asOf)
	}
	closedLoop(b, 32, client, next)
}

// closedLoop sends b.N GET requests from clients concurrent clients, each URL drawn by next, and
// reports the rate, and the median and 99th percentile of the latency, in milliseconds, and the
// process's CPU time per request (server and clients: on a shared machine, the rate depends on
// what else runs; the CPU a request costs does not). A 404 is
// an answer: a State's page as of a day before the record named it.
func closedLoop(b *testing.B, clients int, client *http.Client, next func(*rand.Rand) string) {
	b.Helper()
	lat := make([]time.Duration, b.N)
	var failed atomic.Value
	var i atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	begin, cpu := time.Now(), cpuTime()
	for c := range clients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(c), 23))
			for n := int(i.Add(1) - 1); n < b.N; n = int(i.Add(1) - 1) {
				u := next(rng)
				t := time.Now()
				resp, err := client.Get(u)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotFound {
						err = fmt.Errorf("GET %s: %s", strings.TrimPrefix(u, "http://"), resp.Status)
					}
				}
				if err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
				lat[n] = time.Since(t)
			}
		})
	}
	wg.Wait()
	elapsed, cpu := time.Since(begin), cpuTime()-cpu
	b.StopTimer()
	if err, ok := failed.Load().(error); ok {
		b.Fatal(err)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/req")
	b.ReportMetric(0, "ns/op") // the time of a request is p50 and p99; ns/op would be 1/rate
}

// cpuTime returns the CPU time the process has used, in user and system mode.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
