package witness_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/witness"
	"github.com/peaceboard/peaceboard/scenario"
)

// TestRedTeamWitnessUnlawfulEntry: the holder of the log key appends an act the rules refuse,
// correctly signed by its actor, and signs a checkpoint over it. A plain witness cosigns it; an
// auditing one refuses (422), naming the entry and the rule in its answer and its log, and its
// latest cosigned checkpoint stays where it was.
func TestRedTeamWitnessUnlawfulEntry(t *testing.T) {
	e := newRecord(t, "KAZ", "MAR", "BHR")
	log := fakeOf(t, e)
	lawful := uint64(len(log.leaves))
	// KAZ invited again, at a later time: refused by R2.
	log.leaves = append(log.leaves, forgedLeaf(t, e, board.Act{At: day0.AddDate(0, 0, 3), By: board.Chairman, Body: &board.Invite{State: "KAZ"}}))
	n := uint64(len(log.leaves))
	l := witness.Log{Verifier: log.key.Verifier, URL: log.URL}

	plain := startWitness(t, filepath.Join(t.TempDir(), "plain.db"), false, l)
	plain.mustCosign(t, log.request(t, 0, n))

	db := filepath.Join(t.TempDir(), "audit.db")
	w := startWitness(t, db, true, l)
	w.mustCosign(t, log.request(t, 0, lawful))
	wantWhy := fmt.Sprintf("entry %d: invite by chairman at 2026-01-22T12:00:00Z is not lawful: R2: KAZ already has an open invitation, of 2026-01-19", lawful)
	for range 2 { // asked again, the same answer
		r := w.add(t, log.request(t, lawful, n))
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, wantWhy) {
			t.Fatalf("unlawful entry: %d %q; want 422 naming %q", r.status, r.body, wantWhy)
		}
	}
	if logs := w.logs.String(); !strings.Contains(logs, fmt.Sprintf("entry=%d", lawful)) || !strings.Contains(logs, "R2: KAZ already has an open invitation") {
		t.Errorf("the witness's log does not name the entry and the reason:\n%s", logs)
	}
	wantConflict(t, w.add(t, log.request(t, 0, n)), fmt.Sprint(lawful))
	// From the start, the same.
	w2 := startWitness(t, filepath.Join(t.TempDir(), "audit2.db"), true, l)
	if r := w2.add(t, log.request(t, 0, n)); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, wantWhy) {
		t.Fatalf("unlawful entry, from 0: %d %q; want 422 naming %q", r.status, r.body, wantWhy)
	}
	wantConflict(t, w2.add(t, log.request(t, 1, n)), "0")

	// The operator takes the entry back and appends a lawful one instead: the witness, which
	// cosigned none of the refused tree, goes on.
	invite(t, e, "QAT")
	log.leaves = fakeOf(t, e).leaves
	w.mustCosign(t, log.request(t, lawful, e.Len()))
}

// TestAuditRefusesEntriesThatDoNotMakeTheRoot: a log that serves other entries than those its
// checkpoint commits to is not cosigned, and the witness's state does not change.
func TestAuditRefusesEntriesThatDoNotMakeTheRoot(t *testing.T) {
	e := newRecord(t, "KAZ", "MAR")
	log := fakeOf(t, e)
	w := startWitness(t, filepath.Join(t.TempDir(), "audit.db"), true, witness.Log{Verifier: log.key.Verifier, URL: log.URL})
	w.mustCosign(t, log.request(t, 0, 2))
	b := newRecord(t, "KAZ", "BHR") // the same key: what the log serves is signed, and lawful
	log.served = fakeOf(t, b).leaves
	r := w.add(t, log.request(t, 2, 4))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "do not make the root") {
		t.Fatalf("entries not in the tree: %d %q; want 422", r.status, r.body)
	}
	log.served = nil
	w.mustCosign(t, log.request(t, 2, 4))
}

// TestAuditRealRecord: a witness audits a real peaceboard server's log (the demo, then acts
// recorded after it) from its tiles, and when restarted replays what it audited.
func TestAuditRealRecord(t *testing.T) {
	e := newRecord(t)
	if _, err := replay.Run(context.Background(), e, scenario.Demo(), replay.Options{}); err != nil {
		t.Fatal(err)
	}
	url := serveLog(t, e)
	db := filepath.Join(t.TempDir(), "witness.db")
	l := witness.Log{Verifier: e.LogKey().Verifier, URL: url}
	w := startWitness(t, db, true, l)
	start := time.Now()
	w.mustCosign(t, engineRequest(t, e, 0))
	t.Logf("audited the demo's %d entries in %v", e.Len(), time.Since(start))
	demo := e.Len()

	// More acts, recorded live at the server's clock: the Chairman invites States the demo
	// did not.
	for _, code := range charter.Default().States.Codes.Codes() {
		sa, err := e.SignDev(board.Act{At: time.Now(), By: board.Chairman, Body: &board.Invite{State: board.StateCode(code)}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Submit(context.Background(), sa); err == nil && e.Len() == demo+2 {
			break
		}
	}
	if e.Len() != demo+2 {
		t.Fatalf("%d acts recorded after the demo, want 2", e.Len()-demo)
	}
	w.mustCosign(t, engineRequest(t, e, demo))

	w.close()
	start = time.Now()
	w2 := startWitness(t, db, true, l)
	t.Logf("restarted: replayed %d audited entries in %v", e.Len(), time.Since(start))
	wantConflict(t, w2.add(t, engineRequest(t, e, 0)), fmt.Sprint(e.Len()))
	w2.mustCosign(t, engineRequest(t, e, e.Len()))
	if !strings.Contains(w2.logs.String(), fmt.Sprintf("entries=%d", e.Len())) {
		t.Errorf("the restarted witness does not log what it replayed:\n%s", w2.logs.String())
	}
}

// TestAuditLogUnreachable: a log whose entries cannot be read is not cosigned (502), and the
// witness cosigns once they can.
func TestAuditLogUnreachable(t *testing.T) {
	e := newRecord(t, "KAZ")
	log := fakeOf(t, e)
	w := startWitness(t, filepath.Join(t.TempDir(), "audit.db"), true, witness.Log{Verifier: log.key.Verifier, URL: log.URL})
	n := uint64(len(log.leaves))
	log.served = log.leaves[:n-1] // the last bundle is not there yet
	if r := w.add(t, log.request(t, 0, n)); r.status != http.StatusBadGateway || !strings.Contains(r.body, "cannot read the log's entries") {
		t.Fatalf("entries not served: %d %q; want 502", r.status, r.body)
	}
	wantConflict(t, w.add(t, log.request(t, 1, n)), "0")
	log.served = nil
	w.mustCosign(t, log.request(t, 0, n))
}

// TestAuditAcrossBundles: the entries a checkpoint adds start inside one entry bundle and end
// inside another, partial, one of a real server: the witness reads and audits them all.
func TestAuditAcrossBundles(t *testing.T) {
	e := newRecord(t)
	codes := charter.Default().States.Codes.Codes()
	i := 0
	grow := func(n uint64) {
		for ; e.Len() < n; i++ {
			// Every State invited, then every invitation withdrawn, then invited again, ...
			code := board.StateCode(codes[i%len(codes)])
			var body board.Body = &board.Invite{State: code}
			if i/len(codes)%2 == 1 {
				body = &board.WithdrawInvitation{State: code}
			}
			if _, err := e.SubmitDev(context.Background(), board.Act{At: day0.Add(time.Duration(i) * time.Minute), By: board.Chairman, Body: body}); err != nil {
				t.Fatal(err)
			}
		}
	}
	grow(300)
	url := serveLog(t, e)
	w := startWitness(t, filepath.Join(t.TempDir(), "witness.db"), true, witness.Log{Verifier: e.LogKey().Verifier, URL: url})
	w.mustCosign(t, engineRequest(t, e, 0))
	old := e.Len()
	grow(600)
	w.mustCosign(t, engineRequest(t, e, old))
	if !strings.Contains(w.logs.String(), fmt.Sprintf("audited=%d", e.Len()-old)) {
		t.Errorf("the witness did not log the %d entries it audited:\n%s", e.Len()-old, w.logs.String())
	}
}

// TestAuditKeepsWhatItAuditedAhead: after refusing a checkpoint for entry k, the witness keeps
// the lawful entries before k that it audited: a later checkpoint that holds them is audited
// from k, without replaying the record again; one that holds others after the latest cosigned
// checkpoint (another tree) is audited from there, the auditor rebuilt.
func TestAuditKeepsWhatItAuditedAhead(t *testing.T) {
	a := newRecord(t, "KAZ", "MAR")
	b := newRecord(t, "KAZ", "MAR")
	cosigned := a.Len()
	invite(t, a, "QAT", "EGY") // lawful, audited ahead of the refused entry
	log := fakeOf(t, a)
	bad := forgedLeaf(t, a, board.Act{At: day0.AddDate(0, 0, 3), By: board.Chairman, Body: &board.Invite{State: "KAZ"}})
	k := uint64(len(log.leaves))
	log.leaves = append(log.leaves, bad)
	w := startWitness(t, filepath.Join(t.TempDir(), "witness.db"), true, witness.Log{Verifier: log.key.Verifier, URL: log.URL})
	w.mustCosign(t, log.request(t, 0, cosigned))
	rebuilt := func() int { return strings.Count(w.logs.String(), "rebuilt the auditor") }

	wantRefused := func(n uint64) {
		t.Helper()
		r := w.add(t, log.request(t, cosigned, n))
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, fmt.Sprintf("entry %d: ", k)) {
			t.Fatalf("checkpoint of %d: %d %q; want 422 naming entry %d", n, r.status, r.body, k)
		}
	}
	wantRefused(k + 1)
	log.leaves = append(log.leaves, forgedLeaf(t, a, board.Act{At: day0.AddDate(0, 0, 4), By: board.Chairman, Body: &board.Invite{State: "TUR"}}))
	wantRefused(k + 2) // another checkpoint, the same entry refused
	// The operator drops the entry, and appends a lawful one: audited from k.
	invite(t, a, "JOR")
	log.leaves = fakeOf(t, a).leaves
	w.mustCosign(t, log.request(t, cosigned, a.Len()))
	if n := rebuilt(); n != 0 {
		t.Errorf("the auditor was rebuilt %d times; want none", n)
	}

	// Refused again after a lawful entry; then another tree after the cosigned checkpoint (b's,
	// under the same key, with the same first entries): audited from the cosigned checkpoint.
	invite(t, b, "QAT", "EGY", "JOR")
	if !bytes.Equal(a.Checkpoint().Note, b.Checkpoint().Note) {
		t.Fatal("b is not a's copy")
	}
	cosigned = a.Len()
	invite(t, a, "ARE")
	log.leaves = append(fakeOf(t, a).leaves, bad)
	k = uint64(len(log.leaves)) - 1
	wantRefused(k + 1)
	invite(t, b, "SAU", "ARE") // ARE, which a invited: lawful only if b's SAU is audited, not a's ARE
	log.leaves = fakeOf(t, b).leaves
	w.mustCosign(t, log.request(t, cosigned, b.Len()))
	if n := rebuilt(); n != 1 {
		t.Errorf("the auditor was rebuilt %d times; want once", n)
	}
	invite(t, b, "PAK")
	log.leaves = fakeOf(t, b).leaves
	w.mustCosign(t, log.request(t, b.Len()-1, b.Len()))
}
