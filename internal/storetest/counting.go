package storetest

import (
	"context"
	"sync/atomic"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// Counting wraps a store and counts the entries read from it, for tests of how often readers go
// to the store: Read counts every row Entries gives; Kept those its caller kept (ReadEntries
// drops a row past the committed end, which a commit landing meanwhile put in the store, and
// reads it again once committed).
type Counting struct {
	engine.Store
	Read, Kept atomic.Int64
}

// Entries is the store's, counted.
func (c *Counting) Entries(ctx context.Context, from uint64, fn func(record.Entry) error) error {
	return c.Store.Entries(ctx, from, func(en record.Entry) error {
		c.Read.Add(1)
		err := fn(en)
		if err == nil {
			c.Kept.Add(1)
		}
		return err
	})
}

// During returns the rows read and kept while fn ran.
func (c *Counting) During(fn func()) (read, kept int64) {
	read, kept = c.Read.Load(), c.Kept.Load()
	fn()
	return c.Read.Load() - read, c.Kept.Load() - kept
}
