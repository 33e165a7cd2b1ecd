package witness_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/internal/witness"
	"github.com/peaceboard/peaceboard/record"
)

// openWitness opens a witness without serving it, and returns the error.
func openWitness(t *testing.T, db string, audit bool, l witness.Log) error {
	t.Helper()
	c, err := record.ParseCosignerKey(witnessKey)
	if err != nil {
		t.Fatal(err)
	}
	w, err := witness.Open(context.Background(), witness.Config{Cosigner: c, Logs: []witness.Log{l}, Audit: audit, DB: db})
	if err == nil {
		w.Close()
	}
	return err
}

// TestOpenRefusesWhatItCannotVouchFor: an auditing witness does not start on a database that
// cosigned without auditing (its latest checkpoint covers entries it never replayed), nor on a
// database of a newer schema.
func TestOpenRefusesWhatItCannotVouchFor(t *testing.T) {
	e := newRecord(t, "KAZ")
	log := fakeOf(t, e)
	l := witness.Log{Verifier: log.key.Verifier, URL: log.URL}
	db := filepath.Join(t.TempDir(), "witness.db")
	w := startWitness(t, db, false, l)
	w.mustCosign(t, log.request(t, 0, uint64(len(log.leaves))))
	w.close()
	if err := openWitness(t, db, true, l); err == nil || !strings.Contains(err.Error(), "written without --audit") {
		t.Errorf("auditing on a database that did not audit: %v; want a refusal", err)
	}
	if err := openWitness(t, db, false, l); err != nil {
		t.Errorf("not auditing, on the same database: %v", err)
	}

	sqldb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = sqldb.Exec(`PRAGMA user_version = 99`)
	sqldb.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := openWitness(t, db, false, l); err == nil || !strings.Contains(err.Error(), "migration 99") {
		t.Errorf("a newer schema: %v; want a refusal", err)
	}
}
