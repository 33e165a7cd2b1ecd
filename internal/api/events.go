package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/board"
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
func (a *API) events(w http.ResponseWriter, r *http.Request) error {
	from := a.engine.Len()
	if v := r.Header.Get("Last-Event-ID"); v != "" {
		last, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return board.Errorf(board.Invalid, "Last-Event-ID %q: want the index of an entry", v)
		}
		from = last + 1
	} else if v := r.URL.Query().Get("from"); v != "" {
		var err error
		if from, err = uintParam(v, "from"); err != nil {
			return err
		}
	}
	rc := http.NewResponseController(w)
	// The server's read and write timeouts are for ordinary requests: a stream lives as long as
	// its client, and each write gets its own deadline below.
	rc.SetReadDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	write := func(s string) error {
		rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
		if _, err := fmt.Fprint(w, s); err != nil {
			return err
		}
		return rc.Flush()
	}
	// A first comment, so that the client knows the stream is open before any act.
	if err := write(": peaceboard events from " + strconv.FormatUint(from, 10) + "\nretry: 2000\n\n"); err != nil {
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
	errWrite := errors.New("write")
	err := a.subscribe(ctx, from, func(en record.Entry) error {
		data, err := json.Marshal(NewEntry(en))
		if err != nil {
			return err
		}
		if err := write(fmt.Sprintf("id: %d\nevent: act\ndata: %s\n\n", en.Index, data)); err != nil {
			return errWrite
		}
		return nil
	}, func() error { return write(": keep-alive\n\n") })
	if err != nil && !errors.Is(err, errWrite) && ctx.Err() == nil {
		Logger(r.Context()).Error("event stream", "err", err)
	}
	return nil // the answer has begun: an error can no longer be a problem document
}

// subscribe calls fn with every entry from index from on, and idle every Heartbeat without one.
func (a *API) subscribe(ctx context.Context, from uint64, fn func(record.Entry) error, idle func() error) error {
	next := from
	for {
		if err := a.engine.ReadEntries(ctx, next, ^uint64(0), func(en record.Entry) error {
			if err := fn(en); err != nil {
				return err
			}
			next = en.Index + 1
			return nil
		}); err != nil {
			return err
		}
		wait, cancel := context.WithTimeout(ctx, a.cfg.Heartbeat)
		_, err := a.engine.WaitFor(wait, next)
		cancel()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded):
			if err := idle(); err != nil {
				return err
			}
		case err != nil:
			return err
		}
	}
}
