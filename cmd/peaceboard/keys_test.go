package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/internal/engine"
)

func TestProductionRecordWithKeyFiles(t *testing.T) {
	dir := t.TempDir()
	logKey, secKey, db := filepath.Join(dir, "log.key"), filepath.Join(dir, "secretariat.key"), filepath.Join(dir, "pb.db")
	out, err := run(t, "keys", "log-new", "--origin", "example.org/board-of-peace", "--out", logKey)
	if err != nil || !strings.Contains(out, "verifier key: example.org/board-of-peace+") {
		t.Fatalf("keys log-new = %q, %v", out, err)
	}
	if _, err := run(t, "keys", "new", "--out", secKey); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{logKey, secKey} {
		st, err := os.Stat(f)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v; want 0600", f, st.Mode().Perm(), err)
		}
	}
	if _, err := run(t, "keys", "new", "--out", secKey); err == nil || !strings.Contains(err.Error(), "never overwritten") {
		t.Errorf("keys new over an existing file: %v", err)
	}
	if out, err := run(t, "init", "--db", db, "--log-key", logKey, "--secretariat-key", secKey); err != nil || !strings.Contains(out, "established") {
		t.Fatalf("init = %q, %v", out, err)
	}
	out, err = run(t, "verify", "--db", db)
	if err != nil || !strings.HasPrefix(out, "verified 1 entry:") || strings.Contains(out, "development") {
		t.Errorf("verify = %q, %v; want 1 entry and no development keys", out, err)
	}
	out, err = run(t, "keys", "list", "--db", db, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var keys []struct {
		Actor       string `json:"actor"`
		Development bool   `json:"development"`
	}
	if err := json.Unmarshal([]byte(out), &keys); err != nil || len(keys) != 1 || keys[0].Actor != "secretariat" || keys[0].Development {
		t.Errorf("keys list = %s, %v; want the secretariat's production key", out, err)
	}
	// A key file others can read is refused.
	os.Chmod(secKey, 0o644)
	if _, err := run(t, "init", "--db", filepath.Join(dir, "other.db"), "--log-key", logKey, "--secretariat-key", secKey); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("init with a world-readable key: %v", err)
	}
	// Another log key cannot sign for this record.
	other := filepath.Join(dir, "other.key")
	if _, err := run(t, "keys", "log-new", "--origin", "example.org/other", "--out", other); err != nil {
		t.Fatal(err)
	}
	if _, _, err := openExistingWithKey(t, db, other); err == nil || !strings.Contains(err.Error(), "not the record's") {
		t.Errorf("opening with another log key: %v", err)
	}
}

func openExistingWithKey(t *testing.T, db, keyFile string) (any, func() error, error) {
	t.Helper()
	k, err := readLogKey(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	e, closeDB, err := openExisting(t.Context(), db, engine.WithLogKey(k))
	if err == nil {
		t.Cleanup(func() { closeDB() })
	}
	return e, closeDB, err
}
