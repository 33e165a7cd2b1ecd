-- The Merkle tree: the stored hashes of golang.org/x/mod/sumdb/tlog (every complete subtree's
-- hash, indexed by tlog.StoredHashIndex), and every checkpoint the log signed, by tree size.
CREATE TABLE hashes (
    idx  INTEGER PRIMARY KEY,
    hash BLOB    NOT NULL
) STRICT;

CREATE TABLE checkpoints (
    size INTEGER PRIMARY KEY,
    note BLOB    NOT NULL               -- the signed note, C2SP tlog-checkpoint
) STRICT;
