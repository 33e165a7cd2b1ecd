package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/record"
)

// maxExport bounds the size of an export the client downloads.
const maxExport = 4 << 30

// Export downloads an open-data file (GET /api/v1/exports/NAME.FORMAT) as of asOf (zero: the
// server's default, its latest entry), as it is: its bytes are what "peaceboard verify
// --export" compares.
func (c *Client) Export(ctx context.Context, name, format string, asOf time.Time) ([]byte, error) {
	u := c.URL + apiv1.Prefix + "/exports/" + url.PathEscape(name+"."+format)
	if !asOf.IsZero() {
		u += "?as_of=" + url.QueryEscape(asOf.UTC().Format(time.RFC3339Nano))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.http().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxExport))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		e := &Error{StatusCode: resp.StatusCode}
		if err := json.Unmarshal(data, &e.Problem); err != nil {
			e.Problem.Detail = strings.TrimSpace(string(data))
		}
		return nil, e
	}
	return data, nil
}

// TreeHash returns the root of the tree of the log's first size entries, from its hash tiles,
// each checked against tree: the tree of a checkpoint the caller has verified. A server that
// serves a tile that does not hash up to tree's root is caught.
func (l *Log) TreeHash(ctx context.Context, tree tlog.Tree, size int64) (tlog.Hash, error) {
	if size > tree.N {
		return tlog.Hash{}, fmt.Errorf("no tree of %d entries in a log of %d", size, tree.N)
	}
	return tlog.TreeHash(size, tlog.TileHashReader(tree, &tileReader{ctx: ctx, log: l}))
}

// tileReader reads the log's hash tiles for tlog.TileHashReader.
type tileReader struct {
	ctx context.Context
	log *Log
}

func (r *tileReader) Height() int { return record.TileHeight }

func (r *tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		b, err := r.log.get(r.ctx, record.TilePath{Level: t.L, N: t.N, W: t.W}.String())
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func (r *tileReader) SaveTiles([]tlog.Tile, [][]byte) {}
