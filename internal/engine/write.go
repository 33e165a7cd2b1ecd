package engine

import (
	"context"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// maxLeaf bounds an entry's leaf bytes, which entry bundles frame with a 16-bit length.
const maxLeaf = 60 << 10

// maxBatch bounds how many acts one commit takes.
const maxBatch = 4096

// A request is one act waiting for the writer.
type request struct {
	sa        SignedAct
	canonical []byte
	hash      actHash
	live      bool   // recorded at the writer's clock (see WithClock), not at the act's own time
	words     string // the act's words for the search index (SearchDoc), folded before the writer takes it
	done      chan result
}

// A result answers a request: the accepted act's entry, its leaf and the checkpoint of the commit
// that stored it (from which the submitter builds the receipt), or why it failed.
type result struct {
	entry      record.Entry
	leaf       []byte
	checkpoint SignedCheckpoint
	err        error
}

// Submit checks, decides, stores and applies one signed act, and returns its receipt once the
// act is durable and in a signed checkpoint. On an engine with a clock (WithClock), the act is
// recorded live: at its recorded instant, which the writer's clock gives it, and refused (as
// Refused) if its own time is further than the clock skew from that clock; without one, at its
// own time.
//
// A refused act changes nothing and returns the *board.Error that refused it (Invalid,
// Unauthorized, Forbidden, Refused, Conflict), as it is: its message is the refusal's sentence,
// with its rule, and the caller knows which act it submitted. An act that could not be recorded
// for a passing reason returns a Transient error: this process follows a record another writes
// (ErrNotWriter), the engine is closed, or the store was busy. A failed commit returns the
// store's error, naming the entries; the acts committed with it fail too.
//
// The signature is checked on the caller's goroutine, so that concurrent submissions use every
// core; a single writer then decides the acts in order and commits them in groups: one
// transaction, one fsync and one checkpoint signature for all the acts waiting.
func (e *Engine) Submit(ctx context.Context, sa SignedAct) (Accepted, error) {
	return e.submit(ctx, sa, e.clock != nil)
}

// submit is Submit, recording the act live or at its own time.
func (e *Engine) submit(ctx context.Context, sa SignedAct, live bool) (Accepted, error) {
	if e.key == nil {
		return Accepted{}, board.Internalf(nil, "this engine has no log key and cannot write")
	}
	if !e.Writer() {
		return Accepted{}, notWriter()
	}
	if sa.Act.Body == nil {
		return Accepted{}, board.Errorf(board.Invalid, "act has no kind")
	}
	// The bounds on what an act carries hold for every act taken from now on, before any work;
	// they are not rules that verify applies again: a record made before a bound existed, or
	// before it was lowered, verifies as it was decided.
	if err := board.CheckLimits(sa.Act); err != nil {
		return Accepted{}, err
	}
	canonical, err := sa.Act.Canonical()
	if err != nil {
		return Accepted{}, board.Errorf(board.Invalid, "act: %v", err)
	}
	e.incoming.Add(1)
	queued := false
	defer func() {
		if !queued {
			e.incoming.Add(-1)
		}
	}()
	key, err := signingKey(*e.keys.Load(), sa, uint64(e.committed.Load().Size()))
	if err != nil {
		return Accepted{}, err
	}
	// At most one signature check per core at a time: hundreds of submitters each checking
	// theirs at once would queue the writer, which must run for any of them to be answered,
	// behind all their checks.
	vk := e.verifyingKey(sa.KeyID, key)
	e.verifying <- struct{}{}
	ok := vk != nil && vk.VerifyAct(canonical, sa.Signature)
	v1 := !ok && vk != nil && signedInV1(vk, sa)
	<-e.verifying
	switch {
	case v1:
		return Accepted{}, board.RetiredFormat(sa.Act.Body.Kind())
	case !ok:
		return Accepted{}, badSignature(sa)
	}
	req := &request{sa: sa, canonical: canonical, hash: hashAct(canonical), live: live, words: searchWords(sa.Act), done: make(chan result, 1)}
	if err := e.enqueue(ctx, req); err != nil {
		return Accepted{}, err
	}
	queued = true
	e.incoming.Add(-1)
	// Once queued, the act will be decided; wait for the answer even if ctx ends, so that the
	// caller never reports as lost an act that was recorded.
	res := <-req.done
	if res.err != nil {
		return Accepted{}, res.err
	}
	return e.receipt(res)
}

// signedInV1 reports whether sa's signature is over its act's bytes in act format v1: a client
// that signs as before act format v2, which Submit tells so rather than that its signature is
// wrong. Only a signature that failed is checked again, so the cost falls on bad submissions.
func signedInV1(vk *record.VerifyingKey, sa SignedAct) bool {
	v1, err := sa.Act.CanonicalV1()
	return err == nil && vk.VerifyAct(v1, sa.Signature)
}

// enqueue hands a request to the writer, starting it on first use. After Close it refuses the
// request as Transient: the process is stopping, and the act, not recorded, may be sent again
// to the process that takes its place.
func (e *Engine) enqueue(ctx context.Context, req *request) error {
	e.closing.RLock()
	defer e.closing.RUnlock()
	if e.closed {
		return board.Errorf(board.Transient, "the engine is closed")
	}
	e.startWriter.Do(func() {
		e.writerDone.Add(1)
		go e.writer()
	})
	select {
	case e.queue <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stage decides one act as the n-th entry and returns its entry, events and leaf bytes.
func (e *Engine) stage(req *request, n int64) (record.Entry, []board.Event, []byte, error) {
	sa := req.sa
	if i, dup := e.acts.get(req.hash); dup {
		return record.Entry{}, nil, nil, duplicate(i)
	}
	// Only the writer changes the state: reading it without e.mu is safe here.
	if _, err := signingKey(e.state.Keys, sa, uint64(n)); err != nil { // revoked since Submit checked it
		return record.Entry{}, nil, nil, err
	}
	if est, ok := sa.Act.Body.(*board.Establish); ok && est.Rules != e.meta.Rules {
		return record.Entry{}, nil, nil, board.Errorf(board.Invalid, "establish: the rules differ from the database's")
	}
	act := sa.Act
	if req.live {
		at, err := e.recordedInstant(act, e.state.Last)
		if err != nil {
			return record.Entry{}, nil, nil, err
		}
		act.At = at // the act is decided as of its recorded instant
	}
	events, err := board.Decide(e.state, e.rules, act)
	if err != nil {
		return record.Entry{}, nil, nil, err
	}
	eventBytes, err := board.EncodeEvents(events)
	if err != nil {
		return record.Entry{}, nil, nil, board.Internalf(err, "encode events")
	}
	entry := record.Entry{
		Index:     uint64(n),
		At:        act.At.UTC(),
		Live:      req.live,
		Actor:     string(sa.Act.By),
		Kind:      string(sa.Act.Body.Kind()),
		Act:       req.canonical,
		KeyID:     string(sa.KeyID),
		Signature: sa.Signature,
		Events:    eventBytes,
	}
	leaf := entry.Leaf().Bytes()
	if len(leaf) > maxLeaf {
		return record.Entry{}, nil, nil, board.Errorf(board.Invalid, "the act is too large (%d bytes signed; at most %d)", len(leaf), maxLeaf)
	}
	return entry, events, leaf, nil
}

// recordedInstant returns the instant at which the writer records act live: its clock's time,
// or, if that is not after last (the record's last recorded instant), the nanosecond after last,
// so that recorded instants strictly increase and concurrent submitters are never refused for
// their order. The act's own time, the actor's claim, must be within the skew of both the clock
// and the recorded instant: an act dated far ahead would otherwise hold the record's time
// there, refusing every act after it.
func (e *Engine) recordedInstant(act board.Act, last time.Time) (time.Time, error) {
	claim := act.At.UTC()
	if claim.IsZero() {
		return time.Time{}, board.Errorf(board.Invalid, "%s: the act has no time", act.Body.Kind())
	}
	now := e.clock().UTC()
	if off := claim.Sub(now); off > e.skew || off < -e.skew {
		return time.Time{}, board.Errorf(board.Refused, "%s at %s is more than %s from the server's clock (%s): an act is recorded when the server receives it, and the time it gives may differ from that by %s at most",
			act.Body.Kind(), claim.Format(time.RFC3339Nano), e.skew, now.Format(time.RFC3339Nano), e.skew)
	}
	at := now
	if !at.After(last) {
		at = last.Add(time.Nanosecond)
	}
	if at.Sub(claim) > e.skew {
		return time.Time{}, board.Errorf(board.Refused, "the record's last act is recorded at %s, after the server's clock (%s): %s at %s would be recorded more than %s after its time",
			last.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano), act.Body.Kind(), claim.Format(time.RFC3339Nano), e.skew)
	}
	return at, nil
}

// receipt returns the receipt of a committed entry: its inclusion proof in the tree of the
// checkpoint that first included it.
func (e *Engine) receipt(res result) (Accepted, error) {
	proof, err := e.committed.Load().ProveInclusion(int64(res.entry.Index), int64(res.checkpoint.Size))
	if err != nil {
		return Accepted{}, board.Internalf(err, "inclusion proof")
	}
	return Accepted{Entry: res.entry, Receipt: record.Receipt{
		Index: res.entry.Index, Leaf: res.leaf, LeafHash: tlog.RecordHash(res.leaf), Checkpoint: string(res.checkpoint.Note), Proof: proof,
	}}, nil
}

// signingKey returns the key an act must be signed with: for the record's first act
