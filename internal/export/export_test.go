package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/export"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/scenario"
)

// demoEngine replays the built-in demo scenario into a new SQLite database.
func demoEngine(tb testing.TB) *engine.Engine {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "export.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:test", Origin: "test"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	if _, err := replay.Run(ctx, e, scenario.Demo(), replay.Options{}); err != nil {
		tb.Fatal(err)
	}
	return e
}

// TestDictionaryCoversEveryField: every CSV column and every JSON member (at any depth) of
// every data set is in the data dictionary, with a unit and a meaning in French and English.
func TestDictionaryCoversEveryField(t *testing.T) {
	e := demoEngine(t)
	described := func(set string) map[string]export.Field {
		m := map[string]export.Field{}
		for _, f := range append(export.Dictionary(set), export.SourceDictionary...) {
			if f.Meaning["en"] == "" || f.Meaning["fr"] == "" || export.UnitTexts[f.Unit] == nil {
				t.Errorf("%s: field %s lacks a meaning in English or French, or a known unit (%q)", set, f.Name, f.Unit)
			}
			m[f.Name] = f
		}
		return m
	}
	for _, x := range export.Sets() {
		if len(export.Dictionary(x.Name)) == 0 {
			t.Errorf("%s: not in the data dictionary", x.Name)
		}
		if x.Title["en"] == "" || x.Title["fr"] == "" {
			t.Errorf("%s: no title in English or French", x.Name)
		}
		fields := described(x.Name)
		for _, format := range x.Formats {
			var buf bytes.Buffer
			if _, err := export.Build(t.Context(), &buf, e, x.Name, format, time.Time{}); err != nil {
				t.Fatalf("%s.%s: %v", x.Name, format, err)
			}
			switch format {
			case export.CSV:
				r := csv.NewReader(&buf)
				r.Comment = '#'
				header, err := r.Read()
				if err != nil {
					t.Fatal(err)
				}
				for _, col := range header {
					if _, ok := fields[col]; !ok {
						t.Errorf("%s.csv: column %q is not in the data dictionary", x.Name, col)
					}
				}
			case export.JSON:
				var doc any
				if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
					t.Fatal(err)
				}
				walkMembers(doc, func(name string) bool {
					f, ok := fields[name]
					if !ok {
						t.Errorf("%s.json: member %q is not in the data dictionary", x.Name, name)
					}
					return f.Unit != export.UnitMap
				})
			}
		}
	}
}

// walkMembers calls fn with the name of every member of every object in v; it does not go into
// a member's value when fn returns false.
func walkMembers(v any, fn func(string) bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, m := range v {
			if fn(k) {
				walkMembers(m, fn)
			}
		}
	case []any:
		for _, m := range v {
			walkMembers(m, fn)
		}
	}
}

// TestSourceReadsBack: the provenance each file states reads back as the one Build returned,
// whatever the format, and names the record's prefix: as of a past date, the entries up to it.
func TestSourceReadsBack(t *testing.T) {
	e := demoEngine(t)
	past := time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)
	n, err := e.LenAt(t.Context(), past)
	if err != nil {
		t.Fatal(err)
	}
	root, err := e.TreeRoot(n)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range export.Sets() {
		for _, format := range x.Formats {
			var a, b bytes.Buffer
			src, err := export.Build(t.Context(), &a, e, x.Name, format, past)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := export.Build(t.Context(), &b, e, x.Name, format, past); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s.%s: two exports as of the same instant differ (%v)", x.Name, format, err)
			}
			got, err := export.ReadSource(a.Bytes())
			if err != nil || got != src {
				t.Errorf("%s.%s: ReadSource = %+v, %v; want %+v", x.Name, format, got, err, src)
			}
			if src.Size != n || src.Root != root || !src.AsOf.Equal(past) || src.Export != x.Name || src.Format != format || src.Origin == "" {
				t.Errorf("%s.%s: source %+v, want %d entries, root %x, as of %s", x.Name, format, src, n, root, past)
			}
		}
	}
}

// TestNoIATIRef: an organization whose rules file gives no IATI reference has no IATI files: a
// NotFound error (the API's 404), not a failure of the server; its other data sets are written.
func TestNoIATIRef(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "noref.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rules := strings.Replace(charter.Default().Source, `iati_ref = "XI-IATI-BOP-EXAMPLE"`, "", 1)
	if rules == charter.Default().Source {
		t.Fatal("the default rules name no iati_ref to take out")
	}
	e, err := engine.Create(ctx, db, engine.Meta{Rules: rules, Keyring: "dev:test", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := replay.Run(ctx, e, scenario.Demo(), replay.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"iati", "iati-organisation"} {
		if _, err := export.Build(ctx, io.Discard, e, name, export.XML, time.Time{}); board.ErrorKindOf(err) != board.NotFound || !strings.Contains(err.Error(), "iati_ref") {
			t.Errorf("%s without an IATI reference: %v, want NotFound", name, err)
		}
	}
	if _, err := export.Build(ctx, io.Discard, e, "members", export.CSV, time.Time{}); err != nil {
		t.Errorf("members: %v", err)
	}
}
