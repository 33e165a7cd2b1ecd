package main

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/peaceboard/peaceboard/internal/cosigners"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// bench --witness-policy: the write path with the log's witness client running, and the lag from
// a commit to the first published checkpoint that covers it and meets the policy's quorum.

// benchWitnessJSON is what bench --witness-policy adds to bench's JSON.
type benchWitnessJSON struct {
	Witnesses int `json:"witnesses"`
	// LagP50ms and LagP99ms are the lags from the commit of an entry (sampled: each time the
	// log grew, the watcher woken as the commit landed) to the publication of a checkpoint that
	// covers it with a quorum of cosignatures (seen within 5 ms).
	LagP50ms float64 `json:"lag_p50_ms"`
	LagP99ms float64 `json:"lag_p99_ms"`
	Samples  int     `json:"samples"`
	// Unmet is how many samples had no quorum-cosigned checkpoint covering them within the
	// wait after the submissions (they count in neither percentile).
	Unmet int `json:"unmet"`
}

// benchWitnesses runs the witness client and a watcher of the log's growth and of the
// checkpoints published with a quorum.
type benchWitnesses struct {
	e      *engine.Engine
	client *cosigners.Client
	stopC  func()
	stopW  chan struct{}
	wg     sync.WaitGroup

	mu        sync.Mutex
	grown     []sizeAt // when the log grew to each size seen
	published []sizeAt // when a checkpoint of each size was published with a quorum
}

type sizeAt struct {
	size uint64
	at   time.Time
}

// startBenchWitnesses starts the witness client of the policy in file over e, and the watcher.
func startBenchWitnesses(ctx context.Context, e *engine.Engine, file string) (*benchWitnesses, error) {
	policy, err := readPolicy(file)
	if err != nil {
		return nil, err
	}
	c, stop, err := startCosigners(ctx, e, policy, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	b := &benchWitnesses{e: e, client: c, stopC: stop, stopW: make(chan struct{})}
	b.wg.Go(b.watch)
	return b, nil
}

// watch notes when the log grows (woken by the engine as each commit lands) and, every 5 ms,
// the checkpoint published with a quorum: polling the log's size every millisecond would
// itself take a share of the writer's cores.
func (b *benchWitnesses) watch() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-b.stopW
		cancel()
	}()
	b.wg.Go(func() {
		for size := b.e.Len(); ; {
			n, err := b.e.WaitFor(ctx, size)
			if err != nil {
				return
			}
			now := time.Now()
			b.mu.Lock()
			b.grown = append(b.grown, sizeAt{n, now})
			b.mu.Unlock()
			size = n
		}
	})
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	var published uint64
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if p := b.e.Published(); p.Size > published && b.client.Quorum() {
				published = p.Size
				b.mu.Lock()
				b.published = append(b.published, sizeAt{p.Size, now})
				b.mu.Unlock()
			}
		}
	}
}

// finish waits up to wait for a checkpoint of the whole log to be published with a quorum, stops
// the client and the watcher, and returns the lags.
func (b *benchWitnesses) finish(wait time.Duration) benchWitnessJSON {
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		b.mu.Lock()
		done := len(b.published) > 0 && b.published[len(b.published)-1].size >= b.e.Len()
		b.mu.Unlock()
		if done {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(b.stopW)
	b.wg.Wait()
	b.stopC()
	out := benchWitnessJSON{Witnesses: len(b.client.Witnesses()), Samples: len(b.grown)}
	var lags []time.Duration
	for _, g := range b.grown {
		i := slices.IndexFunc(b.published, func(p sizeAt) bool { return p.size >= g.size })
		if i < 0 {
			out.Unmet++
			continue
		}
		lags = append(lags, b.published[i].at.Sub(g.at))
	}
	if len(lags) > 0 {
		slices.Sort(lags)
		out.LagP50ms = ms(lags[len(lags)/2])
		out.LagP99ms = ms(lags[min(len(lags)-1, len(lags)*99/100)])
	}
	return out
}

// printBenchWitnesses prints the lags as text.
func (m *Main) printBenchWitnesses(w *benchWitnessJSON) {
	if w == nil {
		return
	}
	fmt.Fprintf(m.Stdout, "witnesses:  %d; from a commit to a published checkpoint covering it with a quorum: p50 %.1f ms, p99 %.1f ms (%d samples, %d without a quorum in time)\n",
		w.Witnesses, w.LagP50ms, w.LagP99ms, w.Samples, w.Unmet)
}
