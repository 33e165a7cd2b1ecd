package engine_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/storetest"
	"github.com/peaceboard/peaceboard/record"
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

// feedEngine returns an engine over a store that counts its entries read, with a few entries.
func feedEngine(t *testing.T) (*engine.Engine, *storetest.Counting) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "feed.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store := &storetest.Counting{Store: db}
	e, err := engine.Create(ctx, store, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:test", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "KAZ"})
	return e, store
}

// indexLine converts an entry to its index on a line, as a feed's subscribers get it.
func indexLine(en record.Entry) ([]byte, error) { return fmt.Appendf(nil, "%d\n", en.Index), nil }

// indexes reads the indexes of what Next returned.
func indexes(b []byte) []uint64 {
	var out []uint64
	for line := range strings.Lines(string(b)) {
		n, _ := strconv.ParseUint(strings.TrimSpace(line), 10, 64)
		out = append(out, n)
	}
	return out
}

// TestFeedReadsEachEntryOnce follows a feed with a thousand subscriptions while entries are
// committed: each subscription gets every entry, in order, and each entry is read from the store
// once.
func TestFeedReadsEachEntryOnce(t *testing.T) {
	e, store := feedEngine(t)
	f := e.NewFeed(indexLine, engine.FeedOptions{})
	const subs, entries = 1000, 50
	from := e.Len()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for range subs {
		sub := f.Subscribe(from)
		wg.Go(func() {
			defer sub.Close()
			for want := from; want < from+entries; {
				got, err := sub.Next(ctx, nil)
				if err != nil {
					t.Errorf("Next: %v at %d", err, want)
					return
				}
				for _, i := range indexes(got) {
					if i != want {
						t.Errorf("entry %d where %d was due", i, want)
						return
					}
					want++
				}
			}
		})
	}
	read, kept := store.During(func() {
		for i := range entries {
			mustSubmit(t, e, day(19), board.Chairman, &board.Directive{ID: board.DecisionID(fmt.Sprintf("d%d", i)), Title: "T"})
		}
		wg.Wait()
	})
	t.Logf("%d subscriptions, %d entries: %d rows read from the store, %d kept", subs, entries, read, kept)
	if kept != entries || read > 2*entries {
		t.Errorf("%d subscriptions, %d entries: %d read from the store, %d kept; want %d kept, each once", subs, entries, read, kept, entries)
	}
}

// TestFeedCatchesUpAndDropsTheSlow: a subscription from an entry before the window reads it from
// the store, then follows the window; one that stops reading while more than the window comes in
// is dropped (ErrSlow), and a new one from where it stopped gets the rest.
func TestFeedCatchesUpAndDropsTheSlow(t *testing.T) {
	e, _ := feedEngine(t)
	f := e.NewFeed(indexLine, engine.FeedOptions{Window: 4, Interval: time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	next := func(sub *engine.Subscription) []uint64 {
		t.Helper()
		got, err := sub.Next(ctx, nil)
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		return indexes(got)
	}
	slow := f.Subscribe(0) // from the record's first entry: read from the store
	defer slow.Close()
	if got := next(slow); len(got) == 0 || got[0] != 0 || got[len(got)-1] != e.Len()-1 {
		t.Fatalf("catching up = %v; want entries 0 to %d", got, e.Len()-1)
	}
	mustSubmit(t, e, day(19), board.Chairman, &board.Directive{ID: "first", Title: "T"})
	if got := next(slow); len(got) != 1 || got[0] != e.Len()-1 {
		t.Fatalf("live = %v; want entry %d", got, e.Len()-1)
	}
	stopped := e.Len()
	// slow reads nothing while ten entries come, in commits far enough apart to be published one by one.
	watcher := f.Subscribe(stopped)
	defer watcher.Close()
	for i := range 10 {
		mustSubmit(t, e, day(19), board.Chairman, &board.Directive{ID: board.DecisionID(fmt.Sprintf("d%d", i)), Title: "T"})
		for seen := uint64(0); seen < e.Len()-1; {
			got := next(watcher)
			seen = got[len(got)-1]
		}
	}
	if got, err := slow.Next(ctx, nil); !errors.Is(err, engine.ErrSlow) {
		t.Fatalf("a subscription ten entries behind a window of 4: %v, %v; want ErrSlow", got, err)
	}
	again := f.Subscribe(stopped)
	defer again.Close()
	var got []uint64
	for uint64(len(got)) < e.Len()-stopped {
		got = append(got, next(again)...)
	}
	if got[0] != stopped || got[len(got)-1] != e.Len()-1 {
		t.Errorf("reconnecting from %d = %v; want every entry from there", stopped, got)
	}
}
