package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// SaveKeptState implements engine.Store.
func (d *DB) SaveKeptState(ctx context.Context, k engine.KeptState) (err error) {
	defer wrap(&err, "save the kept state of %d entries", k.Size)
	_, err = d.db.ExecContext(ctx, `INSERT INTO kept_states (size, sum, data) VALUES (?, ?, ?)
		ON CONFLICT (size) DO UPDATE SET sum = excluded.sum, data = excluded.data`, int64(k.Size), k.Sum, k.Data)
	return err
}

// KeptState implements engine.Store.
func (d *DB) KeptState(ctx context.Context, size uint64) (_ engine.KeptState, err error) {
	defer wrap(&err, "read the kept state of %d entries", size)
	k := engine.KeptState{Size: size}
	err = d.db.QueryRowContext(ctx, `SELECT sum, data FROM kept_states WHERE size = ?`, int64(size)).Scan(&k.Sum, &k.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return k, board.Errorf(board.NotFound, "no kept state of %d entries", size)
	}
	if err != nil {
		return k, mapError(err)
	}
	return k, nil
}

// KeptSizes implements engine.Store.
func (d *DB) KeptSizes(ctx context.Context) (_ []uint64, err error) {
	defer wrap(&err, "list the kept states")
	rows, err := d.db.QueryContext(ctx, `SELECT size FROM kept_states ORDER BY size`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var sizes []uint64
	for rows.Next() {
		var size int64
		if err := rows.Scan(&size); err != nil {
			return nil, mapError(err)
		}
		sizes = append(sizes, uint64(size))
	}
	return sizes, mapError(rows.Err())
}

// DeleteKeptState implements engine.Store.
func (d *DB) DeleteKeptState(ctx context.Context, size uint64) (err error) {
	defer wrap(&err, "delete the kept state of %d entries", size)
	_, err = d.db.ExecContext(ctx, `DELETE FROM kept_states WHERE size = ?`, int64(size))
	return err
}
