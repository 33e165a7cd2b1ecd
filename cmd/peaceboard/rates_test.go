package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestRatesImportOnAProductionRecord (issue 21): on a production record, rates import signs
// with the secretariat's key file and writes with the log's (it failed "signs as the secretariat
// with the database's development keyring"); without them it says which flags it needs; its
// help says where the ECB's file comes from.
func TestRatesImportOnAProductionRecord(t *testing.T) {
	dir := t.TempDir()
	logKey, secKey, db := filepath.Join(dir, "log.key"), filepath.Join(dir, "secretariat.key"), filepath.Join(dir, "pb.db")
	for _, args := range [][]string{
		{"keys", "log-new", "--origin", "example.org/board-of-peace", "--out", logKey},
		{"keys", "new", "--out", secKey},
		{"init", "--db", db, "--log-key", logKey, "--secretariat-key", secKey},
	} {
		if _, err := run(t, args...); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	csv := writeFile(t, "eurofxref-hist.csv", ecbSample)
	_, err := run(t, "rates", "import", csv, "--db", db)
	if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), "is a production record: rates import --key FILE --log-key FILE") {
		t.Errorf("rates import on a production record without keys: %v; want the flags it needs", err)
	}
	if _, err := run(t, "rates", "import", csv, "--db", db, "--key", secKey); !errors.As(err, new(usageError)) {
		t.Errorf("rates import --key without --log-key: %v; want a usage error", err)
	}
	out, err := run(t, "rates", "import", csv, "--db", db, "--key", secKey, "--log-key", logKey)
	if err != nil || !strings.Contains(out, "imported 11 rates for 4 currencies") {
		t.Fatalf("rates import --key --log-key = %q, %v", out, err)
	}
	if out, err := run(t, "verify", "--db", db); err != nil || !strings.HasPrefix(out, "verified 12 entries") {
		t.Errorf("verify after the import = %q, %v; want the establishing act and 11 rates", out, err)
	}
	for _, args := range [][]string{{"rates", "import", "-h"}, {"rates", "-h"}} {
		help, _ := runHelp(t, args...)
		if !strings.Contains(help, "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip") {
			t.Errorf("%v does not say where the ECB's file comes from:\n%s", args, help)
		}
	}
}
