package engine_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/storetest"
	"github.com/peaceboard/peaceboard/record"
)

// waitKept saves the kept states of e's record.
func waitKept(tb testing.TB, e *engine.Engine) {
	tb.Helper()
	if err := e.KeepStates(context.Background()); err != nil {
		tb.Fatal(err)
	}
}

// TestKeptStateUndecodable damages a kept state so that its sum matches and its bytes do not
// decode as a state of this version (as a kept state of another release's would not): views as
// of the instants after it answer as the state rebuilt from every act does, and the kept state is
// saved again, good.
func TestKeptStateUndecodable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pb.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:test", Origin: "test"}, engine.WithKeptEvery(8))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { e.Close() }()
	storetest.MixRecord(t, e, 1500, 5)
	waitKept(t, e)
	sizes, err := db.KeptSizes(ctx)
	if err != nil || len(sizes) < 4 {
		t.Fatalf("kept states %v, %v; want at least 4", sizes, err)
	}
	size := sizes[len(sizes)/3]
	other := []byte("a kept state of another version of peaceboard")
	sum, err := engine.KeptSum(e, size, other)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveKeptState(ctx, engine.KeptState{Size: size, Sum: sum, Data: other}); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if e, err = engine.Open(ctx, db, engine.WithKeptEvery(8)); err != nil {
		t.Fatal(err)
	}
	var at []time.Time
	if err := e.ReadEntries(ctx, 0, e.Len(), func(en record.Entry) error { at = append(at, en.At); return nil }); err != nil {
		t.Fatal(err)
	}
	byFold := func(ctx context.Context, t0 time.Time, fn func(*board.State, *charter.Rules) error) error {
		return engine.ViewByFold(ctx, e, t0, fn)
	}
	for _, t0 := range []time.Time{at[size-1], at[size], at[size].Add(time.Hour)} {
		if got, want := asOfViews(t, e.View, t0), asOfViews(t, byFold, t0); got != want {
			t.Fatalf("as of %s, with the kept state of %d entries undecodable:\n%s\nwant\n%s", t0.Format(time.RFC3339Nano), size, got, want)
		}
	}
	waitKept(t, e)
	k, err := db.KeptState(ctx, size)
	if err != nil {
		t.Fatal(err)
	}
	if string(k.Data) == string(other) {
		t.Fatalf("the undecodable kept state of %d entries was not saved again", size)
	}
	if _, err := board.RestoreState(bytes.NewReader(k.Data), int64(len(k.Data))); err != nil {
		t.Errorf("the kept state of %d entries saved again does not decode: %v", size, err)
	}
}

// TestVerifyKeptStates: Verify checks each kept state the engine would use against the state the
// entries make. A kept state of another size, stored with the sum the engine would compute (as
// someone who writes the database could), fails verify.
func TestVerifyKeptStates(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pb.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:test", Origin: "test"}, engine.WithKeptEvery(8))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	storetest.MixRecord(t, e, 1500, 9)
	waitKept(t, e)
	sizes, err := db.KeptSizes(ctx)
	if err != nil || len(sizes) < 4 {
		t.Fatalf("kept states %v, %v; want at least 4", sizes, err)
	}
	verify := func() error {
		_, err := engine.Verify(ctx, engine.StoreSource{Store: db}, e.LogKey().Verifier, engine.VerifyOptions{})
		return err
	}
	if err := verify(); err != nil {
		t.Fatalf("the record with its kept states does not verify: %v", err)
	}
	from, to := sizes[1], sizes[2]
	k, err := db.KeptState(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := engine.KeptSum(e, to, k.Data)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveKeptState(ctx, engine.KeptState{Size: to, Sum: sum, Data: k.Data}); err != nil {
		t.Fatal(err)
	}
	if err := verify(); err == nil || !strings.Contains(err.Error(), "kept state") {
		t.Errorf("verify of a record whose kept state of %d entries is the one of %d, with its sum made again: %v; want a failure naming the kept state", to, from, err)
	}
}
