package engine_test

import (
	"context"
	"os"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
)

func TestZZAsOf(t *testing.T) {
	db := os.Getenv("ZZADB")
	if db == "" {
		t.Skip()
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.Open(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Create(os.Getenv("ZZCPU"))
	pprof.StartCPUProfile(f)
	for k := range 20 {
		at := time.Date(2026, 3, 10, 12, 0, k, 0, time.UTC)
		t0 := time.Now()
		var phases []time.Duration
		err := e.View(ctx, at, func(s *board.State, r *charter.Rules) error {
			phases = append(phases, time.Since(t0))
			_ = s.Members(r, at)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%v (state in %v)", time.Since(t0), phases[0])
	}
	pprof.StopCPUProfile()
}
