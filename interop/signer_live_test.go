package interop_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// server is a running "peaceboard serve" process.
type server struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer // its log, complete once the process has ended
	done   chan error
}

// buildPeaceboard builds the real binary in the main module (the parent directory), with its own
// go.mod and go.sum, as it is released.
func buildPeaceboard(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "peaceboard")
	build := exec.Command("go", "build", "-o", bin, "./cmd/peaceboard")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// listening matches serve's log line that gives the address it listens on.
var listening = regexp.MustCompile(`msg=listening addr=(http://\S+)`)

// serveDemo starts "serve --demo", with flags, on a port of the system's choosing, and returns
// once it answers /healthz.
func serveDemo(t *testing.T, bin, db string, flags ...string) *server {
	t.Helper()
	s := startProcess(t, "serve --demo", listening, 2*time.Minute,
		exec.Command(bin, append([]string{"serve", "--demo", "--db", db, "--addr", "127.0.0.1:0"}, flags...)...))
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get(s.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz did not answer 200 within 30s (last: %v)", err)
		}
	}
}

// startProcess starts cmd, named what in messages, and returns it once a line of its log matches
// listen (whose first group is its URL), within wait. Its log is kept, and shown if the test
// fails; the process is killed at the end of the test if it still runs.
func startProcess(t *testing.T, what string, listen *regexp.Regexp, wait time.Duration, cmd *exec.Cmd) *server {
	t.Helper()
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, stderr: new(bytes.Buffer), done: make(chan error, 1)}
	addr := make(chan string, 1)
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			s.stderr.WriteString(sc.Text() + "\n")
			if m := listen.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	go func() {
		<-copied // Wait must not run before the pipe is read to its end
		s.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("%s's log:\n%s", what, s.stderr)
		}
	})
	select {
	case s.url = <-addr:
	case err := <-s.done:
		t.Fatalf("%s ended before listening: %v\n%s", what, err, s.stderr)
	case <-time.After(wait):
		t.Fatalf("%s did not listen within %v\n%s", what, wait, s.stderr)
	}
	return s
}

// stop ends the server as an operator would (SIGTERM), and expects it to shut down cleanly.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30s of SIGTERM")
	}
}

// get reads a GET answer of the server.
func (s *server) get(t *testing.T, path string) []byte {
	t.Helper()
	resp, err := http.Get(s.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s", path, resp.StatusCode, err, body)
	}
	return body
}

// invitations reads every State's latest invitation.
func (s *server) invitations(t *testing.T) map[string]apiv1.Invitation {
	t.Helper()
	all := map[string]apiv1.Invitation{}
	for path := "/api/v1/invitations"; ; {
		var page apiv1.Page[apiv1.Invitation]
		if err := json.Unmarshal(s.get(t, path), &page); err != nil {
			t.Fatal(err)
		}
		for _, inv := range page.Items {
			all[string(inv.State)] = inv
		}
		if page.NextCursor == nil {
			return all
		}
		path = "/api/v1/invitations?cursor=" + *page.NextCursor
	}
}

// peaceboard runs the binary and returns its standard output; it fails the test if the command
// fails.
func peaceboard(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("peaceboard %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestSignersActOnRealServer has the signers written from docs/signing.md act on a real server
// (serve --demo) at the current time, as the actors of a key's onboarding: the Chairman (the
// demo's development key) invites a State the demo never invited; the State makes its own key
// (keys new); the secretariat (development key) registers it; and the State answers with it. With
// Node the State consents, with Python another State declines. The receipts the signers get back
// are checked by them (signing.md §6; Node also checks the checkpoint and the inclusion proof
// against the log's key) and by "peaceboard receipt check"; refusals come back as the problem's
// detail; and the record, once the server is stopped, verifies.
func TestSignersActOnRealServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the peaceboard binary")
	}
	bin := buildPeaceboard(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	srv := serveDemo(t, bin, db)
	logKey := strings.TrimSpace(string(srv.get(t, "/log/key")))
	chairman := filepath.Join(dir, "chairman.key")
	peaceboard(t, bin, "keys", "dev", "chairman", "--db", db, "--out", chairman)
	secretariat := filepath.Join(dir, "secretariat.key")
	peaceboard(t, bin, "keys", "dev", "secretariat", "--db", db, "--out", secretariat)

	// uninvited returns a State the record has never invited, and a new key of its own, made as
	// the State would make it (keys new), and its public key.
	uninvited := func(t *testing.T) (state, key, pub string) {
		t.Helper()
		invited := srv.invitations(t)
		codes := charter.Default().States.Codes.Codes()
		i := slices.IndexFunc(codes, func(c string) bool { _, ok := invited[c]; return !ok })
		if i < 0 {
			t.Fatal("every State has been invited: none left to invite")
		}
		key = filepath.Join(dir, codes[i]+".key")
		out := peaceboard(t, bin, "keys", "new", "--out", key)
		m := regexp.MustCompile(`public key: (\S+)`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("keys new printed %q, without the public key", out)
		}
		return codes[i], key, m[1]
	}
	// act has a signer sign an act at the current time and post it, expects a receipt, and has
	// "peaceboard receipt check" check it against the log's key.
	act := func(t *testing.T, s signer, key, object, wantChecked string, args ...string) {
		t.Helper()
		out, err := s.run(append([]string{"post", "--server", srv.url, "--key", key, "--act", object, "--at", "now"}, args...)...)
		if err != nil {
			t.Fatalf("post %s: %v", object, err)
		}
		var r record.Receipt
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("%s post printed %q, not a receipt: %v", s.name, out, err)
		}
		file := filepath.Join(dir, fmt.Sprintf("receipt-%d.json", r.Index))
		if err := os.WriteFile(file, out, 0o600); err != nil {
			t.Fatal(err)
		}
		if checked := peaceboard(t, bin, "receipt", "check", file, "--key", logKey); !strings.Contains(checked, wantChecked) {
			t.Errorf("receipt check of %s says %q, want it to name %q", object, checked, wantChecked)
		}
		leaf, err := record.ParseLeaf(r.Leaf)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(leaf.Act, []byte(`{"act":`)) {
			t.Errorf("the leaf holds %s, want act format v2 bytes", leaf.Act)
		}
	}
	// refused has a signer post an act the server must refuse, and expects the signer to fail
	// with the problem's status and detail.
	refused := func(t *testing.T, s signer, key, object string, want *regexp.Regexp) {
		t.Helper()
		_, err := s.run("post", "--server", srv.url, "--key", key, "--act", object, "--at", "now")
		if err == nil || !want.MatchString(err.Error()) {
			t.Errorf("post %s: %v, want a refusal matching %s", object, err, want)
		}
	}

	t.Run("Node", func(t *testing.T) {
		node := nodeSigner(t)
		state, key, pub := uninvited(t)
		// The head's name carries what act format v1 escaped (<, >, &), and non-ASCII text in NFC.
		head := "Zoë Ødegård <acting> & co"
		act(t, node, chairman, fmt.Sprintf(`{"act":"invite","by":"chairman","fields":{"state":%q,"head":%q}}`, state, head),
			"invite by chairman", "--log-key", logKey)
		// Before its key is registered, the State cannot act.
		refused(t, node, key, `{"act":"consent","by":"state:`+state+`","fields":{"instrument":"signature"}}`,
			regexp.MustCompile(`refused the act \(401\)`))
		act(t, node, secretariat, fmt.Sprintf(`{"act":"register-key","by":"secretariat","fields":{"actor":"state:%s","key":%q}}`, state, pub),
			"register-key by secretariat", "--log-key", logKey)
		act(t, node, key, `{"act":"consent","by":"state:`+state+`","fields":{"instrument":"signature","place":"Genève"}}`,
			"consent by state:"+state, "--log-key", logKey)
		if inv := srv.invitations(t)[state]; inv.Status != "accepted" || inv.Head != head {
			t.Errorf("%s's invitation is %+v, want accepted, with the head as signed", state, inv)
		}
		// The rules refuse a second consent, naming the charter rule.
		refused(t, node, key, `{"act":"consent","by":"state:`+state+`","fields":{"instrument":"signature"}}`,
			regexp.MustCompile(`refused the act \(4\d\d\): R\d+`))
		// The Chairman's key does not sign for the State.
		refused(t, node, chairman, `{"act":"withdraw","by":"state:`+state+`","fields":{}}`,
			regexp.MustCompile(`refused the act \(401\)`))
	})
	t.Run("Python", func(t *testing.T) {
		python := pythonSigner(t)
		state, key, pub := uninvited(t)
		act(t, python, chairman, fmt.Sprintf(`{"act":"invite","by":"chairman","fields":{"state":%q,"head":"Ana Ñúñez","founding":true}}`, state),
			"invite by chairman")
		act(t, python, secretariat, fmt.Sprintf(`{"act":"register-key","by":"secretariat","fields":{"actor":"state:%s","key":%q}}`, state, pub),
			"register-key by secretariat")
		act(t, python, key, `{"act":"decline","by":"state:`+state+`","fields":{}}`, "decline by state:"+state)
		if inv := srv.invitations(t)[state]; inv.Status != "declined" || !inv.Founding {
			t.Errorf("%s's invitation is %+v, want a founding invitation declined", state, inv)
		}
		refused(t, python, key, `{"act":"decline","by":"state:`+state+`","fields":{}}`,
			regexp.MustCompile(`refused the act \(4\d\d\): R\d+`))
	})

	// Every act the signers made is in the record, which verifies once the server has stopped, in
	// act format v2 from the demo's first entry to the signers' last.
	entries := healthzEntries(t, srv)
	srv.stop(t)
	out := peaceboard(t, bin, "verify", "--db", db)
	for _, want := range []string{fmt.Sprintf("verified %d entries", entries), fmt.Sprintf("entries 0-%d: act format v2\n", entries-1)} {
		if !strings.Contains(out, want) {
			t.Errorf("verify --db says\n%s\nwant %q", out, want)
		}
	}
}

// healthzEntries reads the number of entries the server's /healthz gives ("ok N entries").
func healthzEntries(t *testing.T, s *server) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscanf(string(s.get(t, "/healthz")), "ok %d entries", &n); err != nil {
		t.Fatalf("/healthz: %v", err)
	}
	return n
}
