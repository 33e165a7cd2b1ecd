package bench_test

import (
	"context"
	"encoding/binary"
	"flag"
	"io"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/transparency-dev/tessera"
	"github.com/transparency-dev/tessera/storage/posix"
	"golang.org/x/mod/sumdb/note"
	"k8s.io/klog/v2"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/record"
)

// entrySize is the size of the unsigned entries appended.
const entrySize = 300

// concurrency is the number of concurrent appenders given to Tessera, as in its own figures.
const concurrency = 4096

// Tessera logs through klog; its progress lines would break the benchmark output benchstat reads.
func init() {
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	fs.Set("logtostderr", "false")
	fs.Set("stderrthreshold", "FATAL")
	klog.SetOutput(io.Discard)
}

func payload(i int) []byte {
	b := make([]byte, entrySize)
	binary.BigEndian.PutUint64(b, uint64(i))
	return b
}

// BenchmarkAppend300 appends b.N unsigned 300-byte entries, each durable and in a signed
// checkpoint when the benchmark stops, to peaceboard's record (SQLite, WAL, synchronous=FULL)
// and to Tessera's POSIX driver.
func BenchmarkAppend300(b *testing.B) {
	b.Run("peaceboard", benchPeaceboard)
	b.Run("tessera-posix", benchTessera)
}

// benchPeaceboard drives the record layer as the engine's writer does: entries are taken in
// groups of up to 4096, each group stored with its tree hashes and one new signed checkpoint in
// one transaction.
func benchPeaceboard(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	key := record.DevKeyring{Seed: "bench"}.LogKey()
	var tree record.Tree
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(b.N-done, concurrency)
		start := tree.Hashes()
		entries := make([]record.Entry, n)
		for i := range entries {
			p := payload(done + i)
			entries[i] = record.Entry{Index: uint64(tree.Size()), At: at, Actor: "bench", Kind: "raw", Act: p, Signature: []byte{}, Events: []byte("[]")}
			if _, err := tree.Append(p); err != nil {
				b.Fatal(err)
			}
		}
		root, err := tree.Root(tree.Size())
		if err != nil {
			b.Fatal(err)
		}
		msg, err := record.Checkpoint{Origin: key.Signer.Name(), Size: uint64(tree.Size()), Hash: root}.Sign(key.Signer)
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Append(ctx, engine.Batch{Entries: entries, HashStart: start, Hashes: tree.Since(start),
			Checkpoint: engine.SignedCheckpoint{Size: uint64(tree.Size()), Note: msg}}); err != nil {
			b.Fatal(err)
		}
		done += n
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// benchTessera appends with 4096 concurrent appenders and waits until the last entry is in a
// published checkpoint.
func benchTessera(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	skey, _, err := note.GenerateKey(nil, "example.com/bench")
	if err != nil {
		b.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		b.Fatal(err)
	}
	driver, err := posix.New(ctx, posix.Config{Path: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	opts := tessera.NewAppendOptions().
		WithCheckpointSigner(signer).
		WithBatching(concurrency, 100*time.Millisecond).
		WithCheckpointInterval(100 * time.Millisecond)
	appender, shutdown, reader, err := tessera.NewAppender(ctx, driver, opts)
	if err != nil {
		b.Fatal(err)
	}
	awaiter := tessera.NewPublicationAwaiter(ctx, reader.ReadCheckpoint, 10*time.Millisecond)
	work := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var lastErr error
	b.ResetTimer()
	for range concurrency {
		wg.Go(func() {
			for i := range work {
				if _, _, err := awaiter.Await(ctx, appender.Add(ctx, tessera.NewEntry(payload(i)))); err != nil {
					mu.Lock()
					lastErr = err
					mu.Unlock()
				}
			}
		})
	}
	for i := range b.N {
		work <- i
	}
	close(work)
	wg.Wait()
	b.StopTimer()
	if lastErr != nil {
		b.Fatal(lastErr)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	if err := shutdown(ctx); err != nil {
		b.Fatal(err)
	}
}
