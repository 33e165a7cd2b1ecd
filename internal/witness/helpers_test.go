package witness_test

import (
	"bytes"
	"context"
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
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/witness"
	"github.com/peaceboard/peaceboard/record"
)

var day0 = time.Date(2026, 1, 19, 12, 0, 0, 0, time.UTC)

// newRecord returns a development record (keyring "dev:witness", so that two records made alike
// share their log key) whose Chairman has invited the first n States of the charter's list.
func newRecord(t testing.TB, states ...string) *engine.Engine {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:witness", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	invite(t, e, states...)
	return e
}

// invite has the Chairman invite States, an hour after the record's last act each.
func invite(t testing.TB, e *engine.Engine, states ...string) {
	t.Helper()
	for _, code := range states {
		at := day0.Add(time.Duration(e.Len()) * time.Hour)
		if _, err := e.SubmitDev(context.Background(), board.Act{At: at, By: board.Chairman, Body: &board.Invite{State: board.StateCode(code)}}); err != nil {
			t.Fatal(err)
		}
	}
}

// serveLog serves e's log (/log/checkpoint, /log/key, /log/tile/...) and returns the server's URL.
func serveLog(t *testing.T, e *engine.Engine) string {
	t.Helper()
	mux := http.NewServeMux()
	api.NewLog(e, slog.New(slog.DiscardHandler)).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// A fakeLog is a log whose operator appends what it likes: it signs checkpoints with a real
// log key and serves the entry bundles of its leaves.
type fakeLog struct {
	key *record.LogKey
	mu  sync.Mutex
	// leaves are the entries the tree is made of; served, if set, replaces the leaves the
	// bundles give (a log that serves other entries than it signed).
	leaves, served [][]byte
	URL            string
}

// fakeOf returns a fake log holding e's entries, under e's log key.
func fakeOf(t testing.TB, e *engine.Engine) *fakeLog {
	t.Helper()
	l := &fakeLog{key: e.LogKey()}
	if err := e.ReadEntries(context.Background(), 0, e.Len(), func(en record.Entry) error {
		l.leaves = append(l.leaves, en.Leaf().Bytes())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /log/tile/entries/", l.bundle)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	l.URL = srv.URL
	return l
}

func (l *fakeLog) bundle(w http.ResponseWriter, r *http.Request) {
	p, err := record.ParseTilePath(strings.TrimPrefix(r.URL.Path, "/log/"))
	l.mu.Lock()
	leaves := l.leaves
	if l.served != nil {
		leaves = l.served
	}
	l.mu.Unlock()
	if err != nil || !record.TileReady(p, int64(len(leaves))) {
		http.NotFound(w, r)
		return
	}
	var b []byte
	for _, leaf := range leaves[p.N*record.TileWidth : p.N*record.TileWidth+int64(p.W)] {
		b, _ = record.AppendBundleEntry(b, leaf)
	}
	w.Write(b)
}

// tree returns the tree of the first n leaves.
func (l *fakeLog) tree(t testing.TB, n uint64) *record.Tree {
	t.Helper()
	var tr record.Tree
	for _, leaf := range l.leaves[:n] {
		if _, err := tr.Append(leaf); err != nil {
			t.Fatal(err)
		}
	}
	return &tr
}

// checkpoint returns the log's signed checkpoint of its first n leaves.
func (l *fakeLog) checkpoint(t testing.TB, n uint64) []byte {
	t.Helper()
	root, err := l.tree(t, n).Root(int64(n))
	if err != nil {
		t.Fatal(err)
	}
	return sign(t, l.key, record.Checkpoint{Origin: l.key.Verifier.Name(), Size: n, Hash: root})
}

// proof returns the consistency proof from old to n leaves.
func (l *fakeLog) proof(t testing.TB, old, n uint64) tlog.TreeProof {
	t.Helper()
	if old == 0 {
		return nil
	}
	p, err := l.tree(t, n).ProveConsistency(int64(old), int64(n))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// request returns the add-checkpoint request from old to the first n leaves.
func (l *fakeLog) request(t testing.TB, old, n uint64) record.AddCheckpoint {
	return record.AddCheckpoint{OldSize: old, Proof: l.proof(t, old, n), Checkpoint: l.checkpoint(t, n)}
}

func sign(t testing.TB, k *record.LogKey, c record.Checkpoint) []byte {
	t.Helper()
	msg, err := c.Sign(k.Signer)
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

// engineRequest returns the add-checkpoint request from old to e's latest checkpoint.
func engineRequest(t *testing.T, e *engine.Engine, old uint64) record.AddCheckpoint {
	t.Helper()
	req := record.AddCheckpoint{OldSize: old, Checkpoint: e.Checkpoint().Note}
	if old > 0 {
		p, err := e.ProveConsistency(old, e.Len())
		if err != nil {
			t.Fatal(err)
		}
		req.Proof = p
	}
	return req
}

// forgedLeaf returns the leaf of an act signed with e's development keys, as the holder of the
// log key could append it whatever the rules say of it.
func forgedLeaf(t *testing.T, e *engine.Engine, a board.Act) []byte {
	t.Helper()
	sa, err := e.SignDev(a)
	if err != nil {
		t.Fatal(err)
	}
	canonical, err := sa.Act.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	return record.Leaf{Act: canonical, KeyID: string(sa.KeyID), Signature: sa.Signature}.Bytes()
}

// A testWitness is a witness served over HTTP.
type testWitness struct {
	*witness.Witness
	URL      string
	verifier *record.CosignatureVerifier
	logs     *bytes.Buffer // its log lines
	close    func()
}

// witnessKey is the cosigner key the tests' witnesses share (as one witness restarted would).
var witnessKey = func() string {
	k, err := record.NewCosignerKey("witness.example/w1")
	if err != nil {
		panic(err)
	}
	return k
}()

// startWitness opens a witness on the database at db for logs and serves it.
func startWitness(t *testing.T, db string, audit bool, logs ...witness.Log) *testWitness {
	t.Helper()
	c, err := record.ParseCosignerKey(witnessKey)
	if err != nil {
		t.Fatal(err)
	}
	v, err := record.ParseCosignerVerifierKey(c.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := witness.Open(context.Background(), witness.Config{Cosigner: c, Logs: logs, Audit: audit, DB: db,
		Logger: slog.New(slog.NewTextHandler(&syncWriter{w: &buf}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler())
	tw := &testWitness{Witness: w, URL: srv.URL, verifier: v, logs: &buf}
	var once sync.Once
	tw.close = func() { once.Do(func() { srv.Close(); w.Close() }) }
	t.Cleanup(tw.close)
	return tw
}

// syncWriter serializes writes to w.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// A response is what the witness answered.
type response struct {
	status int
	ctype  string
	body   string
}

func (w *testWitness) post(t *testing.T, body []byte) response {
	t.Helper()
	resp, err := http.Post(w.URL+"/add-checkpoint", "text/plain", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header.Get("Content-Type"), string(b)}
}

func (w *testWitness) add(t *testing.T, req record.AddCheckpoint) response {
	t.Helper()
	return w.post(t, req.Marshal())
}

// mustCosign asks the witness to cosign req and checks that the answer is a cosignature of the
// checkpoint that verifies with the witness's key.
func (w *testWitness) mustCosign(t *testing.T, req record.AddCheckpoint) {
	t.Helper()
	r := w.add(t, req)
	if r.status != http.StatusOK {
		t.Fatalf("add-checkpoint (old %d): %d %s", req.OldSize, r.status, r.body)
	}
	w.checkCosignature(t, req.Checkpoint, r.body)
}

func (w *testWitness) checkCosignature(t *testing.T, checkpoint []byte, lines string) {
	t.Helper()
	if !strings.HasPrefix(lines, "— ") || !strings.HasSuffix(lines, "\n") {
		t.Fatalf("the answer is not note signature lines: %q", lines)
	}
	// The answer is parsed as the spec says: appended to the checkpoint, opened with the
	// witness's key alone.
	n, err := note.Open(append(bytes.Clone(checkpoint), lines...), note.VerifierList(w.verifier))
	if err != nil {
		t.Fatalf("the cosignature does not verify: %v", err)
	}
	if len(n.Sigs) != 1 {
		t.Fatalf("%d verified signatures, want 1", len(n.Sigs))
	}
	at, err := record.CosignatureTime(n.Sigs[0])
	if err != nil || time.Since(at) > time.Minute || time.Until(at) > time.Minute {
		t.Errorf("cosignature time %v (%v); want now", at, err)
	}
}

// wantConflict checks that r is 409 with the size of the latest cosigned checkpoint.
func wantConflict(t *testing.T, r response, size string) {
	t.Helper()
	if r.status != http.StatusConflict || r.ctype != "text/x.tlog.size" || r.body != size+"\n" {
		t.Fatalf("got %d (%s) %q; want 409 (text/x.tlog.size) %q", r.status, r.ctype, r.body, size+"\n")
	}
}
