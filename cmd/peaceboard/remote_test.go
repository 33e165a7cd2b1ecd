package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/record"
)

// TestReadCommandsOverServer runs members, status, decisions and treasury against a real server
// (serve --demo) with --server, and against its database with --db: the output is the same,
// as JSON and as tables, with and without --as-of.
func TestReadCommandsOverServer(t *testing.T) {
	addr, db, stop := serveDemo(t)
	defer stop()
	server := "http://" + addr
	for _, cmd := range []string{"members", "status", "decisions", "treasury"} {
		for _, extra := range [][]string{{"--json", "--as-of", "2026-02-22"}, {"--as-of", "2026-01-21"}, {"--json"}, {}} {
			args := append([]string{cmd}, extra...)
			local, err := run(t, append(args, "--db", db)...)
			if err != nil {
				t.Fatalf("%v --db: %v", args, err)
			}
			remote, err := run(t, append(args, "--server", server)...)
			if err != nil {
				t.Fatalf("%v --server: %v", args, err)
			}
			if remote != local {
				t.Errorf("%v: --server printed\n%s\nwant what --db prints:\n%s", args, remote, local)
			}
			if len(local) < 40 {
				t.Errorf("%v printed only %q", args, local)
			}
		}
	}
	if _, err := run(t, "members", "--server", server, "--db", db); err == nil {
		t.Error("members with both --server and --db: no error")
	}
	if _, err := run(t, "members", "--server", server, "--as-of", "someday"); err == nil {
		t.Error("members --server with a bad --as-of: no error")
	}
}

// TestActOverServer makes a production record with key files, serves it, and submits signed
// acts with "peaceboard act": the secretariat registers the Chairman's key, the Chairman
// invites a State; the receipts check offline against the log's key; refusals are one line
// naming the rule.
func TestActOverServer(t *testing.T) {
	dir := t.TempDir()
	db, logKey, vkey, secKey := productionRecord(t, dir)
	chairKey := filepath.Join(dir, "chairman.key")
	chairPub := newKeyFile(t, chairKey)
	server, stop := startServe(t, fixedNow, db, "--log-key", logKey)
	defer stop() // before the event stream below is closed

	// The secretariat registers the Chairman's key.
	out, err := run(t, "act", "--server", server, "--key", secKey, "--as", "secretariat", "register-key", "actor=chairman", "key="+chairPub)
	if err != nil {
		t.Fatalf("act register-key: %v", err)
	}
	checkReceiptOutput(t, dir, out, vkey, "register-key")

	// The Chairman's key file has its actor beside it.
	if err := os.WriteFile(chairKey+".actor", []byte("chairman\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, "act", "--server", server, "--key", chairKey, "invite", "state=KAZ", "head=Kassym-Jomart Tokayev", "founding=true")
	if err != nil {
		t.Fatalf("act invite: %v", err)
	}
	checkReceiptOutput(t, dir, out, vkey, "invite")
	// The server's clock stands still (fixedNow): it records each act a nanosecond after the one
	// before, after "now". Ask as of the end of the day.
	out, err = run(t, "members", "--server", server, "--json", "--as-of", fixedNow().Format(time.DateOnly))
	if err != nil || !strings.Contains(out, `"state": "KAZ"`) || !strings.Contains(out, `"founding": false`) || !strings.Contains(out, `"head": "Kassym-Jomart Tokayev"`) {
		t.Errorf("members after the invitation = %s, %v", out, err)
	}

	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"not the actor's key", []string{"--key", chairKey, "--as", "state:KAZ", "consent", "instrument=signature"}, "HTTP 401"},
		{"not the actor's power", []string{"--key", secKey, "--as", "secretariat", "invite", "state=ARM"}, "R2: "},
		{"refused by a rule", []string{"--key", chairKey, "dissolve"}, "R20: "},
		{"unknown field", []string{"--key", chairKey, "invite", "country=ARM"}, `unknown field "country"`},
		{"unknown act", []string{"--key", chairKey, "coup"}, `unknown act "coup"`},
		{"bad value", []string{"--key", chairKey, "invite", "state=ARM", "founding=maybe"}, "founding"},
	} {
		_, err := run(t, append([]string{"act", "--server", server}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v; want one line with %q", c.name, err, c.want)
		}
	}
	out, err = run(t, "verify", "--db", db)
	if err != nil || !strings.HasPrefix(out, "verified 3 entries") {
		t.Errorf("verify = %q, %v; want 3 entries", out, err)
	}

	// A client follows the event stream: it gets the three entries, and its open stream does
	// not hold the server's shutdown back (the deferred check wants serve to stop cleanly).
	streamCtx, stopStream := context.WithCancel(context.Background())
	t.Cleanup(stopStream) // after serve has stopped, with the stream open
	kinds := make(chan string, 3)
	go client.New(server).Events(streamCtx, 0, func(e apiv1.Entry) error {
		kinds <- e.Kind
		return nil
	})
	for _, want := range []string{"establish", "register-key", "invite"} {
		select {
		case got := <-kinds:
			if got != want {
				t.Errorf("event stream: %s, want %s", got, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("event stream: no %s", want)
		}
	}
}

// checkReceiptOutput checks that out is a receipt of an act of kind, and that "receipt check"
// accepts it with the log's key.
func checkReceiptOutput(t *testing.T, dir, out, vkey, kind string) {
	t.Helper()
	var r record.Receipt
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("act printed %q, not a receipt: %v", out, err)
	}
	file := filepath.Join(dir, kind+".receipt.json")
	if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	checked, err := run(t, "receipt", "check", file, "--key", vkey)
	if err != nil || !strings.Contains(checked, kind) {
		t.Errorf("receipt check = %q, %v; want the %s act proven", checked, err, kind)
	}
}
