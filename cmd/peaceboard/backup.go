package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/record"
)

// Backups come in two formats:
//   - sqlite: a copy of an SQLite database, made online with VACUUM INTO; a database like any
//     other, which every command opens as it is.
//   - jsonl: a logical export of the record from either store, one JSON object per line: a
//     header with the database's meta, every entry in order, each signed checkpoint right after
//     the entry that completes its tree, and a trailer that counts them, so that a cut file is
//     refused. Bytes (acts, signatures, events, notes) are base64. It is what a PostgreSQL
//     record is backed up as, and how a record moves from one store to the other.
//
// "restore" rebuilds a new database of either kind from either format, checks every stored
// checkpoint against the tree it rebuilds, and verifies the whole record before it says done.

// backupFormat is the version of the jsonl format, in its header. Format 2 added "live" to
// entries (the record's clock); a file of format 1, whose entries were all recorded at their
// acts' own times, reads as it is.
const backupFormat = 2

type backupLine struct {
	Format     int               `json:"peaceboard_record,omitempty"`
	Meta       *backupMeta       `json:"meta,omitempty"`
	Entry      *backupEntry      `json:"entry,omitempty"`
	Checkpoint *backupCheckpoint `json:"checkpoint,omitempty"`
	End        *backupEnd        `json:"end,omitempty"`
}

type backupMeta struct {
	Rules   string `json:"rules"`
	Keyring string `json:"keyring"`
	Origin  string `json:"origin"`
	LogKey  string `json:"log_key"`
}

type backupEntry struct {
	Index     uint64    `json:"index"`
	At        time.Time `json:"at"`             // the recorded instant
	Live      bool      `json:"live,omitempty"` // recorded live, at the writer's clock
	Actor     string    `json:"actor"`
	Kind      string    `json:"kind"`
	Act       []byte    `json:"act"`
	KeyID     string    `json:"key_id"`
	Signature []byte    `json:"signature"`
	Events    []byte    `json:"events"`
}

type backupCheckpoint struct {
	Size uint64 `json:"size"`
	Note []byte `json:"note"`
}

type backupEnd struct {
	Entries     uint64 `json:"entries"`
	Checkpoints uint64 `json:"checkpoints"`
}

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

func (m *Main) backup(ctx context.Context, args []string) error {
	f := m.newFlags("backup", "--out FILE [--db PATH|URL] [--format sqlite|jsonl]")
	f.dbFlag()
	out := f.String("out", "", "the backup file to write (never overwritten)")
	format := f.String("format", "", "sqlite (a copy of an SQLite database; its default) or jsonl (a logical export of the record; PostgreSQL's only format)")
	if pos, err := f.parse(args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"backup takes no arguments"}
	}
	if *out == "" {
		return usageError{"backup needs --out FILE"}
	}
	if *format == "" {
		*format = "sqlite"
		if isPostgres(*f.db) {
			*format = "jsonl"
		}
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("%s exists: a backup never overwrites a file", *out)
	}
	if *format != "sqlite" && *format != "jsonl" {
		return usageError{fmt.Sprintf("--format %q: want sqlite or jsonl", *format)}
	}
	if *format == "sqlite" && isPostgres(*f.db) {
		return usageError{"a PostgreSQL record is backed up as --format jsonl (or with pg_dump: see docs/operations.md)"}
	}
	if !isPostgres(*f.db) {
		if _, err := os.Stat(*f.db); err != nil {
			return fmt.Errorf("no database at %s", *f.db)
		}
	}
	store, err := openStore(ctx, *f.db)
	if err != nil {
		return err
	}
	defer store.Close()
	if _, err := store.Meta(ctx); err != nil {
		return err
	}
	if *format == "sqlite" {
		if err := store.(*sqlite.DB).Backup(ctx, *out); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "backed up %s to %s (a copy of the SQLite database)\n", *f.db, *out)
		return nil
	}
	end, err := writeBackup(ctx, store, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "backed up %s to %s (jsonl: %d entries, %d checkpoints)\n", dbName(*f.db), *out, end.Entries, end.Checkpoints)
	return nil
}

// writeBackup exports the record in store to a new file at path, atomically: the file appears
// only once complete and on disk.
func writeBackup(ctx context.Context, store engine.Store, path string) (backupEnd, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return backupEnd{}, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	w := bufio.NewWriterSize(tmp, 1<<20)
	end, err := exportRecord(ctx, store, w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Link(tmp.Name(), path) // fails if path appeared meanwhile: never overwrite
	}
	return end, err
}

// exportRecord writes the record in store as jsonl, up to its latest checkpoint: a writer may
// append meanwhile, and what it appends is for the next backup.
func exportRecord(ctx context.Context, store engine.Store, w io.Writer) (backupEnd, error) {
	var end backupEnd
	meta, err := store.Meta(ctx)
	if err != nil {
		return end, err
	}
	enc := json.NewEncoder(w)
	if err := enc.Encode(backupLine{Format: backupFormat, Meta: &backupMeta{Rules: meta.Rules, Keyring: meta.Keyring, Origin: meta.Origin, LogKey: meta.LogKey}}); err != nil {
		return end, err
	}
	err = eachStored(ctx, store, func(en record.Entry) error {
		end.Entries++
		return enc.Encode(backupLine{Entry: &backupEntry{Index: en.Index, At: en.At, Live: en.Live, Actor: en.Actor, Kind: en.Kind,
			Act: en.Act, KeyID: en.KeyID, Signature: en.Signature, Events: en.Events}})
	}, func(c engine.SignedCheckpoint) error {
		end.Checkpoints++
		return enc.Encode(backupLine{Checkpoint: &backupCheckpoint{Size: c.Size, Note: c.Note}})
	})
	if err != nil {
		return end, err
	}
	return end, enc.Encode(backupLine{End: &end})
}

// checkpointReader reads a store's checkpoints in order, a page at a time, up to limit.
type checkpointReader struct {
	ctx   context.Context
	store engine.Store
	limit uint64
	from  uint64
	page  []engine.SignedCheckpoint
}

func (r *checkpointReader) next() (engine.SignedCheckpoint, bool, error) {
	if len(r.page) == 0 && r.from <= r.limit {
		errFull := errors.New("full")
		err := r.store.Checkpoints(r.ctx, r.from, func(c engine.SignedCheckpoint) error {
			if c.Size > r.limit || len(r.page) == 1024 {
				return errFull
			}
			r.page = append(r.page, c)
			return nil
		})
		if err != nil && !errors.Is(err, errFull) {
			return engine.SignedCheckpoint{}, false, err
		}
		if len(r.page) == 0 {
			r.from = r.limit + 1
		} else {
			r.from = r.page[len(r.page)-1].Size + 1
		}
	}
	if len(r.page) == 0 {
		return engine.SignedCheckpoint{}, false, nil
	}
	c := r.page[0]
	r.page = r.page[1:]
	return c, true, nil
}

// bulkAppender is implemented by stores that append several batches in one transaction.
type bulkAppender interface {
	AppendAll(ctx context.Context, batches []engine.Batch) error
}

// A backupSource yields a backed-up record: its meta, then its entries and checkpoints in order.
type backupSource interface {
	meta() engine.Meta
	each(entry func(record.Entry) error, checkpoint func(engine.SignedCheckpoint) error) error
}

func (m *Main) restore(ctx context.Context, args []string) error {
	f := m.newFlags("restore", "FILE --db PATH|URL [--clock-skew DURATION]")
	f.dbFlag()
	clockSkew := f.Duration("clock-skew", engine.DefaultClockSkew, "how far from its recorded instant the time an act recorded live may be, for the verification (the server's --clock-skew)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"restore takes one backup file"}
	}
	if *clockSkew <= 0 {
		return usageError{"--clock-skew must be positive (like 5m)"}
	}
	src, closeSrc, err := openBackup(ctx, pos[0])
	if err != nil {
		return err
	}
	defer closeSrc()
	if !isPostgres(*f.db) {
		if _, err := os.Stat(*f.db); err == nil {
			return fmt.Errorf("%s exists: restore makes a new database", *f.db)
		}
	}
	dst, err := openStore(ctx, *f.db)
	if err != nil {
		return err
	}
	defer dst.Close()
	meta := src.meta()
	if err := dst.Init(ctx, meta); err != nil {
		if board.ErrorKindOf(err) == board.Conflict {
			return fmt.Errorf("%s already holds a record: restore makes a new one", dbName(*f.db))
		}
		return err
	}
	bar := newProgress(m.Stderr, "restoring", 0)
	n, cps, err := rebuild(ctx, src, dst, func(done uint64) { bar.update(int(done), 0) })
	bar.done()
	if err != nil {
		return fmt.Errorf("restore of %s: %w (the new database is incomplete: drop it)", pos[0], err)
	}
	// The rebuilt database must open (its tree matches its latest checkpoint) and verify.
	e, err := engine.Open(ctx, dst)
	if err != nil {
		return err
	}
	e.Close()
	v, err := note.NewVerifier(meta.LogKey)
	if err != nil {
		return fmt.Errorf("the record's log key: %w", err)
	}
	if n > 0 {
		if _, err := engine.Verify(ctx, engine.StoreSource{Store: dst}, v, engine.VerifyOptions{ClockSkew: *clockSkew}); err != nil {
			return fmt.Errorf("the restored record does not verify: %w", err)
		}
	}
	fmt.Fprintf(m.Stdout, "restored %d entries and %d checkpoints into %s, and verified them\n", n, cps, dbName(*f.db))
	return nil
}

// openBackup opens a backup file of either format.
func openBackup(ctx context.Context, path string) (backupSource, func(), error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	head := make([]byte, len(sqliteMagic))
	n, _ := io.ReadFull(file, head)
	if n == len(head) && string(head) == sqliteMagic {
		file.Close()
		// Open a copy: opening applies migrations, and a backup is never changed.
		dir, err := os.MkdirTemp("", "peaceboard-restore-")
		if err != nil {
			return nil, nil, err
		}
		cleanup := func() { os.RemoveAll(dir) }
		cp := filepath.Join(dir, "backup.db")
		if err := copyFile(path, cp); err != nil {
			cleanup()
			return nil, nil, err
		}
		db, err := sqlite.Open(ctx, cp)
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		meta, err := db.Meta(ctx)
		if err != nil {
			db.Close()
			cleanup()
			return nil, nil, err
		}
		return &storeBackup{ctx: ctx, store: db, m: meta}, func() { db.Close(); cleanup() }, nil
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		file.Close()
		return nil, nil, err
	}
	src := &jsonlBackup{name: path, dec: json.NewDecoder(bufio.NewReaderSize(file, 1<<20))}
	var first backupLine
	if err := src.dec.Decode(&first); err != nil || first.Format == 0 || first.Meta == nil {
		file.Close()
		return nil, nil, fmt.Errorf("%s is not a peaceboard backup (neither an SQLite database nor a jsonl export)", path)
	}
	if first.Format < 1 || first.Format > backupFormat {
		file.Close()
		return nil, nil, fmt.Errorf("%s: backup format %d; this program reads formats 1 to %d", path, first.Format, backupFormat)
	}
	src.m = engine.Meta{Rules: first.Meta.Rules, Keyring: first.Meta.Keyring, Origin: first.Meta.Origin, LogKey: first.Meta.LogKey}
	return src, func() { file.Close() }, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// storeBackup reads a backup that is a database.
type storeBackup struct {
	ctx   context.Context
	store engine.Store
	m     engine.Meta
}

func (s *storeBackup) meta() engine.Meta { return s.m }

func (s *storeBackup) each(entry func(record.Entry) error, checkpoint func(engine.SignedCheckpoint) error) error {
	return eachStored(s.ctx, s.store, entry, checkpoint)
}

// eachStored calls entry with each entry of store, in order, up to its latest checkpoint (a
// writer may append meanwhile), and checkpoint with each signed checkpoint right after the entry
// that completes its tree.
func eachStored(ctx context.Context, store engine.Store, entry func(record.Entry) error, checkpoint func(engine.SignedCheckpoint) error) error {
	var size uint64
	if err := store.Checkpoints(ctx, 0, func(c engine.SignedCheckpoint) error { size = c.Size; return nil }); err != nil {
		return err
	}
	cps := &checkpointReader{ctx: ctx, store: store, limit: size, from: 1}
	next, ok, err := cps.next()
	if err != nil {
		return err
	}
	var n uint64
	errDone := errors.New("done")
	err = store.Entries(ctx, 0, func(en record.Entry) error {
		if en.Index >= size {
			return errDone
		}
		if en.Index != n {
			return fmt.Errorf("record: entry %d found where %d was expected", en.Index, n)
		}
		if err := entry(en); err != nil {
			return err
		}
		n++
		for ok && next.Size == n {
			if err := checkpoint(next); err != nil {
				return err
			}
			if next, ok, err = cps.next(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDone) {
		return err
	}
	if n != size || ok {
		return fmt.Errorf("record: %d entries read where its latest checkpoint has %d", n, size)
	}
	return nil
}

// jsonlBackup reads a jsonl export.
type jsonlBackup struct {
	name string
	dec  *json.Decoder
	m    engine.Meta
}

func (j *jsonlBackup) meta() engine.Meta { return j.m }

func (j *jsonlBackup) each(entry func(record.Entry) error, checkpoint func(engine.SignedCheckpoint) error) error {
	var seen backupEnd
	for {
		var l backupLine
		if err := j.dec.Decode(&l); err != nil {
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("%s ends after %d entries without its trailer: the file is cut", j.name, seen.Entries)
			}
			return fmt.Errorf("%s: after %d entries: %w", j.name, seen.Entries, err)
		}
		switch {
		case l.Entry != nil:
			e := l.Entry
			if err := entry(record.Entry{Index: e.Index, At: e.At.UTC(), Live: e.Live, Actor: e.Actor, Kind: e.Kind, Act: e.Act, KeyID: e.KeyID, Signature: e.Signature, Events: e.Events}); err != nil {
				return err
			}
			seen.Entries++
		case l.Checkpoint != nil:
			if err := checkpoint(engine.SignedCheckpoint{Size: l.Checkpoint.Size, Note: l.Checkpoint.Note}); err != nil {
				return err
			}
			seen.Checkpoints++
		case l.End != nil:
			if *l.End != seen {
				return fmt.Errorf("%s: the trailer counts %d entries and %d checkpoints; the file holds %d and %d", j.name, l.End.Entries, l.End.Checkpoints, seen.Entries, seen.Checkpoints)
			}
			return nil
		default:
			return fmt.Errorf("%s: a line that is neither an entry, a checkpoint nor the trailer, after %d entries", j.name, seen.Entries)
		}
	}
}

// Restores commit in transactions of about this many entries (each with all its checkpoints).
const restoreChunk = 4096

// rebuild appends src's record to dst with the commits it had: each checkpoint closes a batch
// of the entries since the one before, with the tree hashes they complete, rebuilt here from
// the leaves. Each checkpoint must open with the record's log key and match the rebuilt tree.
// It returns the entries and checkpoints stored.
func rebuild(ctx context.Context, src backupSource, dst engine.Store, progress func(uint64)) (uint64, uint64, error) {
	v, err := note.NewVerifier(src.meta().LogKey)
	if err != nil {
		return 0, 0, fmt.Errorf("the record's log key: %w", err)
	}
	var (
		tree      record.Tree
		pending   []record.Entry
		hashStart int64
		batches   []engine.Batch
		inChunk   int
		stored    uint64
		cps       uint64
	)
	flush := func() error {
		if len(batches) == 0 {
			return nil
		}
		var err error
		if bulk, ok := dst.(bulkAppender); ok {
			err = bulk.AppendAll(ctx, batches)
		} else {
			for _, b := range batches {
				if err = dst.Append(ctx, b); err != nil {
					break
				}
			}
		}
		if err != nil {
			return err
		}
		for _, b := range batches {
			stored += uint64(len(b.Entries))
			cps++
		}
		batches, inChunk = batches[:0], 0
		progress(stored)
		return nil
	}
	err = src.each(func(en record.Entry) error {
		if en.Index != uint64(tree.Size()) {
			return fmt.Errorf("entry %d found where %d was expected", en.Index, tree.Size())
		}
		// The columns beside the signed act must say what it says: the tree covers only the act
		// (and the recorded instant of an act recorded live).
		act, err := board.ParseCanonical(en.Act)
		if err != nil {
			return fmt.Errorf("entry %d: %w", en.Index, err)
		}
		if !en.Live && !act.At.Equal(en.At) || string(act.By) != en.Actor || string(act.Body.Kind()) != en.Kind {
			return fmt.Errorf("entry %d: its time, actor or kind is not its act's", en.Index)
		}
		if _, err := tree.Append(en.Leaf().Bytes()); err != nil {
			return err
		}
		pending = append(pending, en)
		return nil
	}, func(c engine.SignedCheckpoint) error {
		if c.Size != uint64(tree.Size()) || len(pending) == 0 {
			return fmt.Errorf("a checkpoint of size %d after entry %d", c.Size, tree.Size()-1)
		}
		cp, err := record.OpenCheckpoint(c.Note, v)
		if err != nil {
			return fmt.Errorf("checkpoint %d: %w", c.Size, err)
		}
		if root, err := tree.Root(int64(c.Size)); err != nil || root != cp.Hash || cp.Size != c.Size {
			return fmt.Errorf("checkpoint %d does not match the tree of the entries before it", c.Size)
		}
		hashes := tree.Since(hashStart)
		batches = append(batches, engine.Batch{Entries: pending, HashStart: hashStart, Hashes: hashes, Checkpoint: c})
		inChunk += len(pending)
		pending, hashStart = nil, tree.Hashes()
		if inChunk >= restoreChunk {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil && len(pending) > 0 {
		err = fmt.Errorf("%d entries after the last checkpoint", len(pending))
	}
	return stored, cps, err
}
