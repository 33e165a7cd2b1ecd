package interop_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLitewitness runs litewitness (filippo.io/torchwood, a C2SP tlog-witness we did not write)
// as the one witness of "serve --witness-policy": its key in an ssh-agent, as litewitness takes
// it; the log added to it with witnessctl while the server already sends it checkpoints (it
// answers 403 until then, and the server retries). The checkpoint at /log/checkpoint comes to
// carry its cosignature, and "verify --url --witness-policy" accepts it.
func TestLitewitness(t *testing.T) {
	for _, tool := range []string{"ssh-agent", "ssh-add", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing(t, tool+" (openssh-client)", err)
		}
	}
	dir := t.TempDir()
	bin := buildPeaceboard(t)
	litewitness, witnessctl := buildTool(t, dir, "litewitness"), buildTool(t, dir, "witnessctl")

	// The witness's key, in a dedicated agent.
	key := filepath.Join(dir, "witness")
	runCmd(t, nil, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "litewitness", "-f", key)
	pub, fingerprint := sshEd25519(t, key+".pub")
	sock := filepath.Join(dir, "agent.sock")
	agent := exec.Command("ssh-agent", "-D", "-a", sock)
	if err := agent.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { agent.Process.Kill(); agent.Wait() })
	waitFor(t, "the ssh-agent's socket", func() bool { _, err := os.Stat(sock); return err == nil })
	runCmd(t, []string{"SSH_AUTH_SOCK=" + sock}, "ssh-add", "-q", key)

	// litewitness, on a port chosen here.
	const name = "witness.example/litewitness"
	addr := freeAddr(t)
	wdb := filepath.Join(dir, "litewitness.db")
	var wlog bytes.Buffer
	lw := exec.Command(litewitness, "-name", name, "-db", wdb, "-ssh-agent", sock, "-key", fingerprint, "-listen", addr)
	lw.Stdout, lw.Stderr = &wlog, &wlog
	if err := lw.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		lw.Process.Kill()
		lw.Wait()
		if t.Failed() {
			t.Logf("litewitness's log:\n%s", wlog.String())
		}
	})
	waitFor(t, "litewitness to listen on "+addr, func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})

	policy := filepath.Join(dir, "policy.txt")
	text := fmt.Sprintf("# litewitness, the one witness\nwitness %s %s http://%s\nquorum %s\n", name, hex.EncodeToString(pub), addr, name)
	if err := os.WriteFile(policy, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	s := serveDemo(t, bin, filepath.Join(dir, "demo.db"), "--witness-policy", policy)
	defer s.stop(t)

	// The log, added to the witness as its operator would: its origin, then its key.
	vkey := strings.TrimSpace(string(s.get(t, "/log/key")))
	origin, _, _ := strings.Cut(vkey, "+")
	runCmd(t, nil, witnessctl, "add-log", "-db", wdb, "-origin", origin)
	runCmd(t, nil, witnessctl, "add-key", "-db", wdb, "-origin", origin, "-key", vkey)

	var cp string
	deadline := time.Now().Add(90 * time.Second)
	for {
		cp = string(s.get(t, "/log/checkpoint"))
		if strings.Contains(cp, "\n— "+name+" ") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/log/checkpoint carries no cosignature by litewitness within 90s:\n%s\nserve's log:\n%s", cp, s.stderr)
		}
		time.Sleep(100 * time.Millisecond)
	}
	out, err := exec.Command(bin, "verify", "--url", s.url, "--witness-policy", policy).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "is cosigned by "+name+" (") || !strings.Contains(string(out), "quorum is met") {
		t.Fatalf("verify --url --witness-policy: %v\n%s\nthe checkpoint:\n%s", err, out, cp)
	}
}

// buildTool builds a tool of this module's go.mod (its tool directives) into dir.
func buildTool(t *testing.T, dir, name string) string {
	t.Helper()
	bin := filepath.Join(dir, name)
	out, err := exec.Command("go", "build", "-o", bin, "filippo.io/torchwood/cmd/"+name).CombinedOutput()
	if err != nil {
		t.Fatalf("go build %s: %v\n%s", name, err, out)
	}
	return bin
}

func runCmd(t *testing.T, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// sshEd25519 reads an OpenSSH Ed25519 public key file: the raw 32-byte key, and the key's
// SHA256 fingerprint as ssh-keygen -l prints it (litewitness finds its key in the agent by it).
func sshEd25519(t *testing.T, path string) ([]byte, string) {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(text))
	if len(f) < 2 || f[0] != "ssh-ed25519" {
		t.Fatalf("%s: not an ssh-ed25519 key", path)
	}
	blob, err := base64.StdEncoding.DecodeString(f[1])
	if err != nil {
		t.Fatal(err)
	}
	// The wire form: string "ssh-ed25519", string key, each with a 4-byte length.
	rest := blob
	var fields [][]byte
	for len(rest) >= 4 {
		n := binary.BigEndian.Uint32(rest)
		if uint32(len(rest)-4) < n {
			break
		}
		fields, rest = append(fields, rest[4:4+n]), rest[4+n:]
	}
	if len(fields) != 2 || string(fields[0]) != "ssh-ed25519" || len(fields[1]) != 32 {
		t.Fatalf("%s: not an ssh-ed25519 key blob", path)
	}
	sum := sha256.Sum256(blob)
	return fields[1], "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

// freeAddr returns a local address no one listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 30s for %s", what)
		}
	}
}
