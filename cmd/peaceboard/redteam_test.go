package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// The red-team tests of issue 17 that run the product as an adversary would: a real server, the
// CLI, and keys any delegation could hold. Each reproduces a finding and asserts what must hold.
// They run on the real clock (after the demo's last act), which the server and the CLI share.

// keyIDIn returns the key id that "keys new" or "keys dev" printed.
func keyIDIn(t *testing.T, out string) string {
	t.Helper()
	m := regexp.MustCompile(`key id:\s+([0-9a-f]{16})`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no key id in %q", out)
	}
	return m[1]
}

// publicKeyIn returns the public key that "keys new" or "keys dev" printed.
func publicKeyIn(t *testing.T, out string) string {
	t.Helper()
	m := regexp.MustCompile(`public key: (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no public key in %q", out)
	}
	return m[1]
}

// wantRefused checks that err is one line naming the HTTP status and saying each of says.
func wantRefused(t *testing.T, what string, err error, status string, says ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: accepted; want refused (%s)", what, status)
	}
	msg := err.Error()
	if !strings.Contains(msg, status) || strings.Contains(msg, "\n") {
		t.Errorf("%s: %q; want one line with %s", what, msg, status)
	}
	for _, s := range says {
		if !strings.Contains(msg, s) {
			t.Errorf("%s: %q; want it to say %q", what, msg, s)
		}
	}
}

// TestRedTeamBootstrapOverHTTP (issue 17, finding 3): the first network client to send establish
// to a freshly served empty database became the secretariat. An empty record takes no act over
// HTTP (403, saying how to establish it), serve says how when it starts on one, and init
// establishes it on the server's machine.
func TestRedTeamBootstrapOverHTTP(t *testing.T) {
	now := time.Now
	dir := t.TempDir()
	db, attackerKey := filepath.Join(dir, "fresh.db"), filepath.Join(dir, "attacker.key")
	addr, log, stop := serveAt(t, now, "--db", db)
	if want := `peaceboard init --db ` + db; !strings.Contains(log.String(), want) {
		t.Errorf("serve on an empty database logged:\n%s\nwant it to say how to establish the record (%s)", log, want)
	}
	out, err := runAt(t, now, "keys", "new", "--out", attackerKey)
	if err != nil {
		t.Fatal(err)
	}
	_, err = runAt(t, now, "act", "--server", "http://"+addr, "--key", attackerKey, "--as", "secretariat",
		"establish", "rules="+charter.Default().Source, "key="+publicKeyIn(t, out))
	wantRefused(t, "establish over HTTP", err, "HTTP 403", "not established", "peaceboard init")
	stop()
	e, closeDB, err := openExisting(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if n := e.Len(); n != 0 {
		t.Errorf("the record has %d entries after the refused establish, want 0", n)
	}
	closeDB()

	// Established on the server's machine, it serves and takes acts signed with its keys.
	if out, err := runAt(t, now, "init", "--db", db); err != nil || !strings.Contains(out, "established") {
		t.Fatalf("init on the empty database = %q, %v", out, err)
	}
	if _, err := runAt(t, now, "init", "--db", db); err == nil || !strings.Contains(err.Error(), "already holds a record") {
		t.Errorf("init again: %v; want refused", err)
	}
	addr, _, stop = serveAt(t, now, "--db", db)
	defer stop()
	chairKey := filepath.Join(dir, "chairman.key")
	secKey := filepath.Join(dir, "secretariat.key")
	if _, err := runAt(t, now, "keys", "dev", "secretariat", "--db", db, "--out", secKey); err != nil {
		t.Fatal(err)
	}
	out, err = runAt(t, now, "keys", "dev", "chairman", "--db", db, "--out", chairKey)
	if err != nil || !strings.Contains(out, "not valid in the record yet") {
		t.Fatalf("keys dev chairman before its key is registered = %q, %v; want the key and how to register it", out, err)
	}
	if _, err := runAt(t, now, "act", "--server", "http://"+addr, "--key", secKey, "--as", "secretariat",
		"register-key", "actor=chairman", "key="+publicKeyIn(t, out), "development=true"); err != nil {
		t.Fatalf("register-key by the secretariat: %v", err)
	}
	if _, err := runAt(t, now, "act", "--server", "http://"+addr, "--key", chairKey, "--as", "chairman", "invite", "state=KAZ"); err != nil {
		t.Errorf("invite by the Chairman: %v", err)
	}
}

// TestRedTeamLastKeyRevocation (issue 17, finding 10): the secretariat could revoke its only key,
// and then no key could ever be registered again. On the demo, over HTTP: revoking the last key
// of the secretariat or of the Chairman is refused (422, saying to rotate it); rotation replaces
// a key in one act, after which the old key is refused and the new one registers keys.
func TestRedTeamLastKeyRevocation(t *testing.T) {
	now := time.Now
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	addr, _, stop := serveAt(t, now, "--demo", "--db", db)
	defer stop()
	server := "http://" + addr
	secKey, newKey := filepath.Join(dir, "secretariat.key"), filepath.Join(dir, "new.key")
	out, err := runAt(t, now, "keys", "dev", "secretariat", "--db", db, "--out", secKey)
	if err != nil {
		t.Fatal(err)
	}
	secID := keyIDIn(t, out)
	out, err = runAt(t, now, "keys", "dev", "chairman", "--db", db, "--out", filepath.Join(dir, "chairman.key"))
	if err != nil {
		t.Fatal(err)
	}
	chairID := keyIDIn(t, out)
	act := func(key, as string, args ...string) error {
		_, err := runAt(t, now, append([]string{"act", "--server", server, "--key", key, "--as", as}, args...)...)
		return err
	}

	err = act(secKey, "secretariat", "revoke-key", "actor=secretariat", "key_id="+secID)
	wantRefused(t, "the secretariat revokes its only key", err, "HTTP 422", "last valid key of the secretariat", "replaces="+secID)
	err = act(secKey, "secretariat", "revoke-key", "actor=chairman", "key_id="+chairID)
	wantRefused(t, "the secretariat revokes the Chairman's only key", err, "HTTP 422", "last valid key of the chairman")

	out, err = runAt(t, now, "keys", "new", "--out", newKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := act(secKey, "secretariat", "register-key", "actor=secretariat", "key="+publicKeyIn(t, out), "replaces="+secID); err != nil {
		t.Fatalf("rotation of the secretariat's key: %v", err)
	}
	wantRefused(t, "an act signed with the replaced key", act(secKey, "secretariat", "set-rate", "date=2026-06-01", "currency=EUR", "usd_rate=1.1", "source=ECB"),
		"HTTP 401", "revoked")
	newKeyOut, err := runAt(t, now, "keys", "new", "--out", filepath.Join(dir, "chile.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := act(newKey, "secretariat", "register-key", "actor=state:CHL", "key="+publicKeyIn(t, newKeyOut)); err != nil {
		t.Errorf("register-key with the new key: %v; want the record to take keys still", err)
	}
	if out, err := runAt(t, now, "verify", "--db", db); err != nil || !strings.HasPrefix(out, "verified ") {
		t.Errorf("verify after the rotation = %q, %v", out, err)
	}
}

// TestRedTeamUnknownStateCode (issue 17, finding 12): "invite state=ZZZ" was recorded, and
// /members/ZZZ rendered a page titled "ZZZ". On the demo, over HTTP: the invitation is refused
// (400, saying ZZZ names no State), so is a development key for state:ZZZ, and /members/ZZZ
// answers 404.
func TestRedTeamUnknownStateCode(t *testing.T) {
	now := time.Now
	dir := t.TempDir()
	db, key := filepath.Join(dir, "demo.db"), filepath.Join(dir, "chairman.key")
	addr, _, stop := serveAt(t, now, "--demo", "--db", db)
	defer stop()
	if _, err := runAt(t, now, "keys", "dev", "chairman", "--db", db, "--out", key); err != nil {
		t.Fatal(err)
	}
	_, err := runAt(t, now, "act", "--server", "http://"+addr, "--key", key, "--as", "chairman", "invite", "state=ZZZ", "head=Nobody")
	wantRefused(t, "invite state=ZZZ", err, "HTTP 400", `"ZZZ" is not an ISO 3166-1 alpha-3 code, nor XKX (Kosovo)`)
	if _, err := runAt(t, now, "keys", "dev", "state:ZZZ", "--db", db, "--out", filepath.Join(dir, "zzz.key")); err == nil || !strings.Contains(err.Error(), `"ZZZ" is not`) {
		t.Errorf("keys dev state:ZZZ: %v; want refused", err)
	}
	for path, want := range map[string]int{"/members/ZZZ": http.StatusNotFound, "/members/ZZZ?lang=fr": http.StatusNotFound, "/members/XKX": http.StatusOK} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s = %d, want %d", path, resp.StatusCode, want)
		}
	}
}

// TestRedTeamKeysDevREADME (issue 17, "what to build" 11): the README's way to act on the demo,
// run as it is written there (its server, database and file names replaced by the test's): serve
// --demo, "keys dev", then "act" is accepted. keys dev refuses a production record, and never
// overwrites a file.
func TestRedTeamKeysDevREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var keysDev, act []string
	for line := range strings.SplitSeq(string(readme), "\n") {
		switch line = strings.TrimSpace(line); {
		case strings.HasPrefix(line, "./peaceboard keys dev "):
			keysDev = strings.Fields(line)[1:]
		case strings.HasPrefix(line, "./peaceboard act --server "):
			act = strings.Fields(line)[1:]
		}
	}
	if keysDev == nil || act == nil {
		t.Fatalf("the README shows no \"keys dev\" or no \"act\" command (got %q, %q)", keysDev, act)
	}
	now := time.Now
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	addr, _, stop := serveAt(t, now, "--demo", "--db", db)
	defer stop()
	replacer := strings.NewReplacer("http://localhost:8080", "http://"+addr, "peaceboard-demo.db", db, "chairman.key", filepath.Join(dir, "chairman.key"))
	for _, args := range [][]string{keysDev, act} {
		for i, a := range args {
			args[i] = replacer.Replace(a)
		}
	}
	out, err := runAt(t, now, keysDev...)
	if err != nil || !strings.Contains(out, "not for production") || strings.Contains(out, "not valid") {
		t.Fatalf("%q = %q, %v; want a valid development key written", keysDev, out, err)
	}
	out, err = runAt(t, now, act...)
	if err != nil || !strings.Contains(out, `"checkpoint"`) {
		t.Fatalf("the README's act %q = %q, %v; want accepted, with its receipt", act, out, err)
	}
	if _, err := runAt(t, now, keysDev...); err == nil || !strings.Contains(err.Error(), "never overwritten") {
		t.Errorf("keys dev over an existing file: %v; want refused", err)
	}

	// A production record has no development keys.
	logKey, secKey, prod := filepath.Join(dir, "log.key"), filepath.Join(dir, "secretariat.key"), filepath.Join(dir, "prod.db")
	for _, args := range [][]string{
		{"keys", "log-new", "--origin", "example.org/board-of-peace", "--out", logKey},
		{"keys", "new", "--out", secKey},
		{"init", "--db", prod, "--log-key", logKey, "--secretariat-key", secKey},
	} {
		if _, err := runAt(t, now, args...); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	_, err = runAt(t, now, "keys", "dev", "secretariat", "--db", prod, "--out", filepath.Join(dir, "dev.key"))
	if err == nil || !strings.Contains(err.Error(), "production record") {
		t.Errorf("keys dev on a production record: %v; want refused", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "dev.key")); err == nil {
		t.Error("keys dev wrote a key file for a production record")
	}
}
