// Package sqlite stores the record in one SQLite file (modernc.org/sqlite, no cgo), in WAL mode
// with full synchronous commits: an append returns only once it is on disk.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/tlog"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a record stored in SQLite.
type DB struct {
	db   *sql.DB
	path string

	mu    sync.Mutex
	stmts map[string]*sql.Stmt // prepared once, by query: see stmt
}

var _ engine.Store = (*DB)(nil)

// Open opens (creating if needed) the database at path and applies pending migrations.
func Open(ctx context.Context, path string) (_ *DB, err error) {
	d, err := Connect(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.db.Close()
		return nil, err
	}
	return d, nil
}

// Connect opens (creating if needed) the database at path without applying migrations: for
// "migrate status".
func Connect(ctx context.Context, path string) (_ *DB, err error) {
	defer wrap(&err, "open %s", path)
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(10000)", "foreign_keys(ON)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	return &DB{db: db, path: path}, nil
}

// Close closes the database.
func (d *DB) Close() error {
	d.mu.Lock()
	for _, s := range d.stmts {
		s.Close()
	}
	d.stmts = nil
	d.mu.Unlock()
	return d.db.Close()
}

// stmt returns query prepared, for use in tx. Each query is prepared once (on each connection
// that runs it): modernc's SQLite compiles a statement in about as much time as it takes to
// insert a few dozen entries with it.
func (d *DB) stmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	d.mu.Lock()
	s, ok := d.stmts[query]
	if !ok {
		var err error
		if s, err = d.db.PrepareContext(ctx, query); err != nil {
			d.mu.Unlock()
			return nil, err
		}
		if d.stmts == nil {
			d.stmts = map[string]*sql.Stmt{}
		}
		d.stmts[query] = s
	}
	d.mu.Unlock()
	return tx.StmtContext(ctx, s), nil
}

// migrate applies the embedded migrations that the database has not seen, in order, each in its
// own transaction. Migrations are forward-only.
func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY) STRICT`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", base)
		}
		script, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if err := d.apply(ctx, version, string(script)); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}

func (d *DB) apply(ctx context.Context, version int, script string) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, script); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version) VALUES (?)`, version); err != nil {
		return err
	}
	return tx.Commit()
}

// Meta implements engine.Store.
func (d *DB) Meta(ctx context.Context) (_ engine.Meta, err error) {
	defer wrap(&err, "read meta")
	rows, err := d.db.QueryContext(ctx, `SELECT key, value FROM meta`)
	if err != nil {
		return engine.Meta{}, err
	}
	defer rows.Close()
	var m engine.Meta
	found := false
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return engine.Meta{}, err
		}
		found = true
		m.SetField(k, v)
	}
	if err := rows.Err(); err != nil {
		return engine.Meta{}, err
	}
	if !found {
		return engine.Meta{}, board.Errorf(board.NotFound, "%s is a new database", d.path)
	}
	return m, nil
}

// Init implements engine.Store.
func (d *DB) Init(ctx context.Context, m engine.Meta) (err error) {
	defer wrap(&err, "init")
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, kv := range m.Fields() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`, kv[0], kv[1]); err != nil {
			return mapError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// A snapshot file left by a database once at this path is not of this one.
	if err := os.Remove(d.snapshotPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Append implements engine.Store.
func (d *DB) Append(ctx context.Context, b engine.Batch) (err error) {
	defer wrap(&err, "append")
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := d.appendTx(ctx, tx, b); err != nil {
		return err
	}
	return tx.Commit()
}

// appendTx stores a batch in tx.
func (d *DB) appendTx(ctx context.Context, tx *sql.Tx, b engine.Batch) error {
	if err := d.insertEntries(ctx, tx, b.Entries); err != nil {
		return err
	}
	if err := d.insertSearch(ctx, tx, b.Search); err != nil {
		return err
	}
	if err := d.insertSubjects(ctx, tx, b.Subjects); err != nil {
		return err
	}
	if len(b.Hashes) > 0 {
		run := make([]byte, 0, len(b.Hashes)*len(tlog.Hash{}))
		for _, h := range b.Hashes {
			run = append(run, h[:]...)
		}
		if err := d.exec(ctx, tx, `INSERT INTO hashes (start, hashes) VALUES (?, ?)`, b.HashStart, run); err != nil {
			return err
		}
	}
	if b.Checkpoint.Note != nil {
		if err := d.exec(ctx, tx, `INSERT INTO checkpoints (size, note) VALUES (?, ?)`, int64(b.Checkpoint.Size), b.Checkpoint.Note); err != nil {
			return err
		}
	}
	return nil
}

// exec runs a prepared query in tx.
func (d *DB) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	s, err := d.stmt(ctx, tx, query)
	if err != nil {
		return err
	}
	if _, err := s.ExecContext(ctx, args...); err != nil {
		return mapError(err)
	}
	return nil
}

// entriesPerInsert is how many entries one INSERT statement writes at most: one statement per
// entry would cost more than the rows themselves.
const entriesPerInsert = 128

// insertEntries inserts entries with multi-row INSERT statements of entriesPerInsert rows, then
// of the powers of two that make up the rest: eight statements prepared once serve any batch.
func (d *DB) insertEntries(ctx context.Context, tx *sql.Tx, entries []record.Entry) error {
	args := make([]any, 0, 9*entriesPerInsert)
	for len(entries) > 0 {
		n := entriesPerInsert
		for n > len(entries) {
			n /= 2
		}
		chunk := entries[:n]
		entries = entries[n:]
		args = args[:0]
		for _, e := range chunk {
			args = append(args, int64(e.Index), e.At.UTC().Format(time.RFC3339Nano), e.Live, e.Actor, e.Kind, e.Act, e.KeyID, e.Signature, e.Events)
		}
		q := `INSERT INTO entries (idx, at, live, actor, kind, act, key_id, signature, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)` +
			strings.Repeat(`, (?, ?, ?, ?, ?, ?, ?, ?, ?)`, n-1)
		if err := d.exec(ctx, tx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// Hashes implements engine.Store.
func (d *DB) Hashes(ctx context.Context, from int64, fn func(int64, tlog.Hash) error) (err error) {
	defer wrap(&err, "read hashes")
	// Hashes are stored in runs, one per commit: start at the run that holds hash from.
	rows, err := d.db.QueryContext(ctx, `SELECT start, hashes FROM hashes
		WHERE start >= coalesce((SELECT max(start) FROM hashes WHERE start <= ?), 0) ORDER BY start`, from)
	if err != nil {
		return err
	}
	defer rows.Close()
	next := int64(-1)
	for rows.Next() {
		var start int64
		var run []byte
		if err := rows.Scan(&start, &run); err != nil {
			return err
		}
		var h tlog.Hash
		if next < 0 && start <= from {
			next = start
		}
		if start != next || len(run)%len(h) != 0 {
			return fmt.Errorf("hashes from %d: the stored runs are not contiguous", start)
		}
		for i := 0; i < len(run); i += len(h) {
			if next >= from {
				copy(h[:], run[i:])
				if err := fn(next, h); err != nil {
					return err
				}
			}
			next++
		}
	}
	return rows.Err()
}

// Checkpoints implements engine.Store.
func (d *DB) Checkpoints(ctx context.Context, from uint64, fn func(engine.SignedCheckpoint) error) (err error) {
	defer wrap(&err, "read checkpoints")
	rows, err := d.db.QueryContext(ctx, `SELECT size, note FROM checkpoints WHERE size >= ? ORDER BY size`, int64(from))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c engine.SignedCheckpoint
		var size int64
		if err := rows.Scan(&size, &c.Note); err != nil {
			return err
		}
		c.Size = uint64(size)
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// snapshotPath is where the snapshot of the state is kept: a file beside the database (reading
// a blob of hundreds of megabytes through SQLite takes many times longer than reading a file).
// It is a cache: a database copied without it opens more slowly, nothing else.
func (d *DB) snapshotPath() string { return d.path + ".snapshot" }

// SaveSnapshot implements engine.Store: the file holds the size, then the data. It is
// written beside the last one, synced, and renamed over it, so that a crash leaves one or the
// other whole.
func (d *DB) SaveSnapshot(ctx context.Context, size uint64, data []byte) (err error) {
	defer wrap(&err, "save snapshot")
	if have, err := d.Snapshot(ctx); err == nil && have != nil {
		have.Data.Close()
		if have.Size > size {
			return nil
		}
	}
	tmp := d.snapshotPath() + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // gone once renamed
	_, err = f.Write(binary.BigEndian.AppendUint64(nil, size))
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, d.snapshotPath())
}

// Snapshot implements engine.Store.
func (d *DB) Snapshot(ctx context.Context) (_ *engine.StoredSnapshot, err error) {
	defer wrap(&err, "read snapshot")
	f, err := os.Open(d.snapshotPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	size, n, err := readSnapshotHead(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &engine.StoredSnapshot{Size: size, Len: n, Data: snapshotData{f}}, nil
}

// snapshotData is a snapshot file's data: the bytes after the size.
type snapshotData struct{ *os.File }

func (d snapshotData) ReadAt(p []byte, off int64) (int, error) { return d.File.ReadAt(p, 8+off) }

// readSnapshotHead reads the size a snapshot file was saved at, and returns it with the length
// of the data after it.
func readSnapshotHead(f *os.File) (size uint64, n int64, err error) {
	var b [8]byte
	fi, err := f.Stat()
	if err == nil {
		_, err = io.ReadFull(f, b[:])
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return 0, 0, fmt.Errorf("%s: truncated", f.Name())
	}
	if err != nil {
		return 0, 0, err
	}
	return binary.BigEndian.Uint64(b[:]), fi.Size() - 8, nil
}

// Entries implements engine.Store.
func (d *DB) Entries(ctx context.Context, from uint64, fn func(record.Entry) error) (err error) {
	defer wrap(&err, "read entries")
	rows, err := d.db.QueryContext(ctx, `SELECT idx, at, live, actor, kind, act, key_id, signature, events FROM entries WHERE idx >= ? ORDER BY idx`, int64(from))
	if err != nil {
		return err
	}
	return scanEntries(rows, fn)
}

// pickChunk is how many indexes one query of PickEvents asks for at most.
const pickChunk = 4096

// PickEvents implements engine.Store: a query for each pickChunk indexes, given as a JSON
// array.
func (d *DB) PickEvents(ctx context.Context, idxs []uint64, fn func(record.Entry) error) (err error) {
	defer wrap(&err, "read events")
	for chunk := range slices.Chunk(idxs, pickChunk) {
		list, err := json.Marshal(chunk)
		if err != nil {
			return err
		}
		rows, err := d.db.QueryContext(ctx, `SELECT idx, at, events FROM entries
			WHERE idx IN (SELECT value FROM json_each(?)) ORDER BY idx`, string(list))
		if err != nil {
			return err
		}
		if err := scanEvents(rows, fn); err != nil {
			return err
		}
	}
	return nil
}

// scanEvents calls fn with the index, time and events of each entry rows holds, then closes
// them.
func scanEvents(rows *sql.Rows, fn func(record.Entry) error) error {
	defer rows.Close()
	for rows.Next() {
		var e record.Entry
		var idx int64
		var at string
		if err := rows.Scan(&idx, &at, &e.Events); err != nil {
			return err
		}
		e.Index = uint64(idx)
		var err error
		if e.At, err = entryTime(idx, at); err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// entryTime parses the stored time of entry idx.
func entryTime(idx int64, at string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return time.Time{}, fmt.Errorf("entry %d: bad time %q", idx, at)
	}
	return t, nil
}

// scanEntries calls fn with each entry rows holds, then closes them.
func scanEntries(rows *sql.Rows, fn func(record.Entry) error) error {
	defer rows.Close()
	for rows.Next() {
		var e record.Entry
		var idx int64
		var at string
		// The blobs are the driver's until the next row: they are copied into one allocation,
		// rather than each into its own by database/sql.
		var act, sig, events sql.RawBytes
		if err := rows.Scan(&idx, &at, &e.Live, &e.Actor, &e.Kind, &act, &e.KeyID, &sig, &events); err != nil {
			return err
		}
		b := make([]byte, 0, len(act)+len(sig)+len(events))
		b = append(append(append(b, act...), sig...), events...)
		e.Act, b = b[:len(act):len(act)], b[len(act):]
		e.Signature, e.Events = b[:len(sig):len(sig)], b[len(sig):]
		e.Index = uint64(idx)
		var err error
		if e.At, err = entryTime(idx, at); err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}
