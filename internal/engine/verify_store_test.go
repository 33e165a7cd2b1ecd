package engine_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/storetest"
	"github.com/peaceboard/peaceboard/record"
	"github.com/peaceboard/peaceboard/scenario"
)

// TestVerifyChecksSnapshot: the snapshot an engine saved of the demo (every kind of act, a
// ledger, decisions with comments and ballots) is the state, tree and acts that verify rebuilds
// from the entries, compared as the engine would restore it.
func TestVerifyChecksSnapshot(t *testing.T) {
	defer engine.SetSnapshotMin(1)()
	path := filepath.Join(t.TempDir(), "demo.db")
	e, _ := open(t, path)
	if _, err := replay.Run(context.Background(), e, scenario.Demo(), replay.Options{}); err != nil {
		t.Fatal(err)
	}
	n := e.Len()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	res, err := verifyDB(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Snapshot != n || res.SnapshotUnused != "" || res.StoredHashes != tlog.StoredHashCount(int64(n)) {
		t.Errorf("verify checked the snapshot of %d entries (unused: %q) and %d tree hashes; want the snapshot of %d and %d hashes",
			res.Snapshot, res.SnapshotUnused, res.StoredHashes, n, tlog.StoredHashCount(int64(n)))
	}
}

// TestVerifyFindsStoredTampering: what a database keeps beside the leaves, and the server
// serves or makes its answers of, is checked too (the other half of TestVerifyFindsTampering).
func TestVerifyFindsStoredTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, db *sql.DB, path string)
		index  int64 // the entry verify must name; -1 for an error about the whole database
		why    string
	}{
		{"the stored actor of an entry changed (issue 17, finding 7)", func(t *testing.T, db *sql.DB, path string) {
			exec(t, db, `UPDATE entries SET actor = 'state:KAZ' WHERE idx = 4`)
		}, 4, `stored actor "state:KAZ" is not the one who signed it (chairman)`},
		{"the stored kind of an entry changed", func(t *testing.T, db *sql.DB, path string) {
			exec(t, db, `UPDATE entries SET kind = 'withdraw' WHERE idx = 4`)
		}, 4, `stored kind "withdraw" is not the act's (invite)`},
		{"a stored tree hash changed, that the latest root is not made of", func(t *testing.T, db *sql.DB, path string) {
			setHash(t, db, tlog.StoredHashIndex(0, 3))
		}, 3, "the tree hash stored at index 4 (level 0, over entries from 3) is not the one the entries make"},
		{"a stored tree hash changed, that the latest root is made of", func(t *testing.T, db *sql.DB, path string) {
			setHash(t, db, tlog.StoredHashIndex(3, 0))
		}, 0, "the tree hash stored at index 14 (level 3, over entries from 0)"},
		{"the signature of an older checkpoint changed", func(t *testing.T, db *sql.DB, path string) {
			var note []byte
			if err := db.QueryRow(`SELECT note FROM checkpoints WHERE size = 5`).Scan(&note); err != nil {
				t.Fatal(err)
			}
			// A character inside the signature's base64, not its last before the padding, whose
			// low bits decode to nothing: changing that one left the signature as it was
			// whenever it was A, B, C or D.
			i := strings.LastIndex(string(note), "\n") - 10
			if note[i] == 'A' {
				note[i] = 'B'
			} else {
				note[i] = 'A'
			}
			execArgs(t, db, `UPDATE checkpoints SET note = ? WHERE size = 5`, note)
		}, 4, "the checkpoint stored for size 5 is not the log's"},
		{"the latest checkpoint stored for another size", func(t *testing.T, db *sql.DB, path string) {
			exec(t, db, `UPDATE checkpoints SET size = 15 WHERE size = 14`)
		}, -1, "the checkpoint stored for size 15 is of a tree of 14 entries"},
		{"the stated rules changed", func(t *testing.T, db *sql.DB, path string) {
			exec(t, db, `UPDATE meta SET value = replace(value, 'veto_window = "30d"', 'veto_window = "60d"') WHERE key = 'rules'`)
		}, 0, "the rules the database states are not the ones the record was established with"},
		{"the stated log key changed", func(t *testing.T, db *sql.DB, path string) {
			execArgs(t, db, `UPDATE meta SET value = ? WHERE key = 'log_key'`, record.DevKeyring{Seed: "other"}.LogKey().VerifierKey)
		}, -1, "the log key the database states"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, e, _ := founded(t)
			e.Close()
			tt.tamper(t, rawDB(t, path), path)
			_, err := verifyDB(t, path)
			if err == nil {
				t.Fatalf("verify passed; want it to fail (%s)", tt.why)
			}
			ve, ok := errors.AsType[*engine.VerifyError](err)
			switch {
			case tt.index < 0 && ok, tt.index >= 0 && (!ok || ve.Index != uint64(tt.index)), !strings.Contains(err.Error(), tt.why):
				t.Errorf("verify: %v; want entry %d (-1: none) and %q", err, tt.index, tt.why)
			}
		})
	}
}

// setHash changes stored tree hash i of a database.
func setHash(t *testing.T, db *sql.DB, i int64) {
	t.Helper()
	var start int64
	var run []byte
	if err := db.QueryRow(`SELECT start, hashes FROM hashes WHERE start <= ? ORDER BY start DESC LIMIT 1`, i).Scan(&start, &run); err != nil {
		t.Fatal(err)
	}
	run[(i-start)*tlog.HashSize] ^= 1
	execArgs(t, db, `UPDATE hashes SET hashes = ? WHERE start = ?`, run, start)
}

// TestVerifyFindsTamperedSnapshot: a snapshot that restores, with the tree and the acts of the
// record, but another state in it (a Chairman the record never had), is found.
func TestVerifyFindsTamperedSnapshot(t *testing.T) {
	defer engine.SetSnapshotMin(1)()
	path, e, _ := founded(t)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := db.Snapshot(ctx)
	if err != nil || snap == nil {
		t.Fatalf("no snapshot saved: %v", err)
	}
	data, err := io.ReadAll(io.NewSectionReader(snap.Data, 0, snap.Len))
	snap.Data.Close()
	if err != nil {
		t.Fatal(err)
	}
	if data, err = storetest.TamperedSnapshot(data, func(s *board.State) { s.Chairman = "Someone Else" }); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSnapshot(ctx, e.Len(), data); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = verifyDB(t, path)
	if ve, ok := errors.AsType[*engine.VerifyError](err); !ok || ve.Index != e.Len()-1 || !strings.Contains(err.Error(), "does not hold the state they make") {
		t.Errorf("verify: %v; want the snapshot's state found different", err)
	}
}

// execArgs is exec with bound arguments.
func execArgs(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	res, err := db.Exec(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatalf("%s changed nothing", q)
	}
}

// TestVerifyLogKeyOfAnyBase64: the log key a database states is decoded whatever its base64
// holds: a "+" too, which also separates the key's name, hash and key.
func TestVerifyLogKeyOfAnyBase64(t *testing.T) {
	seed := ""
	for i := 0; seed == ""; i++ {
		k := record.DevKeyring{Seed: fmt.Sprint("seed-", i)}.LogKey().VerifierKey
		if strings.Contains(strings.SplitN(k, "+", 3)[2], "+") {
			seed = fmt.Sprint("seed-", i)
		}
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pb.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:" + seed, Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	mustSubmit(t, e, day(19), board.Chairman, &board.Invite{State: "KAZ"})
	mustSubmit(t, e, day(20), board.Chairman, &board.Invite{State: "MAR"})
	if _, err := engine.Verify(ctx, engine.StoreSource{Store: db}, e.LogKey().Verifier, engine.VerifyOptions{}); err != nil {
		t.Errorf("verify with the log key %s: %v", e.LogKey().VerifierKey, err)
	}
}
