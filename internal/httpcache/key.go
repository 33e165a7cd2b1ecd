package httpcache

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A Key builds the key of an answer in a Cache: the path and query asked (less the parameters
// the caller names, which it adds itself in the form it reads them), then the caller's parts,
// each after a zero byte, then the instant the answer is as of and, unless it is Past, the
// record's size.
type Key struct{ b strings.Builder }

// NewKey starts the key of the answer to path with query q, less the parameters in omit.
func NewKey(path string, q url.Values, omit ...string) *Key {
	var k Key
	k.b.WriteString(path)
	k.b.WriteByte(0)
	for _, name := range slices.Sorted(maps.Keys(q)) {
		if slices.Contains(omit, name) {
			continue
		}
		k.b.WriteString(url.QueryEscape(name))
		k.b.WriteByte('=')
		k.b.WriteString(url.QueryEscape(strings.Join(q[name], ",")))
		k.b.WriteByte('&')
	}
	return &k
}

// Add adds a part of the key.
func (k *Key) Add(part string) *Key {
	k.b.WriteByte(0)
	k.b.WriteString(part)
	return k
}

// Of ends the key with the instant t the answer is as of and its freshness f, and returns it.
func (k *Key) Of(t time.Time, f Freshness) string {
	k.Add(t.Format(time.RFC3339Nano))
	if !f.Past {
		k.Add(strconv.FormatUint(f.Size, 10))
	}
	return k.b.String()
}
