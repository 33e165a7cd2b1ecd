package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/internal/engine"
)

// SearchBenchQueries are the searches BenchmarkSearch times, over a record that
// "peaceboard bench" wrote (internal/workload: votes, comments on the reconstruction framework,
// pledges and receipts by a hundred delegations, half an hour apart in two halves): words that
// most acts hold, words one act holds, prefixes, several words, a State's name, nothing.
var SearchBenchQueries = []string{
	"reconstruction",             // a quarter of the acts: every comment
	"delegation supports",        // two common words, each in every comment
	"recon",                      // a prefix of a common word
	"framew deleg",               // two prefixes
	"123457",                     // one act: a comment's number
	"comment 99999",              // a common word and a rare one
	"etats",                      // names (États-Unis), and the acts of a State
	"kazakhstan",                 // a State's acts (about 1 in 100)
	"zzzqqq",                     // nothing
	"reconstruction framework 7", // three words, the last a short prefix
}

// BenchmarkSearch times engine.Search of each of SearchBenchQueries, a first page of 20, on the
// record in store: as of now, and as of the middle of the record (asOf). It reports p50 and p99
// over b.N rounds of every query, and the slowest query's p99.
func BenchmarkSearch(b *testing.B, store engine.Store, asOf time.Time) {
	ctx := context.Background()
	start := time.Now()
	e, err := engine.Open(ctx, store)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	b.Logf("opened %d entries in %s", e.Len(), time.Since(start).Round(time.Millisecond))
	now := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, at := range []struct {
		name string
		t    time.Time
	}{{"now", now}, {"as-of-middle", asOf}} {
		b.Run(at.name, func(b *testing.B) {
			var all []time.Duration
			worst, worstQ := time.Duration(0), ""
			for _, q := range SearchBenchQueries { // once each before timing: caches
				if _, err := e.Search(ctx, q, at.t, 20, ""); err != nil {
					b.Fatalf("search %q: %v", q, err)
				}
			}
			b.ResetTimer()
			per := map[string][]time.Duration{}
			for b.Loop() {
				for _, q := range SearchBenchQueries {
					t0 := time.Now()
					if _, err := e.Search(ctx, q, at.t, 20, ""); err != nil {
						b.Fatalf("search %q: %v", q, err)
					}
					d := time.Since(t0)
					all = append(all, d)
					per[q] = append(per[q], d)
				}
			}
			for _, q := range SearchBenchQueries {
				p := percentile(per[q], 99)
				b.Logf("%-28q p50 %8s  p99 %8s", q, percentile(per[q], 50), p)
				if p > worst {
					worst, worstQ = p, q
				}
			}
			b.ReportMetric(float64(percentile(all, 50).Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(percentile(all, 99).Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(worst.Microseconds())/1000, "worst-p99-ms")
			b.Logf("slowest: %q", worstQ)
		})
	}
}

// percentile returns the p-th percentile of ds (nearest rank).
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}

// SearchBenchAsOf is the instant BenchmarkSearch asks as of the middle of a "peaceboard bench"
// record: between its two halves (internal/workload).
var SearchBenchAsOf = time.Date(2026, 3, 11, 1, 30, 0, 0, time.UTC)
