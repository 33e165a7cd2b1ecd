package charter_test

import (
	"os"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/charter"
)

// TestIATIRef (issue 20): organization.iati_ref is optional, so that rules files written before
// it (the first Board of Peace rules among them) still load; when given it must be an IATI
// organisation identifier, and the effective rules keep it.
func TestIATIRef(t *testing.T) {
	old, err := os.ReadFile("testdata/board-of-peace-1.toml")
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"small.toml": minimal, "board-of-peace-1.toml": string(old)} {
		r, err := charter.Parse(name, text)
		if err != nil {
			t.Fatalf("%s, without iati_ref: %v", name, err)
		}
		if r.Organization.IATIRef != "" {
			t.Errorf("%s: iati_ref %q, want none", name, r.Organization.IATIRef)
		}
		if strings.Contains(r.Format(), "iati_ref") {
			t.Errorf("%s: the effective rules of a file without iati_ref print one", name)
		}
	}
	if got := charter.Default().Organization.IATIRef; !strings.HasPrefix(got, "XI-") {
		t.Errorf("default iati_ref %q, want an XI- identifier", got)
	}

	with := strings.Replace(minimal, `chairman = "A. Chair"`, `chairman = "A. Chair"`+"\niati_ref = \"XI-IATI-SMALL\"", 1)
	r, err := charter.Parse("small.toml", with)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Organization.IATIRef; got != "XI-IATI-SMALL" {
		t.Errorf("iati_ref %q, want XI-IATI-SMALL", got)
	}
	again, err := charter.Parse("effective.toml", r.Format())
	if err != nil || again.Organization.IATIRef != "XI-IATI-SMALL" {
		t.Errorf("the effective rules lose iati_ref: %v\n%s", err, r.Format())
	}

	for _, bad := range []string{`""`, `"XIIATI"`, `"-SMALL"`, `"XI-"`, `"XI-IATI SMALL"`, `"XI-IATI/SMALL"`, `42`} {
		text := strings.Replace(minimal, `chairman = "A. Chair"`, `chairman = "A. Chair"`+"\niati_ref = "+bad, 1)
		if _, err := charter.Parse("small.toml", text); err == nil || !strings.Contains(err.Error(), "iati_ref") {
			t.Errorf("iati_ref = %s: %v, want a problem naming organization.iati_ref", bad, err)
		}
	}
}
