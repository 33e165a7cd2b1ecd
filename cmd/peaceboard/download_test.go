package main

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// TestDownloadFromTreasury (issue 20): in a real Chromium, the treasury page's CSV link of the
// contributions downloads a file that is the API's, byte for byte, and that "verify --export"
// rebuilds from the record, through the server and from the database.
func TestDownloadFromTreasury(t *testing.T) {
	chromium := needChromium(t)
	addr, db, stop := serveDemo(t)
	defer stop()
	server := "http://" + addr
	tb := openWorkspaceTab(t, chromium, server)
	dir := t.TempDir()

	begun := make(chan *browser.EventDownloadWillBegin, 1)
	done := make(chan string, 1)
	if err := chromedp.Listen(tb.ctx, func(ev any) {
		switch ev := ev.(type) {
		case *browser.EventDownloadWillBegin:
			begun <- ev
		case *browser.EventDownloadProgress:
			if ev.State == browser.DownloadProgressStateCompleted {
				done <- ev.GUID
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	link := `aside.downloads a[href^="/api/v1/exports/contributions.csv"]`
	events := true
	if _, err := chromedp.Call(tb.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(server+"/treasury?lang=en&as_of=2026-04-30")); err != nil {
		t.Fatal(err)
	}
	attr, err := chromedp.Run(tb.ctx, chromedp.AttributeValue(chromedp.CSS(link), "href"))
	if err != nil {
		t.Fatal(err)
	}
	href := attr.Value
	if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(link))); err != nil {
		t.Fatal(err)
	}
	var guid string
	select {
	case guid = <-done:
	case <-time.After(time.Minute):
		t.Fatal("the download did not complete")
	}
	if b := <-begun; b.GUID != guid || b.SuggestedFilename != "peaceboard-contributions-20260430T235959Z.csv" {
		t.Errorf("the browser downloaded %q (%s), want peaceboard-contributions-20260430T235959Z.csv", b.SuggestedFilename, b.GUID)
	}
	if href != "/api/v1/exports/contributions.csv?as_of=2026-04-30&lang=en" {
		t.Errorf("the link is %q, want the contributions CSV as of the page's date", href)
	}
	file := filepath.Join(dir, guid) // AllowAndName saves the file under its guid
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(server + href)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, want) || !bytes.HasPrefix(got, []byte("# peaceboard open data")) {
		t.Errorf("the downloaded file (%d bytes) is not the API's (%d bytes)", len(got), len(want))
	}
	for _, src := range [][]string{{"--url", server}, {"--db", db}} {
		out, err := run(t, append([]string{"verify", "--export", file}, src...)...)
		if err != nil || !strings.HasPrefix(out, "export matches the record (contributions csv as of 2026-04-30T23:59:59.999999999Z: ") {
			t.Errorf("verify --export of the download %v = %q, %v", src, out, err)
		}
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		t.Errorf("the page reported: %s", p)
	}
}
