package engine

import (
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// An Auditor decides, entry after entry in log order, whether a log's entries are lawful: the
// one implementation of "is this entry lawful" that Verify and an auditing witness share. For
// each entry it checks the act's signature by a key registered (and not revoked) before it in
// the log, that the act is not recorded twice, its recorded instant, and that the rules,
// deciding it again as of that instant under the rules the log was established with, produce
// the events whose digest the leaf holds. It keeps the tree of the entries it accepted.
//
// An Auditor is not safe for concurrent use.
type Auditor struct {
	skew  time.Duration
	tree  record.Tree
	state *board.State
	rules *charter.Rules
	seen  *actSet // an act is recorded once
	// eventBuf holds the events of the entry being checked, encoded: one buffer serves every entry.
	eventBuf []byte
	formats  []FormatRange
	// verifiers are the keys Append checked signatures with, decoded once.
	verifiers map[board.KeyID]*record.VerifyingKey
	// checkRules, if set, checks the rules of the establish act (Verify: against a database's).
	checkRules func(rules string) error
	// reshaped, if set, is called with each entry whose events were not board.AppendOnly, once
	// applied: its recorded instant and its events, encoded (Verify: to check kept states).
	reshaped func(at time.Time, events []byte, rules *charter.Rules) error
}

// AuditorOptions adjusts an Auditor.
type AuditorOptions struct {
	// ClockSkew is how far from its recorded instant the time an act recorded live gives may be
	// (DefaultClockSkew if it is not positive), as in VerifyOptions.
	ClockSkew time.Duration
}

// NewAuditor returns an auditor of a log of which it has seen no entry yet.
func NewAuditor(opts AuditorOptions) *Auditor {
	skew := opts.ClockSkew
	if skew <= 0 {
		skew = DefaultClockSkew
	}
	return &Auditor{skew: skew, seen: newActSet(), verifiers: map[board.KeyID]*record.VerifyingKey{}}
}

// Size returns the number of entries the auditor accepted.
func (a *Auditor) Size() uint64 { return uint64(a.tree.Size()) }

// Root returns the tree hash of the entries the auditor accepted.
func (a *Auditor) Root() (tlog.Hash, error) { return a.tree.Root(a.tree.Size()) }

// ReadHashes implements tlog.HashReader over the tree of the entries the auditor accepted (the
// first tlog.StoredHashCount(Size()) stored hashes).
func (a *Auditor) ReadHashes(indexes []int64) ([]tlog.Hash, error) { return a.tree.ReadHashes(indexes) }

// Formats returns the act formats of the entries accepted, range by range.
func (a *Auditor) Formats() []FormatRange { return a.formats }

// Append checks entry i, whose leaf bytes are leaf, and accepts it if it is lawful. Entries
// come in log order: i must be Size(). An entry that is not lawful gets a *VerifyError naming
// it and why, and leaves the auditor as it was.
func (a *Auditor) Append(i uint64, leaf []byte) error {
	if i != a.Size() {
		return &VerifyError{Index: a.Size(), Err: fmt.Errorf("missing: entry %d came next", i)}
	}
	e := &sigJob{index: i, bytes: leaf}
	e.leaf, e.err = record.ParseLeaf(leaf)
	if e.err == nil {
		e.act, e.err = board.ParseCanonical(e.leaf.Act)
	}
	if e.err == nil {
		// The key the act must be signed with; append checks again that it may be used.
		var keys map[board.KeyID]*board.Key
		if a.state != nil {
			keys = a.state.Keys
		}
		sa := SignedAct{Act: e.act, KeyID: board.KeyID(e.leaf.KeyID), Signature: e.leaf.Signature}
		if key, err := signingKey(keys, sa, i); err == nil {
			e.vk = a.verifier(sa.KeyID, key)
			e.signed = e.vk != nil && e.vk.VerifyAct(e.leaf.Act, e.leaf.Signature)
		}
	}
	return a.append(e)
}

// verifier returns key, whose id is id, decoded for checking signatures (nil if it is no key).
func (a *Auditor) verifier(id board.KeyID, key ed25519.PublicKey) *record.VerifyingKey {
	if v := a.verifiers[id]; v != nil && v.Public().Equal(key) {
		return v
	}
	v, err := record.NewVerifyingKey(key)
	if err != nil {
		return nil
	}
	a.verifiers[id] = v
	return v
}

// append checks the entry of job, decoded and its signature checked with the key job.vk (by
// Append, or ahead on other goroutines by Verify), and accepts it if it is lawful. On error the
// auditor is as it was.
func (a *Auditor) append(job *sigJob) (err error) {
	i := job.index
	if _, err := a.tree.Append(job.bytes); err != nil {
		return &VerifyError{Index: i, Err: err}
	}
	defer func() {
		if err != nil {
			a.tree.Truncate(int64(i))
			err = &VerifyError{Index: i, Err: err}
		}
	}()
	if job.err != nil {
		return job.err
	}
	act := job.act
	state, rules := a.state, a.rules
	if i == 0 {
		est, ok := act.Body.(*board.Establish)
		if !ok {
			return errors.New("the log's first entry is not establish")
		}
		if rules, err = charter.Parse("rules of entry 0", est.Rules); err != nil {
			return err
		}
		if a.checkRules != nil {
			if err := a.checkRules(est.Rules); err != nil {
				return err
			}
		}
		state = board.NewState(rules.Organization.Chairman)
	}
	key, err := signingKey(state.Keys, SignedAct{Act: act, KeyID: board.KeyID(job.leaf.KeyID), Signature: job.leaf.Signature}, i)
	if err == nil && (!job.signed || !key.Equal(job.vk.Public())) {
		err = badSignature(SignedAct{Act: act, KeyID: board.KeyID(job.leaf.KeyID)})
	}
	h := hashAct(job.leaf.Act)
	if j, dup := a.seen.get(h); dup && err == nil {
		err = duplicate(j)
	}
	decided := act // as of its recorded instant
	if job.leaf.Live() {
		decided.At = job.leaf.Recorded
		if err == nil {
			err = checkLive(act.At, decided.At, state.Last, a.skew)
		}
	}
	if err == nil && job.fromStore {
		err = checkColumns(&job.stored, act, decided.At)
	}
	var events []board.Event
	if err == nil {
		events, err = board.Decide(state, rules, decided)
	}
	if err != nil {
		return fmt.Errorf("%s is not lawful: %w", act, err)
	}
	// Only the events' digest is compared.
	if a.eventBuf, err = board.AppendEvents(a.eventBuf[:0], events); err != nil {
		return err
	}
	if sha256.Sum256(a.eventBuf) != job.leaf.Events {
		return fmt.Errorf("%s: the recorded events differ from what the rules decide", act)
	}
	state.Apply(decided.At, events)
	a.state, a.rules = state, rules
	if a.reshaped != nil && !board.AppendOnly(events) {
		if err := a.reshaped(decided.At, a.eventBuf, rules); err != nil {
			return err
		}
	}
	a.seen.add(h, i)
	if f, n := board.FormatOf(job.leaf.Act), len(a.formats); n > 0 && a.formats[n-1].Format == f {
		a.formats[n-1].To = i
	} else {
		a.formats = append(a.formats, FormatRange{From: i, To: i, Format: f})
	}
	return nil
}
