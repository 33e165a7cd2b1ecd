package engine

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"runtime"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// A LogSource is the log as a verifier sees it: a signed checkpoint and the leaves it covers.
type LogSource interface {
	// Checkpoint returns the latest signed checkpoint.
	Checkpoint(ctx context.Context) ([]byte, error)
	// Leaves calls fn with the leaf bytes of entries [from, to), in order. A source that cannot
	// supply one of them returns an error.
	Leaves(ctx context.Context, from, to uint64, fn func(i uint64, leaf []byte) error) error
}

// CheckpointHistory is implemented by sources that keep every checkpoint the log signed (a
// database): Verify then checks each of them, which names the first entry that was changed.
type CheckpointHistory interface {
	Checkpoints(ctx context.Context, from uint64, fn func(SignedCheckpoint) error) error
}

// VerifyOptions adjusts Verify.
type VerifyOptions struct {
	// Older, if set, is a signed checkpoint seen before: Verify also proves that the log's tree
	// at that size is the one it committed to.
	Older []byte
	// Progress, if set, is called as entries are checked.
	Progress func(done, total uint64)
	// ClockSkew is how far from its recorded instant the time an act recorded live gives may be
	// (DefaultClockSkew if it is not positive): a record written with a larger skew (serve
	// --clock-skew) verifies with it.
	ClockSkew time.Duration
	// After, if set, is called after each entry is verified and applied, with the number of
	// entries so far, the state they make and the rules, before Verify goes on: a caller reads a
	// prefix of the log there without trusting whoever serves it (cmd/peaceboard's verify
	// --export rebuilds an export from it). It must not keep or change the state; its error
	// stops Verify.
	After func(n uint64, s *board.State, r *charter.Rules) error
}

// VerifyResult says what Verify checked.
type VerifyResult struct {
	Checkpoint      record.Checkpoint
	Checkpoints     int // signed checkpoints checked, the latest included
	DevelopmentKeys int // keys registered as development keys: their signatures prove nothing
	// What Verify checked of a database (a StoreSource) beyond its entries and checkpoints.
	StoredHashes   int64  // tree hashes, each against the one the entries make
	Snapshot       uint64 // the size of the snapshot of the state checked (0: none)
	SnapshotUnused string // why the database's snapshot was not checked, if it has one: the engine does not use it either
	// Formats are the act formats of the entries, range by range, in log order: a record made
	// before act format v2 holds v1 acts, and v2 acts after them once it takes acts again.
	Formats []FormatRange
	// WitnessPolicy is the witness policy the record itself published last (set-witness-policy),
	// as the verified entries leave it; nil if it published none.
	WitnessPolicy *board.WitnessPolicy
}

// A FormatRange is a run of entries, From to To inclusive, whose acts are in one act format.
type FormatRange struct {
	From, To uint64
	Format   board.ActFormat
}

// A VerifyError names the first entry that is not sound, and why.
type VerifyError struct {
	Index uint64
	Err   error
}

func (e *VerifyError) Error() string { return fmt.Sprintf("entry %d: %v", e.Index, e.Err) }
func (e *VerifyError) Unwrap() error { return e.Err }

// Verify checks a log without trusting whoever serves it: the checkpoint's signature by the log
// key, every leaf against the tree the checkpoint commits to, every act's signature by a key
// registered (and not revoked) before it in the log, every entry's recorded instant, and every
// act's lawfulness, by deciding it again, as of its recorded instant, under the rules the log
// was established with and comparing the events. It stops at the first entry that fails, with a
// *VerifyError.
//
// A database (a StoreSource) is checked for everything the server serves from it (see
// verify_store.go): beside the leaves and every checkpoint it kept (each one's signature too),
// the columns it keeps of an entry outside the leaf (actor, kind, time), its tree hashes, its
// rules and log key, and its snapshot of the state.
//
// Recorded instants never decrease. The leaf of an act recorded live carries its recorded
// instant, which must be after the one before it and within opts.ClockSkew of the act's own
// time; any other act is recorded at its own time (see record.Leaf).
func Verify(ctx context.Context, src LogSource, v note.Verifier, opts VerifyOptions) (VerifyResult, error) {
	var res VerifyResult
	skew := opts.ClockSkew
	if skew <= 0 {
		skew = DefaultClockSkew
	}
	msg, err := src.Checkpoint(ctx)
	if err != nil {
		return res, err
	}
	cp, err := record.OpenCheckpoint(msg, v)
	if err != nil {
		return res, err
	}
	res.Checkpoint = cp
	res.Checkpoints = 1
	var older *record.Checkpoint
	if opts.Older != nil {
		c, err := record.OpenCheckpoint(opts.Older, v)
		if err != nil {
			return res, fmt.Errorf("older checkpoint: %w", err)
		}
		if c.Size > cp.Size {
			return res, fmt.Errorf("older checkpoint: its tree (%d entries) is larger than the log's (%d): the log was rolled back or forked", c.Size, cp.Size)
		}
		older = &c
	}
	// What a database keeps beside the log, and the signed checkpoints the source kept, by size,
	// to check along the way (their signatures are checked meanwhile, on other goroutines).
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	db, err := openStored(ctx, src, msg, v)
	if err != nil {
		return res, err
	}
	signed, err := openHistory(ctx, src, msg, cp, db.logVerifier(v))
	if err != nil {
		return res, err
	}

	// The entries are checked by an auditor, the one implementation of what makes an entry
	// lawful; Verify adds what it checks of a database and its checkpoints.
	audit := NewAuditor(AuditorOptions{ClockSkew: skew})
	audit.checkRules = db.checkRules
	audit.reshaped = db.reshapedKept()
	var next uint64
	subjects, err := db.subjects(ctx)
	if err != nil {
		return res, err
	}
	tree := &audit.tree
	checkTree := func(size uint64, want tlog.Hash, what string) error {
		got, err := tree.Root(int64(size))
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("the tree of the first %d entries does not match %s", size, what)
		}
		return nil
	}
	// Signatures are checked ahead, on every core (checkSignatures); entries are then checked in
	// order here, against the state the entries before them made.
	jobs, readErr := checkSignatures(ctx, src, cp.Size)
	for job := range jobs {
		<-job.ready
		i := job.index
		if i != next {
			return res, &VerifyError{Index: next, Err: errors.New("missing from the log")}
		}
		fail := func(err error) (VerifyResult, error) { return res, &VerifyError{Index: i, Err: err} }
		if err := audit.append(job); err != nil {
			res.Formats = audit.Formats()
			return res, err
		}
		res.Formats = audit.Formats()
		next = i + 1
		if err := subjects.add(ctx, i, job.act, job.leaf.Act, audit.state); err != nil {
			return res, err
		}
		if opts.After != nil {
			if err := opts.After(next, audit.state, audit.rules); err != nil {
				return res, err
			}
		}
		if c, ok := signed[next]; ok {
			if err := c.check(ctx, next, checkTree); err != nil {
				return fail(err)
			}
			res.Checkpoints++
		}
		if next == db.snapshotSize() {
			if err := db.checkSnapshot(ctx, next, audit.state, tree, audit.seen, &res); err != nil {
				return fail(err)
			}
		}
		if err := db.checkKept(ctx, next, tree); err != nil {
			return fail(err)
		}
		if older != nil && next == older.Size {
			if err := checkTree(next, older.Hash, "the older checkpoint: the log was rewritten"); err != nil {
				return fail(err)
			}
		}
		if opts.Progress != nil {
			opts.Progress(next, cp.Size)
		}
	}
	if err := <-readErr; err != nil {
		return res, err
	}
	if next != cp.Size {
		return res, &VerifyError{Index: next, Err: errors.New("missing from the log")}
	}
	if err := checkTree(cp.Size, cp.Hash, "the signed checkpoint"); err != nil {
		return res, &VerifyError{Index: cp.Size - 1, Err: err}
	}
	if err := db.checkHashes(ctx, tree, cp.Size, &res); err != nil {
		return res, err
	}
	if err := subjects.flush(ctx, cp.Size); err != nil {
		return res, err
	}
	for _, k := range audit.state.Keys {
		if k.Development {
			res.DevelopmentKeys++
		}
	}
	res.WitnessPolicy = audit.state.WitnessPolicy
	return res, nil
}

// checkLive checks the recorded instant of an act recorded live: after last, the record's last
// recorded instant, and within skew of claim, the act's own time.
func checkLive(claim, recorded, last time.Time, skew time.Duration) error {
	if !recorded.After(last) {
		return fmt.Errorf("it is recorded live at %s, not after the entry before it (%s)", recorded.Format(time.RFC3339Nano), last.Format(time.RFC3339Nano))
	}
	if off := claim.Sub(recorded); off > skew || off < -skew {
		return fmt.Errorf("it is recorded live at %s, more than %s from its own time", recorded.Format(time.RFC3339Nano), skew)
	}
	return nil
}

// A sigJob is one leaf on its way through the signature checkers.
type sigJob struct {
	index uint64
	bytes []byte
	leaf  record.Leaf
	// stored is what a database keeps of the entry outside its leaf (fromStore), which Verify
	// checks against it.
	stored    storedColumns
	fromStore bool
	act       board.Act
	vk        *record.VerifyingKey // the key the leaf names, as registered earlier in the log
	signed    bool                 // the signature verifies with vk
	err       error                // the leaf or its act does not decode
	ready     chan struct{}        // closed once signed is set
}

// checkSignatures reads the leaves of the first size entries, decodes them, and checks their
// signatures on every core. It returns the jobs in log order, each ready once checked, and the
// read error, if any, once the jobs are all sent. The key of each leaf is the one registered for
// it earlier in the log (whether that registration was lawful is for the caller to decide).
func checkSignatures(ctx context.Context, src LogSource, size uint64) (<-chan *sigJob, <-chan error) {
	workers := runtime.GOMAXPROCS(0)
	ordered := make(chan *sigJob, 4*record.TileWidth)
	work := make(chan *sigJob, 4*record.TileWidth)
	readErr := make(chan error, 1)
	for range workers {
		go func() {
			for j := range work {
				if j.act.Body == nil {
					j.act, j.err = board.ParseCanonical(j.leaf.Act)
				}
				j.signed = j.err == nil && j.vk != nil && j.vk.VerifyAct(j.leaf.Act, j.leaf.Signature)
				close(j.ready)
			}
		}()
	}
	go func() {
		defer close(ordered)
		defer close(work)
		keys := map[board.KeyID]*record.VerifyingKey{} // decoded once, for every act signed with them
		each := func(i uint64, b []byte, leaf record.Leaf, stored record.Entry, fromStore bool, err error) error {
			j := &sigJob{index: i, bytes: b, leaf: leaf, fromStore: fromStore, err: err, ready: make(chan struct{})}
			if fromStore {
				j.stored = storedColumns{at: stored.At, actor: stored.Actor, kind: stored.Kind}
			}
			// Keys are registered in log order: acts that register one are decoded here, the
			// others by the workers.
			if j.err == nil && registersKey(leaf.Act) {
				if j.act, j.err = board.ParseCanonical(leaf.Act); j.err == nil {
					if pub, err := registeredKey(j.act); err == nil {
						if vk, err := record.NewVerifyingKey(pub); err == nil {
							keys[board.KeyIDOf(pub)] = vk
						} else {
							delete(keys, board.KeyIDOf(pub)) // no key: its acts do not verify
						}
					}
				}
			}
			j.vk = keys[board.KeyID(leaf.KeyID)]
			select {
			case ordered <- j:
			case <-ctx.Done():
				return ctx.Err()
			}
			if j.err != nil {
				close(j.ready)
				return nil
			}
			select {
			case work <- j:
			case <-ctx.Done():
				return ctx.Err()
			}
			return nil
		}
		if ps, ok := src.(parsedSource); ok {
			readErr <- ps.parsedLeaves(ctx, 0, size, func(i uint64, b []byte, l record.Leaf, stored record.Entry) error {
				return each(i, b, l, stored, true, nil)
			})
			return
		}
		readErr <- src.Leaves(ctx, 0, size, func(i uint64, b []byte) error {
			leaf, err := record.ParseLeaf(b)
			return each(i, b, leaf, record.Entry{}, false, err)
		})
	}()
	return ordered, readErr
}

// registersKey reports whether canonical act bytes are of an act that registers a key. Both act
// formats put the kind at a fixed place (first in v2, after the time and the actor in v1), so a
// prefix test is exact.
func registersKey(act []byte) bool {
	rest, ok := bytes.CutPrefix(act, []byte(`{"act":"`))
	if !ok {
		_, rest, ok = bytes.Cut(act, []byte(`,"act":"`))
	}
	return ok && (bytes.HasPrefix(rest, []byte(`register-key"`)) || bytes.HasPrefix(rest, []byte(`establish"`)))
}

// registeredKey returns the key an establish or register-key act registers.
func registeredKey(a board.Act) (ed25519.PublicKey, error) {
	switch body := a.Body.(type) {
	case *board.Establish:
		return body.EstablishKey()
	case *board.RegisterKey:
		return board.ParseKey(body.Key)
	}
	return nil, errors.New("not a key registration")
}
