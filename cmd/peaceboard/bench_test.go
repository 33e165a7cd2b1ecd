package main

import (
	"encoding/json"
	"math"
	"path/filepath"
	"runtime"
	"testing"
)

func TestBenchJSONContract(t *testing.T) {
	for _, tc := range []struct {
		transport string
		flags     []string
	}{
		{"engine", nil},
		{"http", []string{"--http"}},
	} {
		t.Run(tc.transport, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "bench.db")
			args := append([]string{"bench", "--acts", "200", "--delegations", "5", "--submitters", "8", "--db", db, "--json", "--bound-sample", "100ms"}, tc.flags...)
			out, err := run(t, args...)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"acts", "seconds", "acts_per_sec", "p50_ms", "p99_ms", "verify_bound_per_sec", "ratio", "check_per_sec", "peak_rss_mb"} {
				v, ok := got[k].(float64)
				if !ok || v <= 0 {
					t.Errorf("bench --json: %s = %v, want a positive number (SPEC §6.1)", k, got[k])
				}
			}
			if c, _ := got["cpu_cores"].(float64); runtime.GOOS == "linux" && (c <= 0 || c > float64(runtime.NumCPU())+0.5) {
				t.Errorf("cpu_cores = %v, want the cores the submissions kept busy, in (0, %d]", got["cpu_cores"], runtime.NumCPU())
			}
			samples, _ := got["verify_bound_samples"].([]any)
			if len(samples) != 3 {
				t.Fatalf("verify_bound_samples = %v, want three samples", got["verify_bound_samples"])
			}
			s := make([]float64, 3)
			for i, v := range samples {
				s[i], _ = v.(float64)
			}
			verify, _ := got["verify"].(map[string]any)
			for _, c := range []struct {
				name       string
				rate, want float64
				ratio      any
			}{
				{"ratio", got["acts_per_sec"].(float64), (s[0] + s[1]) / 2, got["ratio"]},
				{"verify.ratio", verify["entries_per_sec"].(float64), (s[1] + s[2]) / 2, verify["ratio"]},
			} {
				if r, ok := c.ratio.(float64); !ok || math.Abs(r-c.rate/c.want) > 1e-9*r {
					t.Errorf("%s = %v, want %v: the rate over the mean of the samples around it", c.name, c.ratio, c.rate/c.want)
				}
			}
			if got["acts"].(float64) != 200 {
				t.Errorf("acts = %v, want 200", got["acts"])
			}
			if got["transport"] != tc.transport {
				t.Errorf("transport = %v, want %q", got["transport"], tc.transport)
			}
			if _, err := run(t, "bench", "--acts", "10", "--db", db); err == nil {
				t.Error("bench over an existing database succeeded")
			}
			if out, err := run(t, "verify", "--db", db); err != nil {
				t.Errorf("the bench's database does not verify: %q, %v", out, err)
			}
		})
	}
}

// TestBenchMixAll: bench --mix all submits every kind of act the mix makes (SPEC §6.1), says
// how many of each, and the record verifies.
func TestBenchMixAll(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bench.db")
	out, err := run(t, "bench", "--mix", "all", "--acts", "3000", "--delegations", "12", "--submitters", "16", "--db", db, "--json", "--bound-sample", "50ms")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Acts  int            `json:"acts"`
		Mix   string         `json:"mix"`
		Kinds map[string]int `json:"kinds"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Mix != "all" || len(got.Kinds) < 40 {
		t.Errorf("mix %q with %d kinds of act, want all and every kind: %v", got.Mix, len(got.Kinds), got.Kinds)
	}
	sum := 0
	for _, n := range got.Kinds {
		sum += n
	}
	if sum != got.Acts || got.Acts < 2700 {
		t.Errorf("%d acts, %d by kind; want about 3000, all counted", got.Acts, sum)
	}
	if out, err := run(t, "verify", "--db", db); err != nil {
		t.Errorf("the bench's database does not verify: %q, %v", out, err)
	}
	if _, err := run(t, "bench", "--mix", "some"); err == nil {
		t.Error("bench --mix some succeeded")
	}
}
