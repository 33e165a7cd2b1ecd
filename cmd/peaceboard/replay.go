package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/scenario"
)

func (m *Main) replay(ctx context.Context, args []string) error {
	f := m.newFlags("replay", "FILE [--db PATH] [--receipts FILE]")
	f.dbFlag()
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
	e, closeDB, err := m.prepare(ctx, *f.db, rules, engine.Meta{
		Rules:   rules.Source,
		Keyring: "dev:" + filepath.Base(pos[0]),
		Origin:  "replay:" + filepath.Base(pos[0]),
	})
	if err != nil {
		return err
	}
	defer closeDB()
	var opts replay.Options
	if *receipts != "" {
		out, err := os.Create(*receipts)
		if err != nil {
			return err
		}
		defer out.Close()
		enc := json.NewEncoder(out)
		opts.Accepted = func(_ int, a engine.Accepted) error { return enc.Encode(a.Receipt) }
	}
	return m.runReplay(ctx, e, sc, *f.db, opts)
}

// prepare opens or creates the database for a replay under rules, refusing a database that runs
// under other rules.
func (m *Main) prepare(ctx context.Context, path string, rules *charter.Rules, meta engine.Meta) (*engine.Engine, func() error, error) {
	e, closeDB, _, err := openOrCreate(ctx, path, meta)
	if err != nil {
		return nil, nil, err
	}
	if e.Rules().Source != rules.Source {
		closeDB()
		return nil, nil, fmt.Errorf("%s runs under rules %q version %s, not the scenario's %q version %s",
			path, e.Rules().ID, e.Rules().Version, rules.ID, rules.Version)
	}
	return e, closeDB, nil
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
