-- Witnesses' cosignatures of the log's checkpoints (C2SP tlog-cosignature), as the log's witness
-- client collected them: one row per witness and checkpoint, the note signature line to append
-- to the checkpoint of that size. They are not the record: the log keeps those of the checkpoints
-- it may still serve, deletes older ones, and checks each against its policy before serving it.
CREATE TABLE cosignatures (
    id      INTEGER PRIMARY KEY,
    size    INTEGER NOT NULL,           -- the tree size of the checkpoint cosigned
    witness TEXT    NOT NULL,           -- the witness's cosigner verifier key, name+hash+base64
    line    TEXT    NOT NULL,           -- the signature line, "— name base64" and a newline
    UNIQUE (size, witness)
) STRICT;
