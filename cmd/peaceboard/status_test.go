package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestStatusHintOutsideTheRecord (issue 21): as of a date before the record's first act, status
// says where the acts lie and which date to ask, where it printed "Members: 0 … Record: 0
// entries" alone; as of a day after the latest, it says when that was; --json stays the
// contract, without hints; a server's record gives the same hint as its database.
func TestStatusHintOutsideTheRecord(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pb.db")
	if _, err := run(t, "replay", writeFile(t, "small.yaml", small), "--db", db); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		asOf, want string
	}{
		{"2025-06-01", "no act is recorded as of 2025-06-01: the record's first act is on 2026-01-19 and its latest on 2026-01-22; try --as-of 2026-01-22\n"},
		{"2026-01-19", ""},
		{"2026-01-22", ""},
		{"2027-01-01", "the record's latest act is on 2026-01-22\n"},
	} {
		out, err := run(t, "status", "--db", db, "--as-of", tt.asOf)
		if err != nil {
			t.Fatal(err)
		}
		_, after, _ := strings.Cut(out, " entries\n")
		if got := strings.TrimLeft(after, " "); got != tt.want {
			t.Errorf("status --as-of %s: after the Record line %q, want %q:\n%s", tt.asOf, got, tt.want, out)
		}
		if out, _ := run(t, "status", "--db", db, "--as-of", tt.asOf, "--json"); strings.Contains(out, "record's") {
			t.Errorf("status --json carries the hint:\n%s", out)
		}
	}

	addr, demo, stop := serveDemo(t)
	defer stop()
	local, err := run(t, "status", "--db", demo, "--as-of", "2025-01-01")
	if err != nil {
		t.Fatal(err)
	}
	remote, err := run(t, "status", "--server", "http://"+addr, "--as-of", "2025-01-01")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(local, "try --as-of 2026-") || remote != local {
		t.Errorf("status --server printed\n%s\nwant the hint, as --db prints it:\n%s", remote, local)
	}
}
