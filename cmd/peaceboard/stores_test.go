package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/internal/postgres/pgtest"
)

// demoFile is the built-in demo scenario, as a file for "replay".
const demoFile = "../../scenario/demo/board-of-peace-2026.yaml"

// readsOf returns what the read commands print about the record at db, as of a fixed date.
func readsOf(t *testing.T, db string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, cmd := range []string{"members", "decisions", "treasury", "status"} {
		o, err := run(t, cmd, "--db", db, "--as-of", "2026-03-01", "--json")
		if err != nil {
			t.Fatalf("%s --db %s: %v", cmd, db, err)
		}
		out[cmd] = o
	}
	return out
}

var verifiedRoot = regexp.MustCompile(`verified (\d+) entries.*root ([0-9a-f]{64})`)

// verifiedBy runs verify on db and returns the entries and the root it verified.
func verifiedBy(t *testing.T, db string) string {
	t.Helper()
	out, err := run(t, "verify", "--db", db)
	if err != nil {
		t.Fatalf("verify --db %s: %v", db, err)
	}
	m := verifiedRoot.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("verify printed %q", out)
	}
	return m[1] + " entries, root " + m[2]
}

// TestSameRecordOnBothStores replays the demo into SQLite and into PostgreSQL: the read
// commands print the same bytes, and the records have the same size and root.
func TestSameRecordOnBothStores(t *testing.T) {
	lite := filepath.Join(t.TempDir(), "demo.db")
	pg := pgtest.DSN(t)
	for _, db := range []string{lite, pg} {
		if _, err := run(t, "replay", demoFile, "--db", db); err != nil {
			t.Fatalf("replay into %s: %v", db, err)
		}
	}
	want, got := readsOf(t, lite), readsOf(t, pg)
	for cmd := range want {
		if got[cmd] != want[cmd] {
			t.Errorf("%s --json differs between SQLite and PostgreSQL", cmd)
		}
		if len(want[cmd]) < 100 {
			t.Errorf("%s --json printed only %q", cmd, want[cmd])
		}
	}
	if a, b := verifiedBy(t, lite), verifiedBy(t, pg); a != b {
		t.Errorf("verified %s on SQLite, %s on PostgreSQL", a, b)
	}
}

// TestBackupAndRestore backs up a record in both formats and from both stores, and restores
// each backup into a new database of either kind: the restored records verify and read alike.
func TestBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	lite := filepath.Join(dir, "pb.db")
	if _, err := run(t, "replay", demoFile, "--db", lite); err != nil {
		t.Fatal(err)
	}
	want, root := readsOf(t, lite), verifiedBy(t, lite)
	check := func(db string) {
		t.Helper()
		if got := verifiedBy(t, db); got != root {
			t.Errorf("%s: verified %s, want %s", db, got, root)
		}
		if got := readsOf(t, db); got["members"] != want["members"] || got["treasury"] != want["treasury"] {
			t.Errorf("%s: the restored record reads differently", db)
		}
	}

	copyDB := filepath.Join(dir, "copy.db")
	if out, err := run(t, "backup", "--db", lite, "--out", copyDB); err != nil || !strings.Contains(out, "SQLite") {
		t.Fatalf("backup: %q, %v", out, err)
	}
	check(copyDB) // an SQLite backup is a database
	if _, err := run(t, "backup", "--db", lite, "--out", copyDB); err == nil {
		t.Error("a backup overwrote a file")
	}
	export := filepath.Join(dir, "pb.jsonl")
	if out, err := run(t, "backup", "--db", lite, "--out", export, "--format", "jsonl"); err != nil || !strings.Contains(out, "jsonl") {
		t.Fatalf("backup --format jsonl: %q, %v", out, err)
	}
	for i, from := range []string{copyDB, export} {
		to := filepath.Join(dir, "restored"+string(rune('a'+i))+".db")
		if out, err := run(t, "restore", from, "--db", to); err != nil || !strings.Contains(out, "verified") {
			t.Fatalf("restore %s: %q, %v", from, out, err)
		}
		check(to)
		if _, err := run(t, "restore", from, "--db", to); err == nil {
			t.Errorf("restore into an existing database %s succeeded", to)
		}
	}

	// A cut export, or one whose entry was changed, is refused.
	data, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	cut := filepath.Join(dir, "cut.jsonl")
	os.WriteFile(cut, []byte(strings.Join(lines[:len(lines)/2], "")), 0o600)
	if _, err := run(t, "restore", cut, "--db", filepath.Join(dir, "cut.db")); err == nil || !strings.Contains(err.Error(), "cut") {
		t.Errorf("restore of a cut export: err = %v, want it refused as cut", err)
	}
	changed := filepath.Join(dir, "changed.jsonl")
	os.WriteFile(changed, []byte(strings.Replace(string(data), `"actor":"state:KAZ"`, `"actor":"state:QAT"`, 1)), 0o600)
	if string(data) == strings.Replace(string(data), `"actor":"state:KAZ"`, `"actor":"state:QAT"`, 1) {
		t.Fatal("the export has no act by state:KAZ to change")
	}
	if _, err := run(t, "restore", changed, "--db", filepath.Join(dir, "changed.db")); err == nil {
		t.Error("restore of a changed export succeeded")
	}

	// PostgreSQL: from an SQLite backup into PostgreSQL, back out as jsonl, and into SQLite.
	pg := pgtest.DSN(t)
	if _, err := run(t, "restore", copyDB, "--db", pg); err != nil {
		t.Fatalf("restore into PostgreSQL: %v", err)
	}
	check(pg)
	if _, err := run(t, "backup", "--db", pg, "--out", filepath.Join(dir, "x.db"), "--format", "sqlite"); err == nil {
		t.Error("an SQLite-format backup of PostgreSQL succeeded")
	}
	pgExport := filepath.Join(dir, "pg.jsonl")
	if _, err := run(t, "backup", "--db", pg, "--out", pgExport); err != nil {
		t.Fatalf("backup of PostgreSQL: %v", err)
	}
	if got, err := os.ReadFile(pgExport); err != nil || string(got) != string(data) {
		t.Errorf("the export of the restored PostgreSQL record differs from the SQLite record's (%v)", err)
	}
	back := filepath.Join(dir, "back.db")
	if _, err := run(t, "restore", pgExport, "--db", back); err != nil {
		t.Fatalf("restore of the PostgreSQL export: %v", err)
	}
	check(back)
	if _, err := run(t, "restore", pgExport, "--db", pg); err == nil || !strings.Contains(err.Error(), "already holds a record") {
		t.Errorf("restore into a PostgreSQL database with a record: err = %v", err)
	}
}

func TestMigrateCommand(t *testing.T) {
	lite := filepath.Join(t.TempDir(), "pb.db")
	if _, err := run(t, "migrate", "status", "--db", lite); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("migrate status of no file: err = %v, want no database", err)
	}
	if _, err := os.Stat(lite); err == nil {
		t.Error("migrate status created the file")
	}
	if _, err := run(t, "replay", writeFile(t, "small.yaml", small), "--db", lite); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "migrate", "status", "--db", lite); err != nil || !strings.Contains(out, "applied  0002_tree.sql") || !strings.Contains(out, "up to date") {
		t.Errorf("migrate status of a replayed file = %q, %v", out, err)
	}
	if _, err := run(t, "migrate", "sideways", "--db", lite); err == nil {
		t.Error("migrate sideways succeeded")
	}

	pg := pgtest.DSN(t)
	if out, err := run(t, "migrate", "status", "--db", pg); err != nil || !strings.Contains(out, "pending  0001_record.sql") || !strings.Contains(out, "8 migrations pending") {
		t.Errorf("migrate status of a new PostgreSQL database = %q, %v", out, err)
	}
	if out, err := run(t, "migrate", "up", "--db", pg); err != nil || !strings.Contains(out, "applied  0003_snapshots.sql") {
		t.Errorf("migrate up = %q, %v", out, err)
	}
	if out, err := run(t, "migrate", "status", "--db", pg); err != nil || strings.Contains(out, "pending") {
		t.Errorf("migrate status after up = %q, %v", out, err)
	}
	// The read commands work on PostgreSQL once it holds a record, and name it without its
	// password when it does not.
	if _, err := run(t, "members", "--db", pg); err == nil || !strings.Contains(err.Error(), "has no record yet") {
		t.Errorf("members on an empty PostgreSQL database: err = %v", err)
	}
	if _, err := run(t, "replay", writeFile(t, "small.yaml", small), "--db", pg); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "members", "--db", pg, "--as-of", "2026-01-22"); err != nil || !strings.Contains(out, "KAZ") {
		t.Errorf("members on PostgreSQL = %q, %v", out, err)
	}
	if _, err := run(t, "init", "--db", pg); err == nil || !strings.Contains(err.Error(), "already holds a record") {
		t.Errorf("init of a PostgreSQL database with a record: err = %v", err)
	}
}
