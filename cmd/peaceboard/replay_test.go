package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReplayAllOrNothing (issue 21): a replay into a new database that an act refuses leaves no
// database, nor any temporary file, so that the corrected scenario replays on the same path (it
// failed "this act is already in the record, as entry 2"); a database that holds a record takes
// more acts only with --append.
func TestReplayAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pb.db")
	bad := writeFile(t, "bad.yaml", strings.Replace(small, "    expect: refused R2\n", "", 1))
	if _, err := run(t, "replay", bad, "--db", db); err == nil || !strings.Contains(err.Error(), "R2") {
		t.Fatalf("replay of a refused act: %v, want the refusal (R2)", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Fatalf("a refused replay left %s in the database's folder", entries[0].Name())
	}

	good := writeFile(t, "good.yaml", small)
	out, err := run(t, "replay", good, "--db", db)
	if err != nil || !strings.Contains(out, "replayed "+good+" into "+db+": 8 acts accepted") {
		t.Fatalf("replay of the corrected scenario on the same path: %q, %v", out, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "pb.db" {
		t.Errorf("after the replay the folder holds %v, want pb.db alone", entries)
	}
	if out, err := run(t, "verify", "--db", db); err != nil {
		t.Errorf("verify after the replay: %v\n%s", err, out)
	}

	_, err = run(t, "replay", good, "--db", db)
	if !errors.As(err, new(usageError)) || !strings.HasPrefix(err.Error(), db+" already holds a record (") ||
		!strings.Contains(err.Error(), " entries): replay --append adds the scenario's acts to it, or give --db a new path") {
		t.Errorf("replay into an existing database without --append: %v, want a usage error naming --append", err)
	}
	more := writeFile(t, "more.yaml", "rules: board-of-peace\nacts:\n  - {at: 2026-02-01, by: chairman, act: invite, state: CHL}\n")
	if out, err := run(t, "replay", more, "--db", db, "--append"); err != nil || !strings.Contains(out, "1 acts accepted") {
		t.Errorf("replay --append: %q, %v", out, err)
	}
	if out, _ := run(t, "members", "CHL", "--db", db); !strings.Contains(out, "Chile (CHL)  invited") {
		t.Errorf("members CHL after replay --append:\n%s", out)
	}
}
