package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/export"
	"github.com/peaceboard/peaceboard/record"
)

// verifyExport runs "peaceboard verify --export FILE (--db PATH | --url URL)": it reads the
// provenance the export states (internal/export.Source), checks that the record's tree of that
// many entries has that root, under the record's signed checkpoint, rebuilds the same data set
// in the same format as of the same instant, and compares the two byte for byte.
//
// With --db, the tree and the rebuilt export come from the database. With --url, the root is
// proven from the log's public hash tiles against its signed checkpoint (a server cannot forge
// it), then the export is rebuilt here from the log's entries, as "verify --url" checks them:
// every act replayed through the rules, up to the export's size.
func (m *Main) verifyExport(ctx context.Context, path, db, url, key string, clockSkew time.Duration) error {
	file, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	src, err := export.ReadSource(file)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	x, ok := export.Find(src.Export)
	if !ok || !x.Writes(src.Format) {
		return fmt.Errorf("%s: it states the data set %q in %q, which peaceboard does not write", path, src.Export, src.Format)
	}
	var rebuilt bytes.Buffer
	if db != "" {
		err = m.rebuildFromDB(ctx, &rebuilt, db, src)
	} else {
		err = m.rebuildFromURL(ctx, &rebuilt, url, key, clockSkew, src)
	}
	if err != nil {
		return err
	}
	if where := exportDifference(file, rebuilt.Bytes()); where != "" {
		return fmt.Errorf("%s differs from the export rebuilt from the record: %s", path, where)
	}
	fmt.Fprintf(m.Stdout, "export matches the record (%s %s as of %s: %s of %s, root %s)\n", src.Export, src.Format,
		formatInstant(src.AsOf), count(int(src.Size), "entry", "entries"), src.Origin, b64(src.Root))
	return nil
}

// rebuildFromDB checks the export's tree against the database's signed checkpoint and rebuilds
// the export from the database.
func (m *Main) rebuildFromDB(ctx context.Context, w *bytes.Buffer, db string, src export.Source) error {
	e, closeDB, err := openExisting(ctx, db)
	if err != nil {
		return err
	}
	defer closeDB()
	v, err := note.NewVerifier(strings.TrimSpace(e.Meta().LogKey))
	if err != nil {
		return fmt.Errorf("the database's log key: %w", err)
	}
	cp, err := record.OpenCheckpoint(e.Checkpoint().Note, v)
	if err != nil {
		return fmt.Errorf("the database's checkpoint: %w", err)
	}
	if root, err := e.TreeRoot(cp.Size); err != nil || root != cp.Hash {
		return fmt.Errorf("the database's tree of %d entries is not the one its signed checkpoint states", cp.Size)
	}
	if err := checkTree(src, cp, func(size uint64) (tlog.Hash, error) { return e.TreeRoot(size) }); err != nil {
		return err
	}
	if n, err := e.LenAt(ctx, src.AsOf); err != nil {
		return err
	} else if n != src.Size {
		return grownBefore(src, strconv.FormatUint(n, 10))
	}
	_, err = export.Build(ctx, w, e, src.Export, src.Format, src.AsOf)
	return err
}

// rebuildFromURL checks the export's tree against the server's signed checkpoint, from its hash
// tiles, then verifies the log and rebuilds the export from its first src.Size entries.
func (m *Main) rebuildFromURL(ctx context.Context, w *bytes.Buffer, url, key string, clockSkew time.Duration, src export.Source) error {
	log := &client.Log{URL: url}
	if key == "" {
		k, err := log.Key(ctx)
		if err != nil {
			return fmt.Errorf("cannot fetch the log's key (give --key): %w", err)
		}
		key = k
		fmt.Fprintf(m.Stderr, "using the log key the server states: %s (pin it with --key)\n", key)
	}
	v, err := note.NewVerifier(strings.TrimSpace(key))
	if err != nil {
		return fmt.Errorf("--key: %w", err)
	}
	msg, err := log.Checkpoint(ctx)
	if err != nil {
		return err
	}
	cp, err := record.OpenCheckpoint(msg, v)
	if err != nil {
		return err
	}
	tree := tlog.Tree{N: int64(cp.Size), Hash: cp.Hash}
	if err := checkTree(src, cp, func(size uint64) (tlog.Hash, error) { return log.TreeHash(ctx, tree, int64(size)) }); err != nil {
		return err
	}
	// The export is rebuilt here, from the log's entries as its tiles serve them, each checked
	// (engine.Verify: signatures, the tree against the checkpoint, every act under the rules):
	// nothing of the server's is trusted but what the checkpoint's signature binds.
	// The export's entries must be exactly those recorded no later than its instant: the last of
	// them at or before it, the next one (if any) after it.
	x, _ := export.Find(src.Export)
	bar := newProgress(m.Stderr, "verifying", 0)
	opts := engine.VerifyOptions{After: func(n uint64, s *board.State, r *charter.Rules) error {
		switch {
		case n == src.Size && s.Last.After(src.AsOf):
			return fmt.Errorf("the export read %d entries, but entry %d was recorded at %s, after the export's as-of instant", n, n-1, formatInstant(s.Last))
		case n == src.Size:
			return x.Write(w, src.Format, src, s, r)
		case n == src.Size+1 && !s.Last.After(src.AsOf):
			return grownBefore(src, fmt.Sprintf("at least %d", n))
		}
		return nil
	}, ClockSkew: clockSkew, Progress: func(done, total uint64) { bar.update(int(done), int(total)) }}
	_, err = engine.Verify(ctx, log, v, opts)
	bar.done()
	if ve, ok := errors.AsType[*engine.VerifyError](err); ok {
		return fmt.Errorf("the record is not sound: %v", ve)
	}
	return err
}

// checkTree checks that the record of the signed checkpoint cp is the export's: the same
// origin, at least as many entries, and the same root of the tree of the export's entries.
func checkTree(src export.Source, cp record.Checkpoint, root func(uint64) (tlog.Hash, error)) error {
	if cp.Origin != src.Origin {
		return fmt.Errorf("the export is of the log %q, the record is %q", src.Origin, cp.Origin)
	}
	if src.Size > cp.Size {
		return fmt.Errorf("the export read %d entries, the record has %d: the record was rolled back, or the export is of another record", src.Size, cp.Size)
	}
	h, err := root(src.Size)
	if err != nil {
		return fmt.Errorf("the record's tree of %d entries: %w", src.Size, err)
	}
	if h != src.Root {
		return fmt.Errorf("the export states root %s for the first %d entries, the record's is %s: it was not built from this record", b64(src.Root), src.Size, b64(h))
	}
	return nil
}

// grownBefore explains a record that holds more entries as of the export's instant than the
// export read: entries were recorded up to that instant after the export was made, which an
// export as of a future instant allows (docs/open-data.md).
func grownBefore(src export.Source, n string) error {
	return fmt.Errorf("the record holds %s entries as of %s, the export read %d: entries were recorded up to that instant after it was made (export as of the latest entry, or a past date, to rebuild it)",
		n, formatInstant(src.AsOf), src.Size)
}

func formatInstant(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.999999999Z07:00") }

func b64(h tlog.Hash) string { return base64.StdEncoding.EncodeToString(h[:]) }

// exportDifference says where a and b first differ, "" if they do not: the line and column (in
// characters) of the first differing byte, and both lines, truncated.
func exportDifference(file, rebuilt []byte) string {
	i := 0
	for i < len(file) && i < len(rebuilt) && file[i] == rebuilt[i] {
		i++
	}
	if i == len(file) && i == len(rebuilt) {
		return ""
	}
	start := bytes.LastIndexByte(file[:i], '\n') + 1
	line := bytes.Count(file[:i], []byte("\n")) + 1
	col := utf8.RuneCount(file[start:i]) + 1
	switch {
	case i == len(file):
		return fmt.Sprintf("the file ends at line %d, column %d, where the rebuilt export goes on (%d bytes more)", line, col, len(rebuilt)-i)
	case i == len(rebuilt):
		return fmt.Sprintf("the file goes on at line %d, column %d, after the end of the rebuilt export (%d bytes more)", line, col, len(file)-i)
	}
	return fmt.Sprintf("line %d, column %d: the file has %s where the rebuilt export has %s", line, col, excerpt(file, start, i), excerpt(rebuilt, start, i))
}

// excerpt is the line of b that starts at start, around offset at, at most 60 bytes of it,
// quoted.
func excerpt(b []byte, start, at int) string {
	end := bytes.IndexByte(b[start:], '\n')
	if end < 0 {
		end = len(b)
	} else {
		end += start
	}
	from, to := start, end
	if to-from > 60 {
		from = max(start, at-30)
		to = min(end, from+60)
	}
	s := strings.ToValidUTF8(string(b[from:to]), "?")
	if from > start {
		s = "…" + s
	}
	if to < end {
		s += "…"
	}
	return fmt.Sprintf("%q", s)
}
