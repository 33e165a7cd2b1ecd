package engine_test

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
)

func TestZZOpen(t *testing.T) {
	db := os.Getenv("ZZDB")
	if db == "" {
		t.Skip()
	}
	ctx := context.Background()
	t00 := time.Now()
	st, err := sqlite.Open(ctx, db)
	t.Logf("sqlite open %v", time.Since(t00))
	if err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("ZZCPU"); p != "" {
		f, _ := os.Create(p)
		pprof.StartCPUProfile(f)
	}
	t0 := time.Now()
	e, err := engine.Open(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("open %v", time.Since(t0))
	if os.Getenv("ZZCPU") != "" {
		pprof.StopCPUProfile()
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("heap alloc %d MB sys %d MB", ms.HeapAlloc>>20, ms.Sys>>20)
	if p := os.Getenv("ZZHEAP"); p != "" {
		f, _ := os.Create(p)
		pprof.WriteHeapProfile(f)
		f.Close()
	}
	runtime.KeepAlive(e)
	if os.Getenv("ZZCLOSE") != "" {
		e.Close()
	}
}
