// Package cosigners is the log's side of witnessing (C2SP tlog-witness): it sends each new
// checkpoint of the log to the witnesses of a policy, with a consistency proof from the
// checkpoint each last cosigned, collects and checks their cosignatures (C2SP
// tlog-cosignature), keeps them in the store beside the record, and sets the checkpoint the
// log publishes (engine.SetPublished): the newest that meets the policy's quorum, or, while none
// does, the newest with the most cosignatures.
//
// Commits never wait for witnesses: a goroutine per witness follows the log's checkpoints as
// they are committed, and a witness that fails is retried with a growing pause, without
// holding back the others. Each witness's changes of state (cosigning, failing, failing
// otherwise) are logged once, not each request.
package cosigners

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// Log is what the client needs of the log: an *engine.Engine is one.
type Log interface {
	// Checkpoint returns the latest signed checkpoint (a zero value for an empty log).
	Checkpoint() engine.SignedCheckpoint
	// CheckpointAt returns the checkpoint of a size the log signed.
	CheckpointAt(ctx context.Context, size uint64) (engine.SignedCheckpoint, error)
	// WaitFor blocks until the log holds more than n entries, or ctx ends.
	WaitFor(ctx context.Context, n uint64) (uint64, error)
	// ProveConsistency returns the consistency proof between two sizes of the tree.
	ProveConsistency(older, newer uint64) (tlog.TreeProof, error)
	// Cosignatures and SaveCosignatures read and keep cosignatures (engine.Store).
	Cosignatures(ctx context.Context, fn func(engine.StoredCosignature) error) error
	SaveCosignatures(ctx context.Context, cs []engine.StoredCosignature, keepFrom uint64) error
	// SetPublished sets the checkpoint the log publishes.
	SetPublished(engine.SignedCheckpoint)
}

var _ Log = (*engine.Engine)(nil)

// Options tune a Client. The zero value takes the defaults noted.
type Options struct {
	// HTTP sends the requests (default: a client with a 30-second timeout).
	HTTP *http.Client
	// Logger gets one line for each change of a witness's state (default slog.Default()).
	Logger *slog.Logger
	// MinBackoff and MaxBackoff bound the pause before a failed witness is asked again, which
	// doubles at each failure (defaults 1s and 5m).
	MinBackoff, MaxBackoff time.Duration
	// Interval is the shortest time between two requests to one witness (default 250ms; a
	// negative value, none): a busy log signs a checkpoint every few milliseconds, and asking
	// the witnesses for each would take the writer's cores for their round trips; a few rounds a
	// second keep the published checkpoint within a fraction of a second of the latest.
	Interval time.Duration
	// SaveEvery is how often new cosignatures are written to the store, at most (default 1s):
	// one small transaction, not one per answer.
	SaveEvery time.Duration
	// Active, if set, says whether this process is the one that asks the witnesses: the
	// record's writer, among the processes that share a record (engine.Engine.Writer). While it
	// is not, the client sends nothing, and publishes what the writer's client stores, read
	// again every SaveEvery.
	Active func() bool
}

// A Client collects the cosignatures of a log's checkpoints from a policy's witnesses.
type Client struct {
	log      Log
	logKey   note.Verifier
	policy   *record.Policy
	opts     Options
	verifier []*record.CosignatureVerifier // by witness, in the policy's order

	mu        sync.Mutex
	target    engine.SignedCheckpoint        // the checkpoint of the current round (see next)
	notes     map[uint64][]byte              // the log's note of each size that has cosignatures
	cosigs    map[uint64]map[int]cosignature // by size, by witness
	witnesses []witnessState
	// publishedSize is the size of the checkpoint published with cosignatures (0: the latest,
	// without).
	publishedSize uint64
	pending       []engine.StoredCosignature
	dropped       map[string]bool // stored lines that did not verify, logged once
}

// A cosignature is one witness's, of one checkpoint.
type cosignature struct {
	line string // "— name base64\n"
	at   time.Time
}

// witnessState is what the client knows of a witness.
type witnessState struct {
	size uint64    // of the latest checkpoint it cosigned for us
	at   time.Time // when
	err  error     // of its last request, nil if it cosigned
	asks int       // requests sent
}

// New returns a client that collects cosignatures of log's checkpoints, signed with the key
// logKey verifies, from the witnesses of policy. Run asks those that have a URL; Load alone
// needs none.
func New(log Log, logKey note.Verifier, policy *record.Policy, opts Options) (*Client, error) {
	if opts.HTTP == nil {
		opts.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = time.Second
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = max(5*time.Minute, opts.MinBackoff)
	}
	if opts.Interval == 0 {
		opts.Interval = 250 * time.Millisecond
	}
	if opts.SaveEvery <= 0 {
		opts.SaveEvery = time.Second
	}
	n := len(policy.Witnesses())
	return &Client{log: log, logKey: logKey, policy: policy, opts: opts, verifier: policy.Verifiers(),
		notes: map[uint64][]byte{}, cosigs: map[uint64]map[int]cosignature{}, witnesses: make([]witnessState, n), dropped: map[string]bool{}}, nil
}

// Load reads the cosignatures kept in the store, keeps those of the policy's witnesses that
// verify on the log's checkpoint of their size (a witness whose key changed, a row changed by
// hand, are dropped), and publishes the best checkpoint they make. A server calls it before it
// serves, so that a restart serves the cosignatures it had.
func (c *Client) Load(ctx context.Context) error {
	var stored []engine.StoredCosignature
	if err := c.log.Cosignatures(ctx, func(s engine.StoredCosignature) error { stored = append(stored, s); return nil }); err != nil {
		return err
	}
	// A process that follows the record's writer may not hold the newest checkpoints yet: it
	// publishes none it could not serve the tiles of.
	have := c.log.Checkpoint().Size
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range stored {
		if s.Size > have {
			continue
		}
		i := slices.IndexFunc(c.verifier, func(v *record.CosignatureVerifier) bool {
			return record.CosignerVerifierKey(v.Name(), v.Public()) == s.Witness
		})
		if i < 0 {
			continue
		}
		cp, err := c.log.CheckpointAt(ctx, s.Size)
		if err != nil {
			continue
		}
		sig, err := c.open(cp.Note, []byte(s.Line), i)
		if err != nil {
			if !c.dropped[s.Line] { // once, though a follower loads again and again
				c.dropped[s.Line] = true
				c.opts.Logger.Warn("a stored cosignature does not verify: dropped", "witness", c.verifier[i].Name(), "size", s.Size, "err", err)
			}
			continue
		}
		c.addLocked(i, cp, sig)
	}
	c.pending = nil // they are in the store
	c.publishLocked()
	return nil
}

// Run sends the log's checkpoints to the witnesses until ctx ends, then writes the
// cosignatures not yet stored.
func (c *Client) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for i, w := range c.policy.Witnesses() {
		if w.URL != "" {
			wg.Go(func() { c.follow(ctx, i) })
		}
	}
	wg.Go(func() { c.saveLoop(ctx) })
	if c.opts.Active != nil {
		wg.Go(func() { c.reloadLoop(ctx) })
	}
	wg.Wait()
	save, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c.save(save)
}

// follow is witness i's goroutine: it waits for a checkpoint newer than the one the witness
// last cosigned, sends it, and keeps the cosignature.
func (c *Client) follow(ctx context.Context, i int) {
	backoff := time.Duration(0)
	var asked time.Time // when the witness was last asked
	c.mu.Lock()
	old := c.witnesses[i].size // the size we believe the witness last cosigned
	c.mu.Unlock()
	for ctx.Err() == nil {
		if !c.active() {
			select {
			case <-time.After(c.opts.SaveEvery):
			case <-ctx.Done():
			}
			continue
		}
		if wait := time.Until(asked.Add(c.opts.Interval)); wait > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return
			}
		}
		cp, ok := c.next(i)
		if !ok {
			if _, err := c.log.WaitFor(ctx, c.log.Checkpoint().Size); err != nil {
				return
			}
			continue
		}
		asked = time.Now()
		cp, sig, newOld, err := c.addCheckpoint(ctx, i, old, cp)
		old = newOld
		if ctx.Err() != nil {
			return
		}
		c.mu.Lock()
		c.witnesses[i].asks++
		c.changeState(i, err, cp.Size)
		if err == nil {
			c.addLocked(i, cp, sig)
			c.publishLocked()
		}
		c.mu.Unlock()
		if err != nil {
			backoff = min(max(2*backoff, c.opts.MinBackoff), c.opts.MaxBackoff)
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return
			}
			continue
		}
		backoff = 0
		old = cp.Size
	}
}

// next returns the checkpoint to send witness i, if there is one newer than the one it last
// cosigned: the round's target, which the first witness ready after the previous round (or a
// failing one, retrying) makes the latest checkpoint. Witnesses thus cosign the same
// checkpoints, whatever their pace: a slower one joins the round the faster ones are on.
func (c *Client) next(i int) (engine.SignedCheckpoint, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	have := c.witnesses[i].size
	if c.witnesses[i].err != nil || c.target.Size <= have {
		if latest := c.log.Checkpoint(); latest.Note != nil && latest.Size > c.target.Size {
			c.target = latest
		}
	}
	if c.target.Note == nil || c.target.Size <= have {
		return engine.SignedCheckpoint{}, false
	}
	return c.target, true
}

// changeState records the outcome of a request to witness i, logging a change of state.
func (c *Client) changeState(i int, err error, size uint64) {
	w := &c.witnesses[i]
	name := c.verifier[i].Name()
	switch {
	case err == nil && (w.err != nil || w.asks == 1):
		c.opts.Logger.Info("witness cosigning", "witness", name, "size", size)
	case err != nil && (w.err == nil || w.err.Error() != err.Error()):
		c.opts.Logger.Warn("witness failing: retrying with a growing pause", "witness", name, "size", size, "err", err)
	}
	w.err = err
}

// open checks a witness's signature lines on the log's note: it returns the cosignature of
// witness i among them.
func (c *Client) open(logNote, lines []byte, i int) (note.Signature, error) {
	v := c.verifier[i]
	n, err := note.Open(append(slices.Clip(logNote), lines...), note.VerifierList(c.logKey, v))
	if err != nil {
		return note.Signature{}, err
	}
	for _, s := range n.Sigs {
		if s.Name == v.Name() && s.Hash == v.KeyHash() {
			return s, nil
		}
	}
	return note.Signature{}, fmt.Errorf("no cosignature by the witness's key %s", v.Name())
}

// addLocked keeps witness i's cosignature of cp. c.mu is held.
func (c *Client) addLocked(i int, cp engine.SignedCheckpoint, sig note.Signature) {
	at, _ := record.CosignatureTime(sig)
	line := "— " + sig.Name + " " + sig.Base64 + "\n"
	if c.cosigs[cp.Size] == nil {
		c.cosigs[cp.Size] = map[int]cosignature{}
		c.notes[cp.Size] = cp.Note
	}
	c.cosigs[cp.Size][i] = cosignature{line: line, at: at}
	if w := &c.witnesses[i]; cp.Size >= w.size {
		w.size, w.at = cp.Size, at
	}
	// A witness's cosignatures kept are those of the checkpoint published and its latest: the
	// witnesses cosign the same checkpoints (next), and an older one that is not published
	// never will be, while a witness is down for long and the others go on.
	for size, cs := range c.cosigs {
		if size > c.publishedSize && size < cp.Size {
			if delete(cs, i); len(cs) == 0 {
				delete(c.cosigs, size)
				delete(c.notes, size)
			}
		}
	}
	c.pending = append(c.pending, engine.StoredCosignature{Size: cp.Size,
		Witness: record.CosignerVerifierKey(c.verifier[i].Name(), c.verifier[i].Public()), Line: line})
}

// publishLocked chooses the checkpoint to publish: the newest meeting the quorum, or while none
// does, the one with the most cosignatures (the newest among equals; the latest checkpoint when
// none has any, or when the quorum needs none and it is newer), and forgets the cosignatures of
// older checkpoints. c.mu is held.
func (c *Client) publishLocked() {
	found, best, bestCount, bestQuorum := false, uint64(0), 0, false
	for size, cs := range c.cosigs {
		quorum := c.policy.Quorum(c.names(cs)) == nil
		var better bool
		switch {
		case !found:
			better = true
		case quorum != bestQuorum:
			better = quorum
		case quorum:
			better = size > best
		default:
			better = len(cs) > bestCount || len(cs) == bestCount && size > best
		}
		if better {
			found, best, bestCount, bestQuorum = true, size, len(cs), quorum
		}
	}
	if !found {
		c.publishedSize = 0
		c.log.SetPublished(engine.SignedCheckpoint{})
		return
	}
	for size := range c.cosigs {
		if size < best {
			delete(c.cosigs, size)
			delete(c.notes, size)
		}
	}
	if !c.policy.NeedsCosignatures() && c.log.Checkpoint().Size > best {
		c.publishedSize = 0
		c.log.SetPublished(engine.SignedCheckpoint{})
		return
	}
	c.publishedSize = best
	c.log.SetPublished(engine.SignedCheckpoint{Size: best, Note: c.cosignedNote(best)})
}

// cosignedNote returns the log's note of size with the cosignatures of it, in the policy's
// order of witnesses.
func (c *Client) cosignedNote(size uint64) []byte {
	out := slices.Clone(c.notes[size])
	for i := range c.verifier {
		if s, ok := c.cosigs[size][i]; ok {
			out = append(out, s.line...)
		}
	}
	return out
}

func (c *Client) names(cs map[int]cosignature) []string {
	var names []string
	for i := range cs {
		names = append(names, c.verifier[i].Name())
	}
	return names
}

// active reports whether this process asks the witnesses (Options.Active).
func (c *Client) active() bool { return c.opts.Active == nil || c.opts.Active() }

// reloadLoop, while this process is not the one that asks the witnesses, publishes what the
// store holds, every SaveEvery, until ctx ends.
func (c *Client) reloadLoop(ctx context.Context) {
	t := time.NewTicker(c.opts.SaveEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if !c.active() {
				if err := c.Load(ctx); err != nil && ctx.Err() == nil {
					c.opts.Logger.Warn("reading the witnesses' cosignatures failed", "err", err)
				}
			}
		case <-ctx.Done():
			return
		}
	}
}

// saveLoop writes new cosignatures to the store every SaveEvery, until ctx ends.
func (c *Client) saveLoop(ctx context.Context) {
	t := time.NewTicker(c.opts.SaveEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.save(ctx)
		case <-ctx.Done():
			return
		}
	}
}

// save writes the cosignatures not yet stored, and forgets in the store those of the
// checkpoints it forgot.
func (c *Client) save(ctx context.Context) {
	c.mu.Lock()
	pending, keepFrom := c.pending, c.publishedSize
	c.pending = nil
	if keepFrom == 0 && len(c.cosigs) > 0 {
		keepFrom = slices.Min(slices.Collect(maps.Keys(c.cosigs)))
	}
	c.mu.Unlock()
	if len(pending) == 0 {
		return
	}
	if err := c.log.SaveCosignatures(ctx, pending, keepFrom); err != nil {
		c.opts.Logger.Warn("saving witnesses' cosignatures failed: they are served, and saved again later", "err", err)
		c.mu.Lock()
		c.pending = append(pending, c.pending...)
		c.mu.Unlock()
	}
}
