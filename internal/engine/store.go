package engine

import (
	"context"
	"io"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// Meta is what a database records about itself when it is created. It never changes afterwards.
type Meta struct {
	// Rules is the text of the rules file. The record's first act (establish) carries the same
	// text; Meta keeps it so that a database can be opened before that act is written.
	Rules string
	// Keyring is "dev:SEED" when acts are signed with a development keyring derived from SEED
	// (replays, demos, tests), and "" when every actor registers its own keys.
	Keyring string
	// Origin says how the database was made: "demo", "replay:FILE", "init" or "serve".
	Origin string
	// LogKey is the verifier key of the log's checkpoints ("name+hash+base64"). Create sets it.
	LogKey string
}

// Fields returns m as the key and value rows that stores keep it in.
func (m Meta) Fields() [][2]string {
	return [][2]string{{"rules", m.Rules}, {"keyring", m.Keyring}, {"origin", m.Origin}, {"log_key", m.LogKey}}
}

// SetField sets the field a stored row's key names (see Fields); it ignores a key it does not
// know.
func (m *Meta) SetField(key, value string) {
	switch key {
	case "rules":
		m.Rules = value
	case "keyring":
		m.Keyring = value
	case "origin":
		m.Origin = value
	case "log_key":
		m.LogKey = value
	}
}

// A Batch is what one commit adds to the record: entries, the tree hashes they complete, and
// the checkpoint signed over the new tree. It is stored in one transaction, all or nothing.
type Batch struct {
	Entries    []record.Entry
	HashStart  int64 // the stored-hash index (tlog.StoredHashIndex) of Hashes[0]
	Hashes     []tlog.Hash
	Checkpoint SignedCheckpoint
	// Search is what the search index takes of the entries: one document for each, in order
	// (none when the batch is not the engine's: a store's own tests).
	Search []SearchDoc
	// Subjects are the rows of the subjects index of the entries (subjects.go), in index order
	// (none when the batch is not the engine's).
	Subjects []SubjectRow
}

// A SignedCheckpoint is a checkpoint note as the log signed it, with the tree size it covers.
type SignedCheckpoint struct {
	Size uint64
	Note []byte
}

// Store keeps the record durably. The engine is its only writer. Implementations: sqlite (the
// embedded default) and postgres (production; shared by several processes, see Shared); each
// asserts at compile time that it is one, and passes the conformance suite (storetest).
type Store interface {
	// Meta returns the database's Meta, or a board.NotFound error for a new, empty database.
	Meta(ctx context.Context) (Meta, error)
	// Init records the Meta of a new database. It fails if the database has one already.
	Init(ctx context.Context, m Meta) error
	// Append stores a batch, whose entries follow the last stored one, in one transaction. It
	// returns only once the batch is durable.
	Append(ctx context.Context, b Batch) error
	// Entries calls fn with each stored entry from index from on, in order, until fn returns an
	// error or no entry is left. Every field of the entry is as Append was given it: its
	// recorded instant to the nanosecond, and whether it was recorded live.
	Entries(ctx context.Context, from uint64, fn func(record.Entry) error) error
	// PickEvents calls fn with the index, time and events (only those fields) of each stored
	// entry whose index is in idxs, which are in increasing order, in order, until fn returns
	// an error. An index with no entry is skipped. As-of views read the acts that reshaped the
	// state with it: in a few queries, not one for each run of consecutive entries.
	PickEvents(ctx context.Context, idxs []uint64, fn func(record.Entry) error) error
	// Hashes calls fn with every stored tree hash from index from on, in index order.
	Hashes(ctx context.Context, from int64, fn func(index int64, h tlog.Hash) error) error
	// Checkpoints calls fn with every signed checkpoint from tree size from on, in size order.
	Checkpoints(ctx context.Context, from uint64, fn func(SignedCheckpoint) error) error

	// SaveSnapshot stores the snapshot of the state after the record's first size entries, so
	// that opening the record does not apply every event again. The store keeps the snapshot of
	// the largest size. A snapshot is a cache derived from the entries: the engine checks that
	// it fits the record and rebuilds the state from the events if it does not.
	SaveSnapshot(ctx context.Context, size uint64, data []byte) error
	// Snapshot opens the snapshot of the largest size, for the caller to read and close, or
	// returns nil if there is none.
	Snapshot(ctx context.Context) (*StoredSnapshot, error)

	// SaveKeptState stores a kept state (kept.go), replacing one of the same size. Any process
	// may save one: it is a cache derived from the entries, checked before it is used.
	SaveKeptState(ctx context.Context, k KeptState) error
	// KeptState returns the kept state of the record's first size entries, or a board.NotFound
	// error if there is none.
	KeptState(ctx context.Context, size uint64) (KeptState, error)
	// KeptSizes returns the sizes of the kept states stored, in increasing order.
	KeptSizes(ctx context.Context) ([]uint64, error)
	// DeleteKeptState deletes the kept state of size, if there is one.
	DeleteKeptState(ctx context.Context, size uint64) error

	// SaveCosignatures stores witnesses' cosignatures of the log's checkpoints, each replacing
	// one stored for the same witness and size, and deletes, in the same transaction, those of
	// the checkpoints smaller than keepFrom, and for each cosignature saved, its witness's of
	// the sizes between keepFrom and its own (both excluded): a witness keeps its cosignature of
	// the checkpoint published (keepFrom) and its latest. Cosignatures are kept beside the
	// record, not in it.
	SaveCosignatures(ctx context.Context, cs []StoredCosignature, keepFrom uint64) error
	// Cosignatures calls fn with every stored cosignature, by size then witness.
	Cosignatures(ctx context.Context, fn func(StoredCosignature) error) error
	// Search calls fn with each entry whose indexed words match q, from the highest index down,
	// until q.Limit entries, fn returns an error or none is left. Its entries are whole, as
	// Entries gives them.
	Search(ctx context.Context, q SearchQuery, fn func(record.Entry) error) error
	// IndexSearch adds documents to the search index, in index order, outside Append: what the
	// engine indexes of a record stored before the index was. A document of an entry indexed
	// already is left out. Several processes may do it at once.
	IndexSearch(ctx context.Context, docs []SearchDoc) error
	// SearchIndexed returns how many of the record's first entries the search index holds: one
	// more than the highest index it holds, 0 when it holds none.
	SearchIndexed(ctx context.Context) (uint64, error)

	// SubjectEntries calls fn with each entry that the subjects index says concerns q.Subject,
	// from the highest index below q.Below down, skipping q.Offset of them, until q.Limit
	// entries, fn returns an error or none is left. Its entries are whole, as Entries gives them.
	SubjectEntries(ctx context.Context, q SubjectQuery, fn func(record.Entry) error) error
	// SubjectCount returns how many entries with an index below below the subjects index says
	// concern subject.
	SubjectCount(ctx context.Context, subject board.Subject, below uint64) (int, error)
	// IndexSubjects adds rows to the subjects index, in index order, outside Append: what the
	// engine indexes of a record stored before the index was. A row held already is left out.
	// Several processes may do it at once.
	IndexSubjects(ctx context.Context, rows []SubjectRow) error
	// SubjectsIndexed returns one more than the highest index of an entry the subjects index
	// names, 0 when it names none: the entries before it are indexed (an entry may concern no
	// subject, so the ones just after it may be too).
	SubjectsIndexed(ctx context.Context) (uint64, error)
	// Subjects calls fn with each row of the subjects index of the entries in [from, to), by
	// index then subject: what Verify compares with the rows the entries make.
	Subjects(ctx context.Context, from, to uint64, fn func(SubjectRow) error) error

	// Close releases the store.
	Close() error
}

// A KeptState is a kept state as a store keeps it: the state that the acts which reshaped it make
// after the record's first Size entries (board.State.Snapshot of it, in Data), and Sum, which
// ties it to the record (keptSum).
type KeptState struct {
	Size uint64
	Sum  []byte
	Data []byte
}

// A StoredSnapshot is a snapshot as a store gives it back: to be read in parts, each as a
// stream, so that restoring a large state does not first hold all its bytes at once.
type StoredSnapshot struct {
	Size uint64       // the record's size the snapshot was saved at
	Len  int64        // how many bytes Data holds
	Data SnapshotData // the bytes SaveSnapshot was given, from offset 0
}

// SnapshotData is a stored snapshot's bytes, to read at any offset and then close.
type SnapshotData interface {
	io.ReaderAt
	io.Closer
}
