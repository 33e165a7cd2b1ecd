package engine_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/workload"
)

// TestViewsWhileWriting: readers in a loop, some giving up after a random short while, beside
// a steady stream of acts: every act is recorded, every reader reads again and again (neither
// starves the other), a reader that gives up gets its context's error, and no view ever sees
// more acts than are committed.
func TestViewsWhileWriting(t *testing.T) {
	codes := workload.Delegations(16)
	e, _ := benchEngine(t, len(codes))
	acts := signedComments(t, e, codes, 3000)
	before := e.Len()
	stop := make(chan struct{})
	var (
		readers sync.WaitGroup
		reads   [8]atomic.Int64
		gaveUp  atomic.Int64
	)
	for r := range reads {
		readers.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				ctx, cancel := context.Background(), context.CancelFunc(func() {})
				if r%2 == 1 { // gives up after 0 to 2 ms
					ctx, cancel = context.WithTimeout(ctx, time.Duration(i%3)*time.Millisecond)
				}
				acts := 0
				err := e.View(ctx, benchAt.Add(time.Hour), func(s *board.State, _ *charter.Rules) error {
					acts = s.Acts
					return nil
				})
				cancel()
				if n := e.Len(); uint64(acts) > n { // Len never goes back
					t.Errorf("a view holds %d acts; %d are committed", acts, n)
				}
				switch {
				case err == nil:
					reads[r].Add(1)
				case errors.Is(err, context.DeadlineExceeded):
					gaveUp.Add(1)
				default:
					t.Errorf("view: %v", err)
					return
				}
			}
		})
	}
	submitAll(t, e, acts)
	time.Sleep(20 * time.Millisecond)
	close(stop)
	readers.Wait()
	if got := e.Len() - before; got != uint64(len(acts)) {
		t.Errorf("%d acts recorded, want %d", got, len(acts))
	}
	var counts []int64
	for r := range reads {
		if counts = append(counts, reads[r].Load()); counts[r] == 0 {
			t.Errorf("reader %d never read", r)
		}
	}
	t.Logf("views by reader: %v; given up: %d", counts, gaveUp.Load())
	if err := e.View(context.Background(), benchAt.Add(time.Hour), func(s *board.State, _ *charter.Rules) error {
		if uint64(s.Acts) != e.Len() {
			t.Errorf("after the writes, the state holds %d acts; %d are committed", s.Acts, e.Len())
		}
		return nil
	}); err != nil {
		t.Error(err)
	}
}
