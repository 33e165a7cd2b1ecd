package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// SaveKeptState implements engine.Store. Any process may save one: it is derived from the
// entries, and checked before it is used.
func (d *DB) SaveKeptState(ctx context.Context, k engine.KeptState) (err error) {
	defer wrap(&err, "save the kept state of %d entries", k.Size)
	_, err = d.pool.Exec(ctx, `INSERT INTO kept_states (size, sum, data) VALUES ($1, $2, $3)
		ON CONFLICT (size) DO UPDATE SET sum = excluded.sum, data = excluded.data`, int64(k.Size), k.Sum, k.Data)
	return err
}

// KeptState implements engine.Store.
func (d *DB) KeptState(ctx context.Context, size uint64) (_ engine.KeptState, err error) {
	defer wrap(&err, "read the kept state of %d entries", size)
	k := engine.KeptState{Size: size}
	err = d.pool.QueryRow(ctx, `SELECT sum, data FROM kept_states WHERE size = $1`, int64(size)).Scan(&k.Sum, &k.Data)
	if errors.Is(err, pgx.ErrNoRows) {
		return k, board.Errorf(board.NotFound, "no kept state of %d entries", size)
	}
	return k, err
}

// KeptSizes implements engine.Store.
func (d *DB) KeptSizes(ctx context.Context) (_ []uint64, err error) {
	defer wrap(&err, "list the kept states")
	rows, err := d.pool.Query(ctx, `SELECT size FROM kept_states ORDER BY size`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (uint64, error) {
		var size int64
		err := row.Scan(&size)
		return uint64(size), err
	})
}

// DeleteKeptState implements engine.Store.
func (d *DB) DeleteKeptState(ctx context.Context, size uint64) (err error) {
	defer wrap(&err, "delete the kept state of %d entries", size)
	_, err = d.pool.Exec(ctx, `DELETE FROM kept_states WHERE size = $1`, int64(size))
	return err
}
