package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKeyOnboarding follows an actor's key through its life on a production record, with the
// CLI only, as README and docs/keys.md tell it: the delegation makes its key where it works
// ("keys new"), the secretariat registers the public key ("register-key"), the delegation acts
// with it, then rotates it itself ("register-key ... replaces="), after which the old key is
// refused and the new one acts. Nothing but public keys crosses between them.
func TestKeyOnboarding(t *testing.T) {
	now := time.Now
	dir := t.TempDir()
	file := func(name string) string { return filepath.Join(dir, name) }
	db := file("board.db")
	if _, err := runAt(t, now, "keys", "log-new", "--origin", "example.org/board-of-peace", "--out", file("log.key")); err != nil {
		t.Fatal(err)
	}
	if _, err := runAt(t, now, "keys", "new", "--out", file("secretariat.key")); err != nil {
		t.Fatal(err)
	}
	if _, err := runAt(t, now, "init", "--db", db, "--log-key", file("log.key"), "--secretariat-key", file("secretariat.key")); err != nil {
		t.Fatal(err)
	}
	addr, _, stop := serveAt(t, now, "--db", db, "--log-key", file("log.key"))
	defer func() {
		if stop != nil {
			stop()
		}
	}()
	server := "http://" + addr
	act := func(key, as string, args ...string) error {
		_, err := runAt(t, now, append([]string{"act", "--server", server, "--key", file(key), "--as", as}, args...)...)
		return err
	}
	newKey := func(name string) (public, id string) {
		out, err := runAt(t, now, "keys", "new", "--out", file(name))
		if err != nil {
			t.Fatal(err)
		}
		return publicKeyIn(t, out), keyIDIn(t, out)
	}

	// The Chairman's office and a delegation make their keys; the secretariat registers both.
	chairman, _ := newKey("chairman.key")
	kaz, kazID := newKey("kaz.key")
	if err := act("kaz.key", "state:KAZ", "consent", "instrument=signature", "place=Astana"); err == nil {
		t.Fatal("an act signed with a key nobody registered was accepted")
	} else {
		wantRefused(t, "an act with an unregistered key", err, "HTTP 401", "not a registered key of state:KAZ")
	}
	if err := act("secretariat.key", "secretariat", "register-key", "actor=chairman", "key="+chairman); err != nil {
		t.Fatalf("the secretariat registers the Chairman's key: %v", err)
	}
	if err := act("secretariat.key", "secretariat", "register-key", "actor=state:KAZ", "key="+kaz); err != nil {
		t.Fatalf("the secretariat registers the delegation's key: %v", err)
	}
	if err := act("chairman.key", "chairman", "invite", "state=KAZ", "head=Kassym-Jomart Tokayev"); err != nil {
		t.Fatalf("the Chairman invites (R2): %v", err)
	}
	if err := act("kaz.key", "state:KAZ", "consent", "instrument=signature", "place=Astana"); err != nil {
		t.Fatalf("the delegation consents with its registered key (R2): %v", err)
	}

	// The delegation rotates its key itself, signing with the key it retires.
	kaz2, _ := newKey("kaz2.key")
	if err := act("kaz.key", "state:KAZ", "register-key", "actor=state:KAZ", "key="+kaz2, "replaces="+kazID); err != nil {
		t.Fatalf("the delegation rotates its own key: %v", err)
	}
	pledge := []string{"pledge", "amount=USD 1000000.00", "fund=general"}
	wantRefused(t, "an act signed with the replaced key", act("kaz.key", "state:KAZ", pledge...), "HTTP 401", "revoked")
	if err := act("kaz2.key", "state:KAZ", pledge...); err != nil {
		t.Fatalf("an act signed with the new key: %v", err)
	}
	// A delegation cannot register a key for another actor.
	other, _ := newKey("other.key")
	if err := act("kaz2.key", "state:KAZ", "register-key", "actor=state:QAT", "key="+other); err == nil {
		t.Error("a delegation registered a key for another State")
	}

	stop()
	stop = nil
	out, err := runAt(t, now, "keys", "list", "--db", db)
	if err != nil || strings.Count(out, "state:KAZ") != 2 {
		t.Errorf("keys list = %q, %v; want the delegation's two keys", out, err)
	}
	revoked := false
	for line := range strings.Lines(out) {
		if f := strings.Fields(line); len(f) >= 4 && f[1] == kazID {
			revoked = f[3] != "-"
		}
	}
	if !revoked {
		t.Errorf("keys list = %q; want the replaced key %s revoked", out, kazID)
	}
	if out, err := runAt(t, now, "verify", "--db", db); err != nil || !strings.HasPrefix(out, "verified ") || strings.Contains(out, "development") {
		t.Errorf("verify = %q, %v; want every act verified, no development key", out, err)
	}
}

// TestReadmeActExample runs the README's "Act on the demo" commands as they are written, on
// serve --demo: the database file and the server's address are the only words changed.
func TestReadmeActExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var commands [][]string
	for line := range strings.Lines(string(readme)) {
		if f := strings.Fields(line); len(f) > 2 && f[0] == "./peaceboard" &&
			(f[1] == "keys" && f[2] == "dev" || f[1] == "act" && strings.Contains(line, "http://localhost:8080")) {
			commands = append(commands, f[1:])
		}
	}
	if len(commands) != 2 {
		t.Fatalf("README: found %d commands of the act example (keys dev, act --server http://localhost:8080), want 2: %q", len(commands), commands)
	}
	now := time.Now
	dir := t.TempDir()
	db := filepath.Join(dir, "peaceboard-demo.db")
	addr, _, stop := serveAt(t, now, "--demo", "--db", db)
	defer stop()
	for _, args := range commands {
		for i, a := range args {
			switch {
			case a == "peaceboard-demo.db":
				args[i] = db
			case a == "http://localhost:8080":
				args[i] = "http://" + addr
			case strings.HasSuffix(a, ".key"):
				args[i] = filepath.Join(dir, a)
			}
		}
		out, err := runAt(t, now, args...)
		if err != nil {
			t.Fatalf("peaceboard %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		if args[0] == "act" && !strings.Contains(out, `"inclusion_proof"`) {
			t.Errorf("peaceboard %s printed %q; want a receipt", strings.Join(args, " "), out)
		}
	}
}
