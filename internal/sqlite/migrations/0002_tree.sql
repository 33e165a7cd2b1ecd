-- The Merkle tree: the stored hashes of golang.org/x/mod/sumdb/tlog (every complete subtree's
-- hash, indexed by tlog.StoredHashIndex), kept as runs: one row per commit, holding the 32-byte
-- hashes from index start on, concatenated. And every checkpoint the log signed, by tree size.
CREATE TABLE hashes (
    start  INTEGER PRIMARY KEY,
    hashes BLOB    NOT NULL
) STRICT;

CREATE TABLE checkpoints (
    size INTEGER PRIMARY KEY,
    note BLOB    NOT NULL               -- the signed note, C2SP tlog-checkpoint
) STRICT;
