// Package storetest is the conformance suite of engine.Store: every storage package (SQLite,
// PostgreSQL) runs Run from its own tests, so that both behave alike, from the rows they keep to
// the state an engine rebuilds from them.
package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/record"
)

// NewStore returns a store on a new, empty database, and a function that opens another store on
// that same database, as a restart or a second process would. NewStore closes the stores it
// makes when the test ends.
type NewStore func(t testing.TB) (store engine.Store, reopen func(t testing.TB) engine.Store)

// Run runs the conformance suite against the stores newStore makes. demo is the built-in demo
// scenario (scenario.Demo()): the suite replays it through engines on the stores, and checks
// what it knows of it. It comes from the caller because no internal package imports the public
// scenario package.
func Run(t *testing.T, newStore NewStore, demo replay.Script) {
	t.Run("Meta", func(t *testing.T) { testMeta(t, newStore) })
	t.Run("Append", func(t *testing.T) { testAppend(t, newStore) })
	t.Run("AppendAllOrNothing", func(t *testing.T) { testAllOrNothing(t, newStore) })
	t.Run("Entries", func(t *testing.T) { testEntries(t, newStore) })
	t.Run("PickEvents", func(t *testing.T) { testPickEvents(t, newStore) })
	t.Run("LargeBatch", func(t *testing.T) { testLargeBatch(t, newStore) })
	t.Run("Checkpoints", func(t *testing.T) { testCheckpoints(t, newStore) })
	t.Run("Snapshots", func(t *testing.T) { testSnapshots(t, newStore) })
	t.Run("Cosignatures", func(t *testing.T) { testCosignatures(t, newStore) })
	t.Run("Engine", func(t *testing.T) { testEngine(t, newStore, demo) })
	t.Run("Follow", func(t *testing.T) { testFollow(t, newStore, demo) })
	RunSearch(t, newStore, demo)
	RunKept(t, newStore)
	RunSubjects(t, newStore, demo)
}

// Entry returns a test entry at index i: its time has nanoseconds, its bytes are not text, and
// every third one was recorded live.
func Entry(i uint64) record.Entry {
	return record.Entry{
		Index:     i,
		At:        time.Date(2026, 1, 22, 10, 0, int(i%60), 123456789, time.UTC),
		Live:      i%3 == 1,
		Actor:     "state:KAZ",
		Kind:      "comment",
		Act:       fmt.Appendf(nil, `{"act":"comment","n":%d,"text":"Conseil de la paix"}`, i),
		KeyID:     fmt.Sprintf("key-%d", i%7),
		Signature: []byte{0, 0xff, byte(i), byte(i >> 8), 0},
		Events:    fmt.Appendf([]byte{0, 0xfe}, "events of %d", i),
	}
}

func entries(from, to uint64) []record.Entry {
	var out []record.Entry
	for i := from; i < to; i++ {
		out = append(out, Entry(i))
	}
	return out
}

// hash returns a distinct test hash.
func hash(i int64) tlog.Hash {
	var h tlog.Hash
	for k := range h {
		h[k] = byte(i*31 + int64(k))
	}
	return h
}

func hashes(from, to int64) []tlog.Hash {
	var out []tlog.Hash
	for i := from; i < to; i++ {
		out = append(out, hash(i))
	}
	return out
}

func checkpoint(size uint64) engine.SignedCheckpoint {
	return engine.SignedCheckpoint{Size: size, Note: fmt.Appendf(nil, "test log\n%d\nROOT=\n\n— test sig\n", size)}
}

func readEntries(t *testing.T, s engine.Store, from uint64) []record.Entry {
	t.Helper()
	var out []record.Entry
	if err := s.Entries(context.Background(), from, func(e record.Entry) error { out = append(out, e); return nil }); err != nil {
		t.Fatalf("Entries(%d): %v", from, err)
	}
	return out
}

// readHashes returns the stored hashes from index from on.
func readHashes(t *testing.T, s engine.Store, from int64) []tlog.Hash {
	t.Helper()
	var out []tlog.Hash
	err := s.Hashes(context.Background(), from, func(i int64, h tlog.Hash) error {
		if i != from+int64(len(out)) {
			return fmt.Errorf("hash %d came where %d was expected", i, from+int64(len(out)))
		}
		out = append(out, h)
		return nil
	})
	if err != nil {
		t.Fatalf("Hashes: %v", err)
	}
	return out
}

func readCheckpoints(t *testing.T, s engine.Store, from uint64) []engine.SignedCheckpoint {
	t.Helper()
	var out []engine.SignedCheckpoint
	if err := s.Checkpoints(context.Background(), from, func(c engine.SignedCheckpoint) error { out = append(out, c); return nil }); err != nil {
		t.Fatalf("Checkpoints(%d): %v", from, err)
	}
	return out
}

// sameEntry reports how got differs from want, or "".
func sameEntry(got, want record.Entry) string {
	switch {
	case got.Index != want.Index:
		return fmt.Sprintf("index %d, want %d", got.Index, want.Index)
	case !got.At.Equal(want.At) || got.At.Location() != time.UTC:
		return fmt.Sprintf("entry %d: at %v, want %v in UTC", want.Index, got.At, want.At)
	case got.Live != want.Live:
		return fmt.Sprintf("entry %d: live %t, want %t", want.Index, got.Live, want.Live)
	case got.Actor != want.Actor || got.Kind != want.Kind || got.KeyID != want.KeyID:
		return fmt.Sprintf("entry %d: %s/%s/%s, want %s/%s/%s", want.Index, got.Actor, got.Kind, got.KeyID, want.Actor, want.Kind, want.KeyID)
	case !bytes.Equal(got.Act, want.Act) || !bytes.Equal(got.Signature, want.Signature) || !bytes.Equal(got.Events, want.Events):
		return fmt.Sprintf("entry %d: bytes differ", want.Index)
	}
	return ""
}

func checkEntries(t *testing.T, got []record.Entry, from, to uint64) {
	t.Helper()
	if uint64(len(got)) != to-from {
		t.Errorf("%d entries from %d, want %d", len(got), from, to-from)
		return
	}
	for k, e := range got {
		if diff := sameEntry(e, Entry(from+uint64(k))); diff != "" {
			t.Error(diff)
			return
		}
	}
}

func testMeta(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, reopen := newStore(t)
	if _, err := s.Meta(ctx); board.ErrorKindOf(err) != board.NotFound {
		t.Errorf("Meta of a new database: err = %v, want not found", err)
	}
	meta := engine.Meta{Rules: "id = \"x\"\n# règles\n", Keyring: "dev:test", Origin: "replay:a.yaml", LogKey: "test+01234567+AQ=="}
	if err := s.Init(ctx, meta); err != nil {
		t.Fatal(err)
	}
	if err := s.Init(ctx, engine.Meta{Rules: "other"}); board.ErrorKindOf(err) != board.Conflict {
		t.Errorf("second Init: err = %v, want conflict", err)
	}
	if got, err := s.Meta(ctx); err != nil || got != meta {
		t.Errorf("Meta = %+v, %v; want %+v", got, err, meta)
	}
	if got, err := reopen(t).Meta(ctx); err != nil || got != meta {
		t.Errorf("Meta after reopening = %+v, %v; want %+v", got, err, meta)
	}
}

func testAppend(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, reopen := newStore(t)
	if got := readEntries(t, s, 0); len(got) != 0 {
		t.Errorf("a new database has %d entries", len(got))
	}
	if err := s.Append(ctx, engine.Batch{Entries: entries(0, 2), HashStart: 0, Hashes: hashes(0, 3), Checkpoint: checkpoint(2)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(ctx, engine.Batch{Entries: entries(2, 3), HashStart: 3, Hashes: hashes(3, 4), Checkpoint: checkpoint(3)}); err != nil {
		t.Fatal(err)
	}
	for name, st := range map[string]engine.Store{"the writer": s, "another store": reopen(t)} {
		checkEntries(t, readEntries(t, st, 0), 0, 3)
		// Hashes 0-2 were stored in one run, 3 in another: reading may start inside a run.
		for from := range int64(6) {
			if got, want := readHashes(t, st, from), hashes(min(from, 4), 4); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: hashes from %d = %x, want %x", name, from, got, want)
			}
		}
		if got := readCheckpoints(t, st, 0); len(got) != 2 || got[0].Size != 2 || got[1].Size != 3 || !bytes.Equal(got[1].Note, checkpoint(3).Note) {
			t.Errorf("%s: checkpoints = %+v, want sizes 2 and 3 with their notes", name, got)
		}
	}
}

func testAllOrNothing(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, _ := newStore(t)
	if err := s.Append(ctx, engine.Batch{Entries: entries(0, 2), HashStart: 0, Hashes: hashes(0, 3), Checkpoint: checkpoint(2)}); err != nil {
		t.Fatal(err)
	}
	bad := map[string]engine.Batch{
		"an entry already stored": {Entries: []record.Entry{Entry(2), Entry(1)}, HashStart: 3, Hashes: hashes(3, 4), Checkpoint: checkpoint(3)},
		"hashes already stored":   {Entries: entries(2, 4), HashStart: 0, Hashes: hashes(0, 4), Checkpoint: checkpoint(4)},
		"a checkpoint's size":     {Entries: entries(2, 4), HashStart: 3, Hashes: hashes(3, 7), Checkpoint: checkpoint(2)},
	}
	for name, b := range bad {
		if err := s.Append(ctx, b); board.ErrorKindOf(err) != board.Conflict {
			t.Errorf("a batch repeating %s: err = %v, want conflict", name, err)
		}
		checkEntries(t, readEntries(t, s, 0), 0, 2)
		if got := readHashes(t, s, 0); len(got) != 3 {
			t.Errorf("after a batch repeating %s: %d hashes, want the 3 stored before", name, len(got))
		}
		if got := readCheckpoints(t, s, 0); len(got) != 1 || got[0].Size != 2 {
			t.Errorf("after a batch repeating %s: checkpoints %+v, want only size 2", name, got)
		}
	}
	// The store is usable after refusing them.
	if err := s.Append(ctx, engine.Batch{Entries: entries(2, 4), HashStart: 3, Hashes: hashes(3, 7), Checkpoint: checkpoint(4)}); err != nil {
		t.Fatalf("append after the conflicts: %v", err)
	}
	checkEntries(t, readEntries(t, s, 0), 0, 4)
}

func testEntries(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, _ := newStore(t)
	if err := s.Append(ctx, engine.Batch{Entries: entries(0, 10), Checkpoint: checkpoint(10)}); err != nil {
		t.Fatal(err)
	}
	for _, from := range []uint64{0, 1, 7, 9, 10, 11, 1000} {
		want := min(from, 10)
		checkEntries(t, readEntries(t, s, from), want, 10)
	}
	// fn's error stops the read and comes back.
	errMine := errors.New("mine")
	calls := 0
	err := s.Entries(ctx, 3, func(e record.Entry) error {
		calls++
		if e.Index == 4 {
			return errMine
		}
		return nil
	})
	if !errors.Is(err, errMine) || calls != 2 {
		t.Errorf("Entries stopped by fn: err = %v after %d calls, want errMine after 2", err, calls)
	}
}

func testLargeBatch(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, reopen := newStore(t)
	const n = 1000 // more than one multi-row insert, more than one page of reads
	if err := s.Append(ctx, engine.Batch{Entries: entries(0, n), HashStart: 0, Hashes: hashes(0, 2*n), Checkpoint: checkpoint(n)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(ctx, engine.Batch{Entries: entries(n, n+1), HashStart: 2 * n, Hashes: hashes(2*n, 2*n+2), Checkpoint: checkpoint(n + 1)}); err != nil {
		t.Fatal(err)
	}
	r := reopen(t)
	checkEntries(t, readEntries(t, r, 0), 0, n+1)
	checkEntries(t, readEntries(t, r, n-1), n-1, n+1)
	if got := readHashes(t, r, 0); len(got) != 2*n+2 || got[2*n+1] != hash(2*n+1) || got[777] != hash(777) {
		t.Errorf("%d hashes, want %d in order", len(got), 2*n+2)
	}
}

func testCheckpoints(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, _ := newStore(t)
	for i := uint64(0); i < 300; i++ {
		if err := s.Append(ctx, engine.Batch{Entries: entries(i, i+1), Checkpoint: checkpoint(i + 1)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, from := range []uint64{0, 1, 2, 150, 300, 301} {
		got := readCheckpoints(t, s, from)
		first := max(from, 1)
		if uint64(len(got)) != 301-first {
			t.Errorf("Checkpoints(%d): %d, want %d", from, len(got), 301-first)
			continue
		}
		for k, c := range got {
			if c.Size != first+uint64(k) || !bytes.Equal(c.Note, checkpoint(c.Size).Note) {
				t.Errorf("Checkpoints(%d)[%d] = size %d, want %d with its note", from, k, c.Size, first+uint64(k))
				break
			}
		}
	}
}

// testSnapshots: none at first; the one of the largest size is kept, whatever the order of
// saving; it survives a reopen; a large one (a state of a long record) round-trips.
func testSnapshots(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, reopen := newStore(t)
	if snap, err := s.Snapshot(ctx); err != nil || snap != nil {
		t.Fatalf("Snapshot of a new store = %+v, %v; want none", snap, err)
	}
	big := bytes.Repeat([]byte("state "), 5<<20/6) // 5 MB
	for _, c := range []struct {
		size uint64
		data []byte
	}{{10, []byte("ten")}, {30, big}, {20, []byte("twenty")}} {
		if err := s.SaveSnapshot(ctx, c.size, c.data); err != nil {
			t.Fatal(err)
		}
	}
	for _, st := range []engine.Store{s, reopen(t)} {
		snap, err := st.Snapshot(ctx)
		if err != nil || snap == nil {
			t.Fatalf("Snapshot = %v, %v; want the one of size 30", snap, err)
		}
		data, err := io.ReadAll(io.NewSectionReader(snap.Data, 0, snap.Len))
		if cerr := snap.Data.Close(); err == nil {
			err = cerr
		}
		if err != nil || snap.Size != 30 || snap.Len != int64(len(big)) || !bytes.Equal(data, big) {
			t.Errorf("Snapshot = size %d, %d bytes said, %d read, %v; want 30, the %d bytes saved", snap.Size, snap.Len, len(data), err, len(big))
		}
	}
}

// demoDays are the dates the engine tests read the demo as of.
var demoDays = []string{"2026-01-16", "2026-01-21", "2026-01-22", "2026-02-19", "2026-12-31"}

// views returns the JSON of what the record says as of each of demoDays: overview, members,
// decisions, treasury. Two engines with the same record give the same bytes.
func views(t *testing.T, e *engine.Engine) string {
	t.Helper()
	var out bytes.Buffer
	for _, day := range demoDays {
		d, _ := time.Parse(time.DateOnly, day)
		at := board.EndOfDay(d)
		err := e.View(context.Background(), at, func(s *board.State, r *charter.Rules) error {
			b, err := json.Marshal(map[string]any{
				"overview":  s.Overview(r, at),
				"members":   s.Members(r, at),
				"decisions": s.DecisionList(at),
				"treasury":  s.TreasuryAt(r, at),
			})
			out.Write(b)
			out.WriteByte('\n')
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out.String()
}

func newEngine(t *testing.T, s engine.Store) *engine.Engine {
	t.Helper()
	e, err := engine.Create(context.Background(), s, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:storetest", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func openEngine(t *testing.T, s engine.Store) *engine.Engine {
	t.Helper()
	e, err := engine.Open(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func overview(t *testing.T, e *engine.Engine, day string) board.Overview {
	t.Helper()
	d, _ := time.Parse(time.DateOnly, day)
	var o board.Overview
	if err := e.View(context.Background(), board.EndOfDay(d), func(s *board.State, r *charter.Rules) error {
		o = s.Overview(r, board.EndOfDay(d))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return o
}

// testEngine replays the demo through an engine, reads it as of dates, verifies the stored
// record, and reopens it.
func testEngine(t *testing.T, newStore NewStore, demo replay.Script) {
	ctx := context.Background()
	s, reopen := newStore(t)
	e := newEngine(t, s)
	res, err := replay.Run(ctx, e, demo, replay.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted == 0 {
		t.Fatal("the demo accepted no act")
	}

	// As-of reads rebuild the past from the stored events.
	if o := overview(t, e, "2026-01-21"); o.InForce || o.Members != 0 {
		t.Errorf("as of 2026-01-21: in force %v with %d members, want not in force", o.InForce, o.Members)
	}
	if o := overview(t, e, "2026-01-22"); !o.InForce || o.Members != 20 {
		t.Errorf("as of 2026-01-22: in force %v with %d members, want in force with 20", o.InForce, o.Members)
	}

	// The stored record verifies: signatures, tree, every act under the rules.
	vr, err := engine.Verify(ctx, engine.StoreSource{Store: s}, e.LogKey().Verifier, engine.VerifyOptions{})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if vr.Checkpoint.Size != e.Len() || vr.Checkpoints != int(e.Len()) {
		t.Errorf("verified %d entries and %d checkpoints, want %d of each (one commit per act)", vr.Checkpoint.Size, vr.Checkpoints, e.Len())
	}

	// Reopening, as after a restart, rebuilds the same state, tree and checkpoint.
	want := views(t, e)
	e.Close()
	s.Close()
	s = reopen(t)
	again := openEngine(t, s)
	if again.Len() != e.Len() || !bytes.Equal(again.Checkpoint().Note, e.Checkpoint().Note) {
		t.Errorf("reopened: %d entries, same checkpoint %v; want %d, true", again.Len(), bytes.Equal(again.Checkpoint().Note, e.Checkpoint().Note), e.Len())
	}
	if got := views(t, again); got != want {
		t.Errorf("the reopened engine's views differ:\n%s\nwant\n%s", got, want)
	}
	last := e.Len() - 1
	p1, err1 := e.Prove(last/2, e.Len())
	p2, err2 := again.Prove(last/2, again.Len())
	if err1 != nil || err2 != nil || fmt.Sprint(p1) != fmt.Sprint(p2) {
		t.Errorf("inclusion proofs differ after reopening: %v, %v", err1, err2)
	}
	// The reopened engine writes on.
	if _, err := again.SubmitDev(ctx, board.Act{At: time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC), By: board.Chairman,
		Body: &board.Directive{ID: "after-reopening", Title: "After reopening", Text: "The record goes on."}}); err != nil {
		t.Fatalf("submit after reopening: %v", err)
	}
	if _, err := engine.Verify(ctx, engine.StoreSource{Store: s}, e.LogKey().Verifier, engine.VerifyOptions{}); err != nil {
		t.Errorf("verify after reopening and writing: %v", err)
	}
}

// testFollow has a second engine, on a second store over the same database, follow what the
// first one writes, as a second server process would.
func testFollow(t *testing.T, newStore NewStore, demo replay.Script) {
	ctx := context.Background()
	s, reopen := newStore(t)
	writer := newEngine(t, s)
	half := demo.Len() / 2
	if _, err := replay.Run(ctx, writer, part{demo, 0, half}, replay.Options{}); err != nil {
		t.Fatal(err)
	}
	follower := openEngine(t, reopen(t))
	if follower.Len() != writer.Len() {
		t.Fatalf("the follower opened with %d entries, want %d", follower.Len(), writer.Len())
	}
	before := follower.Len()
	if _, err := replay.Run(ctx, writer, part{demo, half, demo.Len()}, replay.Options{}); err != nil {
		t.Fatal(err)
	}
	n, err := follower.Follow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if follower.Len() != writer.Len() || uint64(n) != writer.Len()-before {
		t.Errorf("after Follow: %d entries (%d applied), want %d (%d applied)", follower.Len(), n, writer.Len(), writer.Len()-before)
	}
	if !bytes.Equal(follower.Checkpoint().Note, writer.Checkpoint().Note) {
		t.Error("the follower's checkpoint is not the writer's")
	}
	if got, want := views(t, follower), views(t, writer); got != want {
		t.Errorf("the follower's views differ from the writer's:\n%s\nwant\n%s", got, want)
	}
	for _, i := range []uint64{0, writer.Len() / 2, writer.Len() - 1} {
		p1, _ := writer.Prove(i, writer.Len())
		p2, err := follower.Prove(i, follower.Len())
		if err != nil || fmt.Sprint(p1) != fmt.Sprint(p2) {
			t.Errorf("proof of entry %d: the follower's differs from the writer's (%v)", i, err)
		}
	}
	if n, err := follower.Follow(ctx); err != nil || n != 0 {
		t.Errorf("Follow with nothing new: %d, %v; want 0, nil", n, err)
	}

	// An engine that missed an entry cannot append over it: its commit fails, and it then
	// follows the record as stored.
	directive := func(id string) board.Act {
		return board.Act{At: time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC), By: board.Chairman, Body: &board.Directive{ID: board.DecisionID(id), Title: id, Text: "Text."}}
	}
	if _, err := writer.SubmitDev(ctx, directive("from-the-writer")); err != nil {
		t.Fatal(err)
	}
	if _, err := follower.SubmitDev(ctx, directive("from-behind")); err == nil {
		t.Error("an engine behind the record appended an act")
	}
	if follower.Len() != writer.Len() || !bytes.Equal(follower.Checkpoint().Note, writer.Checkpoint().Note) {
		t.Errorf("after its failed commit, the engine has %d entries, want the %d stored", follower.Len(), writer.Len())
	}
	if got, want := views(t, follower), views(t, writer); got != want {
		t.Errorf("after its failed commit, the engine's views differ from the writer's")
	}
}

// part is the acts from to to (excluded) of a script, checked as the whole script checks them.
type part struct {
	replay.Script
	from, to int
}

func (p part) Len() int                     { return p.to - p.from }
func (p part) Act(i int) board.Act          { return p.Script.Act(p.from + i) }
func (p part) Check(i int, err error) error { return p.Script.Check(p.from+i, err) }

func testPickEvents(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, _ := newStore(t)
	if err := s.Append(ctx, engine.Batch{Entries: entries(0, 10), Checkpoint: checkpoint(10)}); err != nil {
		t.Fatal(err)
	}
	for _, idxs := range [][]uint64{nil, {0}, {9}, {0, 2, 3, 7, 9}, {1, 2, 3, 4, 5, 6, 7, 8}, {4, 10, 11, 1000}} {
		var got []record.Entry
		if err := s.PickEvents(ctx, idxs, func(e record.Entry) error { got = append(got, e); return nil }); err != nil {
			t.Fatal(err)
		}
		want := slices.DeleteFunc(slices.Clone(idxs), func(i uint64) bool { return i >= 10 })
		if len(got) != len(want) {
			t.Fatalf("PickEvents(%v): %d entries, want %d", idxs, len(got), len(want))
		}
		for i, e := range got {
			w := Entry(want[i])
			if e.Index != w.Index || !e.At.Equal(w.At) || e.At.Location() != time.UTC || !bytes.Equal(e.Events, w.Events) {
				t.Errorf("PickEvents(%v): entry %d at %v with events %q; want entry %d at %v with %q", idxs, e.Index, e.At, e.Events, w.Index, w.At, w.Events)
			}
		}
	}
	// fn's error stops the read and comes back.
	errMine := errors.New("mine")
	calls := 0
	err := s.PickEvents(ctx, []uint64{1, 3, 5}, func(record.Entry) error {
		calls++
		return errMine
	})
	if !errors.Is(err, errMine) || calls != 1 {
		t.Errorf("PickEvents stopped by fn: err = %v after %d calls, want errMine after 1", err, calls)
	}
}
