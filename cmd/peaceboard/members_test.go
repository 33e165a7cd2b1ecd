package main

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

// TestMembersStatusFilter (issue 21, SPEC §6.1): the table lists the member States, as the help
// says, and says how many more were invited; --status STATUS filters, --status all lists every
// one; --json lists every invited State unless --status is given (scripts read it whole); and
// "members KAZ" shows one State whatever its status.
func TestMembersStatusFilter(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pb.db")
	if _, err := run(t, "replay", writeFile(t, "small.yaml", small), "--db", db); err != nil {
		t.Fatal(err)
	}
	// rows returns the codes of the States a table lists: "Kazakhstan (KAZ)  member ...".
	rows := func(out string) []string {
		var codes []string
		for _, line := range strings.Split(out, "\n")[1:] {
			if line == "" {
				break
			}
			_, rest, _ := strings.Cut(line, "(")
			code, _, _ := strings.Cut(rest, ")")
			codes = append(codes, code)
		}
		return codes
	}
	for _, tt := range []struct {
		args []string
		want string // the States listed, in order
	}{
		{nil, "BHR KAZ MAR"},
		{[]string{"--status", "declined"}, "FRA"},
		{[]string{"--status", "all"}, "BHR FRA KAZ MAR"},
		{[]string{"FRA"}, "FRA"},
		{[]string{"kaz"}, "KAZ"},
	} {
		out, err := run(t, append([]string{"members", "--db", db}, tt.args...)...)
		if err != nil {
			t.Fatalf("members %v: %v", tt.args, err)
		}
		if got := strings.Join(rows(out), " "); got != tt.want {
			t.Errorf("members %v listed %q, want %q:\n%s", tt.args, got, tt.want, out)
		}
	}
	out, _ := run(t, "members", "--db", db)
	if !strings.Contains(out, "Kazakhstan (KAZ)  member") || !strings.Contains(out, "\n3 member States shown of 4 invited; \"peaceboard members --status all\" lists every one\n") {
		t.Errorf("members: want names beside codes and the count of the States not shown:\n%s", out)
	}
	if out, _ := run(t, "members", "--db", db, "--status", "all"); strings.Contains(out, "shown of") {
		t.Errorf("members --status all says States are not shown:\n%s", out)
	}

	jsonStates := func(args ...string) string {
		t.Helper()
		out, err := run(t, append([]string{"members", "--db", db, "--json"}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		var list []struct{ State, Status string }
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatalf("members --json %v is not an array of objects: %v\n%s", args, err, out)
		}
		var codes []string
		for _, v := range list {
			codes = append(codes, v.State)
		}
		return strings.Join(codes, " ")
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "BHR FRA KAZ MAR"},
		{[]string{"--status", "member"}, "BHR KAZ MAR"},
		{[]string{"--status", "former"}, ""},
		{[]string{"MAR"}, "MAR"},
	} {
		if got := jsonStates(tt.args...); got != tt.want {
			t.Errorf("members --json %v = %q, want %q", tt.args, got, tt.want)
		}
	}

	_, err := run(t, "members", "CHN", "--db", db)
	if board.ErrorKindOf(err) != board.NotFound || !strings.Contains(err.Error(), `China (CHN) was not invited today; "peaceboard members --status all" lists every invited State`) {
		t.Errorf("members CHN: %v; want not found, naming members --status all", err)
	}
	for _, args := range [][]string{{"KAZAK"}, {"KAZ", "MAR"}, {"--status", "membr"}} {
		if _, err := run(t, append([]string{"members", "--db", db}, args...)...); !errors.As(err, new(usageError)) {
			t.Errorf("members %v: %v, want a usage error", args, err)
		}
	}
}

func TestGrouped(t *testing.T) {
	for in, want := range map[string]string{
		"14275000000.00": "14,275,000,000.00",
		"100.00":         "100.00",
		"1000":           "1,000",
		"-1234567.5":     "-1,234,567.5",
		"0.00":           "0.00",
		"":               "",
		"n/a":            "n/a",
		"USD 1000.00":    "USD 1,000.00",
		"JPY 5000":       "JPY 5,000",
		"USD 12.00":      "USD 12.00",
		"usd 1000.00":    "usd 1000.00",
		"1000 apples":    "1000 apples",
	} {
		if got := grouped(in); got != want {
			t.Errorf("grouped(%q) = %q, want %q", in, got, want)
		}
	}
}
