package engine

import (
	"context"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// Subjects: which entries concern each State and each decision (board.EntrySubjects), so that a
// State's page and feed and a decision's feed read their own entries only, a page at a time. The
// store indexes the subjects of the entries it stores in Append's transaction (Batch.Subjects);
// a record stored before there was an index is indexed when it opens (catchUpSubjects). Verify
// computes the index again from the entries and compares (checkSubjects).

// A SubjectRow says that the entry at Index concerns Subject.
type SubjectRow struct {
	Index   uint64
	Subject board.Subject
}

// A SubjectQuery asks a store for one page of the entries that concern Subject, below an index,
// the highest first.
type SubjectQuery struct {
	Subject board.Subject
	Below   uint64 // only entries with an index below it
	Offset  int    // skip this many of them
	Limit   int    // at most this many entries, at least 1
}

// WithProgress gives the engine a function it tells how far a long task of opening a record
// has come (indexing an older record's subjects): what, and how many of how many entries.
func WithProgress(fn func(what string, done, total uint64)) Option {
	return func(e *Engine) { e.progress = fn }
}

// entrySubjects returns the rows of the subjects en concerns, agendas giving the meetings'
// agendas (board.Agendas).
func entrySubjects(out []SubjectRow, en record.Entry, agendas board.Agendas) []SubjectRow {
	for _, s := range board.EntrySubjects(board.ActorID(en.Actor), board.Kind(en.Kind), en.Act, agendas) {
		out = append(out, SubjectRow{Index: en.Index, Subject: s})
	}
	return out
}

// subjectsCatchUpBatch is how many rows catchUpSubjects indexes in one call of IndexSubjects.
const subjectsCatchUpBatch = 8192

// catchUpSubjects indexes the subjects of the entries the store holds after the last one its
// index names: every entry of a record stored before there was an index (the migration that
// made it made it empty), and otherwise the few after the last entry with a subject, since
// Append indexes what it stores. It may stop at any batch: the next open goes on from there.
// The meetings' agendas are the state's: an agenda cannot change once approved.
func (e *Engine) catchUpSubjects(ctx context.Context) (err error) {
	defer board.Wrap(&err, "index the record's subjects")
	from, err := e.store.SubjectsIndexed(ctx)
	if err != nil {
		return err
	}
	to := e.Len()
	if from >= to {
		return nil
	}
	e.mu.RLock()
	agendas := make(map[board.MeetingID][]board.DecisionID, len(e.state.Meetings))
	for id, m := range e.state.Meetings {
		agendas[id] = m.Agenda
	}
	e.mu.RUnlock()
	lookup := func(id board.MeetingID) []board.DecisionID { return agendas[id] }
	start, last := time.Now(), time.Now()
	rows := make([]SubjectRow, 0, subjectsCatchUpBatch+16)
	err = e.ReadEntries(ctx, from, to, func(en record.Entry) error {
		rows = entrySubjects(rows, en, lookup)
		if len(rows) < subjectsCatchUpBatch {
			return nil
		}
		err := e.store.IndexSubjects(ctx, rows)
		rows = rows[:0]
		if e.progress != nil && time.Since(last) > 2*time.Second {
			last = time.Now()
			e.progress("indexing the subjects of the record's entries", en.Index+1-from, to-from)
		}
		return err
	})
	if err == nil && len(rows) > 0 {
		err = e.store.IndexSubjects(ctx, rows)
	}
	if err == nil && e.progress != nil && to-from > subjectsCatchUpBatch {
		e.progress("indexed the subjects of the record's entries in "+time.Since(start).Round(time.Millisecond).String(), to-from, to-from)
	}
	return err
}

// A SubjectPage is one page of the entries that concern a subject, newest first, and how many
// entries concern it in all, up to the size asked.
type SubjectPage struct {
	Total   int
	Entries []record.Entry
}

// Subject returns the entries that concern subject among the record's first size entries (capped
// at the committed ones), the highest index first: limit of them from offset on (none for a
// limit of 0), and how many there are. It reads those entries only.
func (e *Engine) Subject(ctx context.Context, subject board.Subject, size uint64, offset, limit int) (_ SubjectPage, err error) {
	defer board.Wrap(&err, "read the entries of %s", subject)
	size = min(size, e.Len())
	var p SubjectPage
	if p.Total, err = e.store.SubjectCount(ctx, subject, size); err != nil {
		return p, err
	}
	if limit < 1 || offset >= p.Total {
		return p, nil
	}
	err = e.store.SubjectEntries(ctx, SubjectQuery{Subject: subject, Below: size, Offset: offset, Limit: limit}, func(en record.Entry) error {
		fromLeaf(&en)
		p.Entries = append(p.Entries, en)
		return nil
	})
	return p, err
}
