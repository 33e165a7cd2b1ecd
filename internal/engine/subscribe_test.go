package engine_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

// TestWaitForWakesOnCommit checks the subscription hook: a reader waiting for the record to grow
// is woken by the commit that grows it, and not before; a refused act wakes no one for good.
func TestWaitForWakesOnCommit(t *testing.T) {
	e, _ := open(t, filepath.Join(t.TempDir(), "wait.db"))
	ctx := context.Background()
	mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "KAZ"})
	mustSubmit(t, e, day(19), "state:KAZ", &board.Consent{Instrument: "signature"}) // registers KAZ's key
	n := e.Len()

	// Already past: returns at once.
	if got, err := e.WaitFor(ctx, n-1); err != nil || got != n {
		t.Fatalf("WaitFor(%d) = %d, %v; want %d at once", n-1, got, err, n)
	}
	// Not yet: times out.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := e.WaitFor(short, n); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitFor(%d) with nothing new = %v; want the deadline", n, err)
	}

	woken := make(chan uint64, 1)
	go func() {
		got, err := e.WaitFor(ctx, n)
		if err != nil {
			t.Error(err)
		}
		woken <- got
	}()
	time.Sleep(20 * time.Millisecond)
	// A refused act commits nothing: the reader keeps waiting.
	if _, err := submit(t, e, day(19), "state:KAZ", &board.Invite{State: "ARM"}); err == nil {
		t.Fatal("a State's invitation was accepted")
	}
	select {
	case got := <-woken:
		t.Fatalf("woken at %d by a refused act", got)
	case <-time.After(50 * time.Millisecond):
	}
	mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "ARM"})
	select {
	case got := <-woken:
		if got != n+1 {
			t.Errorf("woken with %d entries, want %d", got, n+1)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the commit did not wake the reader")
	}
}

// TestEntry reads committed entries one by one.
func TestEntry(t *testing.T) {
	e, _ := open(t, filepath.Join(t.TempDir(), "entry.db"))
	ctx := context.Background()
	want := mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "KAZ"})
	got, err := e.Entry(ctx, want.Index)
	if err != nil || got.Index != want.Index || !bytes.Equal(got.Act, want.Act) || got.Kind != "invite" {
		t.Errorf("Entry(%d) = %+v, %v; want the invitation", want.Index, got, err)
	}
	if _, err := e.Entry(ctx, e.Len()); board.ErrorKindOf(err) != board.NotFound {
		t.Errorf("Entry beyond the log = %v; want not-found", err)
	}
}
