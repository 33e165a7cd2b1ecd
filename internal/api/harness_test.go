package api_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/record"
)

// testNow is the clock of test servers: "as of now" is after every act the tests make.
func testNow() time.Time { return time.Date(2027, 6, 1, 12, 0, 0, 0, time.UTC) }

// ring is the development keyring of test records: tests sign acts client-side with it, as a
// delegation signs with its own key.
var ring = record.DevKeyring{Seed: "api-test"}

// testServer is a real HTTP server (httptest) serving the API (with /healthz and /metrics) and the log over an
// engine on a new SQLite file, wrapped in Observe as serve wraps it.
type testServer struct {
	t      *testing.T
	engine *engine.Engine
	srv    *httptest.Server
	client *client.Client
	meta   engine.Meta
}

// newServer starts a test server over a new, empty development record under rules (the
// default charter when ""), with cfg (its clock defaults to testNow), its engine with opts.
func newServer(t *testing.T, rules string, cfg api.Config, opts ...engine.Option) *testServer {
	t.Helper()
	if rules == "" {
		rules = charter.Default().Source
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	meta := engine.Meta{Rules: rules, Keyring: "dev:" + ring.Seed, Origin: "test"}
	e, err := engine.Create(ctx, db, meta, opts...)
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	if cfg.Now == nil {
		cfg.Now = testNow
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(tWriter{t}, nil))
	}
	cfg.Log = log
	metrics := api.NewMetrics(e)
	cfg.Metrics = metrics
	mux := http.NewServeMux()
	api.New(e, cfg).Register(mux)
	api.NewLog(e, log).Register(mux)
	srv := httptest.NewServer(api.Observe(mux, log, metrics))
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		e.Close()
		db.Close()
	})
	return &testServer{t: t, engine: e, srv: srv, client: client.New(srv.URL), meta: meta}
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// key returns an actor's private key in the test keyring.
func key(actor board.ActorID) ed25519.PrivateKey { return ring.Key(string(actor)) }

func pub64(actor board.ActorID) string {
	pub := ring.PublicKey(string(actor))
	return base64.StdEncoding.EncodeToString(pub)
}

// sign signs an act with its actor's key in the test keyring.
func sign(t *testing.T, at time.Time, by board.ActorID, body board.Body) apiv1.SignedAct {
	t.Helper()
	sa, err := client.Sign(board.Act{At: at, By: by, Body: body}, key(by))
	if err != nil {
		t.Fatalf("sign %s by %s: %v", body.Kind(), by, err)
	}
	return sa
}

// submit signs and submits an act over HTTP, and returns its receipt, checked against the
// log's key.
func (s *testServer) submit(at time.Time, by board.ActorID, body board.Body) record.Receipt {
	s.t.Helper()
	r, err := s.client.Submit(context.Background(), sign(s.t, at, by, body), "")
	if err != nil {
		s.t.Fatalf("%s by %s at %s: %v; want accepted", body.Kind(), by, at.Format(time.RFC3339), err)
	}
	s.checkReceipt(r)
	return r
}

func (s *testServer) checkReceipt(r record.Receipt) {
	s.t.Helper()
	v, err := note.NewVerifier(s.engine.Meta().LogKey)
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := r.Check(v); err != nil {
		s.t.Errorf("receipt of entry %d does not check: %v", r.Index, err)
	}
}

// establish makes the record's first act through the engine, as "peaceboard init" does (an
// empty record takes no act over HTTP), and registers the test keyring's keys of actors over
// HTTP, by the secretariat.
func (s *testServer) establish(at time.Time, actors ...board.ActorID) {
	s.t.Helper()
	est := board.Act{At: at, By: board.Secretariat, Body: &board.Establish{Rules: s.meta.Rules, Key: pub64(board.Secretariat), Development: true}}
	canonical, err := est.Canonical()
	if err != nil {
		s.t.Fatal(err)
	}
	sa := engine.SignedAct{Act: est, KeyID: keyIDOf(key(board.Secretariat)), Signature: record.SignAct(key(board.Secretariat), canonical)}
	if _, err := s.engine.Submit(context.Background(), sa); err != nil {
		s.t.Fatalf("establish: %v", err)
	}
	for _, a := range actors {
		s.submit(at, board.Secretariat, &board.RegisterKey{Actor: a, Key: pub64(a), Development: true})
	}
}

// problem asserts that err is an API error with the HTTP status and kind wanted, and returns it.
func problem(t *testing.T, err error, status int, kind board.ErrorKind) *client.Error {
	t.Helper()
	e, ok := err.(*client.Error)
	if !ok {
		t.Fatalf("error = %v (%T), want an API error %d %s", err, err, status, kind)
	}
	if e.StatusCode != status || e.Kind() != kind {
		t.Errorf("error = %d %s (%v), want %d %s", e.StatusCode, e.Kind(), e, status, kind)
	}
	if e.Problem.Status != e.StatusCode || e.Problem.Title == "" || e.Problem.Detail == "" || e.Problem.Type == "" {
		t.Errorf("problem document %+v: want type, title, status and detail", e.Problem)
	}
	return e
}

// ringOther is a second keyring, for keys that are not the test keyring's.
var ringOther = record.DevKeyring{Seed: "api-test-other"}

func pub64Of(k ed25519.PrivateKey) string {
	return base64.StdEncoding.EncodeToString(k.Public().(ed25519.PublicKey))
}

func keyIDOf(k ed25519.PrivateKey) board.KeyID { return board.KeyIDOf(k.Public().(ed25519.PublicKey)) }
