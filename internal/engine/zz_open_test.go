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

func TestZZVerify(t *testing.T) {
	db := os.Getenv("ZZVDB")
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
	t0 := time.Now()
	res, err := engine.Verify(ctx, engine.StoreSource{Store: st}, e.LogKey().Verifier, engine.VerifyOptions{})
	pprof.StopCPUProfile()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("verify %d in %v: %.0f/s", res.Checkpoint.Size, time.Since(t0), float64(res.Checkpoint.Size)/time.Since(t0).Seconds())
}
