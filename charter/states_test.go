package charter_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/charter"
)

// TestStateCodeLists: every embedded list is well formed (codes of three capital letters, in
// order, each once, each with a name), and the current one holds the 249 ISO 3166-1 alpha-3
// codes and XKX (Kosovo).
func TestStateCodeLists(t *testing.T) {
	names := charter.StateCodeLists()
	if !slices.Contains(names, charter.CurrentStateCodes) {
		t.Fatalf("lists = %v, want %s among them", names, charter.CurrentStateCodes)
	}
	code := regexp.MustCompile(`^[A-Z]{3}\t\S.*$`)
	for _, name := range names {
		data, err := os.ReadFile("states/" + name + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		prev := ""
		for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
			if strings.HasPrefix(line, "#") {
				continue
			}
			if !code.MatchString(line) || line[:3] <= prev {
				t.Errorf("%s line %d: %q: want CODE, a tab and a name, codes in order and each once", name, i+1, line)
			}
			prev = line[:3]
		}
	}
	l, err := charter.LoadStateCodes(charter.CurrentStateCodes)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(l.Codes()); n != 250 {
		t.Errorf("%s holds %d codes, want 250 (249 ISO 3166-1 alpha-3 and XKX)", l.Name, n)
	}
	for _, c := range []struct {
		code string
		want bool
	}{
		{"KAZ", true}, {"XKX", true}, {"VAT", true}, {"PSE", true}, {"USA", true},
		{"ZZZ", false}, {"AAA", false}, {"XXK", false}, {"kaz", false}, {"KA", false}, {"", false},
	} {
		if got := l.Has(c.code); got != c.want {
			t.Errorf("%s.Has(%q) = %v, want %v", l.Name, c.code, got, c.want)
		}
	}
}

// TestStateCodesVersionedWithTheRules: the embedded default pins the current list; a rules file
// that names none (every rules file before lists were pinned, the default's version 1 among them)
// pins none, rather than taking the default's, so that the records established under it are read
// as they were decided; one that names an unknown list is refused.
func TestStateCodesVersionedWithTheRules(t *testing.T) {
	if got := charter.Default().States.Codes; got.Name != charter.CurrentStateCodes || !got.Has("KAZ") || got.Has("ZZZ") {
		t.Errorf("the default's states.codes = %q, want %q holding KAZ and not ZZZ", got.Name, charter.CurrentStateCodes)
	}
	v1, err := os.ReadFile("testdata/board-of-peace-1.toml")
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"board-of-peace version 1": string(v1), "a file naming no list": minimal} {
		r, err := charter.Parse(name, text)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r.States.Codes.Pinned() || !r.States.Codes.Has("ZZZ") {
			t.Errorf("%s: states.codes = %q, want none pinned (any code of the right shape)", name, r.States.Codes.Name)
		}
	}
	r, err := charter.Parse("pinned.toml", minimal+"[states]\ncodes = \""+charter.CurrentStateCodes+"\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if !r.States.Codes.Has("XKX") || r.States.Codes.Has("ZZZ") {
		t.Errorf("a file naming %s: Has(XKX) = %v, Has(ZZZ) = %v; want true, false", charter.CurrentStateCodes, r.States.Codes.Has("XKX"), r.States.Codes.Has("ZZZ"))
	}
}
