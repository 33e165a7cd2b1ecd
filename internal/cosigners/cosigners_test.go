package cosigners_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/cosigners"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/postgres"
	"github.com/peaceboard/peaceboard/internal/postgres/pgtest"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/record"
	"github.com/peaceboard/peaceboard/scenario"
)

// A fakeWitness is a tlog-witness made for the tests, from the spec: it checks the log's
// signature, the old size against the one it cosigned last (409), the consistency proof (422),
// and cosigns with a record.Cosigner. A mode makes it fail.
type fakeWitness struct {
	cosigner *record.Cosigner
	logKey   note.Verifier
	srv      *httptest.Server

	mu        sync.Mutex
	size      uint64
	hash      tlog.Hash
	mode      string // "": cosign; "refuse": 422 as an auditing witness whose replay fails; "busy": 503
	requests  int
	conflicts int
}

func newFakeWitness(t *testing.T, name string, seed byte, logKey note.Verifier) *fakeWitness {
	t.Helper()
	c, err := record.NewCosigner(name, ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize)))
	if err != nil {
		t.Fatal(err)
	}
	w := &fakeWitness{cosigner: c, logKey: logKey}
	w.srv = httptest.NewServer(w)
	t.Cleanup(w.srv.Close)
	return w
}

func (w *fakeWitness) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.requests++
	if r.Method != http.MethodPost || r.URL.Path != "/add-checkpoint" {
		http.NotFound(rw, r)
		return
	}
	switch w.mode {
	case "refuse":
		http.Error(rw, "entry 3: refused by rule R7 on replay", http.StatusUnprocessableEntity)
		return
	case "busy":
		http.Error(rw, "busy", http.StatusServiceUnavailable)
		return
	}
	body, _ := io.ReadAll(r.Body)
	a, err := record.ParseAddCheckpoint(body)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadRequest)
		return
	}
	cp, err := record.OpenCheckpoint(a.Checkpoint, w.logKey)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusForbidden)
		return
	}
	if a.OldSize > cp.Size {
		http.Error(rw, "old size after the checkpoint", http.StatusBadRequest)
		return
	}
	if a.OldSize != w.size || a.OldSize == cp.Size && cp.Hash != w.hash {
		w.conflicts++
		rw.Header().Set("Content-Type", "text/x.tlog.size")
		rw.WriteHeader(http.StatusConflict)
		fmt.Fprintf(rw, "%d\n", w.size)
		return
	}
	if a.OldSize > 0 && a.OldSize < cp.Size {
		if err := tlog.CheckTree(a.Proof, int64(cp.Size), cp.Hash, int64(a.OldSize), w.hash); err != nil {
			http.Error(rw, err.Error(), http.StatusUnprocessableEntity)
			return
		}
	}
	w.size, w.hash = cp.Size, cp.Hash
	n, _ := note.Open(a.Checkpoint, note.VerifierList(w.logKey))
	signed, err := note.Sign(&note.Note{Text: n.Text}, w.cosigner)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	_, sigs, _ := bytes.Cut(signed, []byte("\n\n"))
	rw.Write(sigs)
}

func (w *fakeWitness) set(mode string) {
	w.mu.Lock()
	w.mode = mode
	w.mu.Unlock()
}

func (w *fakeWitness) counts() (requests, conflicts int, size uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.requests, w.conflicts, w.size
}

func (w *fakeWitness) line() string {
	return fmt.Sprintf("witness %s %x %s", w.cosigner.Name(), w.cosigner.Public(), w.srv.URL)
}

// testLog is a record on a store, with its engine.
type testLog struct {
	e     *engine.Engine
	store engine.Store
	n     int // comments made
}

// openStore opens a new store of the kind named ("sqlite", "postgres"), and a function that
// opens it again.
func openStore(t *testing.T, kind string) (engine.Store, func() engine.Store) {
	t.Helper()
	ctx := context.Background()
	var open func() engine.Store
	switch kind {
	case "sqlite":
		path := filepath.Join(t.TempDir(), "log.db")
		open = func() engine.Store {
			db, err := sqlite.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			return db
		}
	case "postgres":
		dsn := pgtest.DSN(t)
		open = func() engine.Store {
			db, err := postgres.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			return db
		}
	}
	return open(), open
}

// newLog makes a record: the demo, then a proposal to comment on.
func newLog(t *testing.T, store engine.Store) *testLog {
	t.Helper()
	ctx := context.Background()
	e, err := engine.Create(ctx, store, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:witness", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := replay.Run(ctx, e, scenario.Demo(), replay.Options{}); err != nil {
		t.Fatal(err)
	}
	l := &testLog{e: e, store: store}
	l.submit(t, board.Chairman, &board.Propose{ID: "witnessed", Type: "initiative", Title: "Witnessed"})
	return l
}

var commentTime = time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)

func (l *testLog) submit(t *testing.T, by board.ActorID, body board.Body) {
	t.Helper()
	l.n++
	if _, err := l.e.SubmitDev(context.Background(), board.Act{At: commentTime.Add(time.Duration(l.n) * time.Minute), By: by, Body: body}); err != nil {
		t.Fatal(err)
	}
}

func (l *testLog) comment(t *testing.T) {
	t.Helper()
	l.submit(t, "state:KAZ", &board.Comment{Proposal: "witnessed", Text: fmt.Sprintf("Comment %d.", l.n)})
}

func (l *testLog) verifier(t *testing.T) note.Verifier {
	t.Helper()
	v, err := note.NewVerifier(l.e.Meta().LogKey)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// start runs a client of policy over l until the test ends; it returns the client and the log
// lines it writes.
func start(t *testing.T, l *testLog, policy string) (*cosigners.Client, *syncBuffer, func()) {
	t.Helper()
	p, err := record.ParsePolicy([]byte(policy))
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	c, err := cosigners.New(l.e, l.verifier(t), p, cosigners.Options{
		Logger:     slog.New(slog.NewTextHandler(logs, nil)),
		MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond, SaveEvery: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	stop := func() { cancel(); <-done }
	t.Cleanup(stop)
	return c, logs, sync.OnceFunc(stop)
}

// waitPublished waits until the published checkpoint covers size and has cosignatures from
// the witnesses named, and returns it.
func waitPublished(t *testing.T, e *engine.Engine, size uint64, names ...string) engine.SignedCheckpoint {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		cp := e.Published()
		ok := cp.Size >= size
		for _, n := range names {
			ok = ok && strings.Contains(string(cp.Note), "— "+n+" ")
		}
		if ok {
			return cp
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint of %d entries or more cosigned by %v published; the latest published:\n%s", size, names, cp.Note)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newClient(l *testLog, v note.Verifier, p *record.Policy) (*cosigners.Client, error) {
	return cosigners.New(l.e, v, p, cosigners.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}
