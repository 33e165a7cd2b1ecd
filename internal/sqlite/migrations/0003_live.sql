-- The record's clock: an entry recorded live has its recorded instant in at, fixed by the
-- writer's clock, and its leaf carries it (live = 1); an entry recorded at its act's own time (a
-- replay or an import of history, and every entry written before this migration) has live = 0.
ALTER TABLE entries ADD COLUMN live INTEGER NOT NULL DEFAULT 0 CHECK (live IN (0, 1));
