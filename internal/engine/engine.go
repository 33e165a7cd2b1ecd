// Package engine is the single writer of the record: it checks an act's signature against the
// keys registered in the record (write.go, keys.go), decides it against the state and the rules,
// applies its events to the state at once, so that the next act is decided against them, and
// stores it with its events, tree hashes and a newly signed checkpoint in one transaction, with
// the other acts decided meanwhile (commit.go). Submit answers once that transaction is durable.
//
// The state therefore runs ahead of the store by the acts being committed; if their commit fails,
// the state is rebuilt from the store and every act of the failed commit fails. Readers see only
// committed acts all the same: a reader (View, as of now or of any instant) that finds acts being
// committed in the state waits until they are committed, or until the state is rebuilt. While a
// reader waits, the writer decides no new act: it sends the acts it has decided to the store at
// once and, when the store holds them all, lets the waiting readers read before it decides again
// (commit.go's committer). So a steady stream of acts cannot starve readers (a reader waits at
// most for the acts being decided and two commits), readers cannot starve the writer (those who
// arrive while nothing is being committed do not wait), and without readers the writer's pipeline
// is what it was. What the engine counts and proves (Len, Checkpoint, entries, receipts, tiles) is
// only what is committed too.
//
// The other design, a second state of the committed acts only, kept for readers, was not chosen:
// it doubles the state in memory (its live heap is about 250 MB at a million acts, where the
// target for the whole process is 400 MB), applies every act twice on the writer's goroutine, and
// a state shared copy-on-write would change how every event applies. Waiting costs the readers'
// latency and, under a steady stream of reads, the overlap of deciding with committing: measured
// in docs/benchmarks.md, "Readers see only durable acts (issue 17)".
//
// Reads see the state as of any instant (view.go), from states kept along the record (kept.go). Opening a record restores its latest snapshot
// and applies the events stored after it (open.go, snapshot.go). A record that several
// processes share is written by one and followed by the others (follow.go). Verify checks a
// record from its entries alone (verify.go).
package engine

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// A SignedAct is an act with its actor's signature over the act's canonical bytes.
type SignedAct struct {
	Act       board.Act
	KeyID     board.KeyID
	Signature []byte
}

// Accepted is what Submit returns for an accepted act: its entry as the record keeps it, and its
// receipt, the proof that the entry is in the checkpoint the log signed when it was appended.
type Accepted struct {
	Entry   record.Entry
	Receipt record.Receipt
}

// An Option configures an engine.
type Option func(*Engine)

// DefaultClockSkew is how far from the writer's clock the time an actor gives an act live may be,
// unless WithClock says otherwise; Verify holds live acts to it too.
const DefaultClockSkew = 5 * time.Minute

// WithClock makes the engine a live writer (SPEC §4 "Time"): the writer gives each act that
// Submit accepts its recorded instant, from now, strictly after the record's last one; the
// act's own time is the actor's claim, which must be within skew of now (DefaultClockSkew if
// skew is not positive), and it is decided as of its recorded instant. The API's server gives
// its engine a clock. Without one, Submit records an act at its own time, in order, as replays
// and imports of history do (SubmitDev always does).
func WithClock(now func() time.Time, skew time.Duration) Option {
	return func(e *Engine) {
		if skew <= 0 {
			skew = DefaultClockSkew
		}
		e.clock, e.skew = now, skew
	}
}

// WithLogKey sets the key that signs the log's checkpoints. A record with a development keyring
// derives its log key from the keyring unless one is given; any other record without a log key
// is read-only: Submit fails.
func WithLogKey(k *record.LogKey) Option { return func(e *Engine) { e.key = k } }

// Engine applies acts to one record. It is safe for concurrent use: writes are serialized, reads
// run alongside them and see only committed acts.
type Engine struct {
	store Store
	meta  Meta
	rules *charter.Rules
	key   *record.LogKey
	clock func() time.Time // the writer's clock, for acts recorded live; nil: none (WithClock)
	skew  time.Duration    // how far from clock a live act's own time may be

	queue       chan *request // acts for the writer
	verifying   chan struct{} // a token for each signature being checked (see Submit)
	stop        chan struct{}
	startWriter sync.Once
	writerDone  sync.WaitGroup
	closing     sync.RWMutex // guards closed against enqueue
	closed      bool
	subs        subscribers // wakes readers waiting for new entries (subscribe.go)
	replica     replica     // its part in a record that several processes share (follow.go)

	pastFolds  atomic.Uint64 // how many views rebuilt the state for a past instant
	past       pastStates    // the states views made for past instants, a few
	kept       keptStates    // states kept along the record for views of the past (kept.go)
	readers    readGate      // holds readers while the state holds acts not yet committed (view.go)
	mu         sync.RWMutex  // guards what follows
	state      *board.State
	staged     int         // acts in the state that the store does not hold yet: decided, being committed
	stale      bool        // a commit failed and the state could not be rebuilt: it holds acts never stored
	acts       *actSet     // the acts in the state; read and changed only by the writer, under replica.mu
	next       uint64      // entries in the record
	tree       record.Tree // of the committed entries, and while committing, of the staged ones
	checkpoint SignedCheckpoint

	// committed is the tree of the committed entries, which proofs and tiles read without e.mu:
	// a receipt for each act, under e.mu, queued every submitter behind the writer.
	committed atomic.Pointer[record.FrozenTree]
	// keys is a copy of the state's keys, which Submit checks signatures with, without e.mu
	// either; it is replaced whenever the state's keys change (publishKeys).
	keys atomic.Pointer[map[board.KeyID]*board.Key]
	// verifiers are those keys decoded once for checking signatures, by id, replaced with keys.
	verifiers atomic.Pointer[map[board.KeyID]*record.VerifyingKey]
	// incoming counts the acts in Submit between their first check and the writer's queue.
	incoming atomic.Int64

	// published is the checkpoint the log publishes, cosigned by its witnesses (cosignatures.go);
	// nil: the latest.
	published atomic.Pointer[SignedCheckpoint]

	snapshotAt    uint64    // the size of the latest snapshot saved or restored
	snapshotSaved time.Time // when the writer last saved one

	progress func(what string, done, total uint64) // see WithProgress; nil: none
}

// Rules returns the rules the record runs under.
func (e *Engine) Rules() *charter.Rules { return e.rules }

// Meta returns the database's meta.
func (e *Engine) Meta() Meta { return e.meta }

// LogKey returns the log's key, or nil for a read-only engine.
func (e *Engine) LogKey() *record.LogKey { return e.key }

// Len returns the number of entries in the record.
func (e *Engine) Len() uint64 {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.next
}

// Latest returns the number of committed entries and the recorded instant of the last of them
// (zero for an empty record). An answer as of an instant before that one can never change: every
// entry recorded later is recorded after it. Like View, it waits while acts are being committed,
// and returns ctx's error if ctx ends first, or a Transient error (see rlock).
func (e *Engine) Latest(ctx context.Context) (uint64, time.Time, error) {
	if err := e.rlock(ctx); err != nil {
		return 0, time.Time{}, err
	}
	defer e.mu.RUnlock()
	return e.next, e.state.Last, nil
}

// Checkpoint returns the latest signed checkpoint (a zero value for an empty record).
func (e *Engine) Checkpoint() SignedCheckpoint {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.checkpoint
}

// Close stops the writer once it has committed the acts already queued, and saves a snapshot of
// the state if one is due. The store is the caller's to close, after Close.
func (e *Engine) Close() (err error) {
	defer board.Wrap(&err, "close the engine")
	e.closing.Lock()
	if !e.closed {
		e.closed = true
		close(e.stop)
	}
	e.closing.Unlock()
	e.writerDone.Wait()
	e.kept.done.Wait()
	e.replica.mu.Lock()
	defer e.replica.mu.Unlock()
	if err := e.saveSnapshot(context.Background()); err != nil {
		return fmt.Errorf("the record is intact; saving a snapshot of its state failed: %w", err)
	}
	return nil
}
