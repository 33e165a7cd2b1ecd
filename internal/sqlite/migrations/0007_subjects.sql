-- Subjects (engine/subjects.go): which entries concern each State and each decision
-- (board.EntrySubjects), so that a State's page and feed and a decision's feed read their own
-- entries only, a page at a time. One row for each subject of each entry: unique by entry then
-- subject (the order Verify reads them in), and indexed by subject (the order pages read them
-- in). Its id is its key alone, which nothing reads (the red-team test names a row by one column).
-- Append indexes the entries it stores; the engine indexes, when it opens a record, those
-- stored before this migration (engine.Store's IndexSubjects).
CREATE TABLE subjects (
    id      INTEGER PRIMARY KEY,
    idx     INTEGER NOT NULL CHECK (idx >= 0), -- the entry's index
    subject TEXT    NOT NULL,                  -- "state:KAZ", "decision:p-12"
    UNIQUE (idx, subject)
) STRICT;

CREATE INDEX subjects_by_subject ON subjects (subject, idx);
