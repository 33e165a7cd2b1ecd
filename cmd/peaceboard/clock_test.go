package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/postgres/pgtest"
	"github.com/peaceboard/peaceboard/record"
)

// startServe runs "serve --db db" with args in this process, its clock now, and returns its
// URL and a function that stops it (and checks that it stopped cleanly), which the test's end
// calls if the test does not.
func startServe(t *testing.T, now func() time.Time, db string, args ...string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	var stderr bytes.Buffer
	m := &Main{Stdout: io.Discard, Stderr: &stderr, Now: now, Getenv: func(string) string { return "" },
		ready: func(addr string) { ready <- addr }}
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, args...))
	}()
	select {
	case addr := <-ready:
		stop := sync.OnceFunc(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve after shutdown: %v", err)
			}
		})
		t.Cleanup(stop)
		return "http://" + addr, stop
	case err := <-done:
		cancel()
		t.Fatalf("serve: %v\n%s", err, stderr.String())
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("serve did not become ready")
	}
	return "", nil
}

// productionRecord makes a record with key files in dir, as an operator does (keys log-new,
// keys new, init): it returns the database, the log's key file and verifier key, and the
// secretariat's key file.
func productionRecord(t *testing.T, dir string) (db, logKey, vkey, secKey string) {
	t.Helper()
	db, logKey, secKey = filepath.Join(dir, "pb.db"), filepath.Join(dir, "log.key"), filepath.Join(dir, "secretariat.key")
	out, err := run(t, "keys", "log-new", "--origin", "example.org/board-of-peace", "--out", logKey)
	if err != nil {
		t.Fatal(err)
	}
	vkey = regexp.MustCompile(`verifier key: (\S+)`).FindStringSubmatch(out)[1]
	newKeyFile(t, secKey)
	if _, err := run(t, "init", "--db", db, "--log-key", logKey, "--secretariat-key", secKey); err != nil {
		t.Fatal(err)
	}
	return db, logKey, vkey, secKey
}

// newKeyFile writes a new actor key to file ("keys new") and returns its public key.
func newKeyFile(t *testing.T, file string) string {
	t.Helper()
	out, err := run(t, "keys", "new", "--out", file)
	if err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(`public key: (\S+)`).FindStringSubmatch(out)[1]
}

// TestRedTeamFutureDatedAct (issue 17, finding 1): a contributor's act dated 9999-12-31 was
// accepted, and from then on every act was refused as "earlier than the last act in the record":
// one key holder froze the record for good. The server now records acts at its clock and
// refuses one whose time is further than its clock skew from it: the act is refused (422,
// naming the skew and both instants), and the record takes the next acts.
func TestRedTeamFutureDatedAct(t *testing.T) {
	dir := t.TempDir()
	db, logKey, _, secKey := productionRecord(t, dir)
	fifaKey := filepath.Join(dir, "fifa.key")
	fifaPub := newKeyFile(t, fifaKey)
	server, _ := startServe(t, fixedNow, db, "--log-key", logKey)
	act := func(args ...string) (string, error) {
		return run(t, append([]string{"act", "--server", server}, args...)...)
	}
	if _, err := act("--key", secKey, "--as", "secretariat", "register-key", "actor=org:fifa", "key="+fifaPub); err != nil {
		t.Fatalf("register-key: %v", err)
	}

	_, err := act("--key", fifaKey, "--as", "org:fifa", "--at", "9999-12-31T23:59:59Z", "pledge", "amount=USD 1.00")
	if err == nil {
		t.Error("a pledge dated 9999-12-31T23:59:59Z was accepted")
	} else {
		for _, want := range []string{"HTTP 422", "5m0s", "9999-12-31T23:59:59Z", fixedNow().Format(time.RFC3339)} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("the refusal %q does not say %q", err, want)
			}
		}
	}
	for _, args := range [][]string{
		{"--key", fifaKey, "--as", "org:fifa", "pledge", "amount=USD 2.00"},
		{"--key", secKey, "--as", "secretariat", "receive", "contributor=org:fifa", "amount=USD 2.00", "value_date=2026-03-01", "form=cash"},
	} {
		if _, err := act(args...); err != nil {
			t.Errorf("%s after the future-dated act: %v; want accepted", args[4], err)
		}
	}
	if out, err := run(t, "verify", "--db", db); err != nil || !strings.HasPrefix(out, "verified 4 entries") {
		t.Errorf("verify = %q, %v; want 4 entries", out, err)
	}
}

// TestRecordBeforeTheClock: a record written before the record's clock (testdata/
// before-clock.db, by commit d6d2781: leaves without a recorded instant) opens, serves its
// entries and its log as they were (the same root), takes acts live, and verifies, from the
// database and from the server's tiles; a backup of it in either format restores with every
// entry's recorded instant, and whether it was recorded live.
func TestRecordBeforeTheClock(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pb.db")
	data, err := os.ReadFile("testdata/before-clock.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// The root that verify printed at commit d6d2781 for this record.
	const oldRoot = "13 entries, root ed6cb2822b6d2c15fb033fd2e2b5028fffae6a39c6901d651ab12a5fae817cbe"
	if got := verifiedBy(t, db); got != oldRoot {
		t.Errorf("verified %s, want %s", got, oldRoot)
	}

	now := time.Date(2026, 12, 7, 17, 33, 33, 250, time.UTC)
	server, _ := startServe(t, func() time.Time { return now }, db)
	c := client.New(server)
	ctx := context.Background()
	for i := range uint64(13) {
		en, err := c.Entry(ctx, i)
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		act, err := board.ParseCanonical(en.Act)
		if err != nil || en.At != act.At.Format(time.RFC3339Nano) {
			t.Errorf("entry %d is served at %s, want its act's time %s (%v)", i, en.At, act.At.Format(time.RFC3339Nano), err)
		}
		rc, err := c.Receipt(ctx, i)
		if err != nil {
			t.Fatalf("receipt %d: %v", i, err)
		}
		if leaf, err := record.ParseLeaf(rc.Leaf); err != nil || leaf.Live() {
			t.Errorf("entry %d's leaf: %v, live %t; want a leaf without a recorded instant", i, err, leaf.Live())
		}
	}

	// A live act: the Chairman's development key, as the record's keyring derives it.
	ring := record.DevKeyring{Seed: "old-record.yaml"}
	sa, err := client.Sign(board.Act{At: now.Add(-time.Minute), By: board.Chairman,
		Body: &board.Directive{ID: "after-the-clock", Title: "After the clock", Text: "Recorded live."}}, ring.Key("chairman"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Submit(ctx, sa, "")
	if err != nil {
		t.Fatalf("a live act on the old record: %v", err)
	}
	if leaf, err := record.ParseLeaf(r.Leaf); err != nil || !leaf.Recorded.Equal(now) {
		t.Errorf("its leaf records %s (%v), want %s", leaf.Recorded, err, now)
	}
	receipt := filepath.Join(dir, "receipt.json")
	if b, err := json.Marshal(r); err != nil || os.WriteFile(receipt, b, 0o600) != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "receipt", "check", receipt, "--key", ring.LogKey().VerifierKey); err != nil || !strings.Contains(out, "recorded at "+now.Format(time.RFC3339Nano)) {
		t.Errorf("receipt check = %q, %v; want the recorded instant", out, err)
	}
	if en, err := c.Entry(ctx, r.Index); err != nil || en.At != now.Format(time.RFC3339Nano) {
		t.Errorf("the live entry is served at %s (%v), want its recorded instant %s", en.At, err, now.Format(time.RFC3339Nano))
	}
	for _, args := range [][]string{{"verify", "--db", db}, {"verify", "--url", server}} {
		if out, err := run(t, args...); err != nil || !strings.HasPrefix(out, "verified 14 entries") {
			t.Errorf("%v = %q, %v; want 14 entries", args, out, err)
		}
	}

	// Backups in both formats restore the recorded instants and their kind.
	want := storedTimes(t, db)
	copyDB, export := filepath.Join(dir, "copy.db"), filepath.Join(dir, "pb.jsonl")
	if _, err := run(t, "backup", "--db", db, "--out", copyDB); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "backup", "--db", db, "--out", export, "--format", "jsonl"); err != nil {
		t.Fatal(err)
	}
	for i, from := range []string{copyDB, export, export} {
		to := filepath.Join(dir, "restored"+string(rune('a'+i))+".db")
		if i == 2 {
			to = pgtest.DSN(t) // skipped without PostgreSQL
		}
		if out, err := run(t, "restore", from, "--db", to); err != nil || !strings.Contains(out, "verified") {
			t.Fatalf("restore %s: %q, %v", from, out, err)
		}
		if got := storedTimes(t, to); got != want {
			t.Errorf("restored from %s:\n%s\nwant\n%s", from, got, want)
		}
	}

	// A format 1 export (before the record's clock) restores as it is.
	old, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(old), "\n")
	v1 := strings.Replace(lines[0], `"peaceboard_record":2`, `"peaceboard_record":1`, 1)
	v1 += strings.Join(lines[1:27], "") // the 13 entries written before the clock, each with its checkpoint
	if strings.Count(v1, `"entry"`) != 13 || strings.Count(v1, `"checkpoint"`) != 13 || strings.Contains(v1, `"live"`) {
		t.Fatalf("the export's first lines are not the 13 entries before the clock:\n%s", v1)
	}
	file := filepath.Join(dir, "v1.jsonl")
	if err := os.WriteFile(file, []byte(v1+`{"end":{"entries":13,"checkpoints":13}}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "restore", file, "--db", filepath.Join(dir, "v1.db")); err != nil || !strings.Contains(out, "verified") {
		t.Errorf("restore of a format 1 export: %q, %v", out, err)
	}
}

// storedTimes lists the recorded instant of each entry of the record at path (an SQLite file or
// a PostgreSQL URL), and whether it was recorded live.
func storedTimes(t *testing.T, path string) string {
	t.Helper()
	db, err := openStore(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	err = db.Entries(context.Background(), 0, func(en record.Entry) error {
		b.WriteString(en.At.Format(time.RFC3339Nano))
		if en.Live {
			b.WriteString(" live")
		}
		b.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
