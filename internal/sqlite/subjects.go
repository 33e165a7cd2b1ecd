package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// SubjectEntries implements engine.Store: the index by subject gives the entries' indexes, the
// highest first, and the entries are read by them.
func (d *DB) SubjectEntries(ctx context.Context, q engine.SubjectQuery, fn func(record.Entry) error) (err error) {
	defer wrap(&err, "read the entries of a subject")
	rows, err := d.db.QueryContext(ctx, `SELECT idx, at, live, actor, kind, act, key_id, signature, events FROM entries
		WHERE idx IN (SELECT idx FROM subjects WHERE subject = ? AND idx < ? ORDER BY idx DESC LIMIT ? OFFSET ?)
		ORDER BY idx DESC`, string(q.Subject), int64(min(q.Below, 1<<63-1)), q.Limit, q.Offset)
	if err != nil {
		return mapError(err)
	}
	return scanEntries(rows, fn)
}

// SubjectCount implements engine.Store.
func (d *DB) SubjectCount(ctx context.Context, subject board.Subject, below uint64) (_ int, err error) {
	defer wrap(&err, "count the entries of a subject")
	var n int
	err = d.db.QueryRowContext(ctx, `SELECT count(*) FROM subjects WHERE subject = ? AND idx < ?`,
		string(subject), int64(min(below, 1<<63-1))).Scan(&n)
	return n, mapError(err)
}

// insertSubjects indexes rows in tx, with multi-row INSERT statements as insertEntries does. A
// row held already is left as it is.
func (d *DB) insertSubjects(ctx context.Context, tx *sql.Tx, rows []engine.SubjectRow) error {
	args := make([]any, 0, 2*entriesPerInsert)
	for rest := rows; len(rest) > 0; {
		n := entriesPerInsert
		for n > len(rest) {
			n /= 2
		}
		args = args[:0]
		for _, r := range rest[:n] {
			args = append(args, int64(r.Index), string(r.Subject))
		}
		rest = rest[n:]
		if err := d.exec(ctx, tx, `INSERT OR IGNORE INTO subjects (idx, subject) VALUES (?, ?)`+strings.Repeat(`, (?, ?)`, n-1), args...); err != nil {
			return err
		}
	}
	return nil
}

// IndexSubjects implements engine.Store.
func (d *DB) IndexSubjects(ctx context.Context, rows []engine.SubjectRow) (err error) {
	defer wrap(&err, "index subjects")
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := d.insertSubjects(ctx, tx, rows); err != nil {
		return err
	}
	return tx.Commit()
}

// SubjectsIndexed implements engine.Store.
func (d *DB) SubjectsIndexed(ctx context.Context) (_ uint64, err error) {
	defer wrap(&err, "read the subjects index")
	var next int64
	if err := d.db.QueryRowContext(ctx, `SELECT coalesce(max(idx) + 1, 0) FROM subjects`).Scan(&next); err != nil {
		return 0, err
	}
	return uint64(next), nil
}

// Subjects implements engine.Store.
func (d *DB) Subjects(ctx context.Context, from, to uint64, fn func(engine.SubjectRow) error) (err error) {
	defer wrap(&err, "read the subjects index")
	rows, err := d.db.QueryContext(ctx, `SELECT idx, subject FROM subjects WHERE idx >= ? AND idx < ? ORDER BY idx, subject`,
		int64(min(from, 1<<63-1)), int64(min(to, 1<<63-1)))
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var idx int64
		var s string
		if err := rows.Scan(&idx, &s); err != nil {
			return err
		}
		if err := fn(engine.SubjectRow{Index: uint64(idx), Subject: board.Subject(s)}); err != nil {
			return err
		}
	}
	return rows.Err()
}
