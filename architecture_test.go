package peaceboard_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// module is this module's path; the rules below name its packages relative to it.
const module = "github.com/peaceboard/peaceboard"

// A listedPackage is what `go list -json` tells of one package that the rules need.
type listedPackage struct {
	ImportPath string
	Imports    []string // of its non-test files
	Deps       []string // every package its non-test files need, transitively
}

// An importRule is one rule of the package map in docs/architecture.md. It holds for the
// production code: a package's tests, in an external test package, may import more (the API's
// tests use the public client, as a user would).
type importRule struct {
	rule       string
	applies    func(pkg string) bool // the packages the rule is about, relative to module
	transitive bool                  // checks every dependency, not only direct imports
	allowed    func(imp string) bool // imp relative to module, or a full path outside it
}

func isPackage(names ...string) func(string) bool {
	return func(pkg string) bool { return slices.Contains(names, pkg) }
}

func under(prefix string) func(string) bool {
	return func(pkg string) bool { return pkg == prefix || strings.HasPrefix(pkg, prefix+"/") }
}

// isStandard reports whether a path outside the module is the standard library's: its first
// element has no dot.
func isStandard(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return !strings.Contains(first, ".") && !strings.HasPrefix(imp, module)
}

func inModule(imp string) bool { return imp == module || strings.HasPrefix(imp, module+"/") }

var importRules = []importRule{
	{
		rule:       "record imports no package of the module (it knows no domain)",
		applies:    isPackage("record"),
		transitive: true,
		allowed:    func(imp string) bool { return !inModule(imp) },
	},
	{
		rule:       "client and apiv1 import nothing under internal/",
		applies:    func(pkg string) bool { return under("client")(pkg) || under("apiv1")(pkg) },
		transitive: true,
		allowed:    func(imp string) bool { return !under(module + "/internal")(imp) },
	},
	{
		rule:    "no package under internal/ imports scenario, client or cmd",
		applies: under("internal"),
		allowed: func(imp string) bool {
			return !under(module+"/scenario")(imp) && !under(module+"/client")(imp) && !under(module+"/cmd")(imp)
		},
	},
	{
		rule:    "board imports only charter, money, the standard library and golang.org/x/text",
		applies: isPackage("board"),
		allowed: func(imp string) bool {
			return isStandard(imp) || imp == module+"/charter" || imp == module+"/money" ||
				under("golang.org/x/text")(imp)
		},
	},
	{
		rule:       "the scenario format imports nothing under internal/",
		applies:    under("scenario"),
		transitive: true,
		allowed:    func(imp string) bool { return !under(module + "/internal")(imp) },
	},
	{
		rule:    "internal/httpcache imports only the standard library (the caller says which answers are past)",
		applies: isPackage("internal/httpcache"),
		allowed: isStandard,
	},
}

// requiredPackages are the packages the rules are about: a rule must not hold only because its
// package was renamed away.
var requiredPackages = []string{"record", "board", "client", "apiv1", "scenario", "internal/engine", "internal/httpcache"}

// violations returns one line for each import that breaks a rule.
func violations(pkgs []listedPackage, rules []importRule) []string {
	var out []string
	for _, p := range pkgs {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		for _, r := range rules {
			if !r.applies(rel) {
				continue
			}
			imports := p.Imports
			if r.transitive {
				imports = p.Deps
			}
			for _, imp := range imports {
				if !r.allowed(imp) {
					out = append(out, rel+" imports "+imp+": breaks the rule: "+r.rule)
				}
			}
		}
	}
	return out
}

func listPackages(t *testing.T) []listedPackage {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatalf("the architecture test needs the go command: %v", err)
	}
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", "./...")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decoding go list's output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// TestPackageMap checks the rules of docs/architecture.md's package map against the module's
// real import graph.
func TestPackageMap(t *testing.T) {
	pkgs := listPackages(t)
	have := map[string]bool{}
	for _, p := range pkgs {
		have[strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")] = true
	}
	for _, want := range requiredPackages {
		if !have[want] {
			t.Errorf("package %s is missing: the layout rules name it (update them and docs/architecture.md together)", want)
		}
	}
	for _, v := range violations(pkgs, importRules) {
		t.Error(v)
	}
}

// TestPackageMapCatchesViolations feeds the rules a graph that breaks each of them, so that a
// rule that cannot fail is noticed.
func TestPackageMapCatchesViolations(t *testing.T) {
	m := func(p string) string { return module + "/" + p }
	broken := []listedPackage{
		{ImportPath: m("record"), Imports: []string{"bytes"}, Deps: []string{"bytes", m("board"), m("charter")}},
		{ImportPath: m("client"), Imports: []string{m("apiv1")}, Deps: []string{m("apiv1"), m("internal/api")}},
		{ImportPath: m("apiv1"), Deps: []string{m("internal/engine")}},
		{ImportPath: m("internal/storetest"), Imports: []string{m("scenario")}},
		{ImportPath: m("internal/api"), Imports: []string{m("client"), m("cmd/peaceboard")}},
		{ImportPath: m("board"), Imports: []string{"net/http", m("record"), "golang.org/x/text/unicode/norm", m("money")}},
		{ImportPath: m("scenario"), Deps: []string{m("internal/engine")}},
	}
	got := violations(broken, importRules)
	want := []string{
		"record imports " + m("board"),
		"record imports " + m("charter"),
		"client imports " + m("internal/api"),
		"apiv1 imports " + m("internal/engine"),
		"internal/storetest imports " + m("scenario"),
		"internal/api imports " + m("client"),
		"internal/api imports " + m("cmd/peaceboard"),
		"board imports " + m("record"),
		"scenario imports " + m("internal/engine"),
	}
	if len(got) != len(want) {
		t.Errorf("got %d violations, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w+":") }) {
			t.Errorf("no violation reported for %q", w)
		}
	}
	for _, g := range got {
		if what, _, _ := strings.Cut(g, ":"); strings.HasSuffix(what, "net/http") || strings.HasSuffix(what, "x/text/unicode/norm") || strings.HasSuffix(what, "/money") {
			t.Errorf("allowed import reported: %s", g)
		}
	}
}

// maxFileLines is how long a hand-written Go file may grow: past it, a newcomer cannot hold the
// file, and it is doing more than one job.
const maxFileLines = 700

var generated = regexp.MustCompile(`^// Code generated .* DO NOT EDIT\.$`)

// TestFileSizes checks that no hand-written Go file (tests included, in every module of the
// repository) is longer than maxFileLines. Generated files (marked as Go marks them) and
// testdata are left out.
func TestFileSizes(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		lines, isGenerated, err := countLines(path)
		if err != nil {
			return err
		}
		if !isGenerated && lines > maxFileLines {
			t.Errorf("%s has %d lines, more than %d: split it by concept (docs/architecture.md)", path, lines, maxFileLines)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func countLines(path string) (lines int, isGenerated bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 0, 64*1024), 1<<20)
	inHeader := true // before the package clause, where Go's generated-file marker stands
	for s.Scan() {
		lines++
		if inHeader {
			isGenerated = isGenerated || generated.MatchString(s.Text())
			inHeader = !strings.HasPrefix(s.Text(), "package ")
		}
	}
	return lines, isGenerated, s.Err()
}
