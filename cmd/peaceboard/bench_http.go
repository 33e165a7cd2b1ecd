package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// "bench --http" submits the workload through the JSON API on loopback: a server in the same
// process, over the same engine, with serve's handlers and middleware (request ids, a log line
// per request, metrics) but no rate limit, and client.Client submitters that each keep one
// connection open. Its latencies are from the request to the receipt as the client has it.

// A benchServer is the JSON API on a loopback port.
type benchServer struct {
	URL  string // http://127.0.0.1:PORT
	stop func() error
}

// startBenchServer serves e's /api/v1 on 127.0.0.1 with no rate limit, until Close.
func startBenchServer(e *engine.Engine) (*benchServer, error) {
	log := slog.New(slog.DiscardHandler) // a line per request would be the bench's own load
	metrics := api.NewMetrics(e)
	v1 := api.New(e, api.Config{Log: log, Metrics: metrics, RateLimit: 0}) // 0: no limit
	mux := http.NewServeMux()
	v1.Register(mux)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := newServer(api.Observe(mux, log, metrics), v1)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	return &benchServer{
		URL: "http://" + ln.Addr().String(),
		stop: sync.OnceValue(func() error {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := srv.Shutdown(ctx); err != nil {
				return err
			}
			if err := <-served; !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		}),
	}, nil
}

// Close stops the server once the requests it is answering are answered. It may be called
// more than once.
func (s *benchServer) Close() error { return s.stop() }

// newBenchClient returns a client of the server at baseURL for conns concurrent submitters:
// every submitter's connection stays open between its requests (the default transport keeps
// only two idle connections per host, and would open and close the others at every act).
func newBenchClient(baseURL string, conns int) *client.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil // loopback
	tr.MaxIdleConns = conns
	tr.MaxIdleConnsPerHost = conns
	c := client.New(baseURL)
	c.HTTP = &http.Client{Transport: tr}
	return c
}

// wireActs returns signed acts in the API's wire form: canonical bytes, key id and signature.
func wireActs(acts []engine.SignedAct) ([]apiv1.SignedAct, error) {
	wire := make([]apiv1.SignedAct, len(acts))
	for i, sa := range acts {
		canonical, err := sa.Act.Canonical()
		if err != nil {
			return nil, err
		}
		wire[i] = apiv1.SignedAct{Canonical: canonical, KeyID: string(sa.KeyID), Signature: sa.Signature}
	}
	return wire, nil
}
