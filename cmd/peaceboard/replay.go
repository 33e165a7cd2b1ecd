package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/scenario"
)

// replay applies a scenario's acts to a database, all or nothing where it can: a new SQLite
// database is written to a temporary file beside the target and renamed to it once every act
// went as the scenario expects, so that a refused act leaves no half-written database and the
// corrected scenario replays on the same path. A database that already holds a record takes the
// acts only with --append, whose acts before a refused one stay (the record is append-only); so
// does a PostgreSQL database, which cannot be renamed into place.
func (m *Main) replay(ctx context.Context, args []string) (err error) {
	f := m.newFlags("replay", "FILE [--db PATH] [--append] [--receipts FILE]")
	f.dbFlag()
	appendTo := f.Bool("append", false, "add the acts to a database that already holds a record; "+
		"the acts before a refused one then stay in it (without --append, replay writes a new database, all or nothing)")
	receipts := f.String("receipts", "", "write each accepted act's receipt to this file, one JSON object per line")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"replay takes one scenario file"}
	}
	sc, rules, err := loadScenario(pos[0])
	if err != nil {
		return err
	}
	path := *f.db
	target, commit, discard, err := replayTarget(path)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			discard()
		}
	}()
	e, closeDB, created, err := m.prepare(ctx, target, rules, engine.Meta{
		Rules:   rules.Source,
		Keyring: "dev:" + filepath.Base(pos[0]),
		Origin:  "replay:" + filepath.Base(pos[0]),
	})
	if err != nil {
		return err
	}
	if !created && !*appendTo {
		n := e.Len()
		closeDB()
		return usageError{fmt.Sprintf("%s already holds a record (%d entries): replay --append adds the scenario's acts to it, "+
			"or give --db a new path", dbName(path), n)}
	}
	var opts replay.Options
	if *receipts != "" {
		out, err := os.Create(*receipts)
		if err != nil {
			closeDB()
			return err
		}
		defer out.Close()
		enc := json.NewEncoder(out)
		opts.Accepted = func(_ int, a engine.Accepted) error { return enc.Encode(a.Receipt) }
	}
	err = m.runReplay(ctx, e, sc, path, opts)
	if closeErr := closeDB(); err == nil {
		err = closeErr
	}
	if err != nil {
		return err
	}
	return commit()
}

// replayTarget returns the database a replay writes to for --db path: for a new SQLite file, a
// temporary file beside it, which commit moves to path once the replay succeeded and discard
// removes; otherwise path itself, with nothing to commit or discard.
func replayTarget(path string) (target string, commit func() error, discard func(), err error) {
	none := func() error { return nil }
	if isPostgres(path) {
		return path, none, func() {}, nil
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return path, none, func() {}, nil // an existing file (or one we cannot see): opened as it is
	}
	// Beside the target, so that the rename stays on one file system; hidden, so that a listing
	// of the folder during a long replay does not show it as a database.
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".replay-*")
	if err != nil {
		return "", nil, nil, err
	}
	tmp.Close()
	discard = func() {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(tmp.Name() + suffix)
		}
	}
	commit = func() error {
		// A link, not a rename: it fails if a database appeared at path meanwhile, which a
		// rename would silently replace.
		if err := os.Link(tmp.Name(), path); err != nil {
			discard()
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s appeared while the scenario was replayed; the replay was discarded", path)
			}
			return err
		}
		discard()
		return nil
	}
	return tmp.Name(), commit, discard, nil
}

// prepare opens or creates the database for a replay under rules, refusing a database that runs
// under other rules.
// It reports whether it created the record.
func (m *Main) prepare(ctx context.Context, path string, rules *charter.Rules, meta engine.Meta) (*engine.Engine, func() error, bool, error) {
	e, closeDB, created, err := openOrCreate(ctx, path, meta)
	if err != nil {
		return nil, nil, false, err
	}
	if e.Rules().Source != rules.Source {
		closeDB()
		return nil, nil, false, fmt.Errorf("%s runs under rules %q version %s, not the scenario's %q version %s",
			path, e.Rules().ID, e.Rules().Version, rules.ID, rules.Version)
	}
	return e, closeDB, created, nil
}

// runReplay replays sc with a progress line on a terminal and prints a one-line summary.
func (m *Main) runReplay(ctx context.Context, e *engine.Engine, sc *scenario.Scenario, path string, opts replay.Options) error {
	bar := newProgress(m.Stderr, "replaying "+sc.Name, len(sc.Steps))
	start := time.Now()
	opts.Progress = bar.set
	res, err := replay.Run(ctx, e, sc, opts)
	bar.done()
	if err != nil {
		if se, ok := errors.AsType[*scenario.StepError](err); ok && board.ErrorKindOf(err) != board.Internal {
			return errors.New(se.Error())
		}
		return err
	}
	var members int
	if err := e.View(ctx, m.Now(), func(s *board.State, r *charter.Rules) error {
		members = s.MemberCount(r, s.Last)
		return nil
	}); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "replayed %s into %s: %d acts accepted, %d refused as expected, in %s; the record has %d entries and %d members\n",
		sc.Name, path, res.Accepted, res.Refused, time.Since(start).Round(time.Millisecond), e.Len(), members)
	return nil
}

// loadScenario reads a scenario file and the rules it names: "board-of-peace" (embedded) or a
// path relative to the scenario file.
func loadScenario(path string) (*scenario.Scenario, *charter.Rules, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	sc, err := scenario.Parse(path, data)
	if err != nil {
		return nil, nil, err
	}
	rules, err := loadRules(sc.Rules, filepath.Dir(path))
	if err != nil {
		return nil, nil, err
	}
	return sc, rules, nil
}

// loadRules returns the embedded rules for their ID, or reads the rules file at name (relative
// to dir).
func loadRules(name, dir string) (*charter.Rules, error) {
	if name == "" || name == charter.DefaultID {
		return charter.Default(), nil
	}
	if !filepath.IsAbs(name) {
		name = filepath.Join(dir, name)
	}
	text, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return charter.Parse(name, string(text))
}
