package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/workload"
	"github.com/peaceboard/peaceboard/record"
)

// benchJSON is the wire shape of "bench --json" (SPEC §6.1).
type benchJSON struct {
	Acts      int    `json:"acts"`
	Transport string `json:"transport"` // "engine" (Submit in-process) or "http" (the API on loopback)
	Mix       string `json:"mix"`       // "default" or "all"
	// Kinds counts the acts submitted by kind (with --mix all).
	Kinds             map[string]int `json:"kinds,omitempty"`
	Delegations       int            `json:"delegations"`
	Submitters        int            `json:"submitters"`
	Seconds           float64        `json:"seconds"`
	ActsPerSec        float64        `json:"acts_per_sec"`
	P50ms             float64        `json:"p50_ms"`
	P99ms             float64        `json:"p99_ms"`
	VerifyBoundPerSec float64        `json:"verify_bound_per_sec"` // the mean of the samples before and after the submissions
	Ratio             float64        `json:"ratio"`
	// BoundSamples are the bound's three one-second samples: before the submissions, between
	// them and verify, and after verify. The machine's speed drifts during a long run.
	BoundSamples []float64 `json:"verify_bound_samples"`
	// CheckPerSec is the engine's own signature checks per second on every core
	// (record.VerifyingKey with its table), sampled once after verify: about 2.7 times the
	// bound, which is crypto/ed25519's. The ratios are to the bound.
	CheckPerSec float64 `json:"check_per_sec"`
	PeakRSSMB   float64 `json:"peak_rss_mb"`
	// CPUCores is the CPU time the submissions took over their wall time: how many of the
	// machine's cores they kept busy (0 where the CPU time is unknown).
	CPUCores float64         `json:"cpu_cores"`
	Verify   benchVerifyJSON `json:"verify"`
	Setup    benchSetupJSON  `json:"setup"`
	// Witness is the witnesses' lag, with --witness-policy (bench_witness.go).
	Witness *benchWitnessJSON `json:"witness,omitempty"`
}

type benchVerifyJSON struct {
	Entries       uint64  `json:"entries"`
	Seconds       float64 `json:"seconds"`
	EntriesPerSec float64 `json:"entries_per_sec"`
	CPUCores      float64 `json:"cpu_cores"`
	BoundPerSec   float64 `json:"bound_per_sec"` // the mean of the samples before and after verify
	Ratio         float64 `json:"ratio"`
}

type benchSetupJSON struct {
	Acts    int     `json:"acts"`
	Seconds float64 `json:"seconds"`
}

// benchOptions are the flags of "bench".
type benchOptions struct {
	acts, delegations, submitters int
	overHTTP                      bool
	db                            string // "" for a temporary file
	asJSON                        bool
	boundSample                   time.Duration
	cpuProfile                    string
	mix                           string // "default" or "all"
	seed                          uint64
	witnessPolicy                 string // a policy file: run the witness client (bench_witness.go)
}

// bench measures the write path and verify on a new database, in steps: set up the record and
// sign the workload, time the submissions, time verify, print. The Ed25519 bound is sampled
// before and after each timed step, and each step's ratio is to the mean of its two samples: on
// a shared machine the bound drifts during a run of minutes.
func (m *Main) bench(ctx context.Context, args []string) error {
	opt, err := m.benchFlags(args)
	if err != nil {
		return err
	}
	path, err := benchPath(opt.db)
	if err != nil {
		return err
	}
	if opt.db == "" {
		defer os.RemoveAll(filepath.Dir(path))
	}
	store, err := openStore(ctx, path)
	if err != nil {
		return err
	}
	defer store.Close()
	e, err := engine.Create(ctx, store, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:bench", Origin: "bench"})
	if err != nil {
		return err
	}
	defer e.Close()

	out := benchJSON{Acts: opt.acts, Transport: "engine", Mix: opt.mix, Delegations: opt.delegations, Submitters: opt.submitters}
	load, err := prepareBenchLoad(ctx, e, opt, &out)
	if err != nil {
		return err
	}
	defer load.stop()
	out.BoundSamples = append(out.BoundSamples, ed25519Bound(opt.boundSample))
	var witnesses *benchWitnesses
	if opt.witnessPolicy != "" {
		if witnesses, err = startBenchWitnesses(ctx, e, opt.witnessPolicy); err != nil {
			return err
		}
	}
	if err := m.timeSubmissions(load, opt, &out); err != nil {
		return err
	}
	if witnesses != nil {
		w := witnesses.finish(30 * time.Second)
		out.Witness = &w
	}
	// Verify as a verifier would: without the signed acts this process held for its
	// submitters, nor the writer's state, for the garbage collector to mark again and again.
	load.batches = nil
	if err := e.Close(); err != nil {
		return fmt.Errorf("bench: closing the engine: %w", err)
	}
	runtime.GC()
	if err := timeVerify(ctx, store, e.LogKey().Verifier, opt, &out); err != nil {
		return err
	}
	if opt.asJSON {
		return writeJSON(m.Stdout, out)
	}
	m.printBench(out)
	return nil
}

// benchFlags parses the flags of "bench", which takes no arguments.
func (m *Main) benchFlags(args []string) (benchOptions, error) {
	f := m.newFlags("bench", "[--acts N] [--mix default|all] [--delegations M] [--submitters C] [--http] [--db PATH] [--json] [--witness-policy FILE]")
	var opt benchOptions
	f.IntVar(&opt.acts, "acts", 100000, "signed acts to submit (with --mix all, about as many)")
	f.StringVar(&opt.mix, "mix", "default", "the acts: default, a quarter each of votes, comments, pledges and receipts at one instant; all, every kind of act in a working organization's proportions over years of simulated time")
	f.Uint64Var(&opt.seed, "seed", 1, "with --mix all, the seed of the mix: the same seed makes the same acts")
	f.IntVar(&opt.delegations, "delegations", 100, "simulated member delegations (with --mix all, the founding States; more are invited as years go by)")
	f.IntVar(&opt.submitters, "submitters", 256, "concurrent submitters")
	f.BoolVar(&opt.overHTTP, "http", false, "submit through the JSON API on loopback (a server in this process) instead of to the engine directly")
	f.StringVar(&opt.db, "db", "", "the new database to write (default: a temporary file, removed after)")
	f.BoolVar(&opt.asJSON, "json", false, "print JSON")
	f.DurationVar(&opt.boundSample, "bound-sample", time.Second, "how long each of the three samples of the Ed25519 bound runs")
	f.StringVar(&opt.witnessPolicy, "witness-policy", "", "run the log's witness client with the witnesses of this policy `FILE` during the submissions, and measure the lag from a commit to a published checkpoint that covers it with the policy's quorum (the witnesses must know the bench's log, and hold none of its checkpoints from an earlier run)")
	f.StringVar(&opt.cpuProfile, "cpuprofile", "", "write a CPU profile of the timed submissions to `FILE` (for go tool pprof)")
	if pos, err := f.parse(args); err != nil {
		return opt, err
	} else if len(pos) > 0 {
		return opt, usageError{"bench takes no arguments"}
	}
	if opt.mix != "default" && opt.mix != "all" {
		return opt, usageError{fmt.Sprintf("bench --mix %s: want default or all", opt.mix)}
	}
	if opt.acts < 1 || opt.delegations < 3 || opt.delegations > workload.MaxDelegations() || opt.submitters < 1 || opt.boundSample < 10*time.Millisecond {
		return opt, usageError{fmt.Sprintf("bench needs --acts ≥ 1, %d ≥ --delegations ≥ 3, --submitters ≥ 1 and --bound-sample ≥ 10ms", workload.MaxDelegations())}
	}
	return opt, nil
}

// benchPath returns the database bench writes: db, which must not exist yet, or without it a
// file in a new temporary directory, which the caller removes.
func benchPath(db string) (string, error) {
	if db == "" {
		dir, err := os.MkdirTemp("", "peaceboard-bench-")
		if err != nil {
			return "", err
		}
		return filepath.Join(dir, "bench.db"), nil
	}
	if _, err := os.Stat(db); err == nil && !isPostgres(db) {
		return "", fmt.Errorf("%s exists; bench writes a new database", db)
	}
	return db, nil
}

// A benchLoad is the workload, batch after batch: the acts of a batch may be submitted
// concurrently and in any order; the next batch goes once every act of the batch is in.
type benchLoad struct {
	n int // about how many acts (the progress bar's total)
	// batches calls fn with each batch, made and signed (untimed) before fn is called.
	batches func(fn func(benchBatch) error) error
	stop    func() error // stops the API server of --http; it may be called more than once
}

// A benchBatch is acts ready to submit: submit(i) submits the i-th.
type benchBatch struct {
	n      int
	submit func(i int) error
}

// prepareBenchLoad records the workload's setup (untimed: with the default mix, the delegations
// and their keys, the meeting and the proposals; with --mix all, nothing: the whole mix is
// measured), and, with --http, starts the API server the acts go through. It notes the setup in
// out.
func prepareBenchLoad(ctx context.Context, e *engine.Engine, opt benchOptions, out *benchJSON) (*benchLoad, error) {
	start := time.Now()
	var batches func(fn func([]engine.SignedAct) error) error
	if opt.mix == "all" {
		batches = mixBatches(e, opt, out)
	} else {
		plan := workload.Plan{Count: opt.acts, Delegations: workload.Delegations(opt.delegations), Split: true}
		var err error
		if out.Setup.Acts, err = plan.Setup(ctx, e); err != nil {
			return nil, err
		}
		acts, err := plan.Sign(e)
		if err != nil {
			return nil, err
		}
		// The plan is split: the second half of the acts, an hour after the first, goes once
		// the first half is in.
		batches = func(fn func([]engine.SignedAct) error) error {
			if err := fn(acts[:len(acts)/2]); err != nil {
				return err
			}
			return fn(acts[len(acts)/2:])
		}
	}
	load := &benchLoad{n: opt.acts, stop: func() error { return nil }}
	load.batches = func(fn func(benchBatch) error) error {
		return batches(func(acts []engine.SignedAct) error {
			return fn(benchBatch{n: len(acts), submit: func(i int) error {
				_, err := e.Submit(ctx, acts[i])
				return err
			}})
		})
	}
	if opt.overHTTP {
		out.Transport = "http"
		srv, err := startBenchServer(e)
		if err != nil {
			return nil, err
		}
		c := newBenchClient(srv.URL, opt.submitters)
		load.stop = srv.Close
		load.batches = func(fn func(benchBatch) error) error {
			return batches(func(acts []engine.SignedAct) error {
				wire, err := wireActs(acts)
				if err != nil {
					return err
				}
				return fn(benchBatch{n: len(wire), submit: func(i int) error {
					_, err := c.Submit(ctx, wire[i], "")
					return err
				}})
			})
		}
	}
	out.Setup.Seconds = time.Since(start).Seconds()
	return load, nil
}

// mixBatches returns the batches of the mix of every kind: made a month of simulated time at a
// time, each month's acts signed on every core, then each step of the month a batch. It notes in
// out the acts made, by kind.
func mixBatches(e *engine.Engine, opt benchOptions, out *benchJSON) func(fn func([]engine.SignedAct) error) error {
	return func(fn func([]engine.SignedAct) error) error {
		ring, ok := e.DevKeyring()
		if !ok {
			return fmt.Errorf("bench: the record has no development keyring")
		}
		mix := workload.Mix{Count: opt.acts, Founding: opt.delegations, Seed: opt.seed,
			Key: func(a board.ActorID) string { return base64.StdEncoding.EncodeToString(ring.PublicKey(string(a))) }}
		stats, err := mix.Run(func(steps []workload.Step) error {
			var acts []board.Act
			for _, s := range steps {
				acts = append(acts, s.Acts...)
			}
			signed, err := workload.SignAll(e, acts)
			if err != nil {
				return err
			}
			for _, s := range steps {
				if err := fn(signed[:len(s.Acts)]); err != nil {
					return err
				}
				signed = signed[len(s.Acts):]
			}
			return nil
		})
		out.Acts = stats.Acts
		out.Kinds = map[string]int{}
		for k, n := range stats.Kinds {
			out.Kinds[string(k)] = n
		}
		return err
	}
}

// timeSubmissions submits the load's batches, each from up to opt.submitters goroutines, with
// a progress bar and, with --cpuprofile, a CPU profile, and notes in out its rate, latencies
// and CPU use: of the submissions only, not of making and signing the batches between them. The
// first act that fails stops it.
func (m *Main) timeSubmissions(load *benchLoad, opt benchOptions, out *benchJSON) error {
	bar := newProgress(m.Stderr, "submitting", load.n)
	latencies := make([]time.Duration, 0, load.n)
	var done atomic.Int64
	stopProfile := func() error { return nil }
	if opt.cpuProfile != "" {
		var err error
		if stopProfile, err = startCPUProfile(opt.cpuProfile); err != nil {
			return err
		}
	}
	stopBar := make(chan struct{})
	go func() {
		for {
			select {
			case <-stopBar:
				return
			case <-time.After(100 * time.Millisecond):
				bar.set(min(load.n, int(done.Load())))
			}
		}
	}()
	var elapsed, cpu time.Duration
	err := load.batches(func(b benchBatch) error {
		lat := make([]time.Duration, b.n)
		var next atomic.Int64
		var firstErr atomic.Pointer[error]
		var wg sync.WaitGroup
		start, cpu0 := time.Now(), cpuTime()
		for range min(opt.submitters, b.n) {
			wg.Go(func() {
				for i := int(next.Add(1) - 1); i < b.n; i = int(next.Add(1) - 1) {
					t0 := time.Now()
					if err := b.submit(i); err != nil {
						firstErr.CompareAndSwap(nil, &err)
						return
					}
					lat[i] = time.Since(t0)
					done.Add(1)
				}
			})
		}
		wg.Wait()
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
		latencies = append(latencies, lat...)
		if p := firstErr.Load(); p != nil {
			return *p
		}
		return nil
	})
	close(stopBar)
	bar.done()
	if err := stopProfile(); err != nil {
		return err
	}
	if err != nil {
		if opt.overHTTP {
			return fmt.Errorf("bench: an act failed over HTTP: %w", err)
		}
		return fmt.Errorf("bench: an act was refused: %w", err)
	}
	if err := load.stop(); err != nil {
		return fmt.Errorf("bench: stopping the API server: %w", err)
	}
	slices.Sort(latencies)
	n := len(latencies)
	out.Acts = n
	out.Seconds = elapsed.Seconds()
	out.ActsPerSec = float64(n) / elapsed.Seconds()
	out.CPUCores = cpu.Seconds() / elapsed.Seconds()
	out.P50ms = ms(latencies[n/2])
	out.P99ms = ms(latencies[min(n-1, n*99/100)])
	return nil
}

// timeVerify verifies the record in store as a verifier would, between the second and third
// samples of the bound, and notes in out its rate, the ratios to the bound, the peak memory and
// the engine's own signature checks per second.
func timeVerify(ctx context.Context, store engine.Store, logKey note.Verifier, opt benchOptions, out *benchJSON) error {
	out.BoundSamples = append(out.BoundSamples, ed25519Bound(opt.boundSample))
	out.VerifyBoundPerSec = (out.BoundSamples[0] + out.BoundSamples[1]) / 2
	out.Ratio = out.ActsPerSec / out.VerifyBoundPerSec
	start, cpu := time.Now(), cpuTime()
	res, err := engine.Verify(ctx, engine.StoreSource{Store: store}, logKey, engine.VerifyOptions{})
	if err != nil {
		return fmt.Errorf("bench: verify: %w", err)
	}
	vt, vcpu := time.Since(start), cpuTime()-cpu
	out.Verify = benchVerifyJSON{Entries: res.Checkpoint.Size, Seconds: vt.Seconds(),
		EntriesPerSec: float64(res.Checkpoint.Size) / vt.Seconds(), CPUCores: vcpu.Seconds() / vt.Seconds()}
	out.PeakRSSMB = peakRSSMB()
	out.BoundSamples = append(out.BoundSamples, ed25519Bound(opt.boundSample))
	out.Verify.BoundPerSec = (out.BoundSamples[1] + out.BoundSamples[2]) / 2
	out.Verify.Ratio = out.Verify.EntriesPerSec / out.Verify.BoundPerSec
	out.CheckPerSec = checkBound(opt.boundSample)
	return nil
}

// printBench prints bench's results as text.
func (m *Main) printBench(out benchJSON) {
	via := ""
	if out.Transport == "http" {
		via = " over HTTP"
	}
	fmt.Fprintf(m.Stdout, "write path: %d signed acts%s from %d delegations (%d submitters) in %.2fs: %.0f acts/s, p50 %.2f ms, p99 %.2f ms, %.2f cores busy\n",
		out.Acts, via, out.Delegations, out.Submitters, out.Seconds, out.ActsPerSec, out.P50ms, out.P99ms, out.CPUCores)
	fmt.Fprintf(m.Stdout, "bound:      %.0f Ed25519 verifications/s on %d cores, sampled before and after; write path at %.2f of it\n",
		out.VerifyBoundPerSec, runtime.GOMAXPROCS(0), out.Ratio)
	fmt.Fprintf(m.Stdout, "checks:     %.0f signature checks/s on %d cores by the engine's own check (a key with its table), %.1f times the bound\n",
		out.CheckPerSec, runtime.GOMAXPROCS(0), out.CheckPerSec/out.BoundSamples[2])
	fmt.Fprintf(m.Stdout, "verify:     %d entries in %.2fs: %.0f entries/s, %.2f of the bound (%.0f/s, sampled before and after), %.2f cores busy\n",
		out.Verify.Entries, out.Verify.Seconds, out.Verify.EntriesPerSec, out.Verify.Ratio, out.Verify.BoundPerSec, out.Verify.CPUCores)
	fmt.Fprintf(m.Stdout, "memory:     peak resident %.0f MB; setup %d acts in %.2fs (not measured)\n", out.PeakRSSMB, out.Setup.Acts, out.Setup.Seconds)
	m.printBenchWitnesses(out.Witness)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// ed25519Bound measures this machine's Ed25519 verifications per second on every core.
func ed25519Bound(d time.Duration) float64 {
	pub, priv, _ := ed25519.GenerateKey(nil)
	msg := make([]byte, 300)
	sig := ed25519.Sign(priv, msg)
	return rate(d, func() { ed25519.Verify(pub, msg, sig) })
}

// rate returns how many times per second fn runs, on every core, over d.
func rate(d time.Duration, fn func()) float64 {
	var n atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	start := time.Now()
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				for range 64 {
					fn()
				}
				n.Add(64)
			}
		})
	}
	wg.Wait()
	return float64(n.Load()) / time.Since(start).Seconds()
}

// checkBound measures the engine's own signature checks per second on every core: a
// record.VerifyingKey that has its table, as every key that signs many acts does.
func checkBound(d time.Duration) float64 {
	pub, priv, _ := ed25519.GenerateKey(nil)
	msg := make([]byte, 300)
	sig := record.SignAct(priv, msg)
	k, err := record.NewVerifyingKey(pub)
	if err != nil {
		panic(err) // a key just generated
	}
	return rate(d, func() { k.VerifyAct(msg, sig) })
}

// peakRSSMB returns the process's peak resident set size (VmHWM), in MB, or 0 where unknown.
func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}

// startCPUProfile starts writing a CPU profile to path; the function it returns stops it.
func startCPUProfile(path string) (stop func() error, err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
