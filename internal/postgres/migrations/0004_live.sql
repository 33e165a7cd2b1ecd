-- The record's clock: an entry recorded live has its recorded instant in at and at_ns, fixed by
-- the writer's clock, and its leaf carries it (live); an entry recorded at its act's own time (a
-- replay or an import of history, and every entry written before this migration) does not.
ALTER TABLE entries ADD COLUMN live boolean NOT NULL DEFAULT false;
