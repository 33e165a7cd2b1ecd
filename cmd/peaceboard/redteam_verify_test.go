package main

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/apiv1"
)

// TestRedTeamEditedEntry (issue 17, finding 7): editing the stored actor or kind of entry 100 (or
// its time, or the tree-hash table) of a record passed "verify --db", while /api/v1/entries/100
// then showed the edited values: an act signed by one actor shown as by another. Verify now fails,
// naming the entry, and the API shows what was signed.
func TestRedTeamEditedEntry(t *testing.T) {
	_, demo, stop := serveDemo(t)
	stop()
	signed := entryServed(t, demo, 100)
	other := "state:KAZ"
	if signed.Actor == other {
		other = "chairman"
	}
	for _, tt := range []struct {
		name, why string
		tamper    func(db *sql.DB) error
	}{
		{"actor", `stored actor "` + other + `" is not the one who signed it (` + signed.Actor + `)`, func(db *sql.DB) error {
			_, err := db.Exec(`UPDATE entries SET actor = ? WHERE idx = 100`, other)
			return err
		}},
		{"kind", `stored kind "withdraw" is not the act's (` + signed.Kind + `)`, func(db *sql.DB) error {
			_, err := db.Exec(`UPDATE entries SET kind = 'withdraw' WHERE idx = 100`)
			return err
		}},
		{"time", "stored time 2026-01-01T00:00:00Z is not its recorded instant " + signed.At, func(db *sql.DB) error {
			_, err := db.Exec(`UPDATE entries SET at = '2026-01-01T00:00:00Z' WHERE idx = 100`)
			return err
		}},
		{"tree hash", "the tree hash stored at index 197 (level 0, over entries from 100) is not the one the entries make", func(db *sql.DB) error {
			i := tlog.StoredHashIndex(0, 100)
			var start int64
			var run []byte
			if err := db.QueryRow(`SELECT start, hashes FROM hashes WHERE start <= ? ORDER BY start DESC LIMIT 1`, i).Scan(&start, &run); err != nil {
				return err
			}
			run[(i-start)*tlog.HashSize] ^= 1
			_, err := db.Exec(`UPDATE hashes SET hashes = ? WHERE start = ?`, run, start)
			return err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "copy.db")
			if _, err := run(t, "backup", "--db", demo, "--out", path); err != nil {
				t.Fatal(err)
			}
			db, err := sql.Open("sqlite", path)
			if err == nil {
				err = tt.tamper(db)
				db.Close()
			}
			if err != nil {
				t.Fatal(err)
			}
			out, err := run(t, "verify", "--db", path)
			if err == nil {
				t.Errorf("verify --db passed (%q); want it to fail: %s", out, tt.why)
			} else if msg := err.Error(); !strings.Contains(msg, "entry 100: ") || !strings.Contains(msg, tt.why) {
				t.Errorf("verify --db: %v; want entry 100: ...%s", err, tt.why)
			}
			if got := entryServed(t, path, 100); got.Actor != signed.Actor || got.Kind != signed.Kind || got.At != signed.At {
				t.Errorf("/api/v1/entries/100 shows %s by %s at %s; want what was signed: %s by %s at %s",
					got.Kind, got.Actor, got.At, signed.Kind, signed.Actor, signed.At)
			}
		})
	}
}

// entryServed serves the record in path and returns entry i as the API gives it.
func entryServed(t *testing.T, path string, i int) apiv1.Entry {
	t.Helper()
	server, stop := startServe(t, fixedNow, path)
	defer stop()
	resp, err := http.Get(server + "/api/v1/entries/" + strconv.Itoa(i))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var en apiv1.Entry
	if err := json.NewDecoder(resp.Body).Decode(&en); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/entries/%d: %s, %v", i, resp.Status, err)
	}
	return en
}
