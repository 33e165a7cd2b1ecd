package api_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
)

// TestEventsExactlyOnceAcrossReconnects follows the event stream with the client while acts are
// submitted concurrently and the server drops every connection several times: the consumer
// sees every accepted act, in order, exactly once.
func TestEventsExactlyOnceAcrossReconnects(t *testing.T) {
	s := newServer(t, "", api.Config{Heartbeat: 50 * time.Millisecond})
	s.establish(t0, board.Chairman)
	const acts = 60
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// The consumer's connections, which the test cuts.
	var connMu sync.Mutex
	var conns []net.Conn
	dials := 0
	dialer := &net.Dialer{}
	consumer := client.New(s.srv.URL)
	consumer.HTTP = &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dialer.DialContext(ctx, network, addr)
		if err == nil {
			connMu.Lock()
			conns = append(conns, c)
			dials++
			connMu.Unlock()
		}
		return c, err
	}}}
	cut := func() {
		connMu.Lock()
		defer connMu.Unlock()
		for _, c := range conns {
			c.Close()
		}
		conns = nil
	}

	var mu sync.Mutex
	var seen []uint64
	want := uint64(2 + acts) // establish, a key, then the directives
	done := errors.New("done")
	consumed := make(chan error, 1)
	go func() {
		consumed <- consumer.Events(ctx, 0, func(e apiv1.Entry) error {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, e.Index)
			if uint64(len(seen)) == want {
				return done
			}
			return nil
		})
	}()

	var wg sync.WaitGroup
	for i := range acts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.submit(t0, board.Chairman, &board.Directive{ID: board.DecisionID(fmt.Sprintf("d%d", i)), Title: "A directive"})
		}()
		if i%15 == 7 {
			time.Sleep(20 * time.Millisecond)
			cut() // the consumer reconnects with Last-Event-ID
		}
	}
	wg.Wait()
	if err := <-consumed; !errors.Is(err, done) {
		t.Fatalf("Events = %v after %d entries; want all %d", err, len(seen), want)
	}
	for i, idx := range seen {
		if idx != uint64(i) {
			t.Fatalf("event %d has index %d: want every entry once, in order (%v)", i, idx, seen)
		}
	}
	// The stream was really cut: the consumer connected more than once.
	connMu.Lock()
	defer connMu.Unlock()
	if dials < 2 {
		t.Errorf("the consumer connected %d times; want it to have reconnected", dials)
	}
}

// TestEventsResume reads the raw stream: ?from= and Last-Event-ID start it where asked, events
// carry their index as id, and an idle stream sends keep-alive comments.
func TestEventsResume(t *testing.T) {
	s := newServer(t, "", api.Config{Heartbeat: 50 * time.Millisecond})
	s.establish(t0, board.Chairman, "state:KAZ")
	s.submit(t0, board.Chairman, &board.Invite{State: "KAZ"})
	for _, c := range []struct {
		name   string
		query  string
		header string
		first  string
	}{
		{"from", "?from=1", "", "id: 1"},
		{"Last-Event-ID", "", "1", "id: 2"},
		{"Last-Event-ID wins over from", "?from=0", "2", "id: 3"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.srv.URL+"/api/v1/events"+c.query, nil)
			if c.header != "" {
				req.Header.Set("Last-Event-ID", c.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
				t.Fatalf("events = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			sc := bufio.NewScanner(resp.Body)
			var ids []string
			keepAlive := false
			for sc.Scan() && !keepAlive {
				line := sc.Text()
				if strings.HasPrefix(line, "id: ") {
					ids = append(ids, line)
				}
				keepAlive = line == ": keep-alive"
			}
			if len(ids) == 0 || ids[0] != c.first {
				t.Errorf("ids = %v, want the first to be %q", ids, c.first)
			}
			if !keepAlive {
				t.Error("no keep-alive comment on an idle stream")
			}
		})
	}
	status, _, _ := get(t, s.srv.URL+"/api/v1/events?from=x")
	if status != http.StatusBadRequest {
		t.Errorf("from=x = %d, want 400", status)
	}
}

// TestMetrics checks /metrics after a few requests and acts.
func TestMetrics(t *testing.T) {
	s := writeServer(t, api.Config{})
	ctx := context.Background()
	s.client.Submit(ctx, sign(t, t0, "state:KAZ", &board.Invite{State: "ARM"}), "")
	s.client.Submit(ctx, sign(t, t0, board.Chairman, &board.Dissolve{}), "")
	s.client.Status(ctx, client.Query{})
	status, ctype, body := get(t, s.srv.URL+"/metrics")
	if status != http.StatusOK || !strings.HasPrefix(ctype, "text/plain; version=0.0.4") {
		t.Fatalf("/metrics = %d %s", status, ctype)
	}
	for _, want := range []string{
		`peaceboard_http_requests_total{route="GET /api/v1/status",code="200"} 1`,
		`peaceboard_http_requests_total{route="POST /api/v1/acts",code="403"} 1`,
		`peaceboard_http_request_duration_seconds_bucket{route="POST /api/v1/acts",le="+Inf"} 6`, // establish is local
		`peaceboard_acts_accepted_total{act="register-key"} 3`,
		`peaceboard_acts_accepted_total{act="invite"} 1`,
		`peaceboard_acts_refused_total{rule="R2",kind="forbidden",act="invite"} 1`,
		`peaceboard_acts_refused_total{rule="R20",kind="refused",act="dissolve"} 1`,
		fmt.Sprintf("peaceboard_log_entries %d", s.engine.Len()),
		"# TYPE peaceboard_http_request_duration_seconds histogram",
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
}

// TestEventStreamCap serves at most MaxStreams event streams: one more is answered 503 with
// Retry-After, and is served once another ends.
func TestEventStreamCap(t *testing.T) {
	s := newServer(t, "", api.Config{Heartbeat: time.Minute, MaxStreams: 2})
	s.establish(t0, board.Chairman)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a, _ := stream(t, ctx, s.srv.URL, "")
	b, _ := stream(t, ctx, s.srv.URL, "")
	defer b.Body.Close()
	c, _ := stream(t, ctx, s.srv.URL, "")
	c.Body.Close()
	if c.StatusCode != http.StatusServiceUnavailable || c.Header.Get("Retry-After") == "" {
		t.Errorf("a third stream = %d, Retry-After %q; want 503 with Retry-After", c.StatusCode, c.Header.Get("Retry-After"))
	}
	a.Body.Close()
	for start := time.Now(); ; {
		d, _ := stream(t, ctx, s.srv.URL, "")
		d.Body.Close()
		if d.StatusCode == http.StatusOK {
			break
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("once a stream ended, another = %d; want 200", d.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
