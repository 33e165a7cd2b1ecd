package engine

import (
	"context"

	"github.com/peaceboard/peaceboard/record"
)

// Meta is what a database records about itself when it is created: the rules it runs under and
// how its acts are signed. It never changes afterwards.
type Meta struct {
	// Rules is the text of the rules file.
	Rules string
	// Keyring is "dev:SEED" when acts are signed with a development keyring derived from SEED.
	Keyring string
	// Origin says how the database was made: "demo", "replay:FILE" or "init".
	Origin string
}

// Store keeps the record durably. The engine is its only writer. Implementations: sqlite (the
// embedded default); PostgreSQL follows.
type Store interface {
	// Meta returns the database's Meta, or a board.NotFound error for a new, empty database.
	Meta(ctx context.Context) (Meta, error)
	// Init records the Meta of a new database. It fails if the database has one already.
	Init(ctx context.Context, m Meta) error
	// Append stores entries, whose indexes follow the last stored one, in one transaction. It
	// returns only once they are durable.
	Append(ctx context.Context, entries []record.Entry) error
	// Entries calls fn with each stored entry from index from on, in order, until fn returns an
	// error or no entry is left.
	Entries(ctx context.Context, from uint64, fn func(record.Entry) error) error
	// Close releases the store.
	Close() error
}
