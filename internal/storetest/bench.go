package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// benchAt is the time of every benchmark act: equal times are in order whatever the arrival.
var benchAt = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// BenchmarkSubmitSigned is internal/engine's BenchmarkSubmitSigned on the store newStore makes:
// signed acts end to end (signature check, decide, append, group commit, signed checkpoint,
// receipt), on a record where 50 States are members and a proposal is open for comment. Each
// storage package runs it, so that the write path is measured the same way on each:
//   - submitters=256: 128 × GOMAXPROCS concurrent submitters (on 2 cores), the writer grouping
//     whatever waits into one commit: throughput.
//   - submitters=1: one act at a time, each its own commit: the latency of one durable commit.
func BenchmarkSubmitSigned(b *testing.B, newStore NewStore) {
	b.Run("submitters=256", func(b *testing.B) { benchmarkSubmit(b, newStore, 128) })
	b.Run("submitters=1", func(b *testing.B) { benchmarkSubmit(b, newStore, 0) })
}

// benchmarkSubmit submits b.N signed comments from parallelism × GOMAXPROCS submitters, or
// from one when parallelism is 0.
func benchmarkSubmit(b *testing.B, newStore NewStore, parallelism int) {
	ctx := context.Background()
	store, _ := newStore(b)
	e, err := engine.Create(ctx, store, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:bench", Origin: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	codes := make([]board.StateCode, 50)
	for i, c := range charter.Default().States.Codes.Codes()[:len(codes)] {
		codes[i] = board.StateCode(c)
	}
	setup := func(by board.ActorID, body board.Body) {
		if _, err := e.SubmitDev(ctx, board.Act{At: benchAt.Add(-time.Hour), By: by, Body: body}); err != nil {
			b.Fatalf("%s by %s: %v", body.Kind(), by, err)
		}
	}
	for _, c := range codes {
		setup(board.Chairman, &board.Invite{State: c})
		setup(board.StateActor(c), &board.Consent{Instrument: "signature"})
	}
	setup(board.Chairman, &board.Propose{ID: "p1", Type: "initiative", Title: "Benchmark proposal"})
	acts := make([]engine.SignedAct, b.N)
	for i := range acts {
		c := codes[i%len(codes)]
		if acts[i], err = e.SignDev(board.Act{At: benchAt, By: board.StateActor(c), Body: &board.Comment{
			Proposal: "p1", Text: fmt.Sprintf("Comment %d by %s on the reconstruction framework: agreed in principle.", i, c)}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	if parallelism == 0 {
		for _, sa := range acts {
			if _, err := e.Submit(ctx, sa); err != nil {
				b.Fatal(err)
			}
		}
	} else {
		var next atomic.Int64
		b.SetParallelism(parallelism)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := e.Submit(ctx, acts[next.Add(1)-1]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "acts/s")
}
