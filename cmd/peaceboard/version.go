package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version prints the program's version: the module version it was built as, the commit and time
// of the source it was built from (with "modified" when the working tree had changes), and the Go
// release that built it, as the Go toolchain stamped them into the binary.
func (m *Main) version(ctx context.Context, args []string) error {
	f := m.newFlags("version", "")
	if pos, err := f.parse(args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"version takes no arguments"}
	}
	fmt.Fprintln(m.Stdout, versionLine())
	return nil
}

// versionLine reads the build information: "peaceboard v1.2.0 (commit 0300f9fa1b2c, 2026-12-07T22:40:00Z) go1.26.8".
func versionLine() string {
	v, commit, when, modified := "(devel)", "", "", false
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	line := "peaceboard " + v
	if commit != "" {
		if len(commit) > 12 {
			commit = commit[:12]
		}
		line += " (commit " + commit
		if when != "" {
			line += ", " + when
		}
		if modified {
			line += ", modified"
		}
		line += ")"
	}
	return line + " " + runtime.Version()
}
