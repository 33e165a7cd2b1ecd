package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// serveDemo runs "serve --demo" in-process, with flags added, and returns its address and a
// stop function.
func serveDemo(t *testing.T, flags ...string) (addr, db string, stop func()) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "demo.db")
	addr, _, stop = serveAt(t, fixedNow, append([]string{"--demo", "--db", db}, flags...)...)
	return addr, db, stop
}

// serveAt runs "serve args --addr 127.0.0.1:0" in-process on the clock now, and returns its
// address, its log (safe to read while it serves) and a stop function.
func serveAt(t *testing.T, now func() time.Time, args ...string) (addr string, log *syncBuffer, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	stderr := new(syncBuffer)
	m := &Main{Stdout: io.Discard, Stderr: stderr, Now: now, Getenv: func(string) string { return "" },
		ready: func(addr string) { ready <- addr }}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, append(append([]string{"serve"}, args...), "--addr", "127.0.0.1:0")) }()
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not become ready")
	}
	return addr, stderr, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve after shutdown: %v", err)
		}
		if !strings.Contains(stderr.String(), "listening") {
			t.Errorf("serve did not log its address: %s", stderr.String())
		}
	}
}

// syncBuffer is a bytes.Buffer that a server may write while a test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestVerifyDatabaseAndURL(t *testing.T) {
	addr, db, stop := serveDemo(t)
	defer stop()
	for _, args := range [][]string{{"verify", "--db", db}, {"verify", "--url", "http://" + addr}} {
		out, err := run(t, args...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if !strings.HasPrefix(out, "verified ") || !strings.Contains(out, "development keys") {
			t.Errorf("%v: %q, want a verified line and the development-keys warning", args, out)
		}
	}
	// A receipt checks offline with the log's key.
	receipt, err := run(t, "receipt", "10", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, "receipt.json", receipt)
	resp, err := httpGet("http://" + addr + "/log/key")
	if err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "receipt", "check", file, "--key", strings.TrimSpace(resp))
	if err != nil || !strings.HasPrefix(out, "entry 10 ") {
		t.Errorf("receipt check = %q, %v", out, err)
	}
	// A receipt altered by one byte fails.
	bad := strings.Replace(receipt, `"index": 10`, `"index": 11`, 1)
	if _, err := run(t, "receipt", "check", writeFile(t, "bad.json", bad), "--key", strings.TrimSpace(resp)); err == nil {
		t.Error("an altered receipt checked")
	}
}

func TestVerifyFromOlderCheckpoint(t *testing.T) {
	addr, db, stop := serveDemo(t)
	defer stop()
	cp, err := httpGet("http://" + addr + "/log/checkpoint")
	if err != nil {
		t.Fatal(err)
	}
	older := writeFile(t, "older.cp", cp)
	if out, err := run(t, "verify", "--url", "http://"+addr, "--from-checkpoint", older); err != nil {
		t.Errorf("verify --from-checkpoint: %q, %v", out, err)
	}
	// A checkpoint from another log (another database) is refused.
	other := filepath.Join(t.TempDir(), "other.db")
	if _, err := run(t, "replay", writeFile(t, "s.yaml", small), "--db", other); err != nil {
		t.Fatal(err)
	}
	otherCP := writeFile(t, "other.cp", "")
	if err := os.WriteFile(otherCP, []byte("not a checkpoint"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "verify", "--db", db, "--from-checkpoint", otherCP); err == nil {
		t.Error("verify accepted a bogus older checkpoint")
	}
}

func httpGet(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func TestReplayWritesReceipts(t *testing.T) {
	dir := t.TempDir()
	db, receipts := filepath.Join(dir, "pb.db"), filepath.Join(dir, "receipts.jsonl")
	if _, err := run(t, "replay", writeFile(t, "s.yaml", small), "--db", db, "--receipts", receipts); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(receipts)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 8 {
		t.Fatalf("%d receipts, want one per accepted act (8)", len(lines))
	}
	e, closeDB, err := openExisting(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	key := e.Meta().LogKey
	closeDB()
	for i, line := range lines {
		out, err := run(t, "receipt", "check", writeFile(t, "r.json", line), "--key", key)
		if err != nil || !strings.HasPrefix(out, "entry ") {
			t.Errorf("receipt %d: %q, %v", i, out, err)
		}
	}
}

// TestVerifyWithAnotherLogKey (issue 21): pinning a key that did not sign the checkpoint says
// which key was given and which signed, where it said "checkpoint: note has no verifiable
// signatures"; the same for a receipt.
func TestVerifyWithAnotherLogKey(t *testing.T) {
	dir := t.TempDir()
	db, receipts := filepath.Join(dir, "pb.db"), filepath.Join(dir, "receipts.jsonl")
	if _, err := run(t, "replay", writeFile(t, "s.yaml", small), "--db", db, "--receipts", receipts); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "keys", "log-new", "--origin", "example.org/other", "--out", filepath.Join(dir, "other.key"))
	_, other, ok := strings.Cut(strings.TrimSpace(out), "verifier key: ")
	if err != nil || !ok {
		t.Fatalf("keys log-new = %q, %v", out, err)
	}
	name, hash, _ := strings.Cut(other, "+")
	hash, _, _ = strings.Cut(hash, "+")
	want := "the checkpoint is not signed by the key given with --key, " + name + " (key hash " + hash + "); it is signed by dev.peaceboard.invalid/"
	_, err = run(t, "verify", "--db", db, "--key", other)
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "pin the log's own verifier key") {
		t.Errorf("verify with another log key: %v\nwant %q...", err, want)
	}
	data, err := os.ReadFile(receipts)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	receipt := writeFile(t, "r.json", first)
	if _, err := run(t, "receipt", "check", receipt, "--key", other); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("receipt check with another log key: %v\nwant %q...", err, want)
	}
}
