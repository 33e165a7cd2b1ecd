package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/internal/export"
)

// TestDownloads (issue 20): each page offers the data sets it shows as the API's files, as of
// the page's date and in its language, with a link to the data dictionary; the record's pages
// link the dictionary only.
func TestDownloads(t *testing.T) {
	h := portal(t, demoEngine(t))
	for _, tc := range []struct {
		path string
		sets []string
	}{
		{"/members", []string{"members"}},
		{"/members/KAZ", []string{"members", "contributions"}},
		{"/invitations", []string{"invitations"}},
		{"/decisions", []string{"decisions", "votes"}},
		{"/executive", []string{"popolo"}},
		{"/treasury", []string{"funds", "contributions", "disbursements", "iati", "iati-organisation"}},
		{"/treasury/contributors", []string{"funds", "contributions", "disbursements", "iati", "iati-organisation"}},
		{"/", nil},
		{"/timeline", nil},
	} {
		status, body := get(t, h, tc.path+"?lang=fr&as_of=2026-04-30")
		if status != http.StatusOK {
			t.Fatalf("%s: %d", tc.path, status)
		}
		body = html.UnescapeString(body)
		_, block, ok := strings.Cut(body, `<aside class="downloads"`)
		if !ok {
			t.Errorf("%s: no downloads block", tc.path)
			continue
		}
		block, _, _ = strings.Cut(block, "</aside>")
		if !strings.Contains(block, "Télécharger les données") || !strings.Contains(block, `href="/data?as_of=2026-04-30&lang=fr"`) {
			t.Errorf("%s: the block has no French heading or no link to the data dictionary:\n%s", tc.path, block)
		}
		if got := strings.Count(block, `href="/api/v1/exports/`); got != fileCount(tc.sets) {
			t.Errorf("%s: %d files offered, want %d (%v)", tc.path, got, fileCount(tc.sets), tc.sets)
		}
		for _, name := range tc.sets {
			x, _ := export.Find(name)
			for _, f := range x.Formats {
				if want := `href="` + export.FilePath(name, f) + `?as_of=2026-04-30&lang=fr"`; !strings.Contains(block, want) {
					t.Errorf("%s: no link %s", tc.path, want)
				}
			}
		}
	}
	if _, body := get(t, h, "/members/ZZZ"); strings.Contains(body, `class="downloads"`) {
		t.Error("an error page offers downloads")
	}
}

func fileCount(sets []string) int {
	n := 0
	for _, name := range sets {
		x, _ := export.Find(name)
		n += len(x.Formats)
	}
	return n
}

// TestDataDictionary: /data lists every data set with its files and every field of the data
// dictionary, with its meaning and unit in the page's language.
func TestDataDictionary(t *testing.T) {
	h := portal(t, demoEngine(t))
	for _, lang := range []string{"en", "fr"} {
		status, body := get(t, h, "/data?lang="+lang)
		if status != http.StatusOK {
			t.Fatalf("/data: %d", status)
		}
		body = html.UnescapeString(body)
		for _, x := range export.Sets() {
			_, section, ok := strings.Cut(body, `<section id="`+x.Name+`"`)
			if !ok {
				t.Errorf("/data (%s): no section for %s", lang, x.Name)
				continue
			}
			section, _, _ = strings.Cut(section, "</section>")
			if !strings.Contains(section, x.Title[lang]) {
				t.Errorf("/data (%s): %s is not titled %q", lang, x.Name, x.Title[lang])
			}
			for _, f := range x.Formats {
				if !strings.Contains(section, `href="`+export.FilePath(x.Name, f)+`?lang=`+lang+`"`) {
					t.Errorf("/data (%s): %s has no %s file", lang, x.Name, f)
				}
			}
			for _, f := range export.Dictionary(x.Name) {
				row := "<code>" + f.Name + "</code></th><td>" + f.Meaning[lang] + "</td><td>" + export.UnitTexts[f.Unit][lang] + "</td>"
				if !strings.Contains(section, row) {
					t.Errorf("/data (%s): %s has no row %s", lang, x.Name, row)
				}
			}
		}
	}
}
