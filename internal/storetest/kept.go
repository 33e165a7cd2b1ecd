package storetest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/workload"
	"github.com/peaceboard/peaceboard/record"
)

// RunKept runs the tests of kept states (issue 23): the store's methods, and views as of past
// instants of a record of every kind of act, which start from them.
func RunKept(t *testing.T, newStore NewStore) {
	t.Run("KeptStates", func(t *testing.T) { testKeptStates(t, newStore) })
	t.Run("KeptAsOf", func(t *testing.T) { testKeptAsOf(t, newStore) })
}

func testKeptStates(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, reopen := newStore(t)
	if sizes, err := s.KeptSizes(ctx); err != nil || len(sizes) != 0 {
		t.Fatalf("KeptSizes of a new store = %v, %v; want none", sizes, err)
	}
	if _, err := s.KeptState(ctx, 10); board.ErrorKindOf(err) != board.NotFound {
		t.Fatalf("KeptState of a new store = %v; want NotFound", err)
	}
	big := bytes.Repeat([]byte{0, 0xff, 's'}, 1<<20)
	for _, k := range []engine.KeptState{
		{Size: 30, Sum: []byte{3, 0}, Data: big},
		{Size: 10, Sum: []byte{1, 0}, Data: []byte{0, 't', 'e', 'n'}},
		{Size: 20, Sum: []byte{2, 0}, Data: []byte("twenty")},
		{Size: 20, Sum: []byte{2, 1}, Data: []byte("twenty, again")}, // replaces the one before
	} {
		if err := s.SaveKeptState(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	want := map[uint64]engine.KeptState{
		10: {Size: 10, Sum: []byte{1, 0}, Data: []byte{0, 't', 'e', 'n'}},
		20: {Size: 20, Sum: []byte{2, 1}, Data: []byte("twenty, again")},
		30: {Size: 30, Sum: []byte{3, 0}, Data: big},
	}
	for _, st := range []engine.Store{s, reopen(t)} {
		if sizes, err := st.KeptSizes(ctx); err != nil || !slices.Equal(sizes, []uint64{10, 20, 30}) {
			t.Errorf("KeptSizes = %v, %v; want [10 20 30]", sizes, err)
		}
		for size, w := range want {
			k, err := st.KeptState(ctx, size)
			if err != nil || k.Size != w.Size || !bytes.Equal(k.Sum, w.Sum) || !bytes.Equal(k.Data, w.Data) {
				t.Errorf("KeptState(%d) = size %d, sum %x, %d bytes, %v; want %d, %x, %d bytes", size, k.Size, k.Sum, len(k.Data), err, w.Size, w.Sum, len(w.Data))
			}
		}
	}
	if err := s.DeleteKeptState(ctx, 20); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteKeptState(ctx, 25); err != nil {
		t.Errorf("DeleteKeptState of a size with none: %v", err)
	}
	if sizes, err := s.KeptSizes(ctx); err != nil || !slices.Equal(sizes, []uint64{10, 30}) {
		t.Errorf("KeptSizes after deleting 20 = %v, %v; want [10 30]", sizes, err)
	}
	if _, err := s.KeptState(ctx, 20); board.ErrorKindOf(err) != board.NotFound {
		t.Errorf("KeptState(20) after it was deleted: %v; want NotFound", err)
	}
}

// keptEvery is how many acts that reshaped the state come between the kept states of the tests:
// few, so that a record of a few thousand acts has dozens.
const keptEvery = 16

// picking wraps a store and counts the entries PickEvents gives: the acts a view applies again.
type picking struct {
	engine.Store
	picked atomic.Int64
}

func (p *picking) PickEvents(ctx context.Context, idxs []uint64, fn func(record.Entry) error) error {
	return p.Store.PickEvents(ctx, idxs, func(en record.Entry) error {
		p.picked.Add(1)
		return fn(en)
	})
}

// testKeptAsOf builds a record of every kind of act (workload.Mix), with its kept states, and
// asks every view as of random instants: the views of the state the engine makes from the
// nearest kept state equal those of the state folded from every entry up to the instant with
// board's Apply. Then kept states are damaged in the store: the engine does not trust them,
// answers the same, and saves them again, good.
func testKeptAsOf(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	const seed = 23
	store, reopen := newStore(t)
	e, err := engine.Create(ctx, store, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:storetest", Origin: "test"}, engine.WithKeptEvery(keptEvery))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { e.Close() }()
	MixRecord(t, e, 3000, seed)
	if err := e.KeepStates(ctx); err != nil {
		t.Fatal(err)
	}
	sizes, err := store.KeptSizes(ctx)
	if err != nil || len(sizes) < 10 {
		t.Fatalf("kept states of a record of %d entries, one every %d acts that reshaped the state: %v, %v; want at least 10", e.Len(), keptEvery, sizes, err)
	}
	times := EntryTimes(t, e)
	whole := wholeHistory(t, e, times)
	rng := rand.New(rand.NewPCG(seed, 2))
	t.Run(fmt.Sprintf("seed %d, random instants", seed), func(t *testing.T) {
		for range 20 {
			at := times[rng.IntN(len(times)-1)]
			t0 := []time.Time{at, at.Add(-time.Nanosecond), at.Add(time.Hour)}[rng.IntN(3)]
			if got, want := keptViews(t, e, t0), whole(t0); got != want {
				t.Fatalf("as of %s, the views of the state from the nearest kept state\n%s\ndiffer from those of every entry up to then\n%s", t0.Format(time.RFC3339Nano), got, want)
			}
		}
	})

	// Views as of the instant of entry sizes[i] (the kept state of sizes[i] entries is the
	// nearest) apply again fewer than keptEvery acts, after a restart too.
	at := make([]time.Time, 0, e.Len())
	if err := e.ReadEntries(ctx, 0, e.Len(), func(en record.Entry) error { at = append(at, en.At); return nil }); err != nil {
		t.Fatal(err)
	}
	var picks []int // indexes in sizes of kept states a view as of at[sizes[i]] starts from
	for i := 1; i < len(sizes)/2 && len(picks) < 3; i++ {
		if at[sizes[i]].Before(at[sizes[i+1]-1]) && at[sizes[i]-1].Before(at[sizes[i]]) {
			picks = append(picks, i)
		}
	}
	if len(picks) < 3 {
		t.Fatalf("no three kept states among %v whose next entry is at an instant of its own", sizes)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	counted := &picking{Store: reopen(t)}
	if e, err = engine.Open(ctx, counted, engine.WithKeptEvery(keptEvery)); err != nil {
		t.Fatal(err)
	}
	for _, i := range picks {
		t0 := at[sizes[i]]
		before := counted.picked.Load()
		if got, want := keptViews(t, e, t0), whole(t0); got != want {
			t.Fatalf("after a restart, as of %s:\n%s\nwant\n%s", t0.Format(time.RFC3339Nano), got, want)
		}
		if n := counted.picked.Load() - before; n >= keptEvery {
			t.Errorf("after a restart, the view as of entry %d applied %d acts again; want fewer than %d (from the kept state of %d entries)", sizes[i], n, keptEvery, sizes[i])
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	// Damage three kept states: a byte of the data, the sum, the size.
	damaged := map[uint64]engine.KeptState{}
	for k, i := range picks {
		ks, err := store.KeptState(ctx, sizes[i])
		if err != nil {
			t.Fatal(err)
		}
		switch k {
		case 0:
			ks.Data = slices.Clone(ks.Data)
			ks.Data[len(ks.Data)/2] ^= 1
		case 1:
			ks.Sum = slices.Clone(ks.Sum)
			ks.Sum[0] ^= 1
		case 2:
			if err := store.DeleteKeptState(ctx, ks.Size); err != nil {
				t.Fatal(err)
			}
			ks.Size++
		}
		if err := store.SaveKeptState(ctx, ks); err != nil {
			t.Fatal(err)
		}
		damaged[ks.Size] = ks
	}
	counted = &picking{Store: reopen(t)}
	if e, err = engine.Open(ctx, counted, engine.WithKeptEvery(keptEvery)); err != nil {
		t.Fatal(err)
	}
	for _, i := range picks {
		t0 := at[sizes[i]]
		if got, want := keptViews(t, e, t0), whole(t0); got != want {
			t.Fatalf("with the kept state of %d entries damaged, as of %s:\n%s\nwant\n%s", sizes[i], t0.Format(time.RFC3339Nano), got, want)
		}
	}
	if err := e.KeepStates(ctx); err != nil {
		t.Fatal(err)
	}
	for size, bad := range damaged {
		ks, err := store.KeptState(ctx, size)
		if err != nil {
			t.Fatalf("the damaged kept state of %d entries: %v", size, err)
		}
		if bytes.Equal(ks.Sum, bad.Sum) && bytes.Equal(ks.Data, bad.Data) {
			t.Errorf("the damaged kept state of %d entries was not saved again", size)
		}
	}
	// Saved again, they are trusted: after a restart, views start from them.
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	counted = &picking{Store: reopen(t)}
	if e, err = engine.Open(ctx, counted, engine.WithKeptEvery(keptEvery)); err != nil {
		t.Fatal(err)
	}
	for k, i := range picks {
		t0 := at[sizes[i]]
		before := counted.picked.Load()
		if got, want := keptViews(t, e, t0), whole(t0); got != want {
			t.Fatalf("with the kept states saved again, as of %s:\n%s\nwant\n%s", t0.Format(time.RFC3339Nano), got, want)
		}
		limit := int64(keptEvery)
		if k == 2 { // the kept state moved one entry on is rebuilt there; the original is gone
			limit = 2 * keptEvery
		}
		if n := counted.picked.Load() - before; n >= limit {
			t.Errorf("with the kept states saved again, the view as of entry %d applied %d acts again; want fewer than %d", sizes[i], n, limit)
		}
	}
}

// MixRecord submits to e, a new record with a development keyring, about count acts of every
// kind (workload.Mix with seed), each step's acts concurrently, as "peaceboard bench --mix all"
// does.
func MixRecord(tb testing.TB, e *engine.Engine, count int, seed uint64) {
	tb.Helper()
	ctx := context.Background()
	ring, ok := e.DevKeyring()
	if !ok {
		tb.Fatal("the record has no development keyring")
	}
	mix := workload.Mix{Count: count, Founding: 12, Seed: seed,
		Key: func(a board.ActorID) string { return base64.StdEncoding.EncodeToString(ring.PublicKey(string(a))) }}
	_, err := mix.Run(func(steps []workload.Step) error {
		for _, s := range steps {
			signed, err := workload.SignAll(e, s.Acts)
			if err != nil {
				return err
			}
			errs := make([]error, len(signed))
			var wg sync.WaitGroup
			for i, sa := range signed {
				wg.Go(func() { _, errs[i] = e.Submit(ctx, sa) })
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					return fmt.Errorf("%s by %s: %w", s.Acts[i].Body.Kind(), s.Acts[i].By, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// EntryTimes returns the distinct instants of e's entries, in order.
func EntryTimes(tb testing.TB, e *engine.Engine) []time.Time {
	tb.Helper()
	var times []time.Time
	if err := e.ReadEntries(context.Background(), 0, e.Len(), func(en record.Entry) error {
		if len(times) == 0 || !en.At.Equal(times[len(times)-1]) {
			times = append(times, en.At)
		}
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return times
}

// wholeHistory returns the views as of any instant of the state folded from every entry of e
// up to it (board.Apply), with no kept state and nothing grafted. It folds the record once, and
// keeps the views as of each instant asked.
func wholeHistory(tb testing.TB, e *engine.Engine, times []time.Time) func(time.Time) string {
	tb.Helper()
	var entries []record.Entry
	if err := e.ReadEntries(context.Background(), 0, e.Len(), func(en record.Entry) error {
		entries = append(entries, en)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return func(t0 time.Time) string {
		s := board.NewState(e.Rules().Organization.Chairman)
		for _, en := range entries {
			if en.At.After(t0) {
				break
			}
			events, err := board.DecodeEvents(en.Events)
			if err != nil {
				tb.Fatal(err)
			}
			s.Apply(en.At, events)
		}
		return viewsOf(tb, s, e.Rules(), t0)
	}
}

// keptViews returns every view as of t0 of the state e.View gives.
func keptViews(tb testing.TB, e *engine.Engine, t0 time.Time) string {
	tb.Helper()
	var out string
	if err := e.View(context.Background(), t0, func(s *board.State, r *charter.Rules) error {
		out = viewsOf(tb, s, r, t0)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}

// viewsOf returns, as JSON, every view of s as of t0.
func viewsOf(tb testing.TB, s *board.State, r *charter.Rules, t0 time.Time) string {
	tb.Helper()
	out := []any{s.Members(r, t0), s.Overview(r, t0), s.DecisionList(t0), s.Compliance(r, t0), s.TreasuryAt(r, t0),
		s.Contributions("", t0), s.Acts, s.MeetingList(), s.Executives, s.Subsidiaries, s.Removals}
	for _, code := range slices.Sorted(maps.Keys(s.States)) {
		out = append(out, s.FirstYearCash(r, code, t0), s.Contributor(board.StateActor(code), t0),
			s.Contributions(board.StateActor(code), t0))
	}
	b, err := json.Marshal(out)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
