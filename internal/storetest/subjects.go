package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/record"
)

// The conformance tests of the subjects index (engine/subjects.go): the store's rows (bounds,
// pages, counts, rows given twice, catching up), then an engine's pages on the demo, checked
// against the slow way (every entry read, board.EntrySubjects), on the record as the engine
// wrote it and on a copy written without the index (an older record), which the engine indexes
// when it opens it; and Verify, which finds a row missing or added.

// RunSubjects runs the conformance tests of the subjects index (Run runs them too).
func RunSubjects(t *testing.T, newStore NewStore, demo replay.Script) {
	t.Run("SubjectsIndex", func(t *testing.T) { testSubjectsIndex(t, newStore) })
	t.Run("SubjectsEngine", func(t *testing.T) { testSubjectsEngine(t, newStore, demo) })
}

func testSubjectsIndex(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	s, reopen := newStore(t)
	const kaz, hun, p1 = board.Subject("state:KAZ"), board.Subject("state:HUN"), board.Subject("decision:p1")
	// By index, then subject: as Subjects gives them.
	rows := []engine.SubjectRow{{Index: 0, Subject: kaz}, {Index: 1, Subject: p1}, {Index: 1, Subject: kaz}, {Index: 2, Subject: hun}, {Index: 4, Subject: p1}, {Index: 4, Subject: kaz}, {Index: 5, Subject: p1}, {Index: 7, Subject: kaz}}
	// The first five entries are indexed as Append stores them; the others later, as a record
	// stored before the index is caught up with.
	if err := s.Append(ctx, engine.Batch{Entries: entries(0, 5), Checkpoint: checkpoint(5), Subjects: rows[:6]}); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(ctx, engine.Batch{Entries: entries(5, 9), Checkpoint: checkpoint(9)}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SubjectsIndexed(ctx); err != nil || got != 5 {
		t.Fatalf("SubjectsIndexed = %d, %v; want 5", got, err)
	}
	// Given again, the rows held already are left as they are.
	if err := s.IndexSubjects(ctx, rows[3:]); err != nil {
		t.Fatal(err)
	}
	for name, st := range map[string]engine.Store{"the writer": s, "another store": reopen(t)} {
		if got, err := st.SubjectsIndexed(ctx); err != nil || got != 8 {
			t.Errorf("%s: SubjectsIndexed = %d, %v; want 8", name, got, err)
		}
		var all []engine.SubjectRow
		if err := st.Subjects(ctx, 0, 100, func(r engine.SubjectRow) error { all = append(all, r); return nil }); err != nil || !slices.Equal(all, rows) {
			t.Errorf("%s: Subjects = %v, %v; want %v", name, all, err, rows)
		}
		all = all[:0]
		if err := st.Subjects(ctx, 1, 5, func(r engine.SubjectRow) error { all = append(all, r); return nil }); err != nil || !slices.Equal(all, rows[1:6]) {
			t.Errorf("%s: Subjects from 1 to 5 = %v, %v; want %v", name, all, err, rows[1:6])
		}
		for _, tc := range []struct {
			subject       board.Subject
			below         uint64
			offset, limit int
			want          []uint64
			count         int
		}{
			{kaz, ^uint64(0), 0, 10, []uint64{7, 4, 1, 0}, 4},
			{kaz, 7, 0, 10, []uint64{4, 1, 0}, 3},
			{kaz, ^uint64(0), 1, 2, []uint64{4, 1}, 4},
			{kaz, ^uint64(0), 4, 2, nil, 4},
			{p1, 5, 0, 1, []uint64{4}, 2},
			{hun, 2, 0, 10, nil, 0},
			{"state:ZZZ", ^uint64(0), 0, 10, nil, 0},
		} {
			var got []uint64
			err := st.SubjectEntries(ctx, engine.SubjectQuery{Subject: tc.subject, Below: tc.below, Offset: tc.offset, Limit: tc.limit}, func(e record.Entry) error {
				if diff := sameEntry(e, Entry(e.Index)); diff != "" {
					t.Errorf("%s: %s: %s", name, tc.subject, diff)
				}
				got = append(got, e.Index)
				return nil
			})
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("%s: SubjectEntries(%s below %d, offset %d, limit %d) = %v, %v; want %v", name, tc.subject, tc.below, tc.offset, tc.limit, got, err, tc.want)
			}
			if n, err := st.SubjectCount(ctx, tc.subject, tc.below); err != nil || n != tc.count {
				t.Errorf("%s: SubjectCount(%s below %d) = %d, %v; want %d", name, tc.subject, tc.below, n, err, tc.count)
			}
		}
	}
}

// testSubjectsEngine: the pages of every State and every decision, as the engine gives them
// from the index, are the entries that concern them read the slow way; on a copy of the record
// written without the index, which the engine indexes when it opens it, they are the same, and
// Verify passes; a copy that lacks one row, or has one more, fails Verify at that entry.
func testSubjectsEngine(t *testing.T, newStore NewStore, demo replay.Script) {
	ctx := context.Background()
	s, _ := newStore(t)
	e := newEngine(t, s)
	if _, err := replay.Run(ctx, e, demo, replay.Options{}); err != nil {
		t.Fatal(err)
	}
	var st *board.State
	if err := e.View(ctx, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), func(s *board.State, _ *charter.Rules) error { st = s; return nil }); err != nil {
		t.Fatal(err)
	}
	// The slow way: every entry, in order.
	want := map[board.Subject][]uint64{}
	var rows []engine.SubjectRow
	var all []record.Entry
	err := e.ReadEntries(ctx, 0, e.Len(), func(en record.Entry) error {
		all = append(all, en)
		subjects := board.EntrySubjects(board.ActorID(en.Actor), board.Kind(en.Kind), en.Act, board.AgendasOf(st))
		slices.Sort(subjects)
		for _, sub := range subjects {
			want[sub] = append(want[sub], en.Index)
			rows = append(rows, engine.SubjectRow{Index: en.Index, Subject: sub})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(rows, func(r engine.SubjectRow) bool { return strings.HasPrefix(string(r.Subject), "decision:") }) {
		t.Fatal("no entry of the demo concerns a decision: the test tests nothing")
	}
	size := e.Len()
	pages := func(name string, e *engine.Engine) {
		t.Helper()
		for sub, idxs := range want {
			for _, below := range []uint64{size, idxs[len(idxs)/2]} {
				var wantIdx []uint64
				for _, i := range slices.Backward(idxs) {
					if i < below {
						wantIdx = append(wantIdx, i)
					}
				}
				var got []uint64
				for offset := 0; ; offset += 3 {
					p, err := e.Subject(ctx, sub, below, offset, 3)
					if err != nil {
						t.Fatalf("%s: %s: %v", name, sub, err)
					}
					if p.Total != len(wantIdx) {
						t.Errorf("%s: %s below %d: %d entries; want %d", name, sub, below, p.Total, len(wantIdx))
					}
					for _, en := range p.Entries {
						if en.Index >= uint64(len(all)) || !slices.Equal(en.Act, all[en.Index].Act) || en.Actor != all[en.Index].Actor {
							t.Errorf("%s: %s: entry %d is not the record's", name, sub, en.Index)
						}
						got = append(got, en.Index)
					}
					if len(p.Entries) < 3 {
						break
					}
				}
				if !slices.Equal(got, wantIdx) {
					t.Errorf("%s: %s below %d: entries %v; want %v", name, sub, below, got, wantIdx)
				}
			}
		}
	}
	pages("the engine that wrote it", e)
	key := e.LogKey()
	meta, err := s.Meta(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	// copyOf is a copy of the record with the given rows of the index (none: an older record).
	copyOf := func(subjects []engine.SubjectRow) engine.Store {
		t.Helper()
		c, _ := newStore(t)
		if err := c.Init(ctx, meta); err != nil {
			t.Fatal(err)
		}
		var hashes []tlog.Hash
		if err := s.Hashes(ctx, 0, func(_ int64, h tlog.Hash) error { hashes = append(hashes, h); return nil }); err != nil {
			t.Fatal(err)
		}
		var last engine.SignedCheckpoint
		if err := s.Checkpoints(ctx, 0, func(c engine.SignedCheckpoint) error { last = c; return nil }); err != nil {
			t.Fatal(err)
		}
		var stored []record.Entry
		if err := s.Entries(ctx, 0, func(en record.Entry) error { stored = append(stored, en); return nil }); err != nil {
			t.Fatal(err)
		}
		if err := c.Append(ctx, engine.Batch{Entries: stored, Hashes: hashes, Checkpoint: last, Subjects: subjects}); err != nil {
			t.Fatal(err)
		}
		return c
	}

	// An older record, and one whose indexing stopped half way (a server stopped while it opened
	// an older record): the engine indexes the rest when it opens them.
	for name, subjects := range map[string][]engine.SubjectRow{"an older record": nil, "a record indexed half way": rows[:len(rows)/2]} {
		older := copyOf(subjects)
		var from uint64
		if len(subjects) > 0 {
			from = subjects[len(subjects)-1].Index + 1
		}
		if n, err := older.SubjectsIndexed(ctx); err != nil || n != from {
			t.Fatalf("%s: SubjectsIndexed = %d, %v; want %d", name, n, err, from)
		}
		reopened, err := engine.Open(ctx, older)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { reopened.Close() })
		if n, err := older.SubjectsIndexed(ctx); err != nil || n != rows[len(rows)-1].Index+1 {
			t.Errorf("%s, once opened: SubjectsIndexed = %d, %v; want %d", name, n, err, rows[len(rows)-1].Index+1)
		}
		pages(name+", once opened", reopened)
		if _, err := engine.Verify(ctx, engine.StoreSource{Store: older}, key.Verifier, engine.VerifyOptions{}); err != nil {
			t.Errorf("verify %s once indexed: %v", name, err)
		}
	}

	mid := rows[len(rows)/2]
	for name, subjects := range map[string][]engine.SubjectRow{
		"a row missing": slices.Delete(slices.Clone(rows), len(rows)/2, len(rows)/2+1),
		"a row added":   slices.Insert(slices.Clone(rows), len(rows)/2, engine.SubjectRow{Index: mid.Index, Subject: "state:ZZZ"}),
		"a row changed": slices.Replace(slices.Clone(rows), len(rows)/2, len(rows)/2+1, engine.SubjectRow{Index: mid.Index, Subject: mid.Subject + "X"}),
	} {
		_, err := engine.Verify(ctx, engine.StoreSource{Store: copyOf(subjects)}, key.Verifier, engine.VerifyOptions{})
		var ve *engine.VerifyError
		if !errors.As(err, &ve) || ve.Index != mid.Index || !strings.Contains(err.Error(), "subjects index") {
			t.Errorf("%s (entry %d): verify says %v; want an error naming entry %d and the subjects index", name, mid.Index, err, mid.Index)
		}
	}
}
