-- Kept states (issue 23): the state that the acts which reshaped it (board.State.Reshapes) make
-- after the record's first size entries, kept along the record so that a view as of a past
-- instant applies again only the acts since the nearest one. A cache derived from the entries:
-- sum ties each to the record (SHA-256 over its size, the tree's root at that size and data),
-- and one that fails its check, or does not decode, is not used and is rebuilt.
CREATE TABLE kept_states (
    size INTEGER PRIMARY KEY CHECK (size > 0), -- the record's size the state is of
    sum  BLOB    NOT NULL,                     -- SHA-256 of size, the tree's root at size, data
    data BLOB    NOT NULL                      -- board.State.Snapshot of the state
) STRICT;
