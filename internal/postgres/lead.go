package postgres

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// writerLock is the session-level advisory lock the record's writer holds. Advisory lock keys
// belong to one database: two records on one server do not compete for it.
const writerLock = 0x7065616365_0002 // "peace", 2

// checkEvery is how often the writer checks that its connection, and so its lock, is alive.
const checkEvery = time.Second

// A leader is this process's part in the writer election: one dedicated connection that asks
// for the writer lock and, once it holds it, carries every write. Writing only on the session
// that holds the lock is what makes the election safe: when that session ends (the process
// died, the network failed, the server restarted), the lock is released and no write of this
// process can land after it, because its writes went through that same session.
type leader struct {
	cfg *pgx.ConnConfig

	mu     sync.Mutex // guards what follows, and every use of conn
	conn   *pgx.Conn  // the candidate connection, or nil
	held   bool       // conn holds the writer lock
	tried  bool       // Lead was called: Append no longer takes the lock by itself
	lost   chan struct{}
	closed bool
}

// Lead implements engine.Shared: it tries to take the writer lock, without waiting. Once it
// holds it, it returns a channel that is closed when the lock is lost; Lead may then be called
// again.
func (d *DB) Lead(ctx context.Context) (lost <-chan struct{}, ok bool, err error) {
	defer wrap(&err, "writer election")
	l := &d.lead
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tried = true
	return l.leadLocked(ctx)
}

// Resign implements engine.Shared: it gives up the writer lock by closing its session.
func (d *DB) Resign(ctx context.Context) error {
	l := &d.lead
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tried = true
	l.loseLocked(true)
	return nil
}

func (l *leader) leadLocked(ctx context.Context) (<-chan struct{}, bool, error) {
	if l.closed {
		return nil, false, board.Errorf(board.Internal, "the database is closed")
	}
	if l.held {
		return l.lost, true, nil
	}
	if l.conn == nil {
		cfg := l.cfg.Copy()
		// The server notices a silent network failure within seconds, and releases the lock.
		for k, v := range map[string]string{"tcp_keepalives_idle": "5", "tcp_keepalives_interval": "2", "tcp_keepalives_count": "3"} {
			cfg.RuntimeParams[k] = v
		}
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			return nil, false, mapError(err)
		}
		l.conn = conn
	}
	var ok bool
	if err := l.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, int64(writerLock)).Scan(&ok); err != nil {
		l.loseLocked(false)
		return nil, false, mapError(err)
	}
	if !ok {
		return nil, false, nil
	}
	// An acknowledged act must be durable: never commit with synchronous_commit off, whatever
	// the server's default.
	var level string
	err := l.conn.QueryRow(ctx, `SELECT current_setting('synchronous_commit')`).Scan(&level)
	if err == nil && level == "off" {
		_, err = l.conn.Exec(ctx, `SET synchronous_commit = on`)
	}
	if err != nil {
		l.loseLocked(false)
		return nil, false, mapError(err)
	}
	l.held = true
	l.lost = make(chan struct{})
	go l.watch(l.lost)
	return l.lost, true, nil
}

// watch checks the writer's connection every checkEvery until the lock is lost: a writer whose
// session ended must know it at once, and stop calling itself the writer.
func (l *leader) watch(lost chan struct{}) {
	t := time.NewTicker(checkEvery)
	defer t.Stop()
	for {
		select {
		case <-lost:
			return
		case <-t.C:
		}
		if !l.mu.TryLock() {
			continue // a write is using the connection: it finds out by itself
		}
		if l.lost == lost && l.held {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := l.conn.Ping(ctx); err != nil {
				l.loseLocked(false)
			}
			cancel()
		}
		l.mu.Unlock()
	}
}

// loseLocked closes the candidate connection, which releases the lock if held. With unlock, it
// first releases the lock itself, so that another process may take it at once: the server
// ends a closed session's backend (and so releases its locks) a moment later.
func (l *leader) loseLocked(unlock bool) {
	if l.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		if unlock && l.held && !l.conn.IsClosed() {
			l.conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, int64(writerLock))
		}
		l.conn.Close(ctx)
		cancel()
		l.conn = nil
	}
	if l.held {
		l.held = false
		close(l.lost)
	}
}

func (l *leader) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	l.loseLocked(true)
}

// write runs fn on the writer's connection. A process that never took part in an election (a
// replay, an init) takes the lock on its first write; one that did (a server) writes only while
// it holds it.
func (l *leader) write(ctx context.Context, fn func(*pgx.Conn) error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.held {
		if l.tried {
			return &board.Error{Kind: board.Transient, Msg: "this process is no longer the record's writer", Err: engine.ErrNotWriter}
		}
		_, ok, err := l.leadLocked(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return &board.Error{Kind: board.Transient, Msg: "another process is the record's writer (it holds the writer lock): stop it, or send the acts to it", Err: engine.ErrNotWriter}
		}
	}
	err := fn(l.conn)
	if err != nil && l.conn.IsClosed() {
		l.loseLocked(false)
	}
	return err
}

// Changes implements engine.Shared: the channel receives after the writer commits (LISTEN on
// the channel its commits NOTIFY), and once each time the listening connection is made, since
// commits may have been missed while it was not there. It is closed when ctx ends or the
// database is closed.
func (d *DB) Changes(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-d.done:
		case <-ctx.Done():
		}
		cancel()
	}()
	go func() {
		defer close(ch)
		for ctx.Err() == nil {
			d.listen(ctx, ch)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}()
	return ch
}

// listen signals ch on every notification until the connection fails or ctx ends.
func (d *DB) listen(ctx context.Context, ch chan struct{}) {
	conn, err := pgx.ConnectConfig(ctx, d.lead.cfg.Copy())
	if err != nil {
		return
	}
	defer func() {
		closing, cancel := context.WithTimeout(context.Background(), time.Second)
		conn.Close(closing)
		cancel()
	}()
	if _, err := conn.Exec(ctx, `LISTEN `+notifyChannel); err != nil {
		return
	}
	for {
		select {
		case ch <- struct{}{}:
		default:
		}
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return
		}
	}
}
