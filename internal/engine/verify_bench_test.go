package engine_test

import (
	"context"
	"testing"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/workload"
)

// BenchmarkVerifyCommitEach is BenchmarkVerify on a record written one act at a time, as a
// quiet server writes it: one signed checkpoint for each entry, each of which verify --db checks.
func BenchmarkVerifyCommitEach(b *testing.B) {
	const acts = 5000
	codes := workload.Delegations(50)
	e, db := benchEngine(b, len(codes))
	for _, sa := range signedComments(b, e, codes, acts) {
		if _, err := e.Submit(context.Background(), sa); err != nil {
			b.Fatal(err)
		}
	}
	store := engine.StoreSource{Store: db}
	b.ResetTimer()
	for b.Loop() {
		if _, err := engine.Verify(context.Background(), store, e.LogKey().Verifier, engine.VerifyOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(e.Len())*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}
