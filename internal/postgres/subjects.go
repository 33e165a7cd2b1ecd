package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// SubjectEntries implements engine.Store: the index by subject gives the entries' indexes, the
// highest first, and the entries are read by them.
func (d *DB) SubjectEntries(ctx context.Context, q engine.SubjectQuery, fn func(record.Entry) error) (err error) {
	defer wrap(&err, "read the entries of a subject")
	_, err = d.queryEntries(ctx, fn, `SELECT idx, at, at_ns, live, actor, kind, act, key_id, signature, events FROM entries
		WHERE idx IN (SELECT idx FROM subjects WHERE subject = $1 AND idx < $2 ORDER BY idx DESC LIMIT $3 OFFSET $4)
		ORDER BY idx DESC`, string(q.Subject), int64(min(q.Below, 1<<63-1)), q.Limit, q.Offset)
	return err
}

// SubjectCount implements engine.Store.
func (d *DB) SubjectCount(ctx context.Context, subject board.Subject, below uint64) (_ int, err error) {
	defer wrap(&err, "count the entries of a subject")
	var n int
	err = d.pool.QueryRow(ctx, `SELECT count(*) FROM subjects WHERE subject = $1 AND idx < $2`,
		string(subject), int64(min(below, 1<<63-1))).Scan(&n)
	return n, mapError(err)
}

// queueSubjects queues the statement that indexes rows, if there are any. A row held already is
// left as it is.
func queueSubjects(q *pgx.Batch, rows []engine.SubjectRow) {
	if len(rows) == 0 {
		return
	}
	idx, subjects := make([]int64, len(rows)), make([]string, len(rows))
	for i, r := range rows {
		idx[i], subjects[i] = int64(r.Index), string(r.Subject)
	}
	q.Queue(`INSERT INTO subjects (idx, subject) SELECT * FROM unnest($1::bigint[], $2::text[])
		ON CONFLICT (idx, subject) DO NOTHING`, idx, subjects)
}

// IndexSubjects implements engine.Store. It needs not be the writer: rows are derived from
// entries, and one given twice is kept once.
func (d *DB) IndexSubjects(ctx context.Context, rows []engine.SubjectRow) (err error) {
	defer wrap(&err, "index subjects")
	return d.sendQueued(ctx, func(q *pgx.Batch) { queueSubjects(q, rows) })
}

// SubjectsIndexed implements engine.Store.
func (d *DB) SubjectsIndexed(ctx context.Context) (_ uint64, err error) {
	defer wrap(&err, "read the subjects index")
	return d.nextIndexed(ctx, "subjects")
}

// Subjects implements engine.Store.
func (d *DB) Subjects(ctx context.Context, from, to uint64, fn func(engine.SubjectRow) error) (err error) {
	defer wrap(&err, "read the subjects index")
	rows, err := d.pool.Query(ctx, `SELECT idx, subject FROM subjects WHERE idx >= $1 AND idx < $2 ORDER BY idx, subject`,
		int64(min(from, 1<<63-1)), int64(min(to, 1<<63-1)))
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var idx int64
		var s string
		if err := rows.Scan(&idx, &s); err != nil {
			return mapError(err)
		}
		if err := fn(engine.SubjectRow{Index: uint64(idx), Subject: board.Subject(s)}); err != nil {
			return err
		}
	}
	return mapError(rows.Err())
}
