package witness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/peaceboard/peaceboard/record"
)

// maxBundle bounds an entry bundle's size: 256 entries of at most 64 KiB each, with their
// lengths.
const maxBundle = record.TileWidth * (2 + 0xffff)

// fetchLeaves reads the leaves of entries [from, to) from the entry bundles of the log at base
// (C2SP tlog-tiles: base/tile/entries/...), calling fn with each in order. A partial bundle the
// log no longer serves (it has filled since) is read from the full one.
func fetchLeaves(ctx context.Context, client *http.Client, base string, from, to uint64, fn func(i uint64, leaf []byte) error) error {
	base = strings.TrimSuffix(base, "/")
	for n := from / record.TileWidth; n*record.TileWidth < to; n++ {
		start := n * record.TileWidth
		width := min(to-start, record.TileWidth)
		p := record.TilePath{Entries: true, N: int64(n), W: int(width)}
		data, err := get(ctx, client, base+"/"+p.String())
		if errors.Is(err, errNotFound) && width < record.TileWidth {
			p.W = record.TileWidth
			data, err = get(ctx, client, base+"/"+p.String())
		}
		if err != nil {
			return err
		}
		leaves, err := record.SplitBundle(data)
		if err != nil {
			return fmt.Errorf("the log's %s: %w", p, err)
		}
		if uint64(len(leaves)) < width {
			return fmt.Errorf("the log's %s holds %d entries, want %d", p, len(leaves), width)
		}
		for k := max(from, start) - start; k < width; k++ {
			if err := fn(start+k, leaves[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

var errNotFound = errors.New("not found")

// get fetches url, which must answer 200.
func get(ctx context.Context, client *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, fmt.Errorf("%s: %w", url, errNotFound)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("%s: %s", url, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBundle+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	if len(data) > maxBundle {
		return nil, fmt.Errorf("%s: larger than an entry bundle can be", url)
	}
	return data, nil
}
