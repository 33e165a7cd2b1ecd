package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/export"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/web"
	"github.com/peaceboard/peaceboard/record"
	"github.com/peaceboard/peaceboard/scenario"
)

// demoDB is where "serve --demo" keeps its database unless --db says otherwise.
const demoDB = "peaceboard-demo.db"

func (m *Main) serve(ctx context.Context, args []string) error {
	f := m.newFlags("serve", "[--db PATH] [--addr HOST:PORT] [--public-url URL] [--demo] [--clock-skew DURATION] [--witness-policy FILE]")
	f.dbFlag()
	addr := f.String("addr", "localhost:8080", "address to listen on")
	demo := f.Bool("demo", false, "load the built-in demo scenario (the real 2026 timeline) into a new database first")
	logKeyFile := f.String("log-key", "", "the log's private key file, to accept acts on a production record (development records derive theirs)")
	public := f.String("public-url", "", "the `URL` readers reach this server at, like https://board.example.org: the feed's ids and links and the record page's verify command name it, never a request's Host header (default: http://HOST:PORT of --addr, localhost for every interface)")
	apiRate := f.Float64("api-rate", 50, "requests a second each client address may make to /api/v1 on average, in bursts of twice that (0: no limit)")
	clockSkew := f.Duration("clock-skew", engine.DefaultClockSkew, "how far from this server's clock the time an act gives may be; acts are recorded at this server's clock (verify --clock-skew must be as large)")
	policyFile := f.String("witness-policy", "", "send each new checkpoint to the witnesses of this policy `FILE` (Sigsum policy format: witness NAME HEXKEY URL, group, quorum) and publish it with their cosignatures at /log/checkpoint")
	maxStreams := f.Int("max-streams", 1000, "event streams (/api/v1/events) served at once, at most; beyond, 503 with Retry-After (-1: no limit)")
	if pos, err := f.parse(args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"serve takes no arguments"}
	}
	if *clockSkew <= 0 {
		return usageError{"--clock-skew must be positive (like 5m)"}
	}
	var policy *record.Policy
	if *policyFile != "" {
		var err error
		if policy, err = readPolicy(*policyFile); err != nil {
			return err
		}
	}
	// Acts submitted to the API are recorded live, at this server's clock; the demo's are
	// history, recorded at their own times.
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	opts := []engine.Option{engine.WithClock(m.Now, *clockSkew),
		engine.WithProgress(func(what string, done, total uint64) { log.Info(what, "entries", done, "of", total) })}
	var publicURL *url.URL
	if *public != "" {
		var err error
		if publicURL, err = parsePublicURL(*public); err != nil {
			return usageError{err.Error()}
		}
	}

	path := *f.db
	dbSet := m.Getenv("PEACEBOARD_DB") != ""
	f.Visit(func(fl *flag.Flag) { dbSet = dbSet || fl.Name == "db" })
	if *demo && !dbSet {
		path = demoDB
	}
	if !isPostgres(path) {
		// One server per SQLite database; PostgreSQL elects one writer among several (db.go).
		unlock, err := lockDatabase(path)
		if err != nil {
			return err
		}
		defer unlock()
	}
	var (
		e       *engine.Engine
		closeDB func() error
		err     error
	)
	if *demo {
		e, closeDB, err = m.loadDemo(ctx, path, log, opts...)
	} else {
		if *logKeyFile != "" {
			k, kerr := readLogKey(*logKeyFile)
			if kerr != nil {
				return kerr
			}
			opts = append(opts, engine.WithLogKey(k))
		}
		e, closeDB, _, err = openOrCreate(ctx, path, engine.Meta{
			Rules: charter.Default().Source, Keyring: "dev:" + filepath.Base(path), Origin: "serve",
		}, opts...)
	}
	if err != nil {
		return err
	}
	defer closeDB()
	if e.Len() == 0 {
		logEmpty(log, path)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if publicURL == nil {
		publicURL = listenURL(*addr, ln.Addr())
	}
	mux := http.NewServeMux()
	api.NewLog(e, log).Register(mux)
	portal := web.New(e, m.Now, log, publicURL)
	if policy == nil {
		if policy, err = publishedPolicy(ctx, e, log); err != nil {
			ln.Close()
			return err
		}
	}
	if policy != nil {
		portal.SetWitnessPolicy(policy)
	}
	portal.Register(mux)
	metrics := api.NewMetrics(e)
	if policy != nil {
		witnesses, stop, err := startCosigners(ctx, e, policy, log)
		if err != nil {
			ln.Close()
			return err
		}
		defer stop() // before the database closes
		metrics.SetWitnesses(witnesses)
	}
	v1 := api.New(e, api.Config{Exports: export.ForAPI{}, Now: m.Now, Log: log, Metrics: metrics, RateLimit: *apiRate, MaxStreams: *maxStreams})
	v1.Register(mux) // with /healthz and /metrics
	var handler http.Handler = mux
	if e.Replicated() { // several processes share the database: one writes, the others follow (db.go)
		replicate(ctx, e, log)
		handler = api.FollowerGate(e, mux)
	}

	srv := newServer(api.Observe(handler, log, metrics), v1) // request ids, one log line and metrics per request
	return m.runServer(ctx, srv, ln, log, func() {
		log.Info("listening", "addr", "http://"+ln.Addr().String(), "public_url", publicURL, "db", dbName(path), "entries", e.Len())
	})
}

// runServer serves on ln until ctx ends, then shuts srv down, letting requests in flight
// finish (for 10 seconds at most). started is called once it serves.
func (m *Main) runServer(ctx context.Context, srv *http.Server, ln net.Listener, log *slog.Logger, started func()) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	started()
	if m.ready != nil {
		m.ready(ln.Addr().String())
	}
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// parsePublicURL checks the value of --public-url: an http or https URL with a host and nothing
// else, since the portal serves its pages at the root and makes absolute links from the origin.
func parsePublicURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("--public-url %q: %v", s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return nil, fmt.Errorf("--public-url %q: want http:// or https:// and a host, with a port if need be and nothing after it, like https://board.example.org", s)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// listenURL is the public URL when --public-url is not given: http:// and the host and port of
// --addr, as a reader on this machine reaches it; localhost for an address that listens on every
// interface (":8080", "0.0.0.0:8080"), and the port the system chose for port 0. It is never
// taken from a request's Host header.
func listenURL(addr string, bound net.Addr) *url.URL {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host = ""
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	if tcp, ok := bound.(*net.TCPAddr); ok {
		port = strconv.Itoa(tcp.Port)
	}
	return &url.URL{Scheme: "http", Host: net.JoinHostPort(host, port)}
}

// logEmpty says how to establish an empty record: the API takes no act until its first act
// (establish) is made on this machine.
func logEmpty(log *slog.Logger, path string) {
	db := dbName(path)
	log.Warn(fmt.Sprintf("the record is empty, and takes no act over HTTP until it is established on this machine: stop the server, "+
		"run \"peaceboard init --db %s\" (a development record) or \"peaceboard replay FILE --db %s\" (a scenario), and serve it again; "+
		"a production record is made in a new database with \"peaceboard init --db NEW --log-key FILE --secretariat-key FILE\"", db, db))
}

// loadDemo opens the database at path for "serve --demo" and loads the demo scenario into it.
// An SQLite file that a previous --demo built is replaced, so that the demo always matches this
// version; a PostgreSQL database, which it does not delete, is served as it is if a previous
// --demo loaded it. Any other database is refused, and left alone.
func (m *Main) loadDemo(ctx context.Context, path string, log *slog.Logger, opts ...engine.Option) (*engine.Engine, func() error, error) {
	if !isPostgres(path) {
		if err := removeDemoFile(ctx, path); err != nil {
			return nil, nil, err
		}
	}
	e, closeDB, created, err := openOrCreate(ctx, path, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:demo", Origin: "demo"}, opts...)
	if err != nil {
		return nil, nil, err
	}
	if !created && e.Meta().Origin != "demo" {
		closeDB()
		return nil, nil, fmt.Errorf("%s holds a record not built by --demo; choose another database for the demo", dbName(path))
	}
	if e.Len() > 0 {
		log.Info("demo already loaded", "entries", e.Len())
		return e, closeDB, nil
	}
	sc := scenario.Demo()
	res, err := replay.Run(ctx, e, sc, replay.Options{})
	if err != nil {
		closeDB()
		return nil, nil, fmt.Errorf("demo: %w", err)
	}
	log.Info("demo loaded", "acts", res.Accepted, "refused_as_expected", res.Refused, "title", sc.Title)
	return e, closeDB, nil
}

// removeDemoFile removes the SQLite file at path, with its WAL files, if a previous --demo
// built it; it refuses any other file.
func removeDemoFile(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return nil // no file: nothing to replace
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	meta, err := db.Meta(ctx)
	db.Close()
	if err != nil || meta.Origin != "demo" {
		return fmt.Errorf("%s exists and was not built by --demo; choose another --db for the demo", path)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// newServer returns the HTTP server of "serve" (and "bench --http") for handler: bounded headers,
// timeouts that a slow client cannot stretch, and the API's event streams closed on shutdown.
func newServer(handler http.Handler, v1 *api.API) *http.Server {
	srv := &http.Server{
		Handler:           handler,
		MaxHeaderBytes:    64 << 10,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	srv.RegisterOnShutdown(v1.CloseStreams)
	return srv
}
