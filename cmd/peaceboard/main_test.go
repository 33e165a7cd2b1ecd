package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// run runs the CLI in-process and returns its standard output.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	return runAt(t, fixedNow, args...)
}

// runAt is run on the clock now.
func runAt(t *testing.T, now func() time.Time, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Now: now, Getenv: func(string) string { return "" }}
	err := m.Run(context.Background(), args)
	return stdout.String(), err
}

func fixedNow() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const small = `rules: board-of-peace
acts:
  - at: 2026-01-19
    by: chairman
    act: invite
    state: KAZ
    founding: true
  - {at: 2026-01-19, by: chairman, act: invite, state: MAR}
  - {at: 2026-01-19, by: chairman, act: invite, state: BHR}
  - {at: 2026-01-19, by: chairman, act: invite, state: FRA}
  - {at: 2026-01-19, by: state:KAZ, act: consent, instrument: notification}
  - {at: 2026-01-20, by: state:FRA, act: decline}
  - at: 2026-01-21
    by: state:FRA
    act: consent
    instrument: signature
    expect: refused R2
  - {at: "2026-01-22T10:00:00Z", by: state:BHR, act: consent, instrument: signature, place: Davos}
  - {at: "2026-01-22T10:01:00Z", by: state:MAR, act: consent, instrument: signature, place: Davos}
`

func TestReplayThenMembersAndStatus(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pb.db")
	out, err := run(t, "replay", writeFile(t, "small.yaml", small), "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "8 acts accepted, 1 refused as expected") || strings.Count(out, "\n") != 1 {
		t.Errorf("replay summary = %q, want one line with 8 accepted and 1 refused", out)
	}

	out, err = run(t, "members", "--db", db, "--as-of", "2026-01-21", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var members []map[string]any
	if err := json.Unmarshal([]byte(out), &members); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range members {
		got[m["state"].(string)] = m["status"].(string)
		for _, k := range []string{"state", "status", "founding", "joined", "term_end", "permanent", "ended", "end_reason", "cash_usd_first_year"} {
			if _, ok := m[k]; !ok {
				t.Errorf("members --json: %v has no %q (SPEC §6.1)", m["state"], k)
			}
		}
	}
	want := map[string]string{"KAZ": "signatory", "MAR": "invited", "BHR": "invited", "FRA": "declined"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("as of 2026-01-21, %s is %q, want %q", k, got[k], v)
		}
	}

	out, err = run(t, "status", "--db", db, "--as-of", "2026-01-22", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		InForce        bool    `json:"in_force"`
		EntryIntoForce *string `json:"entry_into_force"`
		FirstYearEnds  *string `json:"first_year_ends"`
		Members        int     `json:"members"`
		Chairman       string  `json:"chairman"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if !st.InForce || st.EntryIntoForce == nil || *st.EntryIntoForce != "2026-01-22" || *st.FirstYearEnds != "2027-01-22" || st.Members != 3 || st.Chairman != "Donald J. Trump" {
		t.Errorf("status as of 2026-01-22 = %+v, want in force since 2026-01-22, first year ending 2027-01-22, 3 members", st)
	}

	// The text forms print tables.
	if out, err := run(t, "members", "--db", db, "--as-of", "2026-01-22"); err != nil || !strings.Contains(out, "KAZ") || !strings.HasPrefix(out, "STATE") {
		t.Errorf("members table = %q, %v", out, err)
	}
}

func TestReplayUnexpectedRefusalNamesLineAndRule(t *testing.T) {
	bad := strings.Replace(small, "    expect: refused R2\n", "", 1)
	path := writeFile(t, "bad.yaml", bad)
	_, err := run(t, "replay", path, "--db", filepath.Join(t.TempDir(), "pb.db"))
	if err == nil {
		t.Fatal("replay of a scenario with an unexpected refusal succeeded")
	}
	for _, want := range []string{path + ":13:", "act 7", "R2:", "declined"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestReplayMalformedScenarioGivesLine(t *testing.T) {
	path := writeFile(t, "bad.yaml", "acts:\n  - at: 2026-13-01\n    by: chairman\n    act: invite\n    state: KAZ\n")
	_, err := run(t, "replay", path, "--db", filepath.Join(t.TempDir(), "pb.db"))
	if err == nil || !strings.Contains(err.Error(), path+":2:") || !strings.Contains(err.Error(), "not a date") {
		t.Errorf("err = %v, want a bad date at line 2", err)
	}
}

func TestReplayRefusesOtherRules(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pb.db")
	if _, err := run(t, "replay", writeFile(t, "a.yaml", small), "--db", db); err != nil {
		t.Fatal(err)
	}
	rules := strings.Replace(charter.Default().Source, `veto_window = "30d"`, `veto_window = "60d"`, 1)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "other.toml"), []byte(rules), 0o644)
	other := filepath.Join(dir, "b.yaml")
	os.WriteFile(other, []byte("rules: other.toml\nacts: []\n"), 0o644)
	if _, err := run(t, "replay", other, "--db", db, "--append"); err == nil || !strings.Contains(err.Error(), "runs under rules") {
		t.Errorf("replay under other rules: err = %v, want a refusal", err)
	}
}

func TestReadCommandsNeedADatabase(t *testing.T) {
	_, err := run(t, "members", "--db", filepath.Join(t.TempDir(), "none.db"))
	if err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("err = %v, want no database", err)
	}
	if _, err := run(t, "members", "--db", "x.db", "--as-of", "22/01/2026"); !errors.As(err, new(usageError)) {
		t.Errorf("bad --as-of: err = %v, want a usage error", err)
	}
	if _, err := run(t, "frobnicate"); !errors.As(err, new(usageError)) {
		t.Errorf("unknown command: err = %v, want a usage error", err)
	}
}

func TestRulesShowParsesBackToTheSameRules(t *testing.T) {
	out, err := run(t, "rules", "show")
	if err != nil {
		t.Fatal(err)
	}
	r, err := charter.Parse("shown.toml", out)
	if err != nil {
		t.Fatalf("rules show printed rules that do not parse: %v", err)
	}
	again := r.Format()
	if again != out {
		t.Errorf("rules show is not stable:\n%s\nvs\n%s", out, again)
	}
	if _, err := run(t, "rules", "check", writeFile(t, "bad.toml", "id = \"x\"\nversion = \"1\"\n")); err == nil || !strings.Contains(err.Error(), "problems") {
		t.Errorf("rules check of a bad file: err = %v", err)
	}
}

func TestServeDemo(t *testing.T) {
	addr, db, stop := serveDemo(t)
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, _ := get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz = %d", code)
	}
	if code, body := get("/?lang=fr&as_of=2026-01-21"); code != http.StatusOK || !strings.Contains(body, "Conseil de la paix") || !strings.Contains(body, "signataire") {
		t.Errorf("/?lang=fr as of 2026-01-21 = %d, want the French page with a signatory", code)
	}
	if code, body := get("/members?as_of=2026-02-22"); code != http.StatusOK || !strings.Contains(body, `data-state="ISR"`) {
		t.Errorf("/members = %d, want Israel listed", code)
	}
	if code, _ := get("/?as_of=yesterday"); code != http.StatusBadRequest {
		t.Errorf("bad as_of = %d, want 400", code)
	}
	stop() // returns once serve has shut down cleanly

	// A second --demo run rebuilds the demo database it made.
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Now: fixedNow, Getenv: func(string) string { return "" },
		ready: func(addr string) { ready <- addr }}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--demo", "--db", db, "--addr", "127.0.0.1:0"}) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("second serve --demo: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after shutdown: %v", err)
	}
}

// TestBinaryExitCodes builds the real binary: errors are one line on stderr with a non-zero exit.
func TestBinaryExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "peaceboard")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "members", "--db", filepath.Join(t.TempDir(), "none.db"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("exit = %v, want 1", err)
	}
	if lines := strings.Count(stderr.String(), "\n"); lines != 1 || !strings.HasPrefix(stderr.String(), "peaceboard: ") {
		t.Errorf("stderr = %q, want one line", stderr.String())
	}
}
