package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestRedTeamSplitViewWitnessed (issue 19): the holder of the log key serves two histories of the
// same size, a forked database, to different readers. Two auditing witnesses ("peaceboard witness
// serve") cosign the first history; they refuse the second, whose server sends them its
// checkpoints too; "verify --url --witness-policy" accepts the first and fails on the second.
func TestRedTeamSplitViewWitnessed(t *testing.T) {
	demo, err := os.ReadFile(demoFile)
	if err != nil {
		t.Fatal(err)
	}
	// Two scenarios of one name (the development keyring, hence the log key, comes from it),
	// the same but for the last act's rate.
	fork := func(rate string) string {
		path := filepath.Join(t.TempDir(), "fork.yaml")
		writeTo(t, path, string(demo)+fmt.Sprintf(`
  - at: 2026-06-01T10:00:00Z
    by: secretariat
    act: set-rate
    date: 2026-06-01
    currency: EUR
    usd_rate: "%s"
    source: a rate
`, rate))
		db := filepath.Join(t.TempDir(), "fork.db")
		if out, err := run(t, "replay", path, "--db", db); err != nil {
			t.Fatalf("replay: %v\n%s", err, out)
		}
		return db
	}
	dbA, dbB := fork("1.1000"), fork("1.2000")

	// The witnesses read the log's tiles at one address, which serves history A.
	var target atomic.Pointer[url.URL]
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httputil.NewSingleHostReverseProxy(target.Load()).ServeHTTP(w, r)
	}))
	defer front.Close()
	later := func() time.Time { return time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC) }
	addrA, logA, stopA := serveAt(t, later, "--db", dbA)
	logKey := writeFile(t, "log.vkey", get(t, "http://"+addrA+"/log/key"))
	stopA()

	var policy strings.Builder
	var witnessLogs []*syncBuffer
	for i := range 2 {
		name := fmt.Sprintf("w%d.example/witness", i+1)
		key := filepath.Join(t.TempDir(), "witness.key")
		out, err := run(t, "witness", "new", "--name", name, "--out", key)
		if err != nil {
			t.Fatal(err)
		}
		addr, log, _ := witnessAt(t, "--key", key, "--db", filepath.Join(t.TempDir(), "w.db"), "--log", logKey, "--log-url", front.URL+"/")
		witnessLogs = append(witnessLogs, log)
		line := out[strings.Index(out, "witness "+name):]
		line = line[:strings.IndexByte(line, '\n')]
		fields := strings.Fields(line)
		fmt.Fprintf(&policy, "witness %s %s http://%s\n", fields[1], fields[2], addr)
	}
	policy.WriteString("group both all w1.example/witness w2.example/witness\nquorum both\n")
	policyFile := writeFile(t, "policy.txt", policy.String())

	addrA, logA, stopA = serveAt(t, later, "--db", dbA, "--witness-policy", policyFile)
	defer stopA()
	u, _ := url.Parse("http://" + addrA)
	target.Store(u)
	waitCosigned(t, "http://"+addrA, 2, logA)
	if out, err := run(t, "verify", "--url", "http://"+addrA, "--witness-policy", policyFile); err != nil || !strings.Contains(out, "quorum is met") {
		t.Fatalf("verify of the history the witnesses cosigned: %v\n%s", err, out)
	}

	// History B: same log key, same size, another root. Its server sends it to the witnesses.
	addrB, logB, stopB := serveAt(t, later, "--db", dbB, "--witness-policy", policyFile)
	defer stopB()
	cpA, cpB := get(t, "http://"+addrA+"/log/checkpoint"), get(t, "http://"+addrB+"/log/checkpoint")
	if strings.Split(cpA, "\n")[1] != strings.Split(cpB, "\n")[1] || strings.Split(cpA, "\n")[2] == strings.Split(cpB, "\n")[2] {
		t.Fatalf("not a split view of one size:\n%s\n%s", cpA, cpB)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(logB.String(), "the log forked") {
		if time.Now().After(deadline) {
			t.Fatalf("history B's server was never refused by a witness:\n%s", logB.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if cp := get(t, "http://"+addrB+"/log/checkpoint"); strings.Contains(cp, "— w1.example/witness ") || strings.Contains(cp, "— w2.example/witness ") {
		t.Errorf("a witness cosigned the second history:\n%s", cp)
	}
	out, err := run(t, "verify", "--url", "http://"+addrB, "--witness-policy", policyFile)
	if err == nil || !strings.Contains(err.Error(), "witness policy") {
		t.Errorf("verify --witness-policy accepted the fork: %v\n%s", err, out)
	}
	for i, log := range witnessLogs {
		if !strings.Contains(log.String(), "forked") {
			t.Errorf("witness %d does not log the fork:\n%s", i+1, log.String())
		}
	}
}

// waitCosigned waits until the server at url publishes a checkpoint with at least n cosignature
// lines beside its own signature.
func waitCosigned(t *testing.T, url string, n int, log *syncBuffer) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		cp := get(t, url+"/log/checkpoint")
		if strings.Count(cp, "\n— ") >= n+1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/log/checkpoint has fewer than %d cosignatures:\n%s\n%s", url, n, cp, log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
