package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/record"
)

// newWitnessKey runs "witness new" and returns the key file and the verifier key it printed.
func newWitnessKey(t *testing.T, args ...string) (path, vkey, out string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "witness.key")
	out, err := run(t, append([]string{"witness", "new", "--name", "witness.example/w1", "--out", path}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^verifier key: (\S+)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("witness new printed no verifier key:\n%s", out)
	}
	return path, m[1], out
}

func TestWitnessNew(t *testing.T) {
	path, vkey, out := newWitnessKey(t, "--url", "https://witness.example.org/")
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v; want mode 0600", st, err)
	}
	v, err := record.ParseCosignerVerifierKey(vkey)
	if err != nil {
		t.Fatal(err)
	}
	want := "policy line:  witness witness.example/w1 " + hex.EncodeToString(v.Public()) + " https://witness.example.org\n"
	if !strings.Contains(out, want) {
		t.Errorf("witness new printed:\n%s\nwant the line %q", out, want)
	}
	// The key file holds the private key of that verifier key.
	data, _ := os.ReadFile(path)
	c, err := record.ParseCosignerKey(string(data))
	if err != nil || c.VerifierKey() != vkey {
		t.Errorf("key file: %v; its verifier key %q, printed %q", err, c.VerifierKey(), vkey)
	}
	if _, err := run(t, "witness", "new", "--name", "witness.example/w2", "--out", path); err == nil || !strings.Contains(err.Error(), "never overwritten") {
		t.Errorf("witness new over an existing file: %v; want a refusal", err)
	}
	if _, _, out := newWitnessKey(t); !strings.Contains(out, witnessURLPlaceholder) {
		t.Errorf("witness new without --url: no placeholder in\n%s", out)
	}
}

// witnessAt runs "witness serve args --listen 127.0.0.1:0" in-process and returns its address,
// its log, and a stop function.
func witnessAt(t *testing.T, args ...string) (addr string, log *syncBuffer, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	stderr := new(syncBuffer)
	m := &Main{Stdout: io.Discard, Stderr: stderr, Now: time.Now, Getenv: func(string) string { return "" },
		ready: func(addr string) { ready <- addr }}
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, append(append([]string{"witness", "serve"}, args...), "--listen", "127.0.0.1:0"))
	}()
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("witness serve stopped: %v\n%s", err, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatal("witness serve did not become ready")
	}
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("witness serve after shutdown: %v", err)
		}
	}
	t.Cleanup(stop)
	return addr, stderr, stop
}

func mustGet(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %v", url, resp.Status, err)
	}
	return b
}

// TestWitnessServeAuditsDemo: "witness serve" reads a real server's record ("serve --demo"),
// replays it and cosigns its checkpoint; restarted on its database it remembers it.
func TestWitnessServeAuditsDemo(t *testing.T) {
	server, _, stopServer := serveDemo(t)
	defer stopServer()
	logKey := writeFile(t, "log.vkey", string(mustGet(t, "http://"+server+"/log/key")))
	checkpoint := mustGet(t, "http://"+server+"/log/checkpoint")
	key, vkey, _ := newWitnessKey(t)
	v, err := record.ParseCosignerVerifierKey(vkey)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "witness.db")
	args := []string{"--key", key, "--db", db, "--log", logKey, "--log-url", "http://" + server + "/"}
	addr, log, stop := witnessAt(t, args...)
	body := record.AddCheckpoint{Checkpoint: checkpoint}.Marshal()
	post := func(addr string) (int, string) {
		resp, err := http.Post("http://"+addr+"/add-checkpoint", "text/plain", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, answer := post(addr)
	if status != http.StatusOK {
		t.Fatalf("add-checkpoint: %d %s\n%s", status, answer, log.String())
	}
	if _, err := note.Open(append(checkpoint, answer...), note.VerifierList(v)); err != nil {
		t.Fatalf("the cosignature does not verify with the printed key: %v", err)
	}
	stop()
	if !strings.Contains(log.String(), "cosigned") {
		t.Errorf("no log line of the cosignature:\n%s", log.String())
	}
	addr, _, _ = witnessAt(t, args...)
	cp, err := record.ParseCheckpoint(string(checkpoint[:bytes.Index(checkpoint, []byte("\n\n"))+1]))
	if err != nil {
		t.Fatal(err)
	}
	if status, answer := post(addr); status != http.StatusConflict || answer != fmt.Sprintf("%d\n", cp.Size) {
		t.Errorf("restarted, old 0 again: %d %q; want 409 %d", status, answer, cp.Size)
	}
}

// TestWitnessServeErrors: a mistake in the command line is said in one line.
func TestWitnessServeErrors(t *testing.T) {
	key, _, _ := newWitnessKey(t)
	_, vkey, err := note.GenerateKey(nil, "example.org/log")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--key", key}, "at least one --log"},
		{[]string{"--key", key, "--log", vkey}, "1 --log and 0 --log-url"},
		{[]string{"--key", key, "--log", "nothing-here", "--log-url", "http://x"}, "neither a verifier key"},
		{[]string{"--key", key, "--log", vkey, "--log-url", "ftp://x"}, "want an http or https URL"},
	} {
		_, err := run(t, append([]string{"witness", "serve"}, tt.args...)...)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("witness serve %v: %v; want one line with %q", tt.args, err, tt.want)
		}
	}
}
