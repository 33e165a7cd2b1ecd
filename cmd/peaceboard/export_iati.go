package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/iati"
)

// IATI exports (SPEC §6.1): "export iati" writes the funds and programmes as an IATI 2.03
// activities file, "export iati-organisation" the organisation file. They have one format, XML, so they take no --format, and --out is required:
// the file is meant to be published as it is, not piped through a terminal.

// xmlExport is an export in one fixed format.
type xmlExport struct {
	name    string
	summary string
	write   func(w io.Writer, s *board.State, r *charter.Rules, t time.Time) error
}

func xmlExports() []xmlExport {
	return []xmlExport{
		{"iati", "the funds and programmes with their transactions, as an IATI 2.03 activities file", writeIATIActivities},
		{"iati-organisation", "the organization and its yearly expenditure, as an IATI 2.03 organisation file", iati.WriteOrganisation},
	}
}

// xmlExportUsage is the usage of each of xmlExports, for "export -h".
func xmlExportUsage() []string {
	var lines []string
	for _, x := range xmlExports() {
		lines = append(lines, fmt.Sprintf("%-15s --out FILE [--db PATH] [--as-of DATE]   %s", x.name, x.summary))
	}
	return lines
}

// findXMLExport returns the export named name, if one of xmlExports is.
func findXMLExport(name string) (xmlExport, bool) {
	for _, x := range xmlExports() {
		if x.name == name {
			return x, true
		}
	}
	return xmlExport{}, false
}

// exportXML runs "export NAME --out FILE" for one of xmlExports. The file is written only once
// the whole export is built, so that a failure leaves no half-written file to be published.
func (m *Main) exportXML(ctx context.Context, x xmlExport, args []string) error {
	f := m.newFlags("export "+x.name, "[--db PATH] [--as-of DATE] --out FILE")
	f.dbFlag()
	f.asOfFlag()
	outPath := f.String("out", "", "the file to write (required)")
	if pos, err := f.parse(args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"export " + x.name + " takes no further arguments"}
	}
	if *outPath == "" {
		return usageError{"export " + x.name + ": --out FILE is required"}
	}
	t, err := f.instant()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.view(ctx, t, func(s *board.State, r *charter.Rules) error {
		return x.write(&buf, s, r, t)
	}); err != nil {
		return fmt.Errorf("export %s: %w", x.name, err)
	}
	if err := os.WriteFile(*outPath, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("export %s: %w", x.name, err)
	}
	return nil
}

func writeIATIActivities(w io.Writer, s *board.State, r *charter.Rules, t time.Time) error {
	return iati.WriteActivities(w, s, r, t, func(a board.ActorID) string { return api.ContributorName(r, a) })
}
