-- The latest checkpoint the witness cosigned of each log, as the log sent it.
CREATE TABLE cosigned (
	origin     TEXT PRIMARY KEY,
	size       INTEGER NOT NULL,
	root       BLOB NOT NULL,
	checkpoint BLOB NOT NULL
) STRICT;

-- The leaves of the entries an auditing witness audited, up to the latest cosigned checkpoint of
-- their log: it replays them when it starts.
CREATE TABLE leaves (
	origin TEXT NOT NULL,
	idx    INTEGER NOT NULL,
	leaf   BLOB NOT NULL,
	PRIMARY KEY (origin, idx)
) STRICT, WITHOUT ROWID;
