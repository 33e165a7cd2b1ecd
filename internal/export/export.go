// Package export writes the record's open data: the data sets of "peaceboard export", of the
// API's /api/v1/exports and of the portal's download links, from one implementation, so that the
// three give the same bytes for the same record and instant.
//
// Every file states what it was built from (Source): the log's origin, the number of entries
// it read and the Merkle root of the tree of those entries, and the instant it is as of. An
// export as of an instant reads exactly the entries recorded no later than it, so it is a pure
// function of that prefix of the log: "peaceboard verify --export" rebuilds it, whenever it is
// run, and compares it byte for byte (docs/open-data.md).
package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/iati"
	"github.com/peaceboard/peaceboard/record"
)

// The formats a data set may be written in.
const (
	CSV  = "csv"
	JSON = "json"
	XML  = "xml"
)

// A Set is one data set: its name (stable, lowercase: it is in file names, URLs and the CLI),
// the formats it is written in, the default first, and what it holds.
type Set struct {
	Name    string
	Formats []string
	// Summary says what it holds, in English, for the CLI's usage.
	Summary string
	// Title names it on the portal and in the API's list, by language (fr, en).
	Title map[string]string

	csv  func(s *board.State, r *charter.Rules, t time.Time) (header []string, rows [][]string)
	json func(src Source, s *board.State, r *charter.Rules, t time.Time) any
	xml  func(w io.Writer, s *board.State, r *charter.Rules, t time.Time) error
}

// Sets returns every data set, in the order the data dictionary lists them.
func Sets() []Set { return sets }

// Find returns the data set named name.
func Find(name string) (Set, bool) {
	for _, s := range sets {
		if s.Name == name {
			return s, true
		}
	}
	return Set{}, false
}

// Names returns the names of every data set.
func Names() []string {
	out := make([]string, len(sets))
	for i, s := range sets {
		out[i] = s.Name
	}
	return out
}

// Writes says whether the set is written in format.
func (x Set) Writes(format string) bool { return slices.Contains(x.Formats, format) }

// Ext is the file name extension of a format.
func Ext(format string) string { return format }

// ContentType is the media type a format is served with.
func ContentType(format string) string {
	switch format {
	case CSV:
		return "text/csv; charset=utf-8; header=present"
	case JSON:
		return "application/json"
	default:
		return "application/xml"
	}
}

// FileName is the name a download is saved under: peaceboard-NAME-ASOF.EXT, the instant as a
// UTC date and time without separators a file system might refuse.
func FileName(name, format string, asOf time.Time) string {
	return fmt.Sprintf("peaceboard-%s-%s.%s", name, asOf.UTC().Format("20060102T150405Z"), Ext(format))
}

// listDoc is the JSON of a data set that is a list: its provenance, then its items.
type listDoc[T any] struct {
	Source Source `json:"source"`
	Items  []T    `json:"items"`
}

func list[V, W any](src Source, views []V, wire func(V) W) listDoc[W] {
	out := listDoc[W]{Source: src, Items: make([]W, 0, len(views))}
	for _, v := range views {
		out.Items = append(out.Items, wire(v))
	}
	return out
}

// Write writes data set x in format, as of src.AsOf, from s (the state as of that instant) and
// r, stating src as its provenance.
func (x Set) Write(w io.Writer, format string, src Source, s *board.State, r *charter.Rules) error {
	if !x.Writes(format) {
		return board.Errorf(board.Invalid, "the data set %s is written in %s, not %s", x.Name, strings.Join(x.Formats, " or "), format)
	}
	src.Export, src.Format = x.Name, format
	t := src.AsOf
	switch format {
	case CSV:
		if _, err := io.WriteString(w, src.csvComment()); err != nil {
			return err
		}
		header, rows := x.csv(s, r, t)
		cw := csv.NewWriter(w)
		cw.Write(header)
		cw.WriteAll(rows)
		return cw.Error()
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(x.json(src, s, r, t))
	default:
		var buf bytes.Buffer
		if err := x.xml(&buf, s, r, t); err != nil {
			if errors.Is(err, iati.ErrNoRef) {
				return board.Errorf(board.NotFound, "this organization publishes no IATI files: %v", err)
			}
			return err
		}
		// The provenance goes right after the XML declaration, as a comment: the schema
		// ignores comments, so the file stays valid.
		b := buf.Bytes()
		decl, rest, ok := bytes.Cut(b, []byte("\n"))
		if !ok || !bytes.HasPrefix(decl, []byte("<?xml")) {
			return board.Internalf(nil, "export %s: the XML has no declaration", x.Name)
		}
		for _, part := range [][]byte{decl, []byte("\n"), []byte(src.xmlComment()), rest} {
			if _, err := w.Write(part); err != nil {
				return err
			}
		}
		return nil
	}
}

// Build writes data set name in format as of asOf from the engine's record, and returns the
// provenance it states. A zero asOf means the instant of the latest entry, so that the export
// can be rebuilt whatever is recorded after it. An instant after the latest entry is as
// asked, but it is rebuilt the same only while nothing is recorded up to it (the caller should
// not ask for one in the future: the API and the CLI cap it at now).
func Build(ctx context.Context, w io.Writer, e *engine.Engine, name, format string, asOf time.Time) (Source, error) {
	x, ok := Find(name)
	if !ok {
		return Source{}, board.Errorf(board.NotFound, "no data set %q (there are %s)", name, strings.Join(Names(), ", "))
	}
	if !x.Writes(format) {
		return Source{}, board.Errorf(board.NotFound, "the data set %s is written in %s, not %s", name, strings.Join(x.Formats, " or "), format)
	}
	src, err := SourceOf(ctx, e, asOf)
	if err != nil {
		return Source{}, err
	}
	src.Export, src.Format = name, format
	var buf bytes.Buffer
	if err := e.View(ctx, src.AsOf, func(s *board.State, r *charter.Rules) error {
		return x.Write(&buf, format, src, s, r)
	}); err != nil {
		return Source{}, err
	}
	_, err = w.Write(buf.Bytes())
	return src, err
}

// SourceOf returns the provenance of an export of e's record as of asOf (zero: the latest
// entry's instant): the log's origin, how many entries were recorded no later than asOf, and
// the root of the tree of those entries.
func SourceOf(ctx context.Context, e *engine.Engine, asOf time.Time) (Source, error) {
	if asOf.IsZero() {
		n := e.Len()
		if n == 0 {
			return Source{}, board.Errorf(board.NotFound, "the record is empty: there is nothing to export")
		}
		if err := e.ReadEntries(ctx, n-1, n, func(en record.Entry) error { asOf = en.At; return nil }); err != nil {
			return Source{}, err
		}
	}
	n, err := e.LenAt(ctx, asOf)
	if err != nil {
		return Source{}, err
	}
	root, err := e.TreeRoot(n)
	if err != nil {
		return Source{}, err
	}
	origin, _, _ := strings.Cut(string(e.Checkpoint().Note), "\n")
	if origin == "" {
		return Source{}, errors.New("the record has no signed checkpoint")
	}
	return Source{Origin: origin, Size: n, Root: root, AsOf: asOf.UTC()}, nil
}
