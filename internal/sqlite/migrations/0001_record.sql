-- The record: one row per accepted act, with its signature and the events it produced.
-- Rows are only ever inserted: nothing is updated or deleted.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE entries (
    idx       INTEGER PRIMARY KEY,      -- position in the record, from 0
    at        TEXT    NOT NULL,         -- the act's effective time, RFC 3339 UTC
    actor     TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    act       BLOB    NOT NULL,         -- canonical act bytes, as signed
    key_id    TEXT    NOT NULL,
    signature BLOB    NOT NULL,
    events    BLOB    NOT NULL          -- canonical event bytes
) STRICT;

CREATE INDEX entries_at ON entries (at);
