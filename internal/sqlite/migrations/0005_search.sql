-- Search (SPEC §6.1): the words of each entry's act, folded by the engine (board.FoldWords),
-- one space apart, in an FTS5 index without content: the entries hold the acts. The row is the
-- entry's index. Append indexes the entries it stores; the engine indexes, when it opens a
-- record, those stored before this migration (engine.Store's IndexSearch).
CREATE VIRTUAL TABLE search USING fts5 (
    words,
    content = '',        -- the words are indexed, not kept
    detail = none,       -- which entries hold a word; not where in them: no phrase is asked
    tokenize = 'ascii',  -- the words are folded already: a word is what lies between spaces
    prefix = '2 3'       -- short prefixes are indexed as words of their own
);

-- Every word the index holds, once: a word asked is the prefix of the words found here, which
-- are then asked for as they are. FTS5 reads a prefix query's whole list of entries before it
-- gives the first; it gives the latest entries holding one of a few words without reading on.
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
