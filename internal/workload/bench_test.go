package workload_test

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/workload"
)

// BenchmarkMixed submits the workload's mix of signed acts from 256 concurrent submitters.
func BenchmarkMixed(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "w.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:w", Origin: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	p := workload.Plan{Count: b.N, Delegations: workload.Delegations(100)}
	if _, err := p.Setup(ctx, e); err != nil {
		b.Fatal(err)
	}
	acts, err := p.Sign(e)
	if err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for range 256 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(acts)); i = next.Add(1) - 1 {
				if _, err := e.Submit(ctx, acts[i]); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "acts/s")
}
