package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
)

func (m *Main) init(ctx context.Context, args []string) error {
	f := m.newFlags("init", "[--db PATH] [--rules FILE]")
	f.dbFlag()
	rulesFile := f.String("rules", "", "rules file (default: the embedded Board of Peace charter)")
	if pos, err := f.parse(args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"init takes no arguments"}
	}
	rules := charter.Default()
	if *rulesFile != "" {
		var err error
		if rules, err = loadRules(*rulesFile, "."); err != nil {
			return err
		}
	}
	if _, err := os.Stat(*f.db); err == nil {
		return fmt.Errorf("%s already exists; init creates new databases only", *f.db)
	}
	_, closeDB, _, err := openOrCreate(ctx, *f.db, engine.Meta{
		Rules:   rules.Source,
		Keyring: "dev:" + filepath.Base(*f.db),
		Origin:  "init",
	})
	if err != nil {
		return err
	}
	defer closeDB()
	fmt.Fprintf(m.Stdout, "created %s under rules %q version %s (acts are signed with a development keyring: not for production)\n",
		*f.db, rules.ID, rules.Version)
	return nil
}
