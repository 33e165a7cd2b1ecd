package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

// runHelp runs the CLI in-process and returns what it wrote on standard error, where help goes.
func runHelp(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Now: fixedNow, Getenv: func(string) string { return "" }}
	err := m.Run(context.Background(), args)
	if stdout.Len() > 0 {
		t.Errorf("%v wrote on standard output: %q", args, stdout.String())
	}
	return stderr.String(), err
}

func TestActHelpListsEveryKind(t *testing.T) {
	for _, args := range [][]string{{"act", "-h"}, {"help", "act"}, {"act", "--server", "http://x", "-h"}} {
		out, err := runHelp(t, args...)
		if !errors.Is(err, flag.ErrHelp) {
			t.Fatalf("%v: %v, want flag.ErrHelp (exit 0)", args, err)
		}
		if !strings.Contains(out, "Usage: peaceboard act") || !strings.Contains(out, "-server") {
			t.Errorf("%v: no usage and flags:\n%s", args, out)
		}
		for _, k := range board.Kinds() {
			if !strings.Contains(out, "\n  "+string(k)+" (") {
				t.Errorf("%v: kind %s is not listed", args, k)
			}
		}
		for _, want := range []string{
			"  vote (state, R11): proposal=<id> choice=<yes|no|abstain> [explanation=<text>]\n",
			"  invite (chairman, R2): state=<state> [head=<text>] [founding=<boolean>]\n",
			"  resign (chairman, R16): no fields\n",
			"[due=<date-time>]",
			"set-agenda (executive, R10): meeting=<id> proposals=<list of id>\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: output lacks %q:\n%s", args, want, out)
			}
		}
		_, kinds, _ := strings.Cut(out, "Kinds of act")
		for _, line := range strings.Split(kinds, "\n") {
			if len(line) > 100 {
				t.Errorf("%v: the list of kinds has a line longer than 100 columns: %q", args, line)
			}
		}
	}
}

func TestActKindHelp(t *testing.T) {
	for _, args := range [][]string{{"act", "vote", "-h"}, {"help", "act", "vote"}} {
		out, err := runHelp(t, args...)
		if !errors.Is(err, flag.ErrHelp) {
			t.Fatalf("%v: %v, want flag.ErrHelp (exit 0)", args, err)
		}
		for _, want := range []string{
			"vote: A member State of the electorate votes on a proposal",
			"By: state. Rule: R11.",
			"proposal     id ",
			"choice       yes|no|abstain            required  The State's vote.",
			"explanation  text, at most 4000 bytes  optional  The State's explanation of its vote",
			"  id          an identifier",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: output lacks %q:\n%s", args, want, out)
			}
		}
		if strings.Contains(out, "invite (chairman") {
			t.Errorf("%v: lists every kind, want only vote's fields:\n%s", args, out)
		}
	}
	out, _ := runHelp(t, "act", "set-controls", "-h")
	if !strings.Contains(out, "thresholds.approvals") || !strings.Contains(out, "money ") {
		t.Errorf("set-controls -h does not describe a threshold's fields:\n%s", out)
	}
	out, _ = runHelp(t, "act", "comment", "-h")
	if !strings.Contains(out, "text, at most 32000 bytes") {
		t.Errorf("comment -h does not give the text's limit:\n%s", out)
	}
	out, _ = runHelp(t, "act", "withdraw", "-h")
	if !strings.Contains(out, "withdraw takes no fields.") {
		t.Errorf("withdraw -h:\n%s", out)
	}
}

func TestActUnknownKindSuggests(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"act", "invtie"}, `unknown act "invtie" (did you mean invite?)`},
		{[]string{"act", "invtie", "-h"}, `unknown act "invtie" (did you mean invite?)`},
		{[]string{"help", "act", "votes"}, `unknown act "votes" (did you mean vote?)`},
		{[]string{"act", "--server", "http://x", "--key", "k", "aprove"}, `(did you mean approve?)`},
		{[]string{"act", "renew"}, `(did you mean renew-executive or renew-term?)`},
		{[]string{"act", "xyzzy"}, `unknown act "xyzzy"; "peaceboard act -h" lists every kind of act`},
	}
	for _, tt := range tests {
		_, err := runHelp(t, tt.args...)
		if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want a usage error (exit 2) containing %q", tt.args, err, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"vote", "vote", 0}, {"vote", "votes", 1}, {"invtie", "invite", 2}, {"", "abc", 3}, {"kitten", "sitting", 3},
	} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestActHelpExitCodes runs the real binary: help exits 0, an unknown act 2 with one line.
func TestActHelpExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "peaceboard")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"act", "-h"}, 0, "withhold-approval (chairman, R11)"},
		{[]string{"help", "act", "consent"}, 0, "signature|notification"},
		{[]string{"act", "invtie"}, 2, "peaceboard: unknown act \"invtie\" (did you mean invite?)"},
		{[]string{"keys", "-h"}, 0, "keys new --out FILE"},
		{[]string{"rules", "-h"}, 0, "rules check FILE"},
		{[]string{"export", "-h"}, 0, "export disbursements"},
		{[]string{"rates", "--help"}, 0, "rates import FILE"},
		{[]string{"migrate", "-h"}, 0, "migrate up"},
		{[]string{"help", "keys"}, 0, "keys list"},
		{[]string{"help", "keys", "new"}, 0, "Usage: peaceboard keys new --out FILE"},
		{[]string{"keys", "bogus"}, 2, "unknown keys subcommand \"bogus\""},
	} {
		cmd := exec.Command(bin, tt.args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		if exit, ok := errors.AsType[*exec.ExitError](err); ok {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tt.code || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr.String(), tt.code, tt.want)
		}
	}
}

// TestSubcommandHelp (issue 21): a command made of subcommands answers -h with their usage and
// exits 0 (it said "unknown keys subcommand \"-h\"" and exited 2); every subcommand is listed.
func TestSubcommandHelp(t *testing.T) {
	for name, subs := range map[string][]string{
		"keys":    {"new", "dev", "log-new", "list"},
		"rules":   {"show", "check"},
		"export":  {"votes", "contributions", "disbursements"},
		"rates":   {"import"},
		"migrate": {"status", "up"},
	} {
		for _, args := range [][]string{{name, "-h"}, {name, "--help"}, {"help", name}} {
			out, err := runHelp(t, args...)
			if !errors.Is(err, flag.ErrHelp) {
				t.Errorf("%v: %v, want flag.ErrHelp (exit 0)", args, err)
			}
			for _, sub := range subs {
				if !strings.Contains(out, "  "+name+" "+sub+" ") {
					t.Errorf("%v: output lacks the subcommand %q:\n%s", args, sub, out)
				}
			}
		}
	}
}

func TestVersion(t *testing.T) {
	out, err := run(t, "version")
	if err != nil || !strings.HasPrefix(out, "peaceboard ") || !strings.Contains(out, runtime.Version()) || strings.Count(out, "\n") != 1 {
		t.Errorf("version = %q, %v; want one line naming the program and the Go release", out, err)
	}
	if _, err := run(t, "version", "extra"); err == nil {
		t.Error("version extra: accepted")
	}
}

// TestCommandLineMistakes (issue 21): a mistake on the command line is said once, in one line,
// with what was probably meant, and no usage dump; a field's value says what it wants.
func TestCommandLineMistakes(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"status", "--asof", "2026-01-01"}, `unknown flag -asof (did you mean --as-of?); "peaceboard status -h" lists its flags`},
		{[]string{"members", "--jsn"}, "unknown flag -jsn (did you mean --json?)"},
		{[]string{"members", "--bogus"}, `unknown flag -bogus; "peaceboard members -h" lists its flags`},
		{[]string{"export", "popolo", "--format", "csv"}, `--format "csv": export popolo writes json`},
	} {
		var stdout, stderr bytes.Buffer
		m := &Main{Stdout: &stdout, Stderr: &stderr, Now: fixedNow, Getenv: func(string) string { return "" }}
		err := m.Run(context.Background(), tt.args)
		if !errors.As(err, new(usageError)) || err.Error() != tt.want && !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%v: %v; want a usage error %q", tt.args, err, tt.want)
		}
		if stderr.Len() > 0 || stdout.Len() > 0 {
			t.Errorf("%v: printed %q %q besides the error; want the error alone", tt.args, stdout.String(), stderr.String())
		}
	}
	for _, tt := range []struct{ args, want string }{
		{"founding=yes", `founding: "yes": want true or false`},
		{"founding=true", ""},
	} {
		_, err := actBody("invite", []string{"state=CHL", tt.args})
		if got := fmt.Sprint(err); tt.want == "" && err != nil || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("invite %s: %v; want %q", tt.args, err, cmpOr(tt.want, "accepted"))
		}
	}
}

// TestActWitnessPolicy: "act set-witness-policy -h" says how its list of witnesses is given (a
// JSON list of objects), and that form builds the act, with each witness's fields; a list that
// is not JSON, or a witness with an unknown field, is a usage error naming the field.
func TestActWitnessPolicy(t *testing.T) {
	out, _ := runHelp(t, "act", "set-witness-policy", "-h")
	for _, want := range []string{
		`witnesses='[{"name": …, "key": …, "url": …}, …]'`,
		"witnesses.key   hex-key", "witnesses.url   url", "quorum          integer",
		"hex-key     an Ed25519 public key: its 32 bytes in 64 lowercase hexadecimal digits",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("set-witness-policy -h lacks %q:\n%s", want, out)
		}
	}
	key1, key2 := strings.Repeat("0a", 32), strings.Repeat("0b", 32)
	body, err := actBody("set-witness-policy", []string{
		`witnesses=[{"name":"witness.example.org","key":"` + key1 + `","url":"https://witness.example.org/"},{"name":"sigsum.org/v1/witness/2","key":"` + key2 + `"}]`,
		"quorum=2",
	})
	want := &board.SetWitnessPolicy{Witnesses: []board.PolicyWitness{
		{Name: "witness.example.org", Key: key1, URL: "https://witness.example.org/"},
		{Name: "sigsum.org/v1/witness/2", Key: key2},
	}, Quorum: 2}
	if err != nil || !reflect.DeepEqual(body, want) {
		t.Errorf("actBody = %+v, %v; want %+v", body, err, want)
	}
	for _, tt := range []struct{ arg, want string }{
		{"witnesses=witness.example.org", `witnesses: "witness.example.org": want JSON`},
		{`witnesses=[{"name":"w","key":"` + key1 + `","port":1}]`, `unknown field "port"`},
		{"quorum=two", `quorum: "two": want a whole number`},
	} {
		_, err := actBody("set-witness-policy", []string{tt.arg})
		if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v; want a usage error with %q", tt.arg, err, tt.want)
		}
	}
}

// TestActProgrammePlaces: "act create-programme" takes sectors and countries as JSON lists of
// objects, as "act create-programme -h" shows them, and planned dates as dates.
func TestActProgrammePlaces(t *testing.T) {
	body, err := actBody("create-programme", []string{"id=water", "name=Water", "subsidiary=gaza", "budget=USD 1000",
		`sectors=[{"code":"14030","percentage":70},{"code":"73010","percentage":30}]`,
		`countries=[{"code":"PS","percentage":100}]`, "start=2026-06-01", "end=2028-03-31"})
	if err != nil {
		t.Fatal(err)
	}
	p := body.(*board.CreateProgramme)
	if len(p.Sectors) != 2 || p.Sectors[1] != (board.SectorShare{Code: "73010", Percentage: 30}) ||
		len(p.Countries) != 1 || p.Countries[0].Code != "PS" ||
		p.Start.Format(time.RFC3339) != "2026-06-01T00:00:00Z" || p.End.Format(time.DateOnly) != "2028-03-31" {
		t.Errorf("create-programme = %+v", p)
	}
	if _, err := actBody("create-programme", []string{"sectors=73010"}); err == nil || !strings.Contains(err.Error(), "want JSON") {
		t.Errorf("sectors=73010: %v; want a usage error asking for JSON", err)
	}
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Now: fixedNow, Getenv: func(string) string { return "" }}
	_ = m.Run(context.Background(), []string{"act", "create-programme", "-h"})
	if help := stdout.String() + stderr.String(); !strings.Contains(help, `sectors='[{"code":"…","percentage":N}, …]'`) {
		t.Errorf("act create-programme -h does not show how to write sectors:\n%s", help)
	}
}
