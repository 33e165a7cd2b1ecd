package cosigners_test

import (
	"context"
	"encoding/base64"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/internal/cosigners"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// TestCosign: two witnesses, both needed; the published checkpoint follows the log's commits
// with both cosignatures, and passes the policy's check.
func TestCosign(t *testing.T) {
	store, _ := openStore(t, "sqlite")
	defer store.Close()
	l := newLog(t, store)
	defer l.e.Close()
	a, b := newFakeWitness(t, "a.example/w", 1, l.verifier(t)), newFakeWitness(t, "b.example/w", 2, l.verifier(t))
	policy := a.line() + "\n" + b.line() + "\ngroup both all a.example/w b.example/w\nquorum both\n"
	c, _, _ := start(t, l, policy)
	p, _ := record.ParsePolicy([]byte(policy))
	for round := range 3 {
		for range 5 {
			l.comment(t)
		}
		size := l.e.Len()
		cp := waitPublished(t, l.e, size, "a.example/w", "b.example/w")
		got, cs, err := p.Check(cp.Note, l.verifier(t))
		if err != nil {
			t.Fatalf("round %d: %v\n%s", round, err, cp.Note)
		}
		if got.Size != cp.Size || len(cs) != 2 || cs[0].Witness.Name != "a.example/w" {
			t.Errorf("round %d: checkpoint %d, cosignatures %+v", round, got.Size, cs)
		}
		signed, err := l.e.CheckpointAt(context.Background(), cp.Size)
		if err != nil || !strings.HasPrefix(string(cp.Note), string(signed.Note)) {
			t.Errorf("round %d: the published note does not start with the log's (%v)", round, err)
		}
		if !c.Quorum() {
			t.Errorf("round %d: Quorum() = false", round)
		}
	}
	for _, w := range c.Witnesses() {
		if w.Err != nil || w.Size != l.e.Len() || w.At.IsZero() {
			t.Errorf("witness %s: %+v", w.Witness.Name, w)
		}
	}
}

// TestConflict: a witness that cosigned an earlier checkpoint (a previous run of the log)
// answers the first request, from 0, with 409 and its size; the client sends the proof from it.
func TestConflict(t *testing.T) {
	store, _ := openStore(t, "sqlite")
	defer store.Close()
	l := newLog(t, store)
	defer l.e.Close()
	a := newFakeWitness(t, "a.example/w", 1, l.verifier(t))
	earlier, err := record.OpenCheckpoint(l.e.Checkpoint().Note, l.verifier(t))
	if err != nil {
		t.Fatal(err)
	}
	a.size, a.hash = earlier.Size, earlier.Hash
	for range 3 {
		l.comment(t)
	}
	start(t, l, a.line()+"\nquorum a.example/w\n")
	waitPublished(t, l.e, l.e.Len(), "a.example/w")
	if requests, conflicts, size := a.counts(); conflicts != 1 || requests != 2 || size != l.e.Len() {
		t.Errorf("%d requests, %d conflicts, the witness at %d; want 2, 1, %d", requests, conflicts, size, l.e.Len())
	}
}

// TestFailingWitnesses: one witness refuses (422, as an auditing witness whose replay fails),
// one is down, one cosigns: commits go on, the one cosigns them, the quorum (any) is met; each
// failing witness is logged once, with the refusal's reason, not at each retry; a witness that
// recovers is logged once more, and cosigns.
func TestFailingWitnesses(t *testing.T) {
	store, _ := openStore(t, "sqlite")
	defer store.Close()
	l := newLog(t, store)
	defer l.e.Close()
	v := l.verifier(t)
	a, b, down := newFakeWitness(t, "a.example/w", 1, v), newFakeWitness(t, "b.example/w", 2, v), newFakeWitness(t, "down.example/w", 3, v)
	a.set("refuse")
	down.srv.Close()
	policy := a.line() + "\n" + b.line() + "\n" + down.line() + "\ngroup g any a.example/w b.example/w down.example/w\nquorum g\n"
	c, logs, _ := start(t, l, policy)
	for range 10 {
		began := time.Now()
		l.comment(t)
		if d := time.Since(began); d > 2*time.Second {
			t.Errorf("a commit took %v with witnesses failing", d)
		}
	}
	cp := waitPublished(t, l.e, l.e.Len(), "b.example/w")
	if strings.Contains(string(cp.Note), "a.example/w") || !c.Quorum() {
		t.Errorf("published:\n%s\nquorum %v", cp.Note, c.Quorum())
	}
	// Let the failing witnesses be retried a few times.
	deadline := time.Now().Add(5 * time.Second)
	for requests, _, _ := a.counts(); requests < 4 && time.Now().Before(deadline); requests, _, _ = a.counts() {
		time.Sleep(10 * time.Millisecond)
	}
	out := logs.String()
	for _, want := range []string{"witness=a.example/w", "witness=down.example/w"} {
		if n := strings.Count(out, "witness failing"); n != 2 || !strings.Contains(out, want) {
			t.Errorf("%d lines of failing witnesses, want 2 (one of %s):\n%s", n, want, out)
		}
	}
	if !strings.Contains(out, "entry 3: refused by rule R7 on replay") {
		t.Errorf("the refusal's reason is not logged:\n%s", out)
	}
	st := c.Witnesses()
	if st[0].Err == nil || !strings.Contains(st[0].Err.Error(), "422") || st[1].Err != nil || st[2].Err == nil || st[1].Size != l.e.Len() {
		t.Errorf("states: %+v", st)
	}

	a.set("")
	l.comment(t)
	waitPublished(t, l.e, l.e.Len(), "a.example/w", "b.example/w")
	if out := logs.String(); strings.Count(out, "witness cosigning") != 2 {
		t.Errorf("want two lines of witnesses cosigning (b, then a recovered):\n%s", out)
	}
}

// TestNoQuorum: while the quorum is not met, the checkpoint with the most cosignatures is
// published; once it is, the newest that meets it.
func TestNoQuorum(t *testing.T) {
	store, _ := openStore(t, "sqlite")
	defer store.Close()
	l := newLog(t, store)
	defer l.e.Close()
	v := l.verifier(t)
	a, b := newFakeWitness(t, "a.example/w", 1, v), newFakeWitness(t, "b.example/w", 2, v)
	b.set("busy")
	c, _, _ := start(t, l, a.line()+"\n"+b.line()+"\ngroup both all a.example/w b.example/w\nquorum both\n")
	l.comment(t)
	waitPublished(t, l.e, l.e.Len(), "a.example/w")
	if c.Quorum() {
		t.Error("Quorum() = true with one of two")
	}
	b.set("")
	l.comment(t)
	cp := waitPublished(t, l.e, l.e.Len(), "a.example/w", "b.example/w")
	if !c.Quorum() || cp.Size != l.e.Len() {
		t.Errorf("quorum %v at %d, want true at %d", c.Quorum(), cp.Size, l.e.Len())
	}
	// b stops: the checkpoint both cosigned stays published while a cosigns newer ones alone.
	b.set("busy")
	quorate := cp.Size
	l.comment(t)
	deadline := time.Now().Add(5 * time.Second)
	for _, _, size := a.counts(); size < l.e.Len() && time.Now().Before(deadline); _, _, size = a.counts() {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	if got := l.e.Published(); got.Size != quorate || !c.Quorum() {
		t.Errorf("published %d (quorum %v), want %d, the last with a quorum", got.Size, c.Quorum(), quorate)
	}
	// However many rounds a cosigns alone, the store keeps its cosignature of the published
	// checkpoint and its latest, and b's of the published one.
	deadline = time.Now().Add(10 * time.Second)
	for range 5 {
		l.comment(t)
		for _, _, size := a.counts(); size < l.e.Len() && time.Now().Before(deadline); _, _, size = a.counts() {
			time.Sleep(5 * time.Millisecond)
		}
	}
	time.Sleep(100 * time.Millisecond) // a save
	var stored []engine.StoredCosignature
	if err := l.e.Cosignatures(context.Background(), func(s engine.StoredCosignature) error { stored = append(stored, s); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(stored) != 3 || stored[0].Size != quorate || stored[1].Size != quorate || stored[2].Size != l.e.Len() {
		t.Errorf("stored after rounds without a quorum: %+v", stored)
	}
}

// TestRestart: cosignatures are kept in the store, and a restarted server publishes them
// before any witness answers (SQLite and PostgreSQL); one changed in the store is dropped.
func TestRestart(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			if kind == "postgres" && testing.Short() {
				t.Skip("short")
			}
			store, reopen := openStore(t, kind)
			l := newLog(t, store)
			v := l.verifier(t)
			a, b := newFakeWitness(t, "a.example/w", 1, v), newFakeWitness(t, "b.example/w", 2, v)
			policy := a.line() + "\n" + b.line() + "\ngroup both all a.example/w b.example/w\nquorum both\n"
			_, _, stop := start(t, l, policy)
			l.comment(t)
			want := waitPublished(t, l.e, l.e.Len(), "a.example/w", "b.example/w")
			stop() // saves what it has not saved yet
			l.e.Close()
			store.Close()
			a.srv.Close()
			b.srv.Close()

			store = reopen()
			defer store.Close()
			e, err := engine.Open(context.Background(), store)
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			if got := e.Published(); string(got.Note) == string(want.Note) {
				t.Fatal("published before the client loaded")
			}
			p, _ := record.ParsePolicy([]byte(policy))
			restarted := &testLog{e: e, store: store}
			c := load(t, restarted, p)
			if got := e.Published(); string(got.Note) != string(want.Note) || !c.Quorum() {
				t.Errorf("after a restart, published:\n%s\nwant:\n%s", got.Note, want.Note)
			}

			// A stored cosignature changed: dropped, with the quorum it made.
			var stored []engine.StoredCosignature
			e.Cosignatures(context.Background(), func(s engine.StoredCosignature) error { stored = append(stored, s); return nil })
			if len(stored) != 2 {
				t.Fatalf("stored: %+v", stored)
			}
			sig, _ := base64.StdEncoding.DecodeString(strings.Fields(stored[1].Line)[2])
			sig[len(sig)-1] ^= 1
			stored[1].Line = "— " + strings.Fields(stored[1].Line)[1] + " " + base64.StdEncoding.EncodeToString(sig) + "\n"
			if err := e.SaveCosignatures(context.Background(), stored[1:], 0); err != nil {
				t.Fatal(err)
			}
			e.SetPublished(engine.SignedCheckpoint{})
			c = load(t, restarted, p)
			if got := e.Published(); strings.Contains(string(got.Note), stored[1].Line) || c.Quorum() {
				t.Errorf("a changed cosignature is published:\n%s", got.Note)
			}
		})
	}
}

func load(t *testing.T, l *testLog, p *record.Policy) interface{ Quorum() bool } {
	t.Helper()
	c, err := newClient(l, l.verifier(t), p)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	return c
}

// publishedApart is a log whose published checkpoint is its own, apart from the engine's: a
// second process's view of the same record.
type publishedApart struct {
	*engine.Engine
	mu        sync.Mutex
	published engine.SignedCheckpoint
}

func (p *publishedApart) SetPublished(cp engine.SignedCheckpoint) {
	p.mu.Lock()
	p.published = cp
	p.mu.Unlock()
}

func (p *publishedApart) get() engine.SignedCheckpoint {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.published
}

// TestNotTheWriter: a process that is not the record's writer (Options.Active false) sends
// nothing to the witnesses, and publishes the cosignatures the writer's client stores.
func TestNotTheWriter(t *testing.T) {
	store, _ := openStore(t, "sqlite")
	defer store.Close()
	l := newLog(t, store)
	defer l.e.Close()
	a := newFakeWitness(t, "a.example/w", 1, l.verifier(t))
	policy := a.line() + "\nquorum a.example/w\n"
	start(t, l, policy)
	l.comment(t)
	want := waitPublished(t, l.e, l.e.Len(), "a.example/w")

	p, _ := record.ParsePolicy([]byte(policy))
	follower := &publishedApart{Engine: l.e}
	c, err := cosigners.New(follower, l.verifier(t), p, cosigners.Options{
		Logger: slog.New(slog.DiscardHandler), SaveEvery: 10 * time.Millisecond, Active: func() bool { return false }})
	if err != nil {
		t.Fatal(err)
	}
	before, _, _ := a.counts()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(5 * time.Second)
	for string(follower.get().Note) != string(want.Note) {
		if time.Now().After(deadline) {
			t.Fatalf("the follower publishes:\n%s\nwant what the writer's client stored:\n%s", follower.get().Note, want.Note)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	if after, _, _ := a.counts(); after != before {
		t.Errorf("the follower sent %d requests to the witness", after-before)
	}
}

// lagging is a log that gives, once, an older checkpoint than its latest: a process that has not
// followed the writer's last commits yet.
type lagging struct {
	*engine.Engine
	older engine.SignedCheckpoint
	once  atomic.Bool
}

func (l *lagging) Checkpoint() engine.SignedCheckpoint {
	if l.once.CompareAndSwap(true, false) {
		return l.older
	}
	return l.Engine.Checkpoint()
}

// TestWitnessAhead: a witness that cosigned a newer checkpoint than the one sent (409 with a
// larger size) is sent the latest, which reaches it: no error.
func TestWitnessAhead(t *testing.T) {
	store, _ := openStore(t, "sqlite")
	defer store.Close()
	l := newLog(t, store)
	defer l.e.Close()
	older := l.e.Checkpoint()
	l.comment(t)
	a := newFakeWitness(t, "a.example/w", 1, l.verifier(t))
	latest, err := record.OpenCheckpoint(l.e.Checkpoint().Note, l.verifier(t))
	if err != nil {
		t.Fatal(err)
	}
	a.size, a.hash = latest.Size, latest.Hash
	p, _ := record.ParsePolicy([]byte(a.line() + "\nquorum a.example/w\n"))
	logs := &syncBuffer{}
	log := &lagging{Engine: l.e, older: older}
	c, err := cosigners.New(log, l.verifier(t), p, cosigners.Options{Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	log.once.Store(true) // the first checkpoint the client takes is the older one
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitPublished(t, l.e, latest.Size, "a.example/w")
	if requests, conflicts, _ := a.counts(); conflicts != 1 || requests != 2 || strings.Contains(logs.String(), "failing") {
		t.Errorf("%d requests, %d conflicts; want 2 and 1, and no failure:\n%s", requests, conflicts, logs)
	}
}
