package record

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// TileHeight is the height of C2SP tlog-tiles: each tile holds up to 256 hashes or entries.
const TileHeight = 8

// TileWidth is the number of hashes or entries in a full tile.
const TileWidth = 1 << TileHeight

// A TilePath is a parsed path under the log's root: a hash tile "tile/<L>/<N>[.p/<W>]" or an
// entry bundle "tile/entries/<N>[.p/<W>]".
type TilePath struct {
	Entries bool
	Level   int   // hash tiles only
	N       int64 // the tile's index at its level
	W       int   // entries or hashes in the tile: TileWidth when full
}

// Tile returns the tlog tile of a hash tile path.
func (p TilePath) Tile() tlog.Tile {
	return tlog.Tile{H: TileHeight, L: p.Level, N: p.N, W: p.W}
}

// String formats p as its path.
func (p TilePath) String() string {
	var b strings.Builder
	b.WriteString("tile/")
	if p.Entries {
		b.WriteString("entries/")
	} else {
		b.WriteString(strconv.Itoa(p.Level))
		b.WriteString("/")
	}
	b.WriteString(encodeIndex(p.N))
	if p.W < TileWidth {
		fmt.Fprintf(&b, ".p/%d", p.W)
	}
	return b.String()
}

// encodeIndex writes a tile index as C2SP does: groups of three digits, each but the last
// prefixed by "x": 1234067 → "x001/x234/067".
func encodeIndex(n int64) string {
	s := strconv.FormatInt(n, 10)
	for len(s)%3 != 0 {
		s = "0" + s
	}
	var parts []string
	for i := 0; i < len(s); i += 3 {
		parts = append(parts, s[i:i+3])
	}
	for i := range len(parts) - 1 {
		parts[i] = "x" + parts[i]
	}
	return strings.Join(parts, "/")
}

// ParseTilePath parses a tile or entry bundle path ("tile/0/x001/234", "tile/entries/000.p/7").
func ParseTilePath(path string) (TilePath, error) {
	bad := fmt.Errorf("not a tile path: %q", path)
	rest, ok := strings.CutPrefix(path, "tile/")
	if !ok {
		return TilePath{}, bad
	}
	var p TilePath
	first, rest, ok := strings.Cut(rest, "/")
	if !ok {
		return TilePath{}, bad
	}
	if first == "entries" {
		p.Entries = true
	} else {
		l, err := strconv.Atoi(first)
		if err != nil || l < 0 || l > 63 || strconv.Itoa(l) != first {
			return TilePath{}, bad
		}
		p.Level = l
	}
	p.W = TileWidth
	if i := strings.Index(rest, ".p/"); i >= 0 {
		w, err := strconv.Atoi(rest[i+3:])
		if err != nil || w < 1 || w >= TileWidth || strconv.Itoa(w) != rest[i+3:] {
			return TilePath{}, bad
		}
		p.W, rest = w, rest[:i]
	}
	parts := strings.Split(rest, "/")
	var digits strings.Builder
	for i, part := range parts {
		if i < len(parts)-1 {
			part, ok = strings.CutPrefix(part, "x")
			if !ok {
				return TilePath{}, bad
			}
		}
		if len(part) != 3 || strings.Trim(part, "0123456789") != "" {
			return TilePath{}, bad
		}
		digits.WriteString(part)
	}
	n, err := strconv.ParseInt(digits.String(), 10, 64)
	if err != nil || encodeIndex(n) != rest {
		return TilePath{}, bad
	}
	p.N = n
	return p, nil
}

// AppendBundleEntry appends one entry's leaf bytes to an entry bundle: a big-endian uint16
// length, then the bytes.
func AppendBundleEntry(bundle, leaf []byte) ([]byte, error) {
	if len(leaf) > 0xffff {
		return nil, fmt.Errorf("leaf of %d bytes is too large for an entry bundle", len(leaf))
	}
	bundle = binary.BigEndian.AppendUint16(bundle, uint16(len(leaf)))
	return append(bundle, leaf...), nil
}

// SplitBundle splits an entry bundle into its entries' leaf bytes.
func SplitBundle(bundle []byte) ([][]byte, error) {
	var out [][]byte
	for len(bundle) > 0 {
		if len(bundle) < 2 {
			return nil, errors.New("entry bundle: truncated length")
		}
		n := int(binary.BigEndian.Uint16(bundle))
		if len(bundle) < 2+n {
			return nil, errors.New("entry bundle: truncated entry")
		}
		out = append(out, bundle[2:2+n])
		bundle = bundle[2+n:]
	}
	return out, nil
}
