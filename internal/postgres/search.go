package postgres

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// Search implements engine.Store with a tsquery. Each word asked stands for the words of the
// index it begins (search_terms), asked for as they are, any of them; every word asked must match.
// A word that begins more than engine.MaxSearchTerms words is asked as a prefix ('etat':*).
//
// GIN gives every entry that matches, in no order. Asked for the latest few, PostgreSQL either
// reads them all from GIN and sorts them (slow for a common word), or reads the entries back from
// the latest, testing each (slow for a rare one: through the whole table). So the latest
// searchWindow entries are tested first, in order; if they hold fewer than the limit, GIN gives
// the matching entries below them.
func (d *DB) Search(ctx context.Context, q engine.SearchQuery, fn func(record.Entry) error) (err error) {
	defer wrap(&err, "search")
	query, ok, err := d.tsquery(ctx, q.Words)
	if err != nil || !ok {
		return err
	}
	below := int64(min(q.Below, 1<<63-1))
	low := max(below-searchWindow, 0)
	rows, err := d.pool.Query(ctx, `SELECT idx FROM (SELECT idx, words FROM search WHERE idx >= $2 AND idx < $3 ORDER BY idx DESC LIMIT $4) AS latest
		WHERE words @@ $1::tsquery ORDER BY idx DESC LIMIT $5`, query, low, below, searchWindow, q.Limit)
	if err != nil {
		return mapError(err)
	}
	idxs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return mapError(err)
	}
	if len(idxs) < q.Limit && low > 0 {
		rows, err := d.pool.Query(ctx, `WITH found AS MATERIALIZED (SELECT idx FROM search WHERE words @@ $1::tsquery AND idx < $2)
			SELECT idx FROM found ORDER BY idx DESC LIMIT $3`, query, low, q.Limit-len(idxs))
		if err != nil {
			return mapError(err)
		}
		more, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return mapError(err)
		}
		idxs = append(idxs, more...)
	}
	if len(idxs) == 0 {
		return nil
	}
	_, err = d.queryEntries(ctx, fn, `SELECT idx, at, at_ns, live, actor, kind, act, key_id, signature, events FROM entries
		WHERE idx = ANY($1) ORDER BY idx DESC`, idxs)
	return err
}

// searchWindow is how many of the latest entries Search tests in order before it asks GIN.
var searchWindow int64 = 4096 // a variable for tests, which set it small

// tsquery is the text of the tsquery of words: ('etats' | 'etatsunis') & 'unis':*. Folded words
// hold letters and digits only: quoted, they are lexemes as they are. It reports false when a
// word begins no word of the index: nothing matches.
func (d *DB) tsquery(ctx context.Context, words []string) (string, bool, error) {
	parts := make([]string, len(words))
	for i, w := range words {
		rows, err := d.pool.Query(ctx, `SELECT term FROM search_terms WHERE term >= $1 AND term < $2 ORDER BY term LIMIT $3`,
			w, engine.SearchTermBound(w), engine.MaxSearchTerms+1)
		if err != nil {
			return "", false, mapError(err)
		}
		terms, err := pgx.CollectRows(rows, pgx.RowTo[string])
		switch {
		case err != nil:
			return "", false, mapError(err)
		case len(terms) == 0:
			return "", false, nil
		case len(terms) > engine.MaxSearchTerms:
			parts[i] = "'" + w + "':*"
		default:
			parts[i] = "('" + strings.Join(terms, "' | '") + "')"
		}
	}
	return strings.Join(parts, " & "), true, nil
}

// queueSearch queues the statement that indexes docs, if there are any. A document of an
// entry indexed already is left as it is.
func queueSearch(q *pgx.Batch, docs []engine.SearchDoc) {
	if len(docs) == 0 {
		return
	}
	idx, words := make([]int64, len(docs)), make([]string, len(docs))
	for i, doc := range docs {
		idx[i], words[i] = int64(doc.Index), doc.Words
	}
	q.Queue(`INSERT INTO search (idx, words)
		SELECT i, array_to_tsvector(string_to_array(w, ' ')) FROM unnest($1::bigint[], $2::text[]) AS d (i, w)
		ON CONFLICT (idx) DO NOTHING`, idx, words)
	q.Queue(`INSERT INTO search_terms (term) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, engine.SearchTerms(docs))
}

// IndexSearch implements engine.Store. It needs not be the writer: documents are derived from
// entries, and one given twice is kept once.
func (d *DB) IndexSearch(ctx context.Context, docs []engine.SearchDoc) (err error) {
	defer wrap(&err, "index for search")
	return d.sendQueued(ctx, func(q *pgx.Batch) { queueSearch(q, docs) })
}

// sendQueued sends the statements queue puts in a batch, if it puts any: the indexes derived
// from entries (search, subjects) are written so outside Append.
func (d *DB) sendQueued(ctx context.Context, queue func(*pgx.Batch)) error {
	var q pgx.Batch
	queue(&q)
	if q.Len() == 0 {
		return nil
	}
	return mapError(d.pool.SendBatch(ctx, &q).Close())
}

// SearchIndexed implements engine.Store.
func (d *DB) SearchIndexed(ctx context.Context) (_ uint64, err error) {
	defer wrap(&err, "read the search index")
	return d.nextIndexed(ctx, "search")
}

// nextIndexed returns how many of the record's first entries table, an index derived from the
// entries with a column idx, holds: one more than its largest idx, or 0.
func (d *DB) nextIndexed(ctx context.Context, table string) (uint64, error) {
	var next int64
	if err := d.pool.QueryRow(ctx, `SELECT coalesce(max(idx) + 1, 0) FROM `+table).Scan(&next); err != nil {
		return 0, mapError(err)
	}
	return uint64(next), nil
}
