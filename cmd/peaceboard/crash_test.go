package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/workload"
	"github.com/peaceboard/peaceboard/record"
)

// The crash test's workload. Its acts all differ (the record holds an act once).
const (
	crashActs        = 6000
	crashDelegations = 100
	crashSubmitters  = 64
	crashKillAfter   = 3000 // acknowledged acts before the server is killed
	crashAfter       = 64   // acts submitted once the server is back
)

// crashRecord is a record prepared for the crash test: set up for the workload, with the
// workload's acts and the acts to submit after the restart signed, not yet submitted.
type crashRecord struct {
	setup    [][]byte // the leaves of the entries before the workload's
	acts     []apiv1.SignedAct
	after    []apiv1.SignedAct
	verifier note.Verifier // the log's key
}

// prepareCrashRecord makes the record at db as "bench" does (a development keyring, the
// workload's setup), in this process, and closes it.
func prepareCrashRecord(t *testing.T, db string) crashRecord {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	e, err := engine.Create(ctx, store, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:bench", Origin: "bench"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	plan := workload.Plan{Count: crashActs, Delegations: workload.Delegations(crashDelegations)}
	if _, err := plan.Setup(ctx, e); err != nil {
		t.Fatal(err)
	}
	signed, err := plan.Sign(e)
	if err != nil {
		t.Fatal(err)
	}
	for i := range crashAfter {
		sa, err := e.SignDev(board.Act{At: workload.At, By: board.StateActor(plan.Delegations[i]),
			Body: &board.Comment{Proposal: "comments", Text: fmt.Sprintf("Submitted after the restart, %d.", i)}})
		if err != nil {
			t.Fatal(err)
		}
		signed = append(signed, sa)
	}
	// The server records the acts live, at its clock: they give the time they are signed at, as
	// a client's would (a nanosecond apart), rather than the workload's.
	now := time.Now().UTC()
	for i := range signed {
		a := signed[i].Act
		a.At = now.Add(time.Duration(i))
		if signed[i], err = e.SignDev(a); err != nil {
			t.Fatal(err)
		}
	}
	wire, err := wireActs(signed)
	if err != nil {
		t.Fatal(err)
	}
	rec := crashRecord{acts: wire[:crashActs], after: wire[crashActs:], verifier: e.LogKey().Verifier}
	seen := map[string]int{}
	for i, sa := range wire {
		if j, ok := seen[actKey(sa.Canonical, sa.Signature)]; ok {
			t.Fatalf("acts %d and %d of the test are the same act: a duplicate in the record could not be told from a repeat", j, i)
		}
		seen[actKey(sa.Canonical, sa.Signature)] = i
	}
	err = e.ReadEntries(ctx, 0, e.Len(), func(en record.Entry) error {
		rec.setup = append(rec.setup, en.Leaf().Bytes())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// actKey identifies a signed act: its canonical bytes and its signature.
func actKey(canonical, signature []byte) string {
	return string(canonical) + "\x00" + string(signature)
}

// TestBenchOverHTTPSurvivesSIGKILL submits the bench's workload over HTTP to a "peaceboard
// serve" process from 64 concurrent submitters, kills the server (SIGKILL) once thousands of
// acts are acknowledged and while others are in flight, and serves the same database again.
// Every acknowledged act is in the record at its receipt's index with the same leaf, every
// checkpoint a client was given is a prefix of the record, no act is there twice (an act
// whose answer was lost may or may not be there), the record takes new acts, and it verifies.
func TestBenchOverHTTPSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs server processes")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "crash.db")
	rec := prepareCrashRecord(t, db)
	serveArgs := []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--api-rate", "0"}

	server := startHelper(t, "peaceboard", serveArgs...)
	c := newBenchClient("http://"+awaitListening(t, server), crashSubmitters)
	receipts := make([]*record.Receipt, len(rec.acts))
	var next, acked, inFlight atomic.Int64
	var killed atomic.Bool
	enough := make(chan struct{})
	var wg sync.WaitGroup
	for range crashSubmitters {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(rec.acts)); i = next.Add(1) - 1 {
				inFlight.Add(1)
				r, err := c.Submit(ctx, rec.acts[i], "")
				inFlight.Add(-1)
				if err != nil {
					if !killed.Load() {
						t.Errorf("act %d, before the kill: %v", i, err)
					}
					return // the server is gone
				}
				receipts[i] = &r
				if acked.Add(1) == crashKillAfter {
					close(enough)
				}
			}
		})
	}
	stopped := make(chan struct{})
	go func() { wg.Wait(); close(stopped) }()
	select {
	case <-enough:
	case <-stopped:
		t.Fatalf("the submitters stopped with %d acts acknowledged", acked.Load())
	case <-time.After(60 * time.Second):
		killed.Store(true)
		server.cmd.Process.Kill()
		<-stopped
		t.Fatalf("only %d acts acknowledged after a minute", acked.Load())
	}
	killed.Store(true)
	flying := inFlight.Load()
	if err := server.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-stopped
	for range server.lines {
	}
	if err := server.cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("the server's end = %v, want killed", err)
	}
	t.Logf("killed the server with %d acts acknowledged and %d in flight (%d never sent)", acked.Load(), flying, max(0, int64(len(rec.acts))-next.Load()))
	if acked.Load() >= int64(len(rec.acts)) || flying == 0 {
		t.Fatalf("nothing was in flight when the server was killed (%d of %d acknowledged)", acked.Load(), len(rec.acts))
	}

	// The same database, served again, takes new acts.
	server = startHelper(t, "peaceboard", serveArgs...)
	addr := awaitListening(t, server)
	_, restarted := healthz(t, addr)
	c = newBenchClient("http://"+addr, crashSubmitters)

	// The submitters retry every act they had no answer for, as a client would: each is recorded
	// now, or refused as already in the record (its answer was lost in the crash), never twice.
	var retry []int
	for i, r := range receipts {
		if r == nil {
			retry = append(retry, i)
		}
	}
	var retried, lost atomic.Int64
	var work sync.WaitGroup
	next.Store(0)
	for range crashSubmitters {
		work.Go(func() {
			for k := next.Add(1) - 1; k < int64(len(retry)); k = next.Add(1) - 1 {
				i := retry[k]
				r, err := c.Submit(ctx, rec.acts[i], "")
				if ce, ok := errors.AsType[*client.Error](err); ok && ce.StatusCode == http.StatusConflict && strings.Contains(err.Error(), "already in the record") {
					lost.Add(1)
					continue
				}
				if err != nil {
					t.Errorf("act %d, retried after the restart: %v", i, err)
					continue
				}
				receipts[i] = &r
				retried.Add(1)
			}
		})
	}
	work.Wait()
	t.Logf("after the restart: %d acts retried, %d recorded now, %d already in the record", len(retry), retried.Load(), lost.Load())

	after := make([]record.Receipt, len(rec.after))
	var again sync.WaitGroup
	for i, sa := range rec.after {
		again.Go(func() {
			var err error
			if after[i], err = c.Submit(ctx, sa, ""); err != nil {
				t.Errorf("act %d after the restart: %v", i, err)
			}
		})
	}
	again.Wait()
	for i, r := range after {
		if r.Index < uint64(restarted) {
			t.Errorf("act %d after the restart is entry %d, among the %d entries there before", i, r.Index, restarted)
		}
	}
	if err := server.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for range server.lines {
	}
	if err := server.cmd.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}

	// The record, read from the database.
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var leaves [][]byte
	var keys []string             // each entry's act key
	held := map[string][]uint64{} // act key → its indexes in the record
	err = store.Entries(ctx, 0, func(en record.Entry) error {
		leaves = append(leaves, en.Leaf().Bytes())
		k := actKey(en.Act, en.Signature)
		keys = append(keys, k)
		held[k] = append(held[k], en.Index)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(leaves) < len(rec.setup) {
		t.Fatalf("the record has %d entries, fewer than the %d of its setup", len(leaves), len(rec.setup))
	}
	for i, leaf := range rec.setup {
		if !bytes.Equal(leaves[i], leaf) {
			t.Errorf("setup entry %d changed", i)
		}
	}
	isAct := map[string]bool{}
	present := 0
	for i, sa := range rec.acts {
		k := actKey(sa.Canonical, sa.Signature)
		isAct[k] = true
		at := held[k]
		if len(at) != 1 {
			t.Errorf("act %d is in the record %d times, at %v; want once", i, len(at), at)
		}
		present += len(at)
		r := receipts[i]
		switch {
		case r == nil:
		case r.Index >= uint64(len(leaves)):
			t.Errorf("act %d was acknowledged as entry %d; the record has %d entries", i, r.Index, len(leaves))
		case !bytes.Equal(leaves[r.Index], r.Leaf):
			t.Errorf("act %d was acknowledged as entry %d; that entry is another leaf", i, r.Index)
		}
	}
	for i, sa := range rec.after {
		k := actKey(sa.Canonical, sa.Signature)
		isAct[k] = true
		if at := held[k]; len(at) != 1 || at[0] != after[i].Index {
			t.Errorf("act %d after the restart is in the record at %v, want at %d only", i, at, after[i].Index)
		}
	}
	for i := len(rec.setup); i < len(keys); i++ {
		if !isAct[keys[i]] {
			t.Errorf("entry %d is none of the acts submitted", i)
		}
	}
	if int64(present) != acked.Load()+retried.Load()+lost.Load() {
		t.Errorf("the record holds %d of the workload's acts; %d acknowledged before the crash, %d after, %d refused as recorded", present, acked.Load(), retried.Load(), lost.Load())
	}

	// Every checkpoint a client was given is signed by the log and is a prefix of the record.
	hashes := treeHashes(t, leaves)
	checked := map[string]bool{}
	for i, r := range receipts {
		if r == nil || checked[r.Checkpoint] {
			continue
		}
		checked[r.Checkpoint] = true
		cp, err := r.Check(rec.verifier)
		if err != nil {
			t.Errorf("act %d's receipt: %v", i, err)
			continue
		}
		if root, err := tlog.TreeHash(int64(cp.Size), hashes); err != nil || root != cp.Hash {
			t.Errorf("act %d's receipt is in a checkpoint of %d entries that the record does not extend (%v)", i, cp.Size, err)
		}
	}

	verify := startHelper(t, "peaceboard", "verify", "--db", db)
	var out []string
	for l := range verify.lines {
		out = append(out, l)
	}
	if err := verify.cmd.Wait(); err != nil || !strings.Contains(strings.Join(out, "\n"), "verified") {
		t.Errorf("verify --db after the crash: %v\n%s", err, strings.Join(out, "\n"))
	}
}

// treeHashes returns the log's stored hashes (tlog) of leaves, to compute its tree hashes.
func treeHashes(t *testing.T, leaves [][]byte) tlog.HashReader {
	t.Helper()
	var stored []tlog.Hash
	r := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for k, i := range indexes {
			if i >= int64(len(stored)) {
				return nil, errors.New("no such stored hash")
			}
			out[k] = stored[i]
		}
		return out, nil
	})
	for n, leaf := range leaves {
		hs, err := tlog.StoredHashes(int64(n), leaf, r)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, hs...)
	}
	return r
}
