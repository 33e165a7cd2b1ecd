package engine_test

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/tlog"
	_ "modernc.org/sqlite"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/record"
)

// founded builds a small record of 14 entries: establish (0), the Chairman's key (1), four
// invitations (2-5: KAZ, MAR, BHR, FRA), three consents each after its State's key (6-11), and
// FRA's key and decline (12-13).
func founded(t *testing.T) (string, *engine.Engine, *sqlite.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pb.db")
	e, db := open(t, path)
	for _, code := range []board.StateCode{"KAZ", "MAR", "BHR", "FRA"} {
		mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: code})
	}
	for i, code := range []board.StateCode{"KAZ", "MAR", "BHR"} {
		mustSubmit(t, e, day(22).Add(time.Duration(i)*time.Minute), board.StateActor(code), &board.Consent{Instrument: "signature"})
	}
	mustSubmit(t, e, day(23), board.StateActor("FRA"), &board.Decline{})
	return path, e, db
}

func verifyDB(t *testing.T, path string) (engine.VerifyResult, error) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	meta, err := db.Meta(ctx)
	if err != nil {
		t.Fatal(err)
	}
	k := record.DevKeyring{Seed: strings.TrimPrefix(meta.Keyring, "dev:")}.LogKey()
	return engine.Verify(ctx, engine.StoreSource{Store: db}, k.Verifier, engine.VerifyOptions{})
}

func TestVerifySoundRecord(t *testing.T) {
	path, e, _ := founded(t)
	res, err := verifyDB(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Checkpoint.Size != e.Len() || res.Checkpoints != int(e.Len()) {
		t.Errorf("verified %d entries and %d checkpoints, want %d of each", res.Checkpoint.Size, res.Checkpoints, e.Len())
	}
	if res.DevelopmentKeys == 0 {
		t.Error("development keys not reported")
	}
}

// TestProofsCheckWithTransparencyDevMerkle checks our inclusion and consistency proofs with
// github.com/transparency-dev/merkle, which we did not write.
func TestProofsCheckWithTransparencyDevMerkle(t *testing.T) {
	ctx := context.Background()
	_, e, db := founded(t)
	n := e.Len()
	cp, err := record.OpenCheckpoint(e.Checkpoint().Note, e.LogKey().Verifier)
	if err != nil {
		t.Fatal(err)
	}
	roots := map[uint64]tlog.Hash{}
	for i := uint64(0); i < n; i++ {
		r, err := e.Receipt(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		if err := proof.VerifyInclusion(rfc6962.DefaultHasher, i, n, r.LeafHash[:], hashes(r.Proof), cp.Hash[:]); err != nil {
			t.Errorf("entry %d: proof.VerifyInclusion: %v", i, err)
		}
		if got := rfc6962.DefaultHasher.HashLeaf(r.Leaf); string(got) != string(r.LeafHash[:]) {
			t.Errorf("entry %d: leaf hash differs from RFC 6962's", i)
		}
		if _, err := r.Check(e.LogKey().Verifier); err != nil {
			t.Errorf("entry %d: receipt check: %v", i, err)
		}
	}
	// Every earlier checkpoint is consistent with the latest.
	if err := db.Checkpoints(ctx, 1, func(c engine.SignedCheckpoint) error {
		old, err := record.OpenCheckpoint(c.Note, e.LogKey().Verifier)
		if err != nil {
			return err
		}
		roots[old.Size] = old.Hash
		p, err := e.ProveConsistency(old.Size, n)
		if err != nil {
			return err
		}
		if err := proof.VerifyConsistency(rfc6962.DefaultHasher, old.Size, n, hashes(p), old.Hash[:], cp.Hash[:]); err != nil {
			t.Errorf("size %d → %d: proof.VerifyConsistency: %v", old.Size, n, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if uint64(len(roots)) != n {
		t.Errorf("%d checkpoints stored, want one per entry (%d)", len(roots), n)
	}
}

func hashes(hs []tlog.Hash) [][]byte {
	out := make([][]byte, len(hs))
	for i := range hs {
		out[i] = hs[i][:]
	}
	return out
}

// rawDB opens a database file with plain SQL, as someone rewriting it by hand would.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestVerifyFindsTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, db *sql.DB, path string)
		index  uint64 // the entry verify must name
		why    string
	}{
		{"one byte of a stored act changed", func(t *testing.T, db *sql.DB, path string) {
			exec(t, db, `UPDATE entries SET act = CAST(replace(CAST(act AS TEXT), '"MAR"', '"MAZ"') AS BLOB) WHERE idx = 3`)
		}, 3, "signature"},
		{"an entry dropped", func(t *testing.T, db *sql.DB, path string) {
			exec(t, db, `DELETE FROM entries WHERE idx = 6`)
		}, 6, "missing"},
		{"two entries reordered", func(t *testing.T, db *sql.DB, path string) {
			exec(t, db, `UPDATE entries SET idx = -1 WHERE idx = 3`)
			exec(t, db, `UPDATE entries SET idx = 3 WHERE idx = 4`)
			exec(t, db, `UPDATE entries SET idx = 4 WHERE idx = -1`)
		}, 3, "does not match"},
		{"a signature replaced", func(t *testing.T, db *sql.DB, path string) {
			exec(t, db, `UPDATE entries SET signature = (SELECT signature FROM entries WHERE idx = 3) WHERE idx = 4`)
		}, 4, "signature"},
		{"the recorded events changed", func(t *testing.T, db *sql.DB, path string) {
			exec(t, db, `UPDATE entries SET events = CAST(replace(CAST(events AS TEXT), '"KAZ"', '"QAT"') AS BLOB) WHERE idx = 2`)
		}, 2, "events differ"},
		{"an act signed with a revoked key, by someone holding the log key", func(t *testing.T, db *sql.DB, path string) {
			ring := record.DevKeyring{Seed: "test"}
			id := board.KeyIDOf(ring.PublicKey("chairman"))
			next := record.DevKeyring{Seed: "next"}.PublicKey("chairman")
			next64 := base64.StdEncoding.EncodeToString(next)
			forge(t, path, board.Act{At: day(24), By: board.Secretariat, Body: &board.RegisterKey{Actor: board.Chairman, Key: next64, Replaces: id}},
				[]board.Event{&board.KeyRegistered{Actor: board.Chairman, KeyID: board.KeyIDOf(next), Key: next64}, &board.KeyRevoked{Actor: board.Chairman, KeyID: id}})
			forge(t, path, board.Act{At: day(25), By: board.Chairman, Body: &board.Invite{State: "QAT"}},
				[]board.Event{&board.Invited{State: "QAT"}})
		}, 15, "revoked"},
		{"a lawful-looking act the rules refuse, by someone holding the log key", func(t *testing.T, db *sql.DB, path string) {
			// FRA declined; its consent without a new invitation is refused (R2).
			forge(t, path, board.Act{At: day(25), By: "state:FRA", Body: &board.Consent{Instrument: "signature"}},
				[]board.Event{&board.Consented{State: "FRA", Instrument: "signature"}, &board.MembershipStarted{State: "FRA", Start: day(25), TermEnd: day(22).AddDate(3, 0, 0)}})
		}, 14, "R2"},
		{"an act recorded twice, by someone holding the log key", func(t *testing.T, db *sql.DB, path string) {
			// Accrediting its head again is lawful for KAZ, but not as the same signed act.
			act := board.Act{At: day(24), By: "state:KAZ", Body: &board.Accredit{Person: "Nurlan", Role: "head"}}
			events := []board.Event{&board.Accredited{State: "KAZ", Person: "Nurlan", Role: "head", Approved: true}}
			forge(t, path, act, events)
			forge(t, path, act, events)
		}, 15, "already in the record, as entry 14"},
		{"the stored time of an entry recorded at its own time changed", func(t *testing.T, db *sql.DB, path string) {
			exec(t, db, `UPDATE entries SET at = '2026-01-23T13:00:00Z' WHERE idx = 13`)
		}, 13, "stored time 2026-01-23T13:00:00Z is not its recorded instant 2026-01-23T12:00:00Z"},
		{"the stored time of an entry recorded live changed", func(t *testing.T, db *sql.DB, path string) {
			forgeLive(t, path, board.Act{At: day(24), By: board.Chairman, Body: &board.Invite{State: "QAT"}}, day(24).Add(time.Minute),
				[]board.Event{&board.Invited{State: "QAT"}})
			exec(t, db, `UPDATE entries SET at = '2026-01-24T12:02:00Z' WHERE idx = 14`)
		}, 14, "does not match"},
		{"an entry recorded live stored as recorded at its own time", func(t *testing.T, db *sql.DB, path string) {
			forgeLive(t, path, board.Act{At: day(24), By: board.Chairman, Body: &board.Invite{State: "QAT"}}, day(24),
				[]board.Event{&board.Invited{State: "QAT"}})
			exec(t, db, `UPDATE entries SET live = 0 WHERE idx = 14`)
		}, 14, "does not match"},
		{"an act recorded live no later than the entry before it, by someone holding the log key", func(t *testing.T, db *sql.DB, path string) {
			forgeLive(t, path, board.Act{At: day(23), By: board.Chairman, Body: &board.Invite{State: "QAT"}}, day(23),
				[]board.Event{&board.Invited{State: "QAT"}})
		}, 14, "recorded live at 2026-01-23T12:00:00Z, not after the entry before it (2026-01-23T12:00:00Z)"},
		{"an act recorded live further than the skew from its time, by someone holding the log key", func(t *testing.T, db *sql.DB, path string) {
			forgeLive(t, path, board.Act{At: day(24), By: board.Chairman, Body: &board.Invite{State: "QAT"}}, day(24).Add(5*time.Minute+time.Second),
				[]board.Event{&board.Invited{State: "QAT"}})
		}, 14, "more than 5m0s from its own time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, _, _ := founded(t)
			tt.tamper(t, rawDB(t, path), path)
			_, err := verifyDB(t, path)
			ve, ok := errors.AsType[*engine.VerifyError](err)
			if !ok {
				t.Fatalf("verify: %v; want a VerifyError naming entry %d", err, tt.index)
			}
			if ve.Index != tt.index || !strings.Contains(ve.Error(), tt.why) {
				t.Errorf("verify: %v; want entry %d (%s)", ve, tt.index, tt.why)
			}
		})
	}
}

func exec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	res, err := db.Exec(q)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatalf("%s changed nothing", q)
	}
}

// TestVerifyDecidesLiveActsAsOfRecordedInstant: an act recorded live is decided as of its
// recorded instant. Its events decided as of the time its actor gave (a membership starting two
// minutes earlier, on the day before) are not the record's.
func TestVerifyDecidesLiveActsAsOfRecordedInstant(t *testing.T) {
	path, e, _ := founded(t)
	mustSubmit(t, e, day(24), board.Chairman, &board.Invite{State: "QAT"})
	mustSubmit(t, e, day(24), board.Secretariat, &board.RegisterKey{Actor: "state:QAT",
		Key: base64.StdEncoding.EncodeToString(record.DevKeyring{Seed: "test"}.PublicKey("state:QAT")), Development: true})
	claim := time.Date(2026, 1, 25, 23, 58, 0, 0, time.UTC)
	recorded := claim.Add(4 * time.Minute)
	consent := board.Act{At: claim, By: "state:QAT", Body: &board.Consent{Instrument: "signature"}}
	var atClaim, atRecorded []board.Event
	if err := e.View(context.Background(), recorded, func(s *board.State, r *charter.Rules) (err error) {
		if atClaim, err = board.Decide(s, r, consent); err != nil {
			return err
		}
		live := consent
		live.At = recorded
		atRecorded, err = board.Decide(s, r, live)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	e.Close()
	forgeLive(t, path, consent, recorded, atClaim)
	_, err := verifyDB(t, path)
	if ve, ok := errors.AsType[*engine.VerifyError](err); !ok || ve.Index != 16 || !strings.Contains(err.Error(), "events differ") {
		t.Errorf("verify: %v; want entry 16's events to differ", err)
	}

	path, e, _ = founded(t)
	mustSubmit(t, e, day(24), board.Chairman, &board.Invite{State: "QAT"})
	mustSubmit(t, e, day(24), board.Secretariat, &board.RegisterKey{Actor: "state:QAT",
		Key: base64.StdEncoding.EncodeToString(record.DevKeyring{Seed: "test"}.PublicKey("state:QAT")), Development: true})
	e.Close()
	forgeLive(t, path, consent, recorded, atRecorded)
	if _, err := verifyDB(t, path); err != nil {
		t.Errorf("verify, with the events decided as of the recorded instant: %v", err)
	}
}

// TestVerifyForgedLiveEntry: an entry appended as forge does, recorded live within the rules of
// time, verifies: the cases of TestVerifyFindsTampering that forge live entries fail for the
// reason they name.
func TestVerifyForgedLiveEntry(t *testing.T) {
	path, _, _ := founded(t)
	forgeLive(t, path, board.Act{At: day(24), By: board.Chairman, Body: &board.Invite{State: "QAT"}}, day(24).Add(5*time.Minute),
		[]board.Event{&board.Invited{State: "QAT"}})
	if _, err := verifyDB(t, path); err != nil {
		t.Fatal(err)
	}
}

// forge appends an entry to a database behind the engine's back, as an insider holding the
// development keys and the log key could: the act signed by its actor's development key, the
// events given, the tree hashes and a checkpoint recomputed and signed. The entry is recorded
// at the act's own time.
func forge(t *testing.T, path string, act board.Act, events []board.Event) {
	t.Helper()
	forgeLive(t, path, act, time.Time{}, events)
}

// forgeLive is forge for an entry recorded live at recorded (at the act's own time if recorded
// is zero).
func forgeLive(t *testing.T, path string, act board.Act, recorded time.Time, events []board.Event) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ring := record.DevKeyring{Seed: "test"}
	var hs []tlog.Hash
	if err := db.Hashes(ctx, 0, func(_ int64, h tlog.Hash) error { hs = append(hs, h); return nil }); err != nil {
		t.Fatal(err)
	}
	var n uint64
	if err := db.Entries(ctx, 0, func(record.Entry) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	canonical, err := act.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	eventBytes, err := board.EncodeEvents(events)
	if err != nil {
		t.Fatal(err)
	}
	keyID := board.KeyIDOf(ring.PublicKey(string(act.By)))
	entry := record.Entry{Index: n, At: act.At, Actor: string(act.By), Kind: string(act.Body.Kind()), Act: canonical,
		KeyID: string(keyID), Signature: record.SignAct(ring.Key(string(act.By)), canonical), Events: eventBytes}
	if !recorded.IsZero() {
		entry.At, entry.Live = recorded, true
	}
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = hs[x]
		}
		return out, nil
	})
	added, err := tlog.StoredHashes(int64(n), entry.Leaf().Bytes(), reader)
	if err != nil {
		t.Fatal(err)
	}
	start := int64(len(hs))
	hs = append(hs, added...)
	root, err := tlog.TreeHash(int64(n+1), reader)
	if err != nil {
		t.Fatal(err)
	}
	key := ring.LogKey()
	note, err := record.Checkpoint{Origin: key.Signer.Name(), Size: n + 1, Hash: root}.Sign(key.Signer)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Append(ctx, engine.Batch{Entries: []record.Entry{entry}, HashStart: start, Hashes: added,
		Checkpoint: engine.SignedCheckpoint{Size: n + 1, Note: note}}); err != nil {
		t.Fatal(err)
	}
}
