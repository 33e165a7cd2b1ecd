package interop_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/record"
)

// witnessListening matches witness serve's log line that gives the address it listens on.
var witnessListening = regexp.MustCompile(`msg="witness listening" addr=(http://\S+)`)

// startWitness starts "peaceboard witness serve args" on a port of the system's choosing.
func startWitness(t *testing.T, bin string, args ...string) *server {
	t.Helper()
	return startProcess(t, "witness serve", witnessListening, time.Minute,
		exec.Command(bin, append(append([]string{"witness", "serve"}, args...), "--listen", "127.0.0.1:0")...))
}

// TestTorchwoodVerifiesOurCosignatures runs the real binary as a log ("serve --demo") and as an
// auditing witness of it ("witness serve"), asks the witness to cosign the log's checkpoint as
// the log would (C2SP tlog-witness), and has torchwood, which we did not write, verify the
// cosignature: its key hash, its signed message, its timestamp.
func TestTorchwoodVerifiesOurCosignatures(t *testing.T) {
	bin := buildPeaceboard(t)
	dir := t.TempDir()
	log := serveDemo(t, bin, filepath.Join(dir, "demo.db"))
	keyFile := filepath.Join(dir, "witness.key")
	out := peaceboard(t, bin, "witness", "new", "--name", "witness.example.org/interop", "--out", keyFile)
	m := regexp.MustCompile(`(?m)^verifier key: (\S+)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("witness new printed no verifier key:\n%s", out)
	}
	vkey := m[1]
	w := startWitness(t, bin, "--key", keyFile, "--db", filepath.Join(dir, "witness.db"),
		"--log", strings.TrimSpace(string(log.get(t, "/log/key"))), "--log-url", log.url)

	checkpoint := log.get(t, "/log/checkpoint")
	resp, err := http.Post(w.url+"/add-checkpoint", "text/plain", bytes.NewReader(record.AddCheckpoint{Checkpoint: checkpoint}.Marshal()))
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("add-checkpoint: %s %s", resp.Status, answer)
	}

	// torchwood makes verifiers of cosignatures from the private key only: the key file's.
	skey, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	// PRIVATE+KEY+name+hash+key: the key's base64 may hold "+" too.
	parts := strings.SplitN(strings.TrimSpace(string(skey)), "+", 5)
	seed, err := base64.StdEncoding.DecodeString(parts[len(parts)-1])
	if err != nil || len(seed) != 1+ed25519.SeedSize || seed[0] != 0x04 {
		t.Fatalf("key file %q: not PRIVATE+KEY+name+hash+base64(0x04||seed)", skey)
	}
	signer, err := torchwood.NewCosignatureSigner("witness.example.org/interop", ed25519.NewKeyFromSeed(seed[1:]))
	if err != nil {
		t.Fatal(err)
	}
	v := signer.Verifier()
	if v.String() != vkey {
		t.Errorf("torchwood's verifier key %s; witness new printed %s", v.String(), vkey)
	}
	n, err := note.Open(append(checkpoint, answer...), note.VerifierList(v))
	if err != nil {
		t.Fatalf("torchwood does not verify the cosignature: %v\n%s", err, answer)
	}
	if len(n.Sigs) != 1 {
		t.Fatalf("%d cosignatures verified, want 1", len(n.Sigs))
	}
	ts, err := torchwood.CosignatureTimestamp(n.Sigs[0])
	if err != nil || time.Since(time.Unix(ts, 0)).Abs() > time.Minute {
		t.Errorf("cosignature timestamp %d (%v); want now", ts, err)
	}
	// And the other way: torchwood's own cosignature verifies with our verifier.
	theirs, err := note.Sign(&note.Note{Text: n.Text}, signer)
	if err != nil {
		t.Fatal(err)
	}
	ours, err := record.ParseCosignerVerifierKey(vkey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := note.Open(theirs, note.VerifierList(ours)); err != nil {
		t.Errorf("torchwood's cosignature does not verify with record.CosignatureVerifier: %v", err)
	}
	w.stop(t)
	log.stop(t)
}
