package engine_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// leavesOf returns the leaf bytes of every entry of the record in db.
func leavesOf(t *testing.T, e *engine.Engine, db interface {
	Entries(context.Context, uint64, func(record.Entry) error) error
}) [][]byte {
	t.Helper()
	var out [][]byte
	if err := db.Entries(context.Background(), 0, func(en record.Entry) error {
		out = append(out, en.Leaf().Bytes())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if uint64(len(out)) != e.Len() {
		t.Fatalf("read %d entries of %d", len(out), e.Len())
	}
	return out
}

// forgedLeaf returns the leaf of an act signed with the record's development keys, as the
// holder of the log key could append it, whatever the rules say of it.
func forgedLeaf(t *testing.T, e *engine.Engine, a board.Act) []byte {
	t.Helper()
	sa, err := e.SignDev(a)
	if err != nil {
		t.Fatal(err)
	}
	canonical, err := sa.Act.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	return record.Leaf{Act: canonical, KeyID: string(sa.KeyID), Signature: sa.Signature}.Bytes()
}

// TestAuditorReplaysLikeVerify: entry by entry, the auditor accepts a sound record, ends with
// the checkpoint's root, and refuses an entry that is not lawful, naming it, while keeping the
// entries before it.
func TestAuditorReplaysLikeVerify(t *testing.T) {
	_, e, db := founded(t)
	leaves := leavesOf(t, e, db)
	a := engine.NewAuditor(engine.AuditorOptions{})
	for i, leaf := range leaves {
		if err := a.Append(uint64(i), leaf); err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
	}
	cp, err := record.OpenCheckpoint(e.Checkpoint().Note, e.LogKey().Verifier)
	if err != nil {
		t.Fatal(err)
	}
	if root, err := a.Root(); err != nil || a.Size() != cp.Size || root != cp.Hash {
		t.Fatalf("auditor: %d entries, root %x, %v; want the checkpoint's %d, %x", a.Size(), root, err, cp.Size, cp.Hash)
	}

	n := uint64(len(leaves))
	for _, tt := range []struct {
		name, why string
		leaf      []byte
		at        uint64
	}{
		{"refused by the rules", "R2: KAZ is already a member", forgedLeaf(t, e, board.Act{At: day(24), By: board.Chairman, Body: &board.Invite{State: "KAZ"}}), n},
		{"recorded twice", "already in the record, as entry 2", leaves[2], n},
		{"signature", "does not verify", func() []byte {
			l, _ := record.ParseLeaf(forgedLeaf(t, e, board.Act{At: day(24), By: board.Chairman, Body: &board.Invite{State: "QAT"}}))
			l.Signature[0] ^= 1
			return l.Bytes()
		}(), n},
		{"not a leaf", "", []byte("{}"), n},
		{"out of order", "missing", leaves[0], n + 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := a.Append(tt.at, tt.leaf)
			var ve *engine.VerifyError
			if !errors.As(err, &ve) || ve.Index != n || !strings.Contains(err.Error(), tt.why) {
				t.Fatalf("Append: %v; want entry %d: ...%s", err, n, tt.why)
			}
			if root, _ := a.Root(); a.Size() != n || root != cp.Hash {
				t.Fatalf("after a refused entry the auditor holds %d entries (root %x); want %d, as before", a.Size(), root, n)
			}
		})
	}
	// The auditor goes on from where it was: a lawful act is accepted.
	lawful := forgedLeaf(t, e, board.Act{At: day(24), By: board.Chairman, Body: &board.Invite{State: "QAT"}})
	l, _ := record.ParseLeaf(lawful)
	l.Events = eventsDigest(t, e, lawful)
	if err := a.Append(n, l.Bytes()); err != nil {
		t.Fatalf("a lawful entry after the refused ones: %v", err)
	}
}

// eventsDigest submits the act of leaf to e and returns the digest of the events it recorded.
func eventsDigest(t *testing.T, e *engine.Engine, leaf []byte) [32]byte {
	t.Helper()
	l, err := record.ParseLeaf(leaf)
	if err != nil {
		t.Fatal(err)
	}
	act, err := board.ParseCanonical(l.Act)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := e.Submit(context.Background(), engine.SignedAct{Act: act, KeyID: board.KeyID(l.KeyID), Signature: l.Signature})
	if err != nil {
		t.Fatal(err)
	}
	return acc.Entry.Leaf().Events
}
