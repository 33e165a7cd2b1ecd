-- Snapshots of the state that the record's events make, after its first size entries: a cache,
-- so that opening a database does not apply every event again. Only the latest is kept; if it
-- is lost or does not fit the record, the engine rebuilds the state from the events.
CREATE TABLE snapshots (
    size bigint PRIMARY KEY CHECK (size > 0),
    data bytea  NOT NULL
);
