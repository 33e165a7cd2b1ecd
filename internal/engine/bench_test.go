package engine_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/workload"
	"github.com/peaceboard/peaceboard/record"
)

// benchAt is the time of every benchmark act: equal times are in order whatever the arrival.
var benchAt = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// benchEngine returns an engine (with opts) on a new SQLite database where n States are members
// and a proposal is open for comment, the setup of a realistic write load.
func benchEngine(tb testing.TB, n int, opts ...engine.Option) (*engine.Engine, *sqlite.DB) {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "bench.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:bench", Origin: "bench"}, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	at := benchAt.Add(-time.Hour)
	submit := func(by board.ActorID, body board.Body) {
		if _, err := e.SubmitDev(ctx, board.Act{At: at, By: by, Body: body}); err != nil {
			tb.Fatalf("%s by %s: %v", body.Kind(), by, err)
		}
	}
	for _, c := range workload.Delegations(n) {
		submit(board.Chairman, &board.Invite{State: c})
		submit(board.StateActor(c), &board.Consent{Instrument: "signature"})
	}
	submit(board.Chairman, &board.Propose{ID: "p1", Type: "initiative", Title: "Benchmark proposal"})
	return e, db
}

// signedComments returns count comments on p1, each signed by one of the delegations in turn.
func signedComments(tb testing.TB, e *engine.Engine, codes []board.StateCode, count int) []engine.SignedAct {
	tb.Helper()
	out := make([]engine.SignedAct, count)
	for i := range out {
		c := codes[i%len(codes)]
		sa, err := e.SignDev(board.Act{At: benchAt, By: board.StateActor(c), Body: &board.Comment{
			Proposal: "p1", Text: fmt.Sprintf("Comment %d by %s on the reconstruction framework: agreed in principle.", i, c)}})
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = sa
	}
	return out
}

// BenchmarkSubmitSigned measures signed acts end to end (signature check, decide, append, group
// commit with fsync, signed checkpoint, receipt) from 256 concurrent submitters: the write path
// a busy day of delegations would use. Acts are signed beforehand, as clients would. It reports
// each act's latency from submission to receipt (p50, p99) beside the throughput.
func BenchmarkSubmitSigned(b *testing.B) { benchSigned(b, 0) }

// BenchmarkSubmitSignedReaders is BenchmarkSubmitSigned while 32 readers read the latest state
// (the member list) in a loop, as the portal and the API do while delegations write. It also
// reports the readers' rate and their latency (read-p50, read-p99).
func BenchmarkSubmitSignedReaders(b *testing.B) { benchSigned(b, 32) }

// benchSigned submits b.N signed comments from 256 submitters while readers goroutines view
// the latest state in a loop.
func benchSigned(b *testing.B, readers int) {
	codes := workload.Delegations(50)
	e, _ := benchEngine(b, len(codes))
	acts := signedComments(b, e, codes, b.N)
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	stop := make(chan struct{})
	reads := make([][]time.Duration, readers)
	var wg sync.WaitGroup
	b.SetParallelism(128) // 128 × GOMAXPROCS submitters
	b.ResetTimer()
	for r := range reads {
		wg.Go(func() {
			at := benchAt.Add(time.Hour)
			for {
				select {
				case <-stop:
					return
				default:
				}
				start := time.Now()
				err := e.View(context.Background(), at, func(s *board.State, rules *charter.Rules) error {
					if len(s.Members(rules, at)) != len(codes) {
						return fmt.Errorf("%d members, want %d", len(s.Members(rules, at)), len(codes))
					}
					return nil
				})
				if err != nil {
					b.Error(err)
					return
				}
				reads[r] = append(reads[r], time.Since(start))
			}
		})
	}
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1) - 1
			start := time.Now()
			if _, err := e.Submit(context.Background(), acts[i]); err != nil {
				b.Fatal(err)
			}
			lat[i] = time.Since(start)
		}
	})
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "acts/s")
	reportLatency(b, "", lat)
	if readers > 0 {
		all := slices.Concat(reads...)
		b.ReportMetric(float64(len(all))/b.Elapsed().Seconds(), "reads/s")
		reportLatency(b, "read-", all)
	}
}

// reportLatency reports the median and the 99th percentile of lat, in milliseconds.
func reportLatency(b *testing.B, prefix string, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, prefix+"p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, prefix+"p99-ms")
}

// benchClock is a writer's clock that runs from benchAt: the benchmark acts, signed at benchAt,
// are recorded live as a server records them.
func benchClock() engine.Option {
	start := time.Now()
	return engine.WithClock(func() time.Time { return benchAt.Add(time.Since(start)) }, time.Hour)
}

// BenchmarkSubmitSignedLive is BenchmarkSubmitSigned on an engine with a clock, as "serve" runs
// it: each act recorded live, at the writer's clock.
func BenchmarkSubmitSignedLive(b *testing.B) {
	codes := workload.Delegations(50)
	e, _ := benchEngine(b, len(codes), benchClock())
	acts := signedComments(b, e, codes, b.N)
	var next atomic.Int64
	b.SetParallelism(128)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.Submit(context.Background(), acts[next.Add(1)-1]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "acts/s")
}

// BenchmarkVerifyLive is BenchmarkVerify on a record whose measured acts were recorded live.
func BenchmarkVerifyLive(b *testing.B) {
	const acts = 20000
	codes := workload.Delegations(50)
	e, db := benchEngine(b, len(codes), benchClock())
	submitAll(b, e, signedComments(b, e, codes, acts))
	store := engine.StoreSource{Store: db}
	b.ResetTimer()
	for b.Loop() {
		if _, err := engine.Verify(context.Background(), store, e.LogKey().Verifier, engine.VerifyOptions{ClockSkew: time.Hour}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(e.Len())*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkVerify measures verification of a whole record (signatures on every core, the tree,
// every act replayed through the rules), in entries per second.
func BenchmarkVerify(b *testing.B) {
	const acts = 20000
	codes := workload.Delegations(50)
	e, db := benchEngine(b, len(codes))
	submitAll(b, e, signedComments(b, e, codes, acts))
	store := engine.StoreSource{Store: db}
	b.ResetTimer()
	for b.Loop() {
		if _, err := engine.Verify(context.Background(), store, e.LogKey().Verifier, engine.VerifyOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(e.Len())*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// submitAll submits acts from 64 concurrent submitters, as a busy server would receive them.
func submitAll(tb testing.TB, e *engine.Engine, acts []engine.SignedAct) {
	tb.Helper()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 64 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(acts)); i = next.Add(1) - 1 {
				if _, err := e.Submit(context.Background(), acts[i]); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
}

// BenchmarkEd25519VerifyAllCores is the bound the write path and verify are measured against:
// Ed25519 verifications per second on every core of this machine.
func BenchmarkEd25519VerifyAllCores(b *testing.B) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	msg := make([]byte, 300)
	sig := ed25519.Sign(priv, msg)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if !ed25519.Verify(pub, msg, sig) {
				b.Fatal("bad signature")
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "verifies/s")
}

// BenchmarkProveInclusion1M measures inclusion proofs in a tree of one million entries.
func BenchmarkProveInclusion1M(b *testing.B) {
	const n = 1 << 20
	var tree record.Tree
	leaf := make([]byte, 300)
	for i := range n {
		leaf[0], leaf[1], leaf[2] = byte(i), byte(i>>8), byte(i>>16)
		if _, err := tree.Append(leaf); err != nil {
			b.Fatal(err)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	b.ResetTimer()
	for b.Loop() {
		if _, err := tree.ProveInclusion(r.Int64N(n), n); err != nil {
			b.Fatal(err)
		}
	}
}
