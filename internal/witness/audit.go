package witness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// audit reads the entries a checkpoint adds to the latest cosigned one (prev), checks that they
// make the checkpoint's root, and replays them through the log's auditor. It returns their
// leaves, to store with the checkpoint, or the answer that refuses it. The caller holds ls.mu,
// and calls ls.cosigned once the checkpoint is stored.
//
// The auditor holds the entries up to prev, and those of ls.ahead after them. If it holds
// others (a request that failed after auditing, or another process on the same database that
// cosigned meanwhile), it is rebuilt from the database first. An entry that is not lawful leaves
// the auditor with the entries before it, which become ls.ahead: a later checkpoint that holds
// them too is audited from there, one that does not (another tree, after prev) from prev, the
// auditor rebuilt. The refused checkpoint is remembered, to refuse it again at once.
func (w *Witness) audit(ctx context.Context, ls *logState, prev latest, cp record.Checkpoint, signed []byte) ([][]byte, answer) {
	if r := ls.refused; r != nil && r.from == prev.size && r.cp == cp {
		return nil, fail(http.StatusUnprocessableEntity, "%s", r.why)
	}
	rebuild := func() answer {
		ls.auditor, ls.ahead = nil, nil
		a, err := w.replay(ctx, ls.origin)
		if err != nil {
			w.log.Error("rebuilding the auditor", "origin", ls.origin, "err", err)
			return fail(http.StatusInternalServerError, "the witness cannot replay the entries it audited")
		}
		ls.auditor = a
		w.log.Info("rebuilt the auditor from the database", "origin", ls.origin, "entries", a.Size())
		return answer{}
	}
	if !ls.holds(prev) {
		if a := rebuild(); a.status != 0 {
			return nil, a
		}
	}
	leaves := make([][]byte, 0, cp.Size-prev.size)
	err := fetchLeaves(ctx, w.client, ls.URL+"/log", prev.size, cp.Size, func(_ uint64, leaf []byte) error {
		leaves = append(leaves, leaf)
		return nil
	})
	if err != nil {
		w.log.Warn("reading the log's entries", "origin", ls.origin, "from", prev.size, "to", cp.Size, "err", err)
		return nil, fail(http.StatusBadGateway, "the witness cannot read the log's entries %d to %d: %v", prev.size, cp.Size-1, err)
	}
	if err := makesRoot(ls.auditor, prev.size, leaves, cp); err != nil {
		w.log.Warn("the log's entries do not make its checkpoint", "origin", ls.origin, "size", cp.Size, "err", err, "checkpoint", string(signed))
		return nil, fail(http.StatusUnprocessableEntity, "not cosigned: %v", err)
	}
	// The entries audited ahead, if the checkpoint holds them, are not audited again.
	done := min(len(ls.ahead), len(leaves))
	for k := range done {
		if !bytes.Equal(ls.ahead[k], leaves[k]) {
			if a := rebuild(); a.status != 0 {
				return nil, a
			}
			done = 0
			break
		}
	}
	for k := done; k < len(leaves); k++ {
		i := prev.size + uint64(k)
		if err := ls.auditor.Append(i, leaves[k]); err != nil {
			why := fmt.Sprintf("not cosigned: %v", err)
			if _, ok := errors.AsType[*engine.VerifyError](err); !ok {
				why = fmt.Sprintf("not cosigned: entry %d: %v", i, err)
			}
			w.log.Error("an entry does not replay lawfully: not cosigned", "origin", ls.origin, "entry", i, "size", cp.Size, "reason", err, "checkpoint", string(signed))
			ls.refused = &refusal{from: prev.size, cp: cp, why: why}
			ls.ahead = leaves[:k]
			return nil, fail(http.StatusUnprocessableEntity, "%s", why)
		}
	}
	ls.refused = nil
	return leaves, answer{}
}

// holds reports whether the auditor holds the entries of the checkpoint l, then those of
// ls.ahead.
func (ls *logState) holds(l latest) bool {
	a := ls.auditor
	if a == nil || a.Size() != l.size+uint64(len(ls.ahead)) {
		return false
	}
	if l.size == 0 {
		return true
	}
	root, err := tlog.TreeHash(int64(l.size), a)
	return err == nil && root == l.root
}

// cosigned records that the witness stored a checkpoint of n entries more than the one before,
// whose entries the auditor holds (err nil), or failed to (the auditor is rebuilt at the next
// request).
func (ls *logState) cosigned(n uint64, err error) {
	switch {
	case err != nil:
		ls.auditor, ls.ahead = nil, nil
	case n >= uint64(len(ls.ahead)):
		ls.ahead = nil
	default:
		ls.ahead = ls.ahead[n:]
	}
}

// makesRoot checks that the first size entries the auditor holds, followed by leaves, make the
// checkpoint's root.
func makesRoot(a *engine.Auditor, size uint64, leaves [][]byte, cp record.Checkpoint) error {
	t := &overlay{base: a, n: tlog.StoredHashCount(int64(size))}
	n := int64(size)
	for _, leaf := range leaves {
		h, err := tlog.StoredHashes(n, leaf, t)
		if err != nil {
			return err
		}
		t.more = append(t.more, h...)
		n++
	}
	root, err := tlog.TreeHash(n, t)
	if err != nil {
		return err
	}
	if uint64(n) != cp.Size || root != cp.Hash {
		return fmt.Errorf("the log's entries %d to %d do not make the root of its checkpoint of %d entries", size, n-1, cp.Size)
	}
	return nil
}

// An overlay is the stored hashes of a tree (the first n from base) followed by more.
type overlay struct {
	base tlog.HashReader
	n    int64
	more []tlog.Hash
}

func (o *overlay) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for k, i := range indexes {
		switch {
		case i < o.n:
			h, err := o.base.ReadHashes([]int64{i})
			if err != nil {
				return nil, err
			}
			out[k] = h[0]
		case i-o.n < int64(len(o.more)):
			out[k] = o.more[i-o.n]
		default:
			return nil, fmt.Errorf("tree: hash %d is not stored", i)
		}
	}
	return out, nil
}
