package sqlite

import (
	"context"

	"github.com/peaceboard/peaceboard/internal/engine"
)

// SaveCosignatures implements engine.Store.
func (d *DB) SaveCosignatures(ctx context.Context, cs []engine.StoredCosignature, keepFrom uint64) (err error) {
	defer wrap(&err, "save cosignatures")
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, c := range cs {
		if err := d.exec(ctx, tx, `INSERT INTO cosignatures (size, witness, line) VALUES (?, ?, ?)
			ON CONFLICT (size, witness) DO UPDATE SET line = excluded.line`, int64(c.Size), c.Witness, c.Line); err != nil {
			return err
		}
		if err := d.exec(ctx, tx, `DELETE FROM cosignatures WHERE witness = ? AND size > ? AND size < ?`, c.Witness, int64(keepFrom), int64(c.Size)); err != nil {
			return err
		}
	}
	if err := d.exec(ctx, tx, `DELETE FROM cosignatures WHERE size < ?`, int64(keepFrom)); err != nil {
		return err
	}
	return tx.Commit()
}

// Cosignatures implements engine.Store.
func (d *DB) Cosignatures(ctx context.Context, fn func(engine.StoredCosignature) error) (err error) {
	defer wrap(&err, "read cosignatures")
	rows, err := d.db.QueryContext(ctx, `SELECT size, witness, line FROM cosignatures ORDER BY size, witness`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c engine.StoredCosignature
		var size int64
		if err := rows.Scan(&size, &c.Witness, &c.Line); err != nil {
			return err
		}
		c.Size = uint64(size)
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}
