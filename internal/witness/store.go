package witness

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// The witness's database: SQLite, in WAL mode, its own small schema (migrations/). Per log (by origin) the
// latest checkpoint the witness cosigned, and, for an auditing witness, the leaves of the
// entries it audited, which it replays through the rules when it starts.
//
// A witness's statements about a log must never go back: checking a request against the stored
// size and storing the new checkpoint happen in one transaction (BEGIN IMMEDIATE), which fails
// if another request or another process on the same database stored another checkpoint since
// the request was checked.

// migrations are the schema's numbered, forward-only scripts; PRAGMA user_version is the number
// of the last one applied.
//
//go:embed migrations/*.sql
var migrations embed.FS

// store is the witness's database.
type store struct {
	db *sql.DB
}

// openStore opens (creating if needed) the witness's database at path.
func openStore(ctx context.Context, path string) (*store, error) {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(10000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	s := &store{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("witness database %s: %w", path, err)
	}
	return s, nil
}

// migrate applies the migrations the database has not seen, in order, in one transaction.
func (s *store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var applied int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&applied); err != nil {
		return err
	}
	if applied > len(names) {
		return fmt.Errorf("its schema is at migration %d; this program knows %d", applied, len(names))
	}
	for i, name := range names {
		if n, err := strconv.Atoi(strings.SplitN(path.Base(name), "_", 2)[0]); err != nil || n != i+1 {
			return fmt.Errorf("migration %s is not number %d", name, i+1)
		}
		if i < applied {
			continue
		}
		script, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(script)); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, len(names))); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *store) close() error { return s.db.Close() }

// latest is the latest checkpoint the witness cosigned of a log (size 0 and the empty tree's
// root: none).
type latest struct {
	size       uint64
	root       tlog.Hash
	checkpoint []byte
}

func (s *store) latest(ctx context.Context, origin string) (latest, error) {
	return latestIn(ctx, s.db, origin)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func latestIn(ctx context.Context, q queryer, origin string) (latest, error) {
	var (
		l    latest
		size int64
		root []byte
	)
	err := q.QueryRowContext(ctx, `SELECT size, root, checkpoint FROM cosigned WHERE origin = ?`, origin).Scan(&size, &root, &l.checkpoint)
	if errors.Is(err, sql.ErrNoRows) {
		return latest{root: emptyRoot}, nil
	}
	if err != nil {
		return latest{}, err
	}
	if size < 0 || len(root) != tlog.HashSize {
		return latest{}, fmt.Errorf("the stored checkpoint of %s is damaged", origin)
	}
	l.size = uint64(size)
	copy(l.root[:], root)
	return l, nil
}

// errMoved is the answer of advance when the stored checkpoint is no longer the one the request
// was checked against.
var errMoved = errors.New("the latest cosigned checkpoint changed meanwhile")

// advance stores next as the latest cosigned checkpoint of origin, if prev still is, with the
// leaves of the entries after prev's (an auditing witness's). It returns errMoved, and stores
// nothing, if prev is no longer the latest.
func (s *store) advance(ctx context.Context, origin string, prev, next latest, leaves [][]byte) error {
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the check and the update are one
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now, err := latestIn(ctx, tx, origin)
	if err != nil {
		return err
	}
	if now.size != prev.size || now.root != prev.root {
		return errMoved
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO cosigned (origin, size, root, checkpoint) VALUES (?, ?, ?, ?)
		ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root, checkpoint = excluded.checkpoint`,
		origin, int64(next.size), next.root[:], next.checkpoint); err != nil {
		return err
	}
	if len(leaves) > 0 {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO leaves (origin, idx, leaf) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for k, leaf := range leaves {
			if _, err := ins.ExecContext(ctx, origin, int64(prev.size)+int64(k), leaf); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// leaves calls fn with the stored leaves of origin, in order from 0.
func (s *store) leaves(ctx context.Context, origin string, fn func(i uint64, leaf []byte) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT idx, leaf FROM leaves WHERE origin = ? ORDER BY idx`, origin)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			i    int64
			leaf []byte
		)
		if err := rows.Scan(&i, &leaf); err != nil {
			return err
		}
		if err := fn(uint64(i), leaf); err != nil {
			return err
		}
	}
	return rows.Err()
}
