package web_test

import (
	"context"
	"flag"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/replay"
	"github.com/peaceboard/peaceboard/internal/sqlite"
	"github.com/peaceboard/peaceboard/internal/web"
	"github.com/peaceboard/peaceboard/scenario"
)

// now is the portal's clock in tests: after the demo's last act.
var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// demoEngine replays the built-in demo scenario into a new SQLite database.
func demoEngine(tb testing.TB) *engine.Engine {
	tb.Helper()
	e := newEngine(tb)
	if _, err := replay.Run(context.Background(), e, scenario.Demo(), replay.Options{}); err != nil {
		tb.Fatal(err)
	}
	return e
}

// newEngine returns an engine on a new, empty SQLite database with a development keyring.
func newEngine(tb testing.TB) *engine.Engine {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "portal.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	e, err := engine.Create(ctx, db, engine.Meta{Rules: charter.Default().Source, Keyring: "dev:test", Origin: "test"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	return e
}

// portal returns the portal's routes over e, as serve registers them, with publicURL
// (redteam_test.go) as its public URL. The portal's log goes to the test's.
func portal(tb testing.TB, e *engine.Engine) http.Handler {
	mux := http.NewServeMux()
	web.New(e, func() time.Time { return now }, slog.New(slog.NewTextHandler(testLog{tb}, nil)), mustURL(tb, publicURL)).Register(mux)
	return mux
}

func mustURL(tb testing.TB, s string) *url.URL {
	tb.Helper()
	u, err := url.Parse(s)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// testLog writes a log to the test's log.
type testLog struct{ tb testing.TB }

func (w testLog) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// get requests path from h and returns the status and body.
func get(tb testing.TB, h http.Handler, path string, header ...string) (int, string) {
	tb.Helper()
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

// submit records one act with the development keyring.
func submit(tb testing.TB, e *engine.Engine, at time.Time, by board.ActorID, body board.Body) {
	tb.Helper()
	if _, err := e.SubmitDev(context.Background(), board.Act{At: at, By: by, Body: body}); err != nil {
		tb.Fatalf("%s by %s: %v", body.Kind(), by, err)
	}
}

// pages are the portal's pages over the demo, each path once. A new page of the portal goes here:
// the browser tests check each page of this list (axe_test.go's browserPages) for accessibility,
// in both languages, at a desktop's width and at a phone's.
var pages = []string{
	"/", "/members", "/members/KAZ", "/members/USA", "/members/CAN", "/members/FRA", "/invitations",
	"/decisions", "/executive", "/treasury", "/record", "/timeline", "/timeline?page=2", "/workspace",
	"/treasury/funds/gaza-reconstruction", "/treasury/contributors", "/treasury/contributors/org:fifa", "/data",
	"/search?q=etats",
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkGolden fails the test if got is not the content of testdata/name, which go test -update
// rewrites. It reports the first line that differs.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/web -run %s -update)", err, t.Name())
	}
	gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		if g, w := lineOf(gotLines, i), lineOf(wantLines, i); g != w {
			t.Fatalf("%s differs from line %d:\ngot:  %s\nwant: %s\nIf that is intended, run\n\tgo test ./internal/web -run %s -update\nand review the diff", golden, i+1, g, w, t.Name())
		}
	}
}

// lineOf is line i of lines, or "(end)" past the last.
func lineOf(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end)"
}
