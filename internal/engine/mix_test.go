package engine_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/storetest"
)

// randomInstants returns n instants before the last of times, picked with seed: at an entry's
// instant, just before it, or between two.
func randomInstants(times []time.Time, n int, seed uint64) []time.Time {
	rng := rand.New(rand.NewPCG(seed, 1))
	out := make([]time.Time, n)
	for i := range out {
		at := times[rng.IntN(len(times)-1)]
		out[i] = []time.Time{at, at.Add(-time.Nanosecond), at.Add(time.Hour)}[rng.IntN(3)]
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// mixActs is the size of BenchmarkViewOfThePastMixed's record.
var mixActs = flag.Int("mixacts", 20000, "acts in the record of BenchmarkViewOfThePastMixed")

// BenchmarkViewOfThePastMixed asks the member list as of random instants of a record of every
// kind of act (workload.Mix, -mixacts acts), where about one act in eleven reshapes the state:
// with no kept state (every act that reshaped the state up to the instant applied again), then
// with a kept state every 512 of them. It reports the mean and the 99th percentile.
func BenchmarkViewOfThePastMixed(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "mix.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	none := engine.WithKeptEvery(1 << 40)
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:bench", Origin: "bench"}, none)
	if err != nil {
		b.Fatal(err)
	}
	storetest.MixRecord(b, e, *mixActs, 1)
	instants := randomInstants(storetest.EntryTimes(b, e), 997, 2)
	run := func(b *testing.B, e *engine.Engine) {
		var took []time.Duration
		i := 0
		for b.Loop() {
			t0 := instants[i%len(instants)]
			i++
			start := time.Now()
			if err := e.View(ctx, t0, func(s *board.State, r *charter.Rules) error {
				if len(s.Members(r, t0)) == 0 && t0.After(instants[len(instants)/2]) {
					return fmt.Errorf("no members as of %s", t0)
				}
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(start))
		}
		slices.Sort(took)
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
	}
	b.Run("no kept states", func(b *testing.B) { run(b, e) })
	if err := e.Close(); err != nil {
		b.Fatal(err)
	}
	if e, err = engine.Open(ctx, db); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close() })
	waitKept(b, e)
	b.Run("kept states", func(b *testing.B) { run(b, e) })
}
