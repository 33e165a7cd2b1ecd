package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// Search implements engine.Store with FTS5: each word asked is a prefix query, and FTS5 asks
// all of them (implicit AND). The index gives the matching entries' indexes from the highest
// down, and the entries are read by them.
func (d *DB) Search(ctx context.Context, q engine.SearchQuery, fn func(record.Entry) error) (err error) {
	defer wrap(&err, "search")
	rows, err := d.db.QueryContext(ctx, `SELECT idx, at, live, actor, kind, act, key_id, signature, events FROM entries
		WHERE idx IN (SELECT rowid FROM search WHERE search MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?)
		ORDER BY idx DESC`, matchExpr(q.Words), belowParam(q.Below), q.Limit)
	if err != nil {
		return mapError(err)
	}
	return scanEntries(rows, fn)
}

// matchExpr is an FTS5 query in which each of words, a string (FTS5 syntax), is a prefix:
// "etat"* "unis"*. Folded words hold no quote.
func matchExpr(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`"` + w + `"*`)
	}
	return b.String()
}

// belowParam is an index bound as SQLite's 64-bit integers take it: "no bound" is the largest.
func belowParam(below uint64) int64 { return int64(min(below, 1<<63-1)) }

// insertSearch indexes docs in tx, with multi-row INSERT statements as insertEntries does.
func (d *DB) insertSearch(ctx context.Context, tx *sql.Tx, docs []engine.SearchDoc) error {
	args := make([]any, 0, 2*entriesPerInsert)
	for len(docs) > 0 {
		n := entriesPerInsert
		for n > len(docs) {
			n /= 2
		}
		args = args[:0]
		for _, doc := range docs[:n] {
			args = append(args, int64(doc.Index), doc.Words)
		}
		docs = docs[n:]
		if err := d.exec(ctx, tx, `INSERT INTO search (rowid, words) VALUES (?, ?)`+strings.Repeat(`, (?, ?)`, n-1), args...); err != nil {
			return err
		}
	}
	return nil
}

// IndexSearch implements engine.Store. An index without content keeps no key that would refuse
// a row given twice: the documents of entries it holds already are left out here.
func (d *DB) IndexSearch(ctx context.Context, docs []engine.SearchDoc) (err error) {
	defer wrap(&err, "index for search")
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var next int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(rowid) + 1, 0) FROM search`).Scan(&next); err != nil {
		return err
	}
	for len(docs) > 0 && int64(docs[0].Index) < next {
		docs = docs[1:]
	}
	if err := d.insertSearch(ctx, tx, docs); err != nil {
		return err
	}
	return tx.Commit()
}

// SearchIndexed implements engine.Store.
func (d *DB) SearchIndexed(ctx context.Context) (_ uint64, err error) {
	defer wrap(&err, "read the search index")
	var next int64
	if err := d.db.QueryRowContext(ctx, `SELECT coalesce(max(rowid) + 1, 0) FROM search`).Scan(&next); err != nil {
		return 0, err
	}
	return uint64(next), nil
}
