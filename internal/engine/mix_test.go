package engine_test

import (
	"context"
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
	"github.com/peaceboard/peaceboard/record"
)

// entryTimes returns the distinct instants of e's entries, in order.
func entryTimes(tb testing.TB, e *engine.Engine) []time.Time {
	tb.Helper()
	var times []time.Time
	if err := e.ReadEntries(context.Background(), 0, e.Len(), func(en record.Entry) error {
		if len(times) == 0 || !en.At.Equal(times[len(times)-1]) {
			times = append(times, en.At)
		}
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return times
}

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

// BenchmarkViewOfThePastMixed asks the member list as of random instants of a record of every
// kind of act (workload.Mix, 20,000 acts), where about one act in eleven reshapes the state.
func BenchmarkViewOfThePastMixed(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "mix.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:bench", Origin: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close() })
	storetest.MixRecord(b, e, 20000, 1)
	waitKept(b, e)
	instants := randomInstants(entryTimes(b, e), 997, 2)
	members := func(t0 time.Time) func(*board.State, *charter.Rules) error {
		return func(s *board.State, r *charter.Rules) error {
			if len(s.Members(r, t0)) < 0 {
				return fmt.Errorf("no members")
			}
			return nil
		}
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		t0 := instants[i%len(instants)]
		i++
		if err := e.View(ctx, t0, members(t0)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}
