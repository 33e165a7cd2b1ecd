-- Search (SPEC §6.1): the words of each entry's act, folded by the engine (board.FoldWords),
-- as a tsvector whose lexemes are those words as they are (array_to_tsvector: no parser, no
-- dictionary, so that the words are SQLite's), with a GIN index. The row is the entry's. Append
-- indexes the entries it stores; the engine indexes, when it opens a record, those stored
-- before this migration (engine.Store's IndexSearch).
CREATE TABLE search (
    idx   bigint   PRIMARY KEY CHECK (idx >= 0), -- the entry's index
    words tsvector NOT NULL
);

CREATE INDEX search_words ON search USING gin (words);

-- Every word the index holds, once, in byte order (as SQLite's): a word asked is the prefix of
-- the words found here, which are then asked for as they are.
CREATE TABLE search_terms (
    term text COLLATE "C" PRIMARY KEY
);
