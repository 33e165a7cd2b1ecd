-- The Merkle tree: the stored hashes of golang.org/x/mod/sumdb/tlog (every complete subtree's
-- hash, indexed by tlog.StoredHashIndex), kept as runs: one row per commit, holding the 32-byte
-- hashes from index start on, concatenated. And every checkpoint the log signed, by tree size.
CREATE TABLE hashes (
    start  bigint PRIMARY KEY CHECK (start >= 0),
    hashes bytea  NOT NULL CHECK (length(hashes) % 32 = 0)
);

CREATE TABLE checkpoints (
    size bigint PRIMARY KEY CHECK (size > 0),
    note bytea  NOT NULL               -- the signed note, C2SP tlog-checkpoint
);
