package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/internal/export"
)

// "peaceboard export NAME" writes one of internal/export's data sets, as of --as-of, with its
// provenance (docs/open-data.md); "peaceboard verify --export FILE" rebuilds it. The data sets
// written in XML only (IATI) require --out: such a file is meant to be published as it is, not
// piped through a terminal.

// exportUsage is the usage of each data set "export" writes, for "export -h".
func exportUsage() []string {
	var lines []string
	for _, x := range export.Sets() {
		flags := "--format " + strings.Join(x.Formats, "|") + " [--out FILE]"
		if x.Formats[0] == export.XML {
			flags = "--out FILE"
		}
		lines = append(lines, fmt.Sprintf("%-17s %-30s [--db PATH] [--as-of DATE]   %s", x.Name, flags, x.Summary))
	}
	return lines
}

func (m *Main) export(ctx context.Context, args []string) error {
	names := export.Names()
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageError{"export what? (peaceboard export " + strings.Join(names, "|") + " [flags]; \"peaceboard export -h\" lists each one's)"}
	}
	x, ok := export.Find(args[0])
	if !ok {
		return usageError{fmt.Sprintf("export %q: unknown data set (want %s)", args[0], strings.Join(names, ", "))}
	}
	xmlOnly := x.Formats[0] == export.XML
	formats := strings.Join(x.Formats, "|")
	usage := "[--db PATH] [--as-of DATE] --format " + formats + " [--out FILE]"
	if xmlOnly {
		usage = "[--db PATH] [--as-of DATE] --out FILE"
	}
	f := m.newFlags("export "+x.Name, usage)
	f.dbFlag()
	f.asOfFlag()
	format := &x.Formats[0]
	if !xmlOnly {
		format = f.String("format", x.Formats[0], strings.Join(x.Formats, " or "))
	}
	outHelp := "write to this file instead of standard output"
	if xmlOnly {
		outHelp = "the file to write (required)"
	}
	outPath := f.String("out", "", outHelp)
	if pos, err := f.parse(args[1:]); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"export " + x.Name + " takes no further arguments"}
	}
	if !x.Writes(*format) {
		return usageError{fmt.Sprintf("--format %q: export %s writes %s", *format, x.Name, strings.Join(x.Formats, " or "))}
	}
	if xmlOnly && *outPath == "" {
		return usageError{"export " + x.Name + ": --out FILE is required"}
	}
	// Without --as-of, the export is as of the latest entry, so that it can be rebuilt whatever
	// is recorded after it (docs/open-data.md).
	var t time.Time
	if *f.asOf != "" {
		var err error
		if t, err = f.instant(); err != nil {
			return err
		}
	}
	e, closeDB, err := openExisting(ctx, *f.db)
	if err != nil {
		return err
	}
	defer closeDB()
	// The file is written only once the whole export is built, so that a failure leaves no
	// half-written file to be published.
	var buf bytes.Buffer
	if _, err := export.Build(ctx, &buf, e, x.Name, *format, t); err != nil {
		return fmt.Errorf("export %s: %w", x.Name, err)
	}
	if *outPath == "" {
		_, err := m.Stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(*outPath, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("export %s: %w", x.Name, err)
	}
	return nil
}
