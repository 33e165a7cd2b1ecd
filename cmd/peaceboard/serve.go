package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/web"
	"github.com/peaceboard/peaceboard/scenario"
)

// demoDB is where "serve --demo" keeps its database unless --db says otherwise.
const demoDB = "peaceboard-demo.db"

func (m *Main) serve(ctx context.Context, args []string) error {
	f := m.newFlags("serve", "[--db PATH] [--addr HOST:PORT] [--demo]")
	f.dbFlag()
	addr := f.String("addr", "localhost:8080", "address to listen on")
	demo := f.Bool("demo", false, "load the built-in demo scenario (the real 2026 timeline) into a new database first")
	logKeyFile := f.String("log-key", "", "the log's private key file, to accept acts on a production record (development records derive theirs)")
	apiRate := f.Float64("api-rate", 50, "requests a second each client address may make to /api/v1 on average, in bursts of twice that (0: no limit)")
	maxStreams := f.Int("max-streams", 1000, "event streams (/api/v1/events) served at once, at most; beyond, 503 with Retry-After (-1: no limit)")
	if pos, err := f.parse(args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"serve takes no arguments"}
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))

	path := *f.db
	dbSet := m.Getenv("PEACEBOARD_DB") != ""
	f.Visit(func(fl *flag.Flag) { dbSet = dbSet || fl.Name == "db" })
	var (
		e       *engine.Engine
		closeDB func() error
		err     error
	)
	if *demo {
		if !dbSet {
			path = demoDB
		}
		e, closeDB, err = m.loadDemo(ctx, path, log)
	} else {
		var opts []engine.Option
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

	mux := http.NewServeMux()
	api.NewLog(e, log).Register(mux)
	web.New(e, m.Now, log).Register(mux)
	metrics := api.NewMetrics(e)
	v1 := api.New(e, api.Config{Now: m.Now, Log: log, Metrics: metrics, RateLimit: *apiRate, MaxStreams: *maxStreams})
	v1.Register(mux) // with /healthz and /metrics
	var handler http.Handler = mux
	if e.Replicated() { // several processes share the database: one writes, the others follow (db.go)
		replicate(ctx, e, log)
		handler = api.FollowerGate(e, mux)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := newServer(api.Observe(handler, log, metrics), v1) // request ids, one log line and metrics per request
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("listening", "addr", "http://"+ln.Addr().String(), "db", dbName(path), "entries", e.Len())
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

// loadDemo opens the database at path for "serve --demo" and loads the demo scenario into it.
// An SQLite file that a previous --demo built is replaced, so that the demo always matches this
// version; a PostgreSQL database, which it does not delete, is served as it is if a previous
// --demo loaded it. Any other database is refused, and left alone.
func (m *Main) loadDemo(ctx context.Context, path string, log *slog.Logger) (*engine.Engine, func() error, error) {
	if !isPostgres(path) {
		if err := removeDemoFile(ctx, path); err != nil {
			return nil, nil, err
		}
	}
	e, closeDB, created, err := openOrCreate(ctx, path, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:demo", Origin: "demo"})
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
