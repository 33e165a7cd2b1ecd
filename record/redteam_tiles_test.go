package record_test

import (
	"math"
	"testing"

	"github.com/peaceboard/peaceboard/record"
)

// TestRedTeamTileReadyOverflow (issue 17, finding 9, the log's side): a tile path whose span
// reaches past the largest log is never ready. Before, the span of tile/2/<2^40>.p/1 wrapped
// int64 to 65,536 leaves: a log of that size served the bytes of tile/2/000.p/1 under that path,
// 200, and a log of 2^24 leaves would have served a full tile of it as immutable.
func TestRedTeamTileReadyOverflow(t *testing.T) {
	for _, c := range []struct {
		path string
		n    int64
		want bool
	}{
		{"tile/2/x001/x099/x511/x627/776.p/1", 1 << 16, false}, // N = 2^40
		{"tile/2/x001/x099/x511/x627/776", 1 << 24, false},
		{"tile/3/x004/x294/x967/296", 1 << 32, false}, // N = 2^32
		{"tile/7/000.p/1", math.MaxInt64, true},
		{"tile/7/000.p/128", math.MaxInt64, false},
		{"tile/7/001", math.MaxInt64, false},
		{"tile/entries/x001/x099/x511/x627/776", math.MaxInt64, true},
		// What a real log of 2^16 leaves holds, and what it does not yet.
		{"tile/0/255", 1 << 16, true},
		{"tile/0/256", 1 << 16, false},
		{"tile/1/000", 1 << 16, true},
		{"tile/1/001.p/1", 1 << 16, false},
		{"tile/2/000.p/1", 1 << 16, true},
		{"tile/2/000.p/2", 1 << 16, false},
		{"tile/entries/255", 1 << 16, true},
		{"tile/entries/256.p/1", 1 << 16, false},
	} {
		p, err := record.ParseTilePath(c.path)
		if err != nil {
			t.Fatalf("ParseTilePath(%q): %v", c.path, err)
		}
		if got := record.TileReady(p, c.n); got != c.want {
			t.Errorf("TileReady(%s, %d) = %v, want %v", c.path, c.n, got, c.want)
		}
	}
}
