// Package client is the Go client of a peaceboard server: its JSON API (Client: reads as of
// any instant, signed writes, the stream of accepted acts) and its public log (Log: C2SP
// tlog-tiles).
package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/peaceboard/peaceboard/record"
)

// maxResponse bounds what the client reads from one response.
const maxResponse = 32 << 20

// Log reads a server's public log. It implements the verifier's LogSource.
type Log struct {
	// URL is the server's base URL, like "http://localhost:8080".
	URL string
	// HTTP is the client to use; http.DefaultClient when nil.
	HTTP *http.Client
}

func (l *Log) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(l.URL, "/")+"/log/"+path, nil)
	if err != nil {
		return nil, err
	}
	c := l.HTTP
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", req.URL, resp.Status)
	}
	return body, nil
}

// Key returns the log's verifier key ("name+hash+base64") as the server states it. Trust it
// only as far as the channel it came by: pin it once known.
func (l *Log) Key(ctx context.Context) (string, error) {
	b, err := l.get(ctx, "key")
	return strings.TrimSpace(string(b)), err
}

// Checkpoint returns the log's latest signed checkpoint.
func (l *Log) Checkpoint(ctx context.Context) ([]byte, error) { return l.get(ctx, "checkpoint") }

// Leaves fetches the entry bundles that hold entries [from, to) and calls fn with each leaf.
func (l *Log) Leaves(ctx context.Context, from, to uint64, fn func(uint64, []byte) error) error {
	for n := from / record.TileWidth; n*record.TileWidth < to; n++ {
		start := n * record.TileWidth
		w := min(to-start, record.TileWidth)
		p := record.TilePath{Entries: true, N: int64(n), W: int(w)}
		bundle, err := l.get(ctx, p.String())
		if err != nil {
			return err
		}
		leaves, err := record.SplitBundle(bundle)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if uint64(len(leaves)) != w {
			return fmt.Errorf("%s: %d entries, want %d", p, len(leaves), w)
		}
		for i, leaf := range leaves {
			if idx := start + uint64(i); idx >= from {
				if err := fn(idx, leaf); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
