package witness

import (
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
// leaves, to store with the checkpoint, or the answer that refuses it. The caller holds ls.mu.
//
// The auditor holds the entries up to prev; if it holds others (a request that failed after
// auditing, or another process on the same database that cosigned meanwhile), it is rebuilt
// from the database first. An entry that is not lawful leaves the auditor with the entries
// before it: it is rebuilt too, and the checkpoint is remembered, to refuse it again at once.
func (w *Witness) audit(ctx context.Context, ls *logState, prev latest, cp record.Checkpoint, signed []byte) ([][]byte, answer) {
	if r := ls.refused; r != nil && r.from == prev.size && r.cp == cp {
		return nil, fail(http.StatusUnprocessableEntity, "%s", r.why)
	}
	if !holds(ls.auditor, prev) {
		a, err := w.replay(ctx, ls.origin)
		if err != nil {
			w.log.Error("rebuilding the auditor", "origin", ls.origin, "err", err)
			return nil, fail(http.StatusInternalServerError, "the witness cannot replay the entries it audited")
		}
		ls.auditor = a
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
	if err := makesRoot(ls.auditor, leaves, cp); err != nil {
		w.log.Warn("the log's entries do not make its checkpoint", "origin", ls.origin, "size", cp.Size, "err", err, "checkpoint", string(signed))
		return nil, fail(http.StatusUnprocessableEntity, "not cosigned: %v", err)
	}
	for k, leaf := range leaves {
		i := prev.size + uint64(k)
		if err := ls.auditor.Append(i, leaf); err != nil {
			why := fmt.Sprintf("not cosigned: %v", err)
			if _, ok := errors.AsType[*engine.VerifyError](err); !ok {
				why = fmt.Sprintf("not cosigned: entry %d: %v", i, err)
			}
			w.log.Error("an entry does not replay lawfully: not cosigned", "origin", ls.origin, "entry", i, "size", cp.Size, "reason", err, "checkpoint", string(signed))
			ls.refused = &refusal{from: prev.size, cp: cp, why: why}
			ls.auditor = nil // rebuilt from the database at the next request
			return nil, fail(http.StatusUnprocessableEntity, "%s", why)
		}
	}
	ls.refused = nil
	return leaves, answer{}
}

// holds reports whether a holds exactly the entries of the checkpoint l.
func holds(a *engine.Auditor, l latest) bool {
	if a == nil || a.Size() != l.size {
		return false
	}
	if l.size == 0 {
		return true
	}
	root, err := a.Root()
	return err == nil && root == l.root
}

// makesRoot checks that the entries a holds, followed by leaves, make the checkpoint's root.
func makesRoot(a *engine.Auditor, leaves [][]byte, cp record.Checkpoint) error {
	t := &overlay{base: a, n: tlog.StoredHashCount(int64(a.Size()))}
	size := int64(a.Size())
	for _, leaf := range leaves {
		h, err := tlog.StoredHashes(size, leaf, t)
		if err != nil {
			return err
		}
		t.more = append(t.more, h...)
		size++
	}
	root, err := tlog.TreeHash(size, t)
	if err != nil {
		return err
	}
	if uint64(size) != cp.Size || root != cp.Hash {
		return fmt.Errorf("the log's entries %d to %d do not make the root of its checkpoint of %d entries", a.Size(), size-1, cp.Size)
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
