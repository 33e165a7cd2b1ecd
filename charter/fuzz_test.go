package charter_test

import (
	"os"
	"testing"

	"github.com/peaceboard/peaceboard/charter"
)

// FuzzParse: any text gives rules or problems, never a panic; rules that parse parse again from
// their Source, to the same values, and every problem has a key and a message.
func FuzzParse(f *testing.F) {
	f.Add(charter.Default().Source)
	if b, err := os.ReadFile("../examples/coalition.toml"); err == nil {
		f.Add(string(b))
	}
	f.Add(minimal)
	f.Add(minimal + "[removal]\nveto_fraction = \"3/5\"\nveto_window = \"14d\"\n")
	f.Add(minimal + "[[funds]]\nid = \"general\"\nname = \"General\"\n[[accounts]]\nid = \"main\"\ninstitution = \"Bank\"\ncurrency = \"JOD\"\n")
	f.Add(minimal + "[controls]\ndisbursement_approvals = [{ above = \"USD 0\", approvals = 1 }]\n")
	f.Add(minimal + "[meetings]\nvoting = \"1y\"\n")
	f.Add("id = 1\nversion = []\neffective_from = \"2026-02-30\"\n[organization]\nlanguages = [\"EN\"]\n")
	f.Add("[[funds]]\n[[funds]]\nid = \"a\"\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		r, err := charter.Parse("fuzz.toml", text)
		if err != nil {
			ps, ok := err.(*charter.Problems)
			if !ok || len(ps.List) == 0 {
				t.Fatalf("err = %#v, want *Problems with at least one problem", err)
			}
			for _, p := range ps.List {
				if p.Key == "" || p.Msg == "" || p.Line < 0 {
					t.Errorf("problem without key or message: %#v", p)
				}
			}
			return
		}
		if r.Source != text {
			t.Fatal("Source is not the text parsed")
		}
		again, err := charter.Parse("fuzz.toml", r.Source)
		if err != nil {
			t.Fatalf("parsed once, not twice: %v", err)
		}
		if again.ID != r.ID || again.Membership != r.Membership || again.Removal != r.Removal || again.PermanentSeat != r.PermanentSeat {
			t.Fatalf("parsing the same text twice gave different rules")
		}
		if !charter.IsSlug(r.ID) || r.Organization.Chairman == "" || len(r.Organization.Languages) == 0 {
			t.Fatalf("accepted rules without identity: %q %q %v", r.ID, r.Organization.Chairman, r.Organization.Languages)
		}
		if r.Membership.Term.IsZero() || r.Removal.VetoWindow.IsZero() || r.Removal.VetoFraction.Den == 0 {
			t.Fatalf("accepted rules with a zero term, window or fraction: %+v %+v", r.Membership, r.Removal)
		}
	})
}
