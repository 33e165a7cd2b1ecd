package main

import (
	"context"
	"fmt"
	"os"
)

func (m *Main) rules(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{"rules takes a subcommand: show [--rules FILE | --db PATH], or check FILE"}
	}
	switch args[0] {
	case "show":
		f := m.newFlags("rules show", "[--rules FILE | --db PATH]")
		file := f.String("rules", "", "a rules file (default: the embedded Board of Peace charter)")
		db := f.String("db", "", "show the rules of this database instead")
		if pos, err := f.parse(args[1:]); err != nil {
			return err
		} else if len(pos) > 0 {
			return usageError{"rules show takes no arguments"}
		}
		if *db != "" {
			e, closeDB, err := openExisting(ctx, *db)
			if err != nil {
				return err
			}
			defer closeDB()
			_, err = fmt.Fprint(m.Stdout, e.Rules().Format())
			return err
		}
		r, err := loadRules(*file, ".")
		if err != nil {
			return err
		}
		_, err = fmt.Fprint(m.Stdout, r.Format())
		return err
	case "check":
		f := m.newFlags("rules check", "FILE")
		pos, err := f.parse(args[1:])
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return usageError{"rules check takes one rules file"}
		}
		if _, err := os.Stat(pos[0]); err != nil {
			return err
		}
		r, err := loadRules(pos[0], ".")
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s: rules %q version %s, effective from %s: ok\n", pos[0], r.ID, r.Version, r.EffectiveFrom.Format("2006-01-02"))
		return nil
	}
	return usageError{fmt.Sprintf("unknown rules subcommand %q (want show or check)", args[0])}
}
