package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/peaceboard/peaceboard/internal/engine"
)

// SaveCosignatures implements engine.Store. Any process may save them, the writer or not: they
// are kept beside the record, not in it.
func (d *DB) SaveCosignatures(ctx context.Context, cs []engine.StoredCosignature, keepFrom uint64) (err error) {
	defer wrap(&err, "save cosignatures")
	return mapError(pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		for _, c := range cs {
			if _, err := tx.Exec(ctx, `INSERT INTO cosignatures (size, witness, line) VALUES ($1, $2, $3)
				ON CONFLICT (size, witness) DO UPDATE SET line = excluded.line`, int64(c.Size), c.Witness, c.Line); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM cosignatures WHERE witness = $1 AND size > $2 AND size < $3`, c.Witness, int64(keepFrom), int64(c.Size)); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `DELETE FROM cosignatures WHERE size < $1`, int64(keepFrom))
		return err
	}))
}

// Cosignatures implements engine.Store.
func (d *DB) Cosignatures(ctx context.Context, fn func(engine.StoredCosignature) error) (err error) {
	defer wrap(&err, "read cosignatures")
	rows, err := d.pool.Query(ctx, `SELECT size, witness, line FROM cosignatures ORDER BY size, witness COLLATE "C"`)
	if err != nil {
		return mapError(err)
	}
	cs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (engine.StoredCosignature, error) {
		var c engine.StoredCosignature
		var size int64
		err := row.Scan(&size, &c.Witness, &c.Line)
		c.Size = uint64(size)
		return c, err
	})
	if err != nil {
		return mapError(err)
	}
	for _, c := range cs {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}
