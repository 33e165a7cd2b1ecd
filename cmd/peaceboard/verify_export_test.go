package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/export"
)

// exportFile runs "export NAME" in format into a file of dir, with more flags, and returns its
// path.
func exportFile(t *testing.T, dir, db, name, format string, more ...string) string {
	t.Helper()
	path := filepath.Join(dir, name+"."+format)
	args := []string{"export", name, "--db", db, "--out", path}
	if format != export.XML {
		args = append(args, "--format", format)
	}
	if out, err := run(t, append(args, more...)...); err != nil || out != "" {
		t.Fatalf("%v: %q, %v", args, out, err)
	}
	return path
}

// TestVerifyExport (issue 20): an untouched export of every data set in every format verifies
// against the record, from the database and from the server; the server's file is the CLI's,
// byte for byte; any changed byte, a truncated or extended file, and an export of another
// record fail, saying where or why.
func TestVerifyExport(t *testing.T) {
	addr, db, stop := serveDemo(t)
	defer stop()
	url := "http://" + addr
	dir := t.TempDir()
	files := map[string]string{}
	for _, x := range export.Sets() {
		for _, format := range x.Formats {
			path := exportFile(t, dir, db, x.Name, format)
			files[x.Name+"."+format] = path
			for _, src := range [][]string{{"--db", db}, {"--url", url}} {
				out, err := run(t, append([]string{"verify", "--export", path}, src...)...)
				if err != nil || !strings.HasPrefix(out, "export matches the record ("+x.Name+" "+format+" as of 2026-05-15T10:00:00Z: ") {
					t.Errorf("verify --export %s %v = %q, %v", filepath.Base(path), src, out, err)
				}
			}
			// The API serves the same bytes, with the file's type and name.
			want, _ := os.ReadFile(path)
			resp, err := http.Get(url + export.FilePath(x.Name, format) + "?lang=fr")
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !bytes.Equal(got, want) {
				t.Errorf("GET %s: %s, %d bytes; want the CLI's %d bytes", export.FilePath(x.Name, format), resp.Status, len(got), len(want))
			}
			if ct := resp.Header.Get("Content-Type"); ct != export.ContentType(format) {
				t.Errorf("%s: Content-Type %q", x.Name, ct)
			}
			wantCD := `attachment; filename="peaceboard-` + x.Name + `-20260515T100000Z.` + format + `"`
			if cd := resp.Header.Get("Content-Disposition"); cd != wantCD {
				t.Errorf("%s: Content-Disposition %q, want %q", x.Name, cd, wantCD)
			}
		}
	}

	// The API lists the data sets, titled in the language asked for, with their files.
	body, err := httpGet(url + "/api/v1/exports?lang=fr")
	if err != nil {
		t.Fatal(err)
	}
	var list apiv1.Exports
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != len(export.Sets()) {
		t.Fatalf("GET /api/v1/exports: %d items, want %d", len(list.Items), len(export.Sets()))
	}
	for i, x := range export.Sets() {
		got := list.Items[i]
		if got.Name != x.Name || got.Title != x.Title["fr"] || len(got.Files) != len(x.Formats) ||
			got.Files[x.Formats[0]] != export.FilePath(x.Name, x.Formats[0]) || got.Dictionary != "/data#"+x.Name {
			t.Errorf("GET /api/v1/exports: item %d = %+v, want the data set %s", i, got, x.Name)
		}
	}
	for _, path := range []string{"/api/v1/exports/treaties.csv", "/api/v1/exports/popolo.csv", "/api/v1/exports/members"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("GET %s: %s (%s), want a 404 problem", path, resp.Status, resp.Header.Get("Content-Type"))
		}
	}

	// An export as of a past date: the API's file for that date is the CLI's, and it verifies.
	past := exportFile(t, t.TempDir(), db, "votes", export.CSV, "--as-of", "2026-02-19")
	want, _ := os.ReadFile(past)
	src, err := export.ReadSource(want)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := client.New(url).Export(t.Context(), "votes", "csv", src.AsOf); err != nil || !bytes.Equal(got, want) {
		t.Errorf("GET votes.csv as of %s differs from export votes --as-of 2026-02-19 (%v)", src.AsOf, err)
	}
	if out, err := run(t, "verify", "--export", past, "--url", url); err != nil {
		t.Errorf("verify --export of a past export: %q, %v", out, err)
	}

	// Any changed byte fails, saying where.
	flip := func(name string, at func(b []byte) int) (string, int) {
		b, err := os.ReadFile(files[name])
		if err != nil {
			t.Fatal(err)
		}
		i := at(b)
		b[i] ^= 0x01
		return writeFile(t, "flipped-"+name, string(b)), i
	}
	index := func(s string, off int) func([]byte) int {
		return func(b []byte) int { return bytes.Index(b, []byte(s)) + off }
	}
	for _, tc := range []struct {
		name, file string
		at         func([]byte) int
		want       string
	}{
		{"first byte", "contributions.csv", func([]byte) int { return 0 }, "not a peaceboard export"},
		{"csv provenance: root", "contributions.csv", index("# root: ", 9), "it was not built from this record"},
		{"csv provenance: size", "members.csv", index("# size: ", 8), "entries"},
		{"csv provenance: as of", "members.csv", index("# as_of: 2026-05-1", 17), "entries"},
		{"csv header", "contributions.csv", index("\nentry,type", 3), "line 8, column 3:"},
		{"csv data", "contributions.csv", index("10000000000.00", 3), "line 9, column 83:"},
		{"csv last byte", "disbursements.csv", func(b []byte) int { return len(b) - 1 }, "line "},
		{"json provenance: origin", "funds.json", index(`"origin": "`, 12), "the export is of the log"},
		{"json data", "decisions.json", index(`"title": "`, 11), "line 13, column 18:"},
		{"json last byte", "votes.json", func(b []byte) int { return len(b) - 1 }, "line "},
		{"popolo data", "popolo.json", index(`"persons"`, 3), `line 10, column 6:`},
		{"xml provenance", "iati.xml", index("root: ", 8), "it was not built from this record"},
		{"xml data", "iati-organisation.xml", index("<value", 2), "column "},
	} {
		path, i := flip(tc.file, tc.at)
		for _, src := range [][]string{{"--db", db}, {"--url", url}} {
			_, err := run(t, append([]string{"verify", "--export", path}, src...)...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s (byte %d of %s) %v: %v; want an error containing %q", tc.name, i, tc.file, src[0], err, tc.want)
			}
		}
	}

	// A truncated or extended file fails.
	b, _ := os.ReadFile(files["members.json"])
	for name, content := range map[string]string{
		"truncated.json": string(b[:len(b)-2]), "extended.json": string(b) + "\n",
	} {
		_, err := run(t, "verify", "--export", writeFile(t, name, content), "--db", db)
		if err == nil || !strings.Contains(err.Error(), "differs from the export rebuilt from the record: the file ") {
			t.Errorf("%s: %v", name, err)
		}
	}

	// An export of another record fails.
	other := filepath.Join(t.TempDir(), "other.db")
	if _, err := run(t, "replay", writeFile(t, "small.yaml", small), "--db", other); err != nil {
		t.Fatal(err)
	}
	foreign := exportFile(t, t.TempDir(), other, "members", export.CSV)
	if _, err := run(t, "verify", "--export", foreign, "--db", db); err == nil || !strings.Contains(err.Error(), "the export is of the log") {
		t.Errorf("an export of another record: %v", err)
	}
	// ... also when it claims this record's origin: its root is not this record's.
	fb, _ := os.ReadFile(foreign)
	cb, _ := os.ReadFile(files["members.csv"])
	origin := func(b []byte) string {
		_, rest, _ := bytes.Cut(b, []byte("# origin: "))
		line, _, _ := bytes.Cut(rest, []byte("\n"))
		return string(line)
	}
	claimed := writeFile(t, "claimed.csv", strings.Replace(string(fb), origin(fb), origin(cb), 1))
	if _, err := run(t, "verify", "--export", claimed, "--db", db); err == nil ||
		!strings.Contains(err.Error(), "it was not built from this record") && !strings.Contains(err.Error(), "the export read") {
		t.Errorf("an export of another record claiming this one's origin: %v", err)
	}
}

// TestVerifyExportAfterGrowth: exports made before the record grew still verify, as of the
// latest entry then and as of a past date.
func TestVerifyExportAfterGrowth(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if _, err := run(t, "replay", demoFile, "--db", db); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	latest := exportFile(t, dir, db, "members", export.JSON)
	past := exportFile(t, t.TempDir(), db, "contributions", export.CSV, "--as-of", "2026-03-01")
	iatiFile := exportFile(t, t.TempDir(), db, "iati", export.XML)
	// As of a date after the latest entry: rebuilt the same only while nothing is recorded up to it.
	ahead := exportFile(t, t.TempDir(), db, "members", export.CSV, "--as-of", "2026-06-30")
	more := writeFile(t, "more.yaml", "rules: board-of-peace\nacts:\n  - {at: 2026-06-01, by: chairman, act: invite, state: CHL}\n")
	if out, err := run(t, "replay", more, "--db", db, "--append"); err != nil {
		t.Fatalf("replay --append: %q, %v", out, err)
	}
	for _, path := range []string{latest, past, iatiFile} {
		if out, err := run(t, "verify", "--export", path, "--db", db); err != nil || !strings.HasPrefix(out, "export matches the record") {
			t.Errorf("%s after the record grew: %q, %v", filepath.Base(path), out, err)
		}
	}
	if _, err := run(t, "verify", "--export", ahead, "--db", db); err == nil || !strings.Contains(err.Error(), "entries were recorded up to that instant after it was made") {
		t.Errorf("an export as of a date since recorded into: %v", err)
	}
	addr, _, stop := serveAt(t, fixedNow, "--db", db)
	for _, path := range []string{latest, past, iatiFile} {
		if out, err := run(t, "verify", "--export", path, "--url", "http://"+addr); err != nil || !strings.HasPrefix(out, "export matches the record") {
			t.Errorf("%s after the record grew, through the server: %q, %v", filepath.Base(path), out, err)
		}
	}
	if _, err := run(t, "verify", "--export", ahead, "--url", "http://"+addr); err == nil || !strings.Contains(err.Error(), "holds at least 252 entries") {
		t.Errorf("an export as of a date since recorded into, through the server: %v", err)
	}
	stop()
	// A new export holds the new entry, and is not the old one.
	now := exportFile(t, t.TempDir(), db, "members", export.JSON)
	a, _ := os.ReadFile(latest)
	b, _ := os.ReadFile(now)
	if bytes.Equal(a, b) || !bytes.Contains(b, []byte(`"state": "CHL"`)) {
		t.Error("an export after the record grew is the same as before, or lacks the new invitation")
	}
}
