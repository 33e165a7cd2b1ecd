package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// Search implements engine.Store with FTS5. Each word asked stands for the words of the index
// it begins (search_terms), asked for as they are, any of them (OR); every word asked must match
// (AND). A word that begins more than engine.MaxSearchTerms words is asked as a prefix. The
// index gives the matching entries' indexes from the highest down, and the entries are read by
// them.
func (d *DB) Search(ctx context.Context, q engine.SearchQuery, fn func(record.Entry) error) (err error) {
	defer wrap(&err, "search")
	expr, ok, err := d.matchExpr(ctx, q.Words)
	if err != nil || !ok {
		return err
	}
	rows, err := d.db.QueryContext(ctx, `SELECT idx, at, live, actor, kind, act, key_id, signature, events FROM entries
		WHERE idx IN (SELECT rowid FROM search WHERE search MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?)
		ORDER BY idx DESC`, expr, int64(min(q.Below, 1<<63-1)), q.Limit)
	if err != nil {
		return mapError(err)
	}
	return scanEntries(rows, fn)
}

// matchExpr is the FTS5 query of words: ("etats" OR "etatsunis") AND "unis"*. It reports false
// when a word begins no word of the index: nothing matches.
func (d *DB) matchExpr(ctx context.Context, words []string) (string, bool, error) {
	var b strings.Builder
	for i, w := range words {
		terms, err := d.terms(ctx, w)
		if err != nil || len(terms) == 0 {
			return "", false, err
		}
		if i > 0 {
			b.WriteString(" AND ")
		}
		if len(terms) > engine.MaxSearchTerms {
			b.WriteString(`"` + w + `"*`) // folded words hold no quote
			continue
		}
		b.WriteString("(")
		for j, t := range terms {
			if j > 0 {
				b.WriteString(" OR ")
			}
			b.WriteString(`"` + t + `"`)
		}
		b.WriteString(")")
	}
	return b.String(), true, nil
}

// terms returns the words of the index that begin with prefix, engine.MaxSearchTerms+1 at most.
func (d *DB) terms(ctx context.Context, prefix string) ([]string, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT term FROM search_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?`,
		prefix, engine.SearchTermBound(prefix), engine.MaxSearchTerms+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// insertSearch indexes docs in tx, with multi-row INSERT statements as insertEntries does, and
// adds their words to search_terms.
func (d *DB) insertSearch(ctx context.Context, tx *sql.Tx, docs []engine.SearchDoc) error {
	args := make([]any, 0, 2*entriesPerInsert)
	for rest := docs; len(rest) > 0; {
		n := entriesPerInsert
		for n > len(rest) {
			n /= 2
		}
		args = args[:0]
		for _, doc := range rest[:n] {
			args = append(args, int64(doc.Index), doc.Words)
		}
		rest = rest[n:]
		if err := d.exec(ctx, tx, `INSERT INTO search (rowid, words) VALUES (?, ?)`+strings.Repeat(`, (?, ?)`, n-1), args...); err != nil {
			return err
		}
	}
	for terms := engine.SearchTerms(docs); len(terms) > 0; {
		n := entriesPerInsert
		for n > len(terms) {
			n /= 2
		}
		args = args[:0]
		for _, t := range terms[:n] {
			args = append(args, t)
		}
		terms = terms[n:]
		if err := d.exec(ctx, tx, `INSERT OR IGNORE INTO search_terms (term) VALUES (?)`+strings.Repeat(`, (?)`, n-1), args...); err != nil {
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
