package web_test

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/internal/web"
	"github.com/peaceboard/peaceboard/record"
)

// witnessedPortal returns the portal over the demo with a witness policy of three witnesses, two
// of them needed, and the published checkpoint cosigned by those the names of cosigned list, at
// 10:00 and 10:01 UTC on 7 December 2026.
func witnessedPortal(t *testing.T, cosigned ...string) (http.Handler, *record.Policy) {
	t.Helper()
	e := demoEngine(t)
	var lines []string
	var cosigners []*record.Cosigner
	for i, name := range []string{"a.example/w", "b.example/w", "c.example/w"} {
		c, err := record.NewCosigner(name, ed25519.NewKeyFromSeed(bytes.Repeat([]byte{byte(i + 1)}, ed25519.SeedSize)))
		if err != nil {
			t.Fatal(err)
		}
		c.Now = func() time.Time { return time.Date(2026, 12, 7, 10, i, 0, 0, time.UTC) }
		cosigners = append(cosigners, c)
		lines = append(lines, fmt.Sprintf("witness %s %x https://%s", name, c.Public(), name))
	}
	p, err := record.ParsePolicy([]byte(strings.Join(lines, "\n") + "\ngroup two-of-three 2 a.example/w b.example/w c.example/w\nquorum two-of-three\n"))
	if err != nil {
		t.Fatal(err)
	}
	cp := e.Checkpoint()
	signed := bytes.Clone(cp.Note)
	text, _, _ := strings.Cut(string(cp.Note), "\n\n")
	for _, c := range cosigners {
		for _, name := range cosigned {
			if c.Name() == name {
				n, err := note.Sign(&note.Note{Text: text + "\n"}, c)
				if err != nil {
					t.Fatal(err)
				}
				_, sig, _ := bytes.Cut(n, []byte("\n\n"))
				signed = append(signed, sig...)
			}
		}
	}
	e.SetPublished(engine.SignedCheckpoint{Size: cp.Size, Note: signed})
	mux := http.NewServeMux()
	s := web.New(e, func() time.Time { return now }, slog.New(slog.NewTextHandler(testLog{t}, nil)), mustURL(t, publicURL))
	s.SetWitnessPolicy(p)
	s.Register(mux)
	return mux, p
}

// TestRecordWitnesses: the record page names the policy's witnesses, when each cosigned the
// published checkpoint (in the page's language), whether the quorum is met, and how to check it;
// without a policy, it says nothing of witnesses.
func TestRecordWitnesses(t *testing.T) {
	h, p := witnessedPortal(t, "a.example/w", "c.example/w")
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{`<h2 id="h-witnesses">Witnesses</h2>`, "<code>a.example/w</code></td><td><time datetime=\"2026-12-07T10:00:00Z\">7\u00a0December 2026, 10:00\u00a0UTC</time>",
			"<code>b.example/w</code></td><td>not this checkpoint</td>", "10:02\u00a0UTC", "2 witnesses of the policy cosigned this checkpoint. The cosignatures meet the witness policy&#39;s quorum.",
			"--witness-policy policy.txt</pre>", "group two-of-three 2 a.example/w b.example/w c.example/w\nquorum two-of-three\n</pre>", "— a.example/w "}},
		{"fr", []string{"Témoins</h2>", "7\u00a0décembre 2026 à 10\u00a0h\u00a000\u00a0UTC", "pas ce point de contrôle",
			"2 témoins de la politique ont cosigné ce point de contrôle. Les cosignatures atteignent le quorum"}},
	} {
		code, body := get(t, h, "/record?lang="+tc.lang)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", tc.lang, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the record page lacks %q", tc.lang, w)
			}
		}
	}
	if !strings.Contains(p.String(), "quorum two-of-three") {
		t.Fatal(p.String())
	}

	h, _ = witnessedPortal(t, "b.example/w")
	if _, body := get(t, h, "/record?lang=en"); !strings.Contains(body, "1 witness of the policy cosigned this checkpoint. The cosignatures do not meet the witness policy&#39;s quorum yet.") {
		t.Errorf("one of two needed: the page does not say the quorum is not met")
	}
	if _, body := get(t, portal(t, demoEngine(t)), "/record?lang=en"); strings.Contains(body, "h-witnesses") {
		t.Error("the record page speaks of witnesses without a policy")
	}
}

// TestBrowserRecordWitnesses checks the record page with its witnesses in a real browser, in
// both languages, as TestBrowser checks every page (axe-core, reflow).
func TestBrowserRecordWitnesses(t *testing.T) {
	browser := startBrowser(t)
	h, _ := witnessedPortal(t, "a.example/w")
	srv := httptest.NewServer(h)
	defer srv.Close()
	axeSrc, noAxe := axeSource(t)
	shots := t.TempDir()
	for _, lang := range []string{"en", "fr"} {
		tb := newTab(t, browser, srv.URL)
		tb.open(withLang("/record", lang))
		tb.checkPage(axeSrc, shots, "/record", lang)
		tb.check("/record with witnesses (" + lang + ")")
	}
	if noAxe != "" {
		t.Skip(noAxe)
	}
}
