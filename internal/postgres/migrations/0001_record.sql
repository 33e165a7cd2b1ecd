-- The record: one row per accepted act, with its signature and the events it produced.
-- Rows are only ever inserted: nothing is updated or deleted.
CREATE TABLE meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE entries (
    idx       bigint      PRIMARY KEY CHECK (idx >= 0), -- position in the record, from 0
    at        timestamptz NOT NULL,                     -- the act's effective time, to the microsecond
    at_ns     smallint    NOT NULL CHECK (at_ns BETWEEN 0 AND 999), -- and its nanoseconds beyond
    actor     text        NOT NULL,
    kind      text        NOT NULL,
    act       bytea       NOT NULL,                     -- canonical act bytes, as signed
    key_id    text        NOT NULL,
    signature bytea       NOT NULL,
    events    bytea       NOT NULL                      -- canonical event bytes
);

CREATE INDEX entries_at ON entries (at);
