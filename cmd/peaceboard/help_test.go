package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// helpLines returns every command line that must answer -h: each command of the table, each
// subcommand of a command made of them (keys new, export votes), and the one subcommand of a
// command that is not made of them (receipt check, beside receipt INDEX).
func helpLines() [][]string {
	lines := [][]string{{"receipt", "check"}}
	for _, c := range commands() {
		lines = append(lines, []string{c.name})
		if c.subcommands == nil {
			continue
		}
		for _, usage := range c.subcommands() {
			lines = append(lines, []string{c.name, strings.Fields(usage)[0]})
		}
	}
	return lines
}

// TestEveryCommandAnswersHelp (issue 21) runs the real binary, for its exit code: every command
// and subcommand, and every kind of act, answers -h, --help and "help CMD" with its usage on
// standard error, nothing on standard output, and exit 0 ("keys -h" exited 2, "rules check -h"
// took -h for a file).
func TestEveryCommandAnswersHelp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "peaceboard")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	type helpCase struct {
		line []string
		want string // in what -h prints
	}
	var cases []helpCase
	for _, line := range helpLines() {
		cases = append(cases, helpCase{line, "Usage: peaceboard " + strings.Join(line, " ")})
	}
	for _, k := range board.Kinds() {
		cases = append(cases, helpCase{[]string{"act", string(k)}, "\n" + string(k) + ": "})
	}
	// In a folder of its own: a command that took -h for a file or a database would leave it there.
	dir := t.TempDir()
	for _, c := range cases {
		line := c.line
		for _, args := range [][]string{
			append(line[:len(line):len(line)], "-h"),
			append(line[:len(line):len(line)], "--help"),
			append([]string{"help"}, line...),
		} {
			cmd := exec.Command(bin, args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PEACEBOARD_DB=")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if err != nil {
				t.Errorf("peaceboard %s: %v; want exit 0\n%s", strings.Join(args, " "), err, stderr.String())
				continue
			}
			if !strings.Contains(stderr.String(), c.want) {
				t.Errorf("peaceboard %s: output lacks %q:\n%s", strings.Join(args, " "), c.want, stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("peaceboard %s wrote on standard output: %q", strings.Join(args, " "), stdout.String())
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("help left %s in the folder it ran in", entries[0].Name())
	}
}

// mistakes are typical mistakes on the command line, each answered by one line (and exit 2)
// before any database is opened.
var mistakes = [][]string{
	{},
	{"bogus"},
	{"memebrs"},
	{"help", "bogus"},
	{"status", "--asof", "2026-01-01"},
	{"status", "--as-of", "22/01/2026"},
	{"members", "--jsn"},
	{"members", "--status", "memebr"},
	{"members", "KAZAK"},
	{"members", "KAZ", "MAR"},
	{"decision"},
	{"keys"},
	{"keys", "bogus"},
	{"keys", "new"},
	{"rules"},
	{"rules", "check"},
	{"export"},
	{"export", "iati-xml"},
	{"rates"},
	{"migrate", "sideways"},
	{"replay"},
	{"act", "invtie"},
	{"act", "invite", "founding=yes"},
	{"receipt", "first"},
	{"version", "extra"},
}

// TestHelpAndErrorsGolden (issue 21) holds the CLI's help and its answers to typical mistakes to
// testdata/help.golden: "peaceboard help", every command's and subcommand's -h, and the line
// (and exit code) of each mistake. Run with -update to rewrite it after a deliberate change, and
// read the diff: it is the CLI's whole text as a user meets it.
func TestHelpAndErrorsGolden(t *testing.T) {
	golden, err := filepath.Abs(filepath.Join("testdata", "help.golden"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	var got bytes.Buffer
	say := func(args []string) {
		var stdout, stderr bytes.Buffer
		m := &Main{Stdout: &stdout, Stderr: &stderr, Now: fixedNow, Getenv: func(string) string { return "" }}
		code := exitCode(&stderr, m.Run(context.Background(), args))
		fmt.Fprintf(&got, "$ peaceboard %s\n%sexit %d\n\n", strings.Join(args, " "), stdout.String()+stderr.String(), code)
	}
	say([]string{"help"})
	for _, line := range helpLines() {
		say(append(line, "-h"))
	}
	say([]string{"act", "vote", "-h"})
	for _, args := range mistakes {
		say(args)
	}
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestHelpAndErrorsGolden -update to write it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("the CLI's help and errors differ from %s (go test -run TestHelpAndErrorsGolden -update rewrites it):\n%s",
			golden, firstDifference(string(want), got.String()))
	}
	// Every mistake is one line and a usage error: a user reads what is wrong, not a usage dump.
	for _, block := range strings.Split(got.String(), "\n\n") {
		head, rest, _ := strings.Cut(block, "\n")
		if !strings.HasPrefix(rest, "peaceboard: ") {
			continue
		}
		if strings.Count(rest, "\n") != 1 || !strings.HasSuffix(rest, "exit 2") {
			t.Errorf("%s: want one line and exit 2, got:\n%s", head, rest)
		}
	}
}

// firstDifference shows the first line where got differs from want, with its number.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, wl, gl)
		}
	}
	return "(no difference by line)"
}
