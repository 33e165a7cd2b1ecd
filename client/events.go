package client

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
)

// Events reads the server's stream of accepted acts (GET /api/v1/events, Server-Sent Events)
// from entry index from on, and calls fn with each entry, in order, each exactly once. When the
// connection drops, it reconnects after a pause with Last-Event-ID, so that no entry is missed
// or repeated; a server that answers 503 (it serves its most streams) is asked again after two
// seconds. It returns when ctx ends (with ctx's error), when fn returns an error (that error),
// or when the server refuses the stream otherwise.
func (c *Client) Events(ctx context.Context, from uint64, fn func(apiv1.Entry) error) error {
	next := from
	for {
		err := c.stream(ctx, next, func(e apiv1.Entry) error {
			if e.Index != next {
				return fmt.Errorf("events: entry %d arrived where %d was expected", e.Index, next)
			}
			if err := fn(e); err != nil {
				return &fnError{err}
			}
			next++
			return nil
		})
		if fe, ok := errors.AsType[*fnError](err); ok {
			return fe.err
		}
		wait := 500 * time.Millisecond
		if e, ok := errors.AsType[*Error](err); ok {
			if e.StatusCode != http.StatusServiceUnavailable {
				return err
			}
			wait = 2 * time.Second // the server serves its most streams, or is not the writer: its Retry-After
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

type fnError struct{ err error }

func (e *fnError) Error() string { return e.err.Error() }

// stream reads one connection of the event stream, starting at index from.
func (c *Client) stream(ctx context.Context, from uint64, fn func(apiv1.Entry) error) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL+apiv1.Prefix+"/events", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	if from > 0 {
		req.Header.Set("Last-Event-ID", strconv.FormatUint(from-1, 10))
	} else {
		req.URL.RawQuery = "from=0"
	}
	resp, err := c.http().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e := &Error{StatusCode: resp.StatusCode}
		json.NewDecoder(resp.Body).Decode(&e.Problem)
		return e
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var event, data string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if event == "act" {
				var e apiv1.Entry
				if err := json.Unmarshal([]byte(data), &e); err != nil {
					return fmt.Errorf("events: %w", err)
				}
				if err := fn(e); err != nil {
					return err
				}
			}
			event, data = "", ""
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "event:"):
			event = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
		case strings.HasPrefix(line, "data:"):
			data += strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " ")
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return errors.New("events: the server closed the stream")
}
