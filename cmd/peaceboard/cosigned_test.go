package main

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/record"
)

// stubWitness is a tlog-witness for the command's tests: it keeps the size it cosigned last
// (409 with it when a request's old size is another) and cosigns. The witness client's tests
// (internal/cosigners) check proofs and signatures with a stricter one, and the interop module
// runs a real witness.
type stubWitness struct {
	c   *record.Cosigner
	srv *httptest.Server

	mu   sync.Mutex
	size uint64
}

func newStubWitness(t *testing.T, name string, seed byte) *stubWitness {
	t.Helper()
	c, err := record.NewCosigner(name, ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize)))
	if err != nil {
		t.Fatal(err)
	}
	w := &stubWitness{c: c}
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		a, err := record.ParseAddCheckpoint(body)
		if err != nil || r.URL.Path != "/add-checkpoint" {
			http.Error(rw, "bad request", http.StatusBadRequest)
			return
		}
		text, _, _ := strings.Cut(string(a.Checkpoint), "\n\n")
		cp, err := record.ParseCheckpoint(text + "\n")
		if err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		if a.OldSize != w.size {
			rw.Header().Set("Content-Type", "text/x.tlog.size")
			rw.WriteHeader(http.StatusConflict)
			fmt.Fprintf(rw, "%d\n", w.size)
			return
		}
		w.size = cp.Size
		signed, err := note.Sign(&note.Note{Text: text + "\n"}, w.c)
		if err != nil {
			http.Error(rw, err.Error(), http.StatusInternalServerError)
			return
		}
		_, sigs, _ := strings.Cut(string(signed), "\n\n")
		io.WriteString(rw, sigs)
	}))
	t.Cleanup(w.srv.Close)
	return w
}

func (w *stubWitness) policyLine() string {
	return fmt.Sprintf("witness %s %x %s", w.c.Name(), w.c.Public(), w.srv.URL)
}

// TestWitnessPolicy: serve --witness-policy publishes the checkpoint with both witnesses'
// cosignatures; verify --url, receipt check, and after the server stops verify --db and receipt
// --db, each with --witness-policy, accept it under that policy and refuse it under one whose
// quorum it does not meet, saying who cosigned and when.
func TestWitnessPolicy(t *testing.T) {
	a, b := newStubWitness(t, "a.example/w", 1), newStubWitness(t, "b.example/w", 2)
	other := newStubWitness(t, "c.example/w", 3)
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.txt")
	writeTo(t, policy, "# the demo's witnesses\n"+a.policyLine()+"\n"+b.policyLine()+"\ngroup both all a.example/w b.example/w\nquorum both\n")
	unmet := filepath.Join(dir, "unmet.txt")
	writeTo(t, unmet, a.policyLine()+"\n"+other.policyLine()+"\ngroup both all a.example/w c.example/w\nquorum both\n")

	addr, db, stop := serveDemo(t, "--witness-policy", policy)
	url := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	var cp string
	for {
		cp = get(t, url+"/log/checkpoint")
		if strings.Contains(cp, "— a.example/w ") && strings.Contains(cp, "— b.example/w ") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/log/checkpoint is not cosigned by both witnesses:\n%s", cp)
		}
		time.Sleep(20 * time.Millisecond)
	}

	out, err := run(t, "verify", "--url", url, "--witness-policy", policy)
	if err != nil || !strings.Contains(out, "is cosigned by a.example/w (") || !strings.Contains(out, ", b.example/w (") || !strings.Contains(out, "quorum is met") {
		t.Errorf("verify --url --witness-policy: %v\n%s", err, out)
	}
	out, err = run(t, "verify", "--url", url)
	if err != nil || !strings.Contains(out, "the checkpoint carries 2 witnesses' cosignatures: check them with --witness-policy FILE") {
		t.Errorf("verify --url without a policy: %v\n%s", err, out)
	}
	out, err = run(t, "verify", "--url", url, "--witness-policy", unmet)
	if err == nil || !strings.Contains(err.Error(), "no cosignature from witness c.example/w") || !strings.Contains(out, "cosigned by a.example/w (") {
		t.Errorf("verify --url under a policy the checkpoint does not meet: %v\n%s", err, out)
	}

	receipt := filepath.Join(dir, "receipt.json")
	writeTo(t, receipt, get(t, url+"/api/v1/entries/5/receipt"))
	key := strings.TrimSpace(get(t, url+"/log/key"))
	out, err = run(t, "receipt", "check", receipt, "--key", key, "--witness-policy", policy)
	if err != nil || !strings.Contains(out, "entry 5 (") || !strings.Contains(out, "quorum is met") {
		t.Errorf("receipt check --witness-policy: %v\n%s", err, out)
	}
	if _, err := run(t, "receipt", "check", receipt, "--key", key, "--witness-policy", unmet); err == nil {
		t.Error("receipt check accepted a receipt under a policy its checkpoint does not meet")
	}
	if _, err := run(t, "receipt", "check", receipt, "--key", key); err != nil {
		t.Errorf("receipt check without a policy: %v", err)
	}
	metrics := get(t, url+"/metrics")
	for _, want := range []string{`peaceboard_witness_cosigned_size{witness="a.example/w"} `, `peaceboard_witness_up{witness="b.example/w"} 1`,
		"peaceboard_witness_quorum 1", `peaceboard_witness_lag_entries{witness="a.example/w"} 0`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, metrics)
		}
	}
	stop()

	// The cosignatures are in the database.
	out, err = run(t, "verify", "--db", db, "--witness-policy", policy)
	if err != nil || !strings.Contains(out, "quorum is met") {
		t.Errorf("verify --db --witness-policy: %v\n%s", err, out)
	}
	if _, err := run(t, "verify", "--db", db, "--witness-policy", unmet); err == nil {
		t.Error("verify --db accepted a policy the stored cosignatures do not meet")
	}
	out, err = run(t, "receipt", "5", "--db", db, "--witness-policy", policy)
	if err != nil || !strings.Contains(out, "— a.example/w ") {
		t.Errorf("receipt --db --witness-policy carries no cosignature: %v\n%s", err, out)
	}
	writeTo(t, receipt, out)
	if out, err := run(t, "receipt", "check", receipt, "--key", key, "--witness-policy", policy); err != nil {
		t.Errorf("receipt check of receipt --db: %v\n%s", err, out)
	}
}

func writeTo(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return string(b)
}

// TestRecordWitnessPolicy (issue 19, item 4): a record that published its witness policy
// (set-witness-policy, by the secretariat) is served under it without --witness-policy: serve
// sends its checkpoints to the policy's witnesses, and verify --url applies the policy the
// verified record holds, and says so. Under a policy whose witnesses cosigned nothing, verify
// --url fails.
func TestRecordWitnessPolicy(t *testing.T) {
	a, b := newStubWitness(t, "a.example/w", 1), newStubWitness(t, "b.example/w", 2)
	demo, err := os.ReadFile(demoFile)
	if err != nil {
		t.Fatal(err)
	}
	policyAct := func(url string) string {
		return fmt.Sprintf(`
  - at: 2026-06-01T10:00:00Z
    by: secretariat
    act: set-witness-policy
    witnesses:
      - {name: %s, key: "%x", url: "%s"}
      - {name: %s, key: "%x", url: "%s"}
    quorum: 2
`, a.c.Name(), a.c.Public(), url+a.srv.URL, b.c.Name(), b.c.Public(), url+b.srv.URL)
	}
	later := func() time.Time { return time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC) }

	db := filepath.Join(t.TempDir(), "policy.db")
	if out, err := run(t, "replay", writeFile(t, "policy.yaml", string(demo)+policyAct("")), "--db", db); err != nil {
		t.Fatalf("replay: %v\n%s", err, out)
	}
	addr, log, stop := serveAt(t, later, "--db", db)
	url := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for cp := ""; !strings.Contains(cp, "— a.example/w ") || !strings.Contains(cp, "— b.example/w "); cp = get(t, url+"/log/checkpoint") {
		if time.Now().After(deadline) {
			t.Fatalf("/log/checkpoint is not cosigned by the record's witnesses:\n%s\n%s", cp, log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(log.String(), "applying the witness policy the record published") {
		t.Errorf("serve does not say it applies the record's witness policy:\n%s", log.String())
	}
	out, err := run(t, "verify", "--url", url)
	if err != nil || !strings.Contains(out, "applying the witness policy the record published on 2026-06-01T10:00:00Z (2 of 2 witnesses") || !strings.Contains(out, "quorum is met") {
		t.Errorf("verify --url of a record with a witness policy: %v\n%s", err, out)
	}
	stop()

	// The same record, but its witnesses have no URL: serve sends them nothing, says so, and
	// verify --url, applying the record's policy, finds no cosignature.
	db = filepath.Join(t.TempDir(), "nourl.db")
	noURL := strings.NewReplacer(`, url: "`+a.srv.URL+`"`, "", `, url: "`+b.srv.URL+`"`, "").Replace(policyAct(""))
	if out, err := run(t, "replay", writeFile(t, "nourl.yaml", string(demo)+noURL), "--db", db); err != nil {
		t.Fatalf("replay: %v\n%s", err, out)
	}
	addr, log, stop = serveAt(t, later, "--db", db)
	defer stop()
	if !strings.Contains(log.String(), "names a witness without a URL") {
		t.Errorf("serve does not say the record's witnesses have no URL:\n%s", log.String())
	}
	if out, err := run(t, "verify", "--url", "http://"+addr); err == nil || !strings.Contains(err.Error(), "witness policy") {
		t.Errorf("verify --url of a record whose witnesses cosigned nothing: %v\n%s", err, out)
	}
}
