package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/postgres"
	"github.com/peaceboard/peaceboard/internal/postgres/pgtest"
	"github.com/peaceboard/peaceboard/record"
)

// The takeover test runs real processes on one PostgreSQL database: this test binary, started
// again in a helper mode (TestHelperProcess), as "peaceboard serve" or as a workload submitter
// that takes part in the writer election exactly as serve does, and submits acts through its
// engine (the JSON API's write endpoints are not there yet). A submitter prints "ack N" once
// act N is acknowledged: durable, in a signed checkpoint.

// helperEnv selects the helper mode of the test binary.
const helperEnv = "PEACEBOARD_TEST_HELPER"

// workloadSetup makes the record the submitters write to: ten member States and a proposal
// open for comment.
const workloadSetup = `rules: board-of-peace
acts:
  - {at: "2026-03-01T10:00:00Z", by: chairman, act: invite, state: ABW}
  - {at: "2026-03-01T10:00:00Z", by: chairman, act: invite, state: AFG}
  - {at: "2026-03-01T10:00:00Z", by: chairman, act: invite, state: AGO}
  - {at: "2026-03-01T10:00:00Z", by: chairman, act: invite, state: AIA}
  - {at: "2026-03-01T10:00:00Z", by: state:ABW, act: consent, instrument: signature}
  - {at: "2026-03-01T10:00:00Z", by: state:AFG, act: consent, instrument: signature}
  - {at: "2026-03-01T10:00:00Z", by: state:AGO, act: consent, instrument: signature}
  - {at: "2026-03-01T10:00:00Z", by: state:AIA, act: consent, instrument: signature}
  - {at: "2026-03-01T10:00:00Z", by: chairman, act: propose, id: p1, kind: initiative, title: Takeover test}
`

var workloadStates = []board.StateCode{"ABW", "AFG", "AGO", "AIA"}

// workloadAct is the workload's act n: a comment whose text names n.
func workloadAct(n int) board.Act {
	return board.Act{At: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), By: board.StateActor(workloadStates[n%len(workloadStates)]),
		Body: &board.Comment{Proposal: "p1", Text: fmt.Sprintf("Takeover item %d.", n)}}
}

var workloadItem = regexp.MustCompile(`Takeover item (\d+)\.`)

// workloadCounts returns how many times each workload act is in the record at dsn.
func workloadCounts(ctx context.Context, store engine.Store) (map[int]int, error) {
	counts := map[int]int{}
	err := store.Entries(ctx, 0, func(en record.Entry) error {
		if m := workloadItem.FindSubmatch(en.Act); m != nil && en.Kind == "comment" {
			n, _ := strconv.Atoi(string(m[1]))
			counts[n]++
		}
		return nil
	})
	return counts, err
}

// TestHelperProcess is not a test: it is the body of the helper processes.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		t.Skip("a helper process for TestWriterKilledMidStream and TestBenchOverHTTPSurvivesSIGKILL")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch mode {
	case "peaceboard":
		m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now, Getenv: os.Getenv,
			ready: func(addr string) { fmt.Println("listening " + addr) }}
		err = m.Run(ctx, args)
	case "submit":
		err = submitWorkload(ctx, args[0], os.Stdin, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// submitWorkload is a submitter process. It takes part in the writer election as serve does;
// once elected, it reads commands on in: "submit FROM TO" submits the workload acts in
// [FROM, TO) that the record does not hold yet, 8 at a time, printing "ack N" for each act
// acknowledged and "done" at the end. It prints "writer" when elected. It exits when in ends.
func submitWorkload(ctx context.Context, dsn string, in io.Reader, out io.Writer) error {
	e, closeDB, err := openExisting(ctx, dsn)
	if err != nil {
		return err
	}
	defer closeDB()
	run, stop := context.WithCancel(ctx)
	defer stop()
	replicate(run, e, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for !e.Writer() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	var mu sync.Mutex
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(out, format+"\n", args...)
	}
	say("writer")
	lines := bufio.NewScanner(in)
	for lines.Scan() {
		var from, to int
		if _, err := fmt.Sscanf(lines.Text(), "submit %d %d", &from, &to); err != nil {
			return err
		}
		if err := submitRange(ctx, e, from, to, say); err != nil {
			return err
		}
		say("done")
	}
	return nil
}

// submitRange submits the workload acts in [from, to) that the record does not hold. An act
// whose submission failed is retried only once the record shows it is not there: its commit
// may have been stored although its answer was lost. So no act is applied twice.
func submitRange(ctx context.Context, e *engine.Engine, from, to int, say func(string, ...any)) error {
	var mu sync.Mutex
	held := func() (map[int]int, error) {
		mu.Lock()
		defer mu.Unlock()
		counts := map[int]int{}
		err := e.ReadEntries(ctx, 0, e.Len(), func(en record.Entry) error {
			if m := workloadItem.FindSubmatch(en.Act); m != nil {
				n, _ := strconv.Atoi(string(m[1]))
				counts[n]++
			}
			return nil
		})
		return counts, err
	}
	counts, err := held()
	if err != nil {
		return err
	}
	work := make(chan int)
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for n := range work {
				for {
					sa, err := e.SignDev(workloadAct(n))
					if err != nil {
						errs <- err
						return
					}
					if _, err := e.Submit(ctx, sa); err == nil {
						say("ack %d", n)
						break
					}
					if ctx.Err() != nil {
						errs <- ctx.Err()
						return
					}
					time.Sleep(20 * time.Millisecond)
					c, err := held()
					if err != nil {
						errs <- err
						return
					}
					if c[n] > 0 {
						break
					}
				}
			}
		})
	}
	for n := from; n < to; n++ {
		if counts[n] == 0 {
			work <- n
		}
	}
	close(work)
	wg.Wait()
	close(errs)
	return <-errs
}

// helper is a running helper process.
type helper struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string // its standard output, line by line; closed at its end
}

func startHelper(t *testing.T, mode string, args ...string) *helper {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), helperEnv+"="+mode)
	stderr := new(strings.Builder)
	cmd.Stderr = stderr // read once the process has ended
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &helper{cmd: cmd, stdin: stdin, lines: make(chan string, 10000)}
	go func() {
		defer close(h.lines)
		s := bufio.NewScanner(stdout)
		for s.Scan() {
			h.lines <- s.Text()
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("%s helper %v, standard error:\n%s", mode, args, stderr)
		}
	})
	return h
}

// line reads one line of h's output, recording it in acks if it acknowledges an act.
func (h *helper) line(t *testing.T, acks map[int]bool, timeout time.Duration) string {
	t.Helper()
	select {
	case l, ok := <-h.lines:
		if !ok {
			t.Fatal("the helper ended")
		}
		if n, found := strings.CutPrefix(l, "ack "); found {
			k, _ := strconv.Atoi(n)
			acks[k] = true
		}
		return l
	case <-time.After(timeout):
		t.Fatalf("nothing from the helper after %v", timeout)
	}
	return ""
}

// await reads h's lines until one equals want, recording acks on the way.
func (h *helper) await(t *testing.T, want string, acks map[int]bool, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for h.line(t, acks, time.Until(deadline)) != want {
	}
}

// healthz returns a server's role and entry count.
func healthz(t *testing.T, addr string) (string, int) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var n int
	fmt.Sscanf(string(body), "ok %d entries", &n)
	return resp.Header.Get("Peaceboard-Role"), n
}

// TestWriterKilledMidStream kills the writer process (SIGKILL) while it acknowledges acts; a
// second process takes over, and the record holds every acknowledged act exactly once and
// verifies. A server process then follows the new writer within a second, refuses writes with
// 503, and becomes the writer when the other one leaves.
func TestWriterKilledMidStream(t *testing.T) {
	if testing.Short() {
		t.Skip("runs several processes")
	}
	dsn := pgtest.DSN(t)
	if _, err := run(t, "replay", writeFile(t, "setup.yaml", workloadSetup), "--db", dsn); err != nil {
		t.Fatal(err)
	}
	const total = 400
	acked := map[int]bool{}

	a := startHelper(t, "submit", dsn)
	a.await(t, "writer", acked, 30*time.Second)
	b := startHelper(t, "submit", dsn)
	time.Sleep(300 * time.Millisecond) // b is up, following
	fmt.Fprintf(a.stdin, "submit 0 %d\n", total)
	for len(acked) < 60 {
		a.line(t, acked, 30*time.Second)
	}
	if err := a.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	for l := range a.lines { // what it printed before dying was acknowledged
		if n, ok := strings.CutPrefix(l, "ack "); ok {
			k, _ := strconv.Atoi(n)
			acked[k] = true
		}
	}
	a.cmd.Wait()
	if len(acked) >= total {
		t.Fatalf("the writer acknowledged all %d acts before it was killed: nothing was in flight", total)
	}
	t.Logf("killed the writer after %d acknowledged acts", len(acked))

	b.await(t, "writer", acked, 30*time.Second)
	takeover := time.Since(killed)
	t.Logf("the other process took over in %v", takeover)
	if takeover > 5*time.Second {
		t.Errorf("takeover took %v, want a few seconds at most", takeover)
	}
	fmt.Fprintf(b.stdin, "submit 0 %d\n", total)
	b.await(t, "done", acked, 60*time.Second)

	ctx := context.Background()
	store, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	counts, err := workloadCounts(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	for n := range total {
		if counts[n] != 1 {
			t.Errorf("act %d is %d times in the record (acknowledged: %v), want once", n, counts[n], acked[n])
		}
	}
	if out, err := run(t, "verify", "--db", dsn); err != nil || !strings.Contains(out, "verified") {
		t.Errorf("verify after the takeover: %v\n%s", err, out)
	}

	// A server started now follows the writer (b) and refuses writes.
	c := startHelper(t, "peaceboard", "serve", "--db", dsn, "--addr", "127.0.0.1:0")
	addr := awaitListening(t, c)
	if r, _ := healthz(t, addr); r != "follower" {
		t.Fatalf("the server's role = %q, want follower while another process writes", r)
	}
	resp, err := http.Post("http://"+addr+"/api/v1/acts", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	var problem struct {
		Status int    `json:"status"`
		Kind   string `json:"kind"`
	}
	json.NewDecoder(resp.Body).Decode(&problem)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || problem.Kind != "unavailable" {
		t.Errorf("a write to a follower = %d, Retry-After %q, problem %+v; want 503 with Retry-After, kind unavailable",
			resp.StatusCode, resp.Header.Get("Retry-After"), problem)
	}
	fmt.Fprintf(b.stdin, "submit %d %d\n", total, total+20)
	b.await(t, "done", acked, 30*time.Second)
	written := time.Now()
	var want int
	if err := store.Checkpoints(ctx, 0, func(cp engine.SignedCheckpoint) error { want = int(cp.Size); return nil }); err != nil {
		t.Fatal(err)
	}
	for {
		if _, n := healthz(t, addr); n == want {
			break
		}
		if time.Since(written) > 3*time.Second {
			t.Fatalf("the follower did not reach the writer's %d entries", want)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("the follower followed in %v", time.Since(written))
	if d := time.Since(written); d > time.Second {
		t.Errorf("the follower took %v to follow, want under a second", d)
	}

	// The writer leaves cleanly: the server takes over.
	b.stdin.Close()
	if err := b.cmd.Wait(); err != nil {
		t.Errorf("the submitter's exit: %v", err)
	}
	left := time.Now()
	for {
		if r, _ := healthz(t, addr); r == "writer" {
			break
		}
		if time.Since(left) > 5*time.Second {
			t.Fatal("the server did not take over from the writer that left")
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	if err := c.cmd.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}
}

// awaitListening returns the address serve listens on, which the helper mode prints.
func awaitListening(t *testing.T, h *helper) string {
	t.Helper()
	select {
	case l, ok := <-h.lines:
		if !ok {
			t.Fatal("serve ended before listening")
		}
		addr, found := strings.CutPrefix(l, "listening ")
		if !found {
			t.Fatalf("serve printed %q, want its address", l)
		}
		return addr
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}
