// Package postgres stores the record in PostgreSQL (github.com/jackc/pgx/v5), for production:
// several server processes share one database, one of them elected as the writer with an
// advisory lock (see lead.go), the others following the record as the writer commits.
//
// The schema is the SQLite store's, in PostgreSQL's types: meta, entries, the tree's stored
// hashes as one run per commit, and every signed checkpoint. Its numbered migrations are embedded
// and applied when the database is opened, forward-only. Commits are durable when Append returns:
// the write connection never runs with synchronous_commit off.
package postgres

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a record stored in a PostgreSQL database. Reads use a pool of connections; writes use
// the one connection that holds the writer lock (see Lead).
type DB struct {
	pool *pgxpool.Pool
	name string // "database NAME on HOST", for messages: never the password

	lead      leader
	done      chan struct{} // closed by Close: listeners stop
	closeOnce sync.Once
}

var (
	_ engine.Store  = (*DB)(nil)
	_ engine.Shared = (*DB)(nil)
)

// Open connects to the database that dsn names (a postgres:// or postgresql:// URL, or a
// key=value connection string) and applies pending migrations. The database must exist; its
// tables are created on first use.
func Open(ctx context.Context, dsn string) (*DB, error) {
	d, err := Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// Connect connects to the database without applying migrations: for "migrate status".
func Connect(ctx context.Context, dsn string) (_ *DB, err error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// The parser's message may quote the DSN, password included.
		return nil, board.Errorf(board.Invalid, "not a PostgreSQL connection string (want postgres://USER@HOST/DATABASE)")
	}
	name := fmt.Sprintf("database %s on %s", cfg.ConnConfig.Database, cfg.ConnConfig.Host)
	defer wrap(&err, "open %s", name)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, mapError(err)
	}
	d := &DB{pool: pool, name: name, done: make(chan struct{})}
	d.lead.cfg = cfg.ConnConfig
	return d, nil
}

// Close gives up the writer role, if held, and closes every connection.
func (d *DB) Close() error {
	d.closeOnce.Do(func() { close(d.done) })
	d.lead.close()
	d.pool.Close()
	return nil
}

// String names the database, without its password.
func (d *DB) String() string { return d.name }

// migrationLock is the advisory lock (transaction-scoped) under which migrations run, so that
// processes starting together apply each migration once.
const migrationLock = 0x7065616365_0001 // "peace", 1

// Migrate applies the embedded migrations that the database has not seen, in order, each in
// its own transaction. It refuses a database that has migrations this program does not know:
// a newer version of the program upgraded it.
func (d *DB) Migrate(ctx context.Context) (err error) {
	defer wrap(&err, "migrate %s", d.name)
	all, err := embedded()
	if err != nil {
		return err
	}
	applied, err := d.applied(ctx, true)
	if err != nil {
		return err
	}
	if err := newer(applied, all); err != nil {
		return err
	}
	for _, m := range all {
		if err := d.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// MigrationStatus returns the names of the embedded migrations the database has applied and of
// those it has not, in order. A migration applied by a newer program is listed as applied, with
// its version only.
func (d *DB) MigrationStatus(ctx context.Context) (applied, pending []string, err error) {
	defer wrap(&err, "migration status of %s", d.name)
	all, err := embedded()
	if err != nil {
		return nil, nil, err
	}
	versions, err := d.applied(ctx, false)
	if err != nil {
		return nil, nil, err
	}
	known := map[int]bool{}
	for _, m := range all {
		known[m.version] = true
		if versions[m.version] {
			applied = append(applied, m.name)
		} else {
			pending = append(pending, m.name)
		}
	}
	var unknown []int
	for v := range versions {
		if !known[v] {
			unknown = append(unknown, v)
		}
	}
	slices.Sort(unknown)
	for _, v := range unknown {
		applied = append(applied, fmt.Sprintf("%04d (applied by a newer peaceboard)", v))
	}
	return applied, pending, nil
}

type migration struct {
	version int
	name    string
	script  string
}

// embedded returns the embedded migrations in order.
func embedded() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []migration
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", base)
		}
		script, err := migrations.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: version, name: base, script: string(script)})
	}
	return out, nil
}

// newer fails if the database has a migration that is not among all.
func newer(applied map[int]bool, all []migration) error {
	for v := range applied {
		if !slices.ContainsFunc(all, func(m migration) bool { return m.version == v }) {
			return &board.Error{Kind: board.Conflict, Msg: fmt.Sprintf("the database's schema has migration %04d, which this program does not know: upgrade peaceboard", v)}
		}
	}
	return nil
}

// applied returns the versions of the migrations applied. With create, it first creates the
// table that lists them, if needed.
func (d *DB) applied(ctx context.Context, create bool) (map[int]bool, error) {
	out := map[int]bool{}
	if create {
		err := pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
				version    integer     PRIMARY KEY,
				applied_at timestamptz NOT NULL DEFAULT now())`)
			return err
		})
		if err != nil {
			return nil, mapError(err)
		}
	} else {
		var exists bool
		if err := d.pool.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
			return nil, mapError(err)
		}
		if !exists {
			return out, nil
		}
	}
	rows, err := d.pool.Query(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, mapError(err)
	}
	versions, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return nil, mapError(err)
	}
	for _, v := range versions {
		out[int(v)] = true
	}
	return out, nil
}

// apply runs one migration unless the database has it, under the migration lock.
func (d *DB) apply(ctx context.Context, m migration) error {
	return mapError(pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		// A script of several statements runs in the simple protocol, inside this transaction.
		if _, err := tx.Exec(ctx, m.script, pgx.QueryExecModeSimpleProtocol); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, m.version)
		return err
	}))
}

// Meta implements engine.Store.
func (d *DB) Meta(ctx context.Context) (_ engine.Meta, err error) {
	defer wrap(&err, "read meta")
	rows, err := d.pool.Query(ctx, `SELECT key, value FROM meta`)
	if err != nil {
		return engine.Meta{}, mapError(err)
	}
	var m engine.Meta
	found := false
	var k, v string
	_, err = pgx.ForEachRow(rows, []any{&k, &v}, func() error {
		found = true
		m.SetField(k, v)
		return nil
	})
	if err != nil {
		return engine.Meta{}, mapError(err)
	}
	if !found {
		return engine.Meta{}, board.Errorf(board.NotFound, "%s is a new database", d.name)
	}
	return m, nil
}

// Init implements engine.Store.
func (d *DB) Init(ctx context.Context, m engine.Meta) (err error) {
	defer wrap(&err, "init")
	return mapError(pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		for _, kv := range m.Fields() {
			if _, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ($1, $2)`, kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	}))
}

// Append implements engine.Store. It runs on the writer's connection, taking the writer lock
// first if this process never held it; it fails with a Conflict error when another process
// holds it, or when this process lost it (see Lead).
func (d *DB) Append(ctx context.Context, b engine.Batch) (err error) {
	defer wrap(&err, "append")
	return d.lead.write(ctx, func(conn *pgx.Conn) error { return appendBatches(ctx, conn, []engine.Batch{b}) })
}

// AppendAll stores several batches, each following the one before, in one transaction: what a
// restore uses to rebuild a record with every checkpoint it had, without one commit for each.
func (d *DB) AppendAll(ctx context.Context, batches []engine.Batch) (err error) {
	defer wrap(&err, "append")
	return d.lead.write(ctx, func(conn *pgx.Conn) error { return appendBatches(ctx, conn, batches) })
}

// notifyChannel is the channel on which the writer announces each commit (the payload is the
// new tree size); followers LISTEN on it.
const notifyChannel = "peaceboard_record"

// appendBatches stores batches in one transaction on conn, and announces the new size.
func appendBatches(ctx context.Context, conn *pgx.Conn, batches []engine.Batch) error {
	var (
		q    pgx.Batch
		size uint64
	)
	for _, b := range batches {
		if n := len(b.Entries); n > 0 {
			idx, at, ns, live := make([]int64, n), make([]time.Time, n), make([]int16, n), make([]bool, n)
			actor, kind, keyID := make([]string, n), make([]string, n), make([]string, n)
			act, sig, events := make([][]byte, n), make([][]byte, n), make([][]byte, n)
			for i, e := range b.Entries {
				t := e.At.UTC()
				idx[i], at[i], ns[i], live[i] = int64(e.Index), t.Truncate(time.Microsecond), int16(t.Nanosecond()%1000), e.Live
				actor[i], kind[i], keyID[i] = e.Actor, e.Kind, e.KeyID
				act[i], sig[i], events[i] = e.Act, e.Signature, e.Events
			}
			// One statement per batch, whatever its size: the columns travel as arrays.
			q.Queue(`INSERT INTO entries (idx, at, at_ns, live, actor, kind, act, key_id, signature, events)
				SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::smallint[], $4::boolean[], $5::text[],
					$6::text[], $7::bytea[], $8::text[], $9::bytea[], $10::bytea[])`,
				idx, at, ns, live, actor, kind, act, keyID, sig, events)
			size = max(size, b.Entries[n-1].Index+1)
		}
		queueSearch(&q, b.Search)
		queueSubjects(&q, b.Subjects)
		if len(b.Hashes) > 0 {
			run := make([]byte, 0, len(b.Hashes)*len(tlog.Hash{}))
			for _, h := range b.Hashes {
				run = append(run, h[:]...)
			}
			q.Queue(`INSERT INTO hashes (start, hashes) VALUES ($1, $2)`, b.HashStart, run)
		}
		if b.Checkpoint.Note != nil {
			q.Queue(`INSERT INTO checkpoints (size, note) VALUES ($1, $2)`, int64(b.Checkpoint.Size), b.Checkpoint.Note)
			size = max(size, b.Checkpoint.Size)
		}
	}
	if q.Len() == 0 {
		return nil
	}
	q.Queue(`SELECT pg_notify($1, $2)`, notifyChannel, strconv.FormatUint(size, 10))
	// The statements travel together and run as one implicit transaction, committed (and, with
	// synchronous_commit on, flushed) before the server answers: one round trip per commit.
	return mapError(conn.SendBatch(ctx, &q).Close())
}

// Pages of reads grow from firstPage rows to maxPage: a reader that stops early (one entry's
// receipt, one entry bundle) reads little, and a long read is a series of short queries.
const (
	firstPage = 64
	maxPage   = 4096
)

// Entries implements engine.Store.
func (d *DB) Entries(ctx context.Context, from uint64, fn func(record.Entry) error) (err error) {
	defer wrap(&err, "read entries")
	next, page := int64(from), firstPage
	for {
		var last uint64
		n, err := d.queryEntries(ctx, func(e record.Entry) error { last = e.Index; return fn(e) },
			`SELECT idx, at, at_ns, live, actor, kind, act, key_id, signature, events
			FROM entries WHERE idx >= $1 ORDER BY idx LIMIT $2`, next, page)
		if err != nil || n < page {
			return err
		}
		next = int64(last) + 1
		page = min(2*page, maxPage)
	}
}

// queryEntries calls fn with each entry query selects (the columns scanEntry reads), in the
// query's order, once all are read, and returns how many it selected. fn's error is returned as
// it is.
func (d *DB) queryEntries(ctx context.Context, fn func(record.Entry) error, query string, args ...any) (int, error) {
	rows, err := d.pool.Query(ctx, query, args...)
	if err != nil {
		return 0, mapError(err)
	}
	entries, err := pgx.CollectRows(rows, scanEntry)
	if err != nil {
		return 0, mapError(err)
	}
	for _, e := range entries {
		if err := fn(e); err != nil {
			return len(entries), err
		}
	}
	return len(entries), nil
}

// PickEvents implements engine.Store: a query for each maxPage indexes.
func (d *DB) PickEvents(ctx context.Context, idxs []uint64, fn func(record.Entry) error) (err error) {
	defer wrap(&err, "read events")
	for chunk := range slices.Chunk(idxs, maxPage) {
		list := make([]int64, len(chunk))
		for i, x := range chunk {
			list[i] = int64(x)
		}
		rows, err := d.pool.Query(ctx, `SELECT idx, at, at_ns, events FROM entries WHERE idx = ANY($1) ORDER BY idx`, list)
		if err != nil {
			return mapError(err)
		}
		entries, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (record.Entry, error) {
			var (
				e   record.Entry
				idx int64
				at  time.Time
				ns  int16
			)
			err := row.Scan(&idx, &at, &ns, &e.Events)
			e.Index, e.At = uint64(idx), at.UTC().Add(time.Duration(ns))
			return e, err
		})
		if err != nil {
			return mapError(err)
		}
		for _, e := range entries {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// scanEntry reads a row of entries: idx, at, at_ns, live, actor, kind, act, key_id, signature,
// events.
func scanEntry(row pgx.CollectableRow) (record.Entry, error) {
	var (
		e   record.Entry
		idx int64
		at  time.Time
		ns  int16
	)
	err := row.Scan(&idx, &at, &ns, &e.Live, &e.Actor, &e.Kind, &e.Act, &e.KeyID, &e.Signature, &e.Events)
	e.Index, e.At = uint64(idx), at.UTC().Add(time.Duration(ns))
	return e, err
}

// Hashes implements engine.Store.
func (d *DB) Hashes(ctx context.Context, from int64, fn func(int64, tlog.Hash) error) (err error) {
	defer wrap(&err, "read hashes")
	// Hashes are stored in runs, one per commit: start at the run that holds hash from.
	var next int64
	if err := d.pool.QueryRow(ctx, `SELECT coalesce(max(start), 0) FROM hashes WHERE start <= $1`, from).Scan(&next); err != nil {
		return mapError(err)
	}
	page := firstPage
	for {
		rows, err := d.pool.Query(ctx, `SELECT start, hashes FROM hashes WHERE start >= $1 ORDER BY start LIMIT $2`, next, page)
		if err != nil {
			return mapError(err)
		}
		type run struct {
			start  int64
			hashes []byte
		}
		runs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (run, error) {
			var r run
			return r, row.Scan(&r.start, &r.hashes)
		})
		if err != nil {
			return mapError(err)
		}
		for _, r := range runs {
			var h tlog.Hash
			if r.start != next || len(r.hashes)%len(h) != 0 {
				return fmt.Errorf("hashes from %d: the stored runs are not contiguous", r.start)
			}
			for i := 0; i < len(r.hashes); i += len(h) {
				if next >= from {
					copy(h[:], r.hashes[i:])
					if err := fn(next, h); err != nil {
						return err
					}
				}
				next++
			}
		}
		if len(runs) < page {
			return nil
		}
		page = min(2*page, maxPage)
	}
}

// SaveSnapshot implements engine.Store. Any process may save one: it is derived from the
// entries, and the one of the largest size is kept.
func (d *DB) SaveSnapshot(ctx context.Context, size uint64, data []byte) (err error) {
	defer wrap(&err, "save snapshot")
	return mapError(pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO snapshots (size, data) VALUES ($1, $2) ON CONFLICT (size) DO UPDATE SET data = excluded.data`, int64(size), data); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM snapshots WHERE size < (SELECT max(size) FROM snapshots)`)
		return err
	}))
}

// Snapshot implements engine.Store. The snapshot is read whole: PostgreSQL gives a bytea
// value in one piece.
func (d *DB) Snapshot(ctx context.Context) (_ *engine.StoredSnapshot, err error) {
	defer wrap(&err, "read snapshot")
	var size int64
	var data []byte
	err = d.pool.QueryRow(ctx, `SELECT size, data FROM snapshots ORDER BY size DESC LIMIT 1`).Scan(&size, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, mapError(err)
	}
	return &engine.StoredSnapshot{Size: uint64(size), Len: int64(len(data)), Data: snapshotData{bytes.NewReader(data)}}, nil
}

// snapshotData is a snapshot's bytes, read from the database.
type snapshotData struct{ *bytes.Reader }

func (snapshotData) Close() error { return nil }

// Checkpoints implements engine.Store.
func (d *DB) Checkpoints(ctx context.Context, from uint64, fn func(engine.SignedCheckpoint) error) (err error) {
	defer wrap(&err, "read checkpoints")
	next, page := int64(from), firstPage
	for {
		rows, err := d.pool.Query(ctx, `SELECT size, note FROM checkpoints WHERE size >= $1 ORDER BY size LIMIT $2`, next, page)
		if err != nil {
			return mapError(err)
		}
		cps, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (engine.SignedCheckpoint, error) {
			var c engine.SignedCheckpoint
			var size int64
			err := row.Scan(&size, &c.Note)
			c.Size = uint64(size)
			return c, err
		})
		if err != nil {
			return mapError(err)
		}
		for _, c := range cps {
			if err := fn(c); err != nil {
				return err
			}
		}
		if len(cps) < page {
			return nil
		}
		next = int64(cps[len(cps)-1].Size) + 1
		page = min(2*page, maxPage)
	}
}
