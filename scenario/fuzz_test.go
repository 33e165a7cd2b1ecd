package scenario_test

import (
	"bytes"
	"os"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/scenario"
)

// splitActs returns each act of a scenario file as a scenario of its own.
func splitActs(f *testing.F, data []byte) [][]byte {
	f.Helper()
	var doc struct {
		Rules string      `yaml:"rules"`
		Acts  []yaml.Node `yaml:"acts"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, act := range doc.Acts {
		b, err := yaml.Marshal(map[string]any{"rules": doc.Rules, "acts": []*yaml.Node{&act}})
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// FuzzParse: any bytes give a scenario or one error, never a panic; every step of a scenario that
// parses has a body, and canonical bytes that board.ParseCanonical accepts and that come back the
// same.
func FuzzParse(f *testing.F) {
	for _, path := range []string{"demo/board-of-peace-2026.yaml", "../examples/coalition.yaml"} {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		// Each act alone as well: small inputs are what the fuzzer mutates and minimizes fast.
		// (A new finding in a mutation of the whole demo is minimized for up to -fuzzminimizetime,
		// 60s by default; pass -fuzzminimizetime 5s to keep the run busy fuzzing.)
		for _, act := range splitActs(f, b) {
			f.Add(act)
		}
	}
	for _, s := range []string{
		"rules: board-of-peace\nacts:\n  - at: 2026-01-19\n    by: chairman\n    act: invite\n    state: KAZ\n    head: Kassym-Jomart Tokayev\n    founding: true\n",
		"acts:\n  - {at: \"2026-01-22T10:30:00.5+01:00\", by: \"state:KAZ\", act: consent, instrument: signature, place: Davos, expect: refused R2}\n",
		"acts:\n  - {at: &d 2026-01-19, by: chairman, act: create-subsidiary, id: gaza, name: Gaza, members: [a, b]}\n  - {at: *d, by: chairman, act: modify-subsidiary, id: gaza, members: []}\n",
		"acts:\n  - {at: 2026-01-19, by: executive:rubio, act: find-incapacity}\n  - {at: 2026-01-19, by: chairman, act: dissolve, reason: ~}\n",
		"acts:\n  - {at: 2026-01-19, by: chairman, act: invite, state: 42, head: {a: b}}\n",
		// Instants RFC 3339 cannot write in UTC (years 10000 and -1) must be refused, not recorded.
		"acts:\n  - {at: \"9999-12-31T23:00:00-05:00\", by: chairman, act: dissolve}\n",
		"acts:\n  - {at: \"0001-01-01T00:00:00+01:00\", by: chairman, act: dissolve}\n",
		"acts: []\n---\nacts: []\n",
		"- 1\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenario.Parse("fuzz.yaml", data)
		if err != nil {
			if _, ok := err.(*scenario.Error); !ok {
				t.Fatalf("err is %T, want *scenario.Error: %v", err, err)
			}
			return
		}
		for i, step := range sc.Steps {
			if step.Act.Body == nil {
				t.Fatalf("step %d: no body", i+1)
			}
			if step.Line <= 0 {
				t.Fatalf("step %d: line %d", i+1, step.Line)
			}
			b, err := step.Act.Canonical()
			if err != nil {
				t.Fatalf("step %d: Canonical: %v", i+1, err)
			}
			a, err := board.ParseCanonical(b)
			if err != nil {
				t.Fatalf("step %d: ParseCanonical(%s): %v", i+1, b, err)
			}
			again, err := a.Canonical()
			if err != nil || !bytes.Equal(again, b) {
				t.Fatalf("step %d: canonical bytes do not round-trip:\n%s\n%s", i+1, b, again)
			}
			if !a.At.Equal(step.Act.At) || a.By != step.Act.By || a.Body.Kind() != step.Act.Body.Kind() {
				t.Fatalf("step %d: %v came back as %v", i+1, step.Act, a)
			}
		}
	})
}
