package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// events is GET /api/v1/events: every accepted act as a Server-Sent Event, from the index the
// client asks for (after Last-Event-ID, or ?from=), or from the next act accepted. Each event is
//
//	id: INDEX
//	event: act
//	data: {Entry as JSON}
//
// so that a client that reconnects with Last-Event-ID gets every act exactly once.
//
// The streams share one reader of the log (engine.Feed): each new entry is read from the store
// and encoded once, whatever the number of streams. At most MaxStreams are served at once
// (beyond: 503 with Retry-After); a stream too slow for the entries coming in is ended, and its
// client reconnects with Last-Event-ID.
func (a *API) events(w http.ResponseWriter, r *http.Request) error {
	n := a.engine.Len()
	from := n
	if v := r.Header.Get("Last-Event-ID"); v != "" {
		last, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		if err != nil || last >= n {
			return board.Errorf(board.Invalid, "Last-Event-ID %q: want the index of an entry of the log, below %d", v, n)
		}
		from = last + 1
	} else if v := r.URL.Query().Get("from"); v != "" {
		var err error
		if from, err = uintParam(v, "from"); err != nil {
			return err
		}
		if from > n {
			return board.Errorf(board.Invalid, "from %d: the log has %d entries; want at most %d", from, n, n)
		}
	}
	if !a.streams.acquire() {
		return errorf(Unavailable, "this server serves %d event streams already, its most; retry shortly", a.cfg.MaxStreams)
	}
	defer a.streams.release()

	rc := http.NewResponseController(w)
	// The server's read and write timeouts are for ordinary requests: a stream lives as long as
	// its client, and each write gets its own deadline below.
	rc.SetReadDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	sub := a.feed.Subscribe(from) // before the first comment: a client that has it misses no entry
	defer sub.Close()
	w.WriteHeader(http.StatusOK)
	write := func(b []byte) error {
		rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
		if _, err := w.Write(b); err != nil {
			return err
		}
		return rc.Flush()
	}
	// A first comment, so that the client knows the stream is open before any act.
	if err := write([]byte(": peaceboard events from " + strconv.FormatUint(from, 10) + "\nretry: 2000\n\n")); err != nil {
		return nil
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		select {
		case <-a.closing:
			cancel()
		case <-ctx.Done():
		}
	}()
	keepAlive := []byte(": keep-alive\n\n")
	idle := time.NewTimer(a.cfg.Heartbeat)
	defer idle.Stop()
	for {
		events, err := sub.Next(ctx, idle.C)
		switch {
		case ctx.Err() != nil:
			return nil
		case err == nil && events == nil:
			events = keepAlive
		case errors.Is(err, engine.ErrSlow):
			write([]byte(": too slow for the entries coming in: reconnect with Last-Event-ID\n\n"))
			return nil
		case err != nil:
			Logger(r.Context()).Error("event stream", "err", err)
			return nil // the answer has begun: an error can no longer be a problem document
		}
		if err := write(events); err != nil {
			return nil
		}
		idle.Reset(a.cfg.Heartbeat)
	}
}

// streamWriteTimeout bounds one write to an event stream: a client that reads nothing for that
// long is ended.
const streamWriteTimeout = 10 * time.Second

// encodeEvent is an entry's Server-Sent Event, as the feed keeps it.
func encodeEvent(en record.Entry) ([]byte, error) {
	data, err := json.Marshal(NewEntry(en))
	if err != nil {
		return nil, err
	}
	return fmt.Appendf(nil, "id: %d\nevent: act\ndata: %s\n\n", en.Index, data), nil
}

// streamCount counts the event streams served, up to a most (none if it is below 1).
type streamCount struct {
	most int64
	n    atomic.Int64
}

func (c *streamCount) acquire() bool {
	if c.n.Add(1) > c.most && c.most > 0 {
		c.n.Add(-1)
		return false
	}
	return true
}

func (c *streamCount) release() { c.n.Add(-1) }
