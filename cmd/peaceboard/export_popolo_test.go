package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// popoloDoc is the part of "export popolo"'s document the tests read, decoded independently of
// the types that write it.
type popoloDoc struct {
	Persons []struct {
		ID, Name string
	} `json:"persons"`
	Organizations []struct {
		ID             string `json:"id"`
		Classification string `json:"classification"`
		ParentID       string `json:"parent_id"`
		FoundingDate   string `json:"founding_date"`
		Identifiers    []struct {
			Identifier, Scheme string
		} `json:"identifiers"`
	} `json:"organizations"`
	Memberships []struct {
		ID             string `json:"id"`
		PersonID       string `json:"person_id"`
		Member         *struct{ ID string }
		OrganizationID string `json:"organization_id"`
		PostID         string `json:"post_id"`
		OnBehalfOfID   string `json:"on_behalf_of_id"`
		StartDate      string `json:"start_date"`
		EndDate        string `json:"end_date"`
		EndReason      string `json:"end_reason"`
	} `json:"memberships"`
	Posts []struct {
		ID             string `json:"id"`
		OrganizationID string `json:"organization_id"`
	} `json:"posts"`
	VoteEvents []struct {
		ID        string `json:"id"`
		StartDate string `json:"start_date"`
		EndDate   string `json:"end_date"`
		Motion    struct {
			CreatorID string `json:"creator_id"`
		} `json:"motion"`
		Counts []struct {
			Option string
			Value  int
		} `json:"counts"`
		Votes []struct {
			VoterID string `json:"voter_id"`
			Option  string `json:"option"`
		} `json:"votes"`
	} `json:"vote_events"`
}

func exportPopolo(t *testing.T, args ...string) (popoloDoc, string) {
	t.Helper()
	out, err := run(t, append([]string{"export", "popolo"}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	var doc popoloDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("export popolo: %v\n%s", err, out)
	}
	return doc, out
}

// TestExportPopolo (issue 20): the demo's Popolo document is whole (every identifier a
// membership or a vote names is in it), agrees with "members" and "decisions" as of the same
// date, writes ISO 8601 dates, and is the same bytes when made again.
func TestExportPopolo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if _, err := run(t, "replay", demoFile, "--db", db); err != nil {
		t.Fatal(err)
	}
	dateOnly := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	instant := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)

	for _, asOf := range []string{"2026-01-18", "2026-01-25", "2026-02-19", "2026-03-31"} {
		t.Run(asOf, func(t *testing.T) {
			doc, first := exportPopolo(t, "--db", db, "--as-of", asOf)
			ids := map[string]string{} // id → what it is
			for _, p := range doc.Persons {
				ids[p.ID] = "person"
			}
			for _, o := range doc.Organizations {
				if ids[o.ID] != "" {
					t.Errorf("id %s twice", o.ID)
				}
				ids[o.ID] = "organization"
			}
			for _, p := range doc.Posts {
				ids[p.ID] = "post"
				if ids[p.OrganizationID] != "organization" {
					t.Errorf("post %s: organization %q not in the document", p.ID, p.OrganizationID)
				}
			}
			for _, o := range doc.Organizations {
				if o.ParentID != "" && ids[o.ParentID] != "organization" {
					t.Errorf("organization %s: parent %q not in the document", o.ID, o.ParentID)
				}
				if o.Classification == "state" && (len(o.Identifiers) != 1 || o.Identifiers[0].Scheme != "ISO 3166-1 alpha-3" ||
					"state:"+o.Identifiers[0].Identifier != o.ID || len(o.Identifiers[0].Identifier) != 3) {
					t.Errorf("State %s: identifiers %+v, want its ISO 3166-1 alpha-3 code", o.ID, o.Identifiers)
				}
			}

			current := 0 // States whose membership of the Board has not ended
			seen := map[string]bool{}
			for _, m := range doc.Memberships {
				if seen[m.ID] {
					t.Errorf("membership %s twice", m.ID)
				}
				seen[m.ID] = true
				if ids[m.OrganizationID] != "organization" {
					t.Errorf("membership %s: organization %q not in the document", m.ID, m.OrganizationID)
				}
				if m.PostID != "" && ids[m.PostID] != "post" {
					t.Errorf("membership %s: post %q not in the document", m.ID, m.PostID)
				}
				if m.OnBehalfOfID != "" && ids[m.OnBehalfOfID] != "organization" {
					t.Errorf("membership %s: on behalf of %q, not in the document", m.ID, m.OnBehalfOfID)
				}
				switch {
				case m.PersonID != "" && m.Member == nil:
					if ids[m.PersonID] != "person" {
						t.Errorf("membership %s: person %q not in the document", m.ID, m.PersonID)
					}
				case m.PersonID == "" && m.Member != nil:
					if ids[m.Member.ID] != "organization" {
						t.Errorf("membership %s: member %q not in the document", m.ID, m.Member.ID)
					}
					if m.EndDate == "" {
						current++
					}
				default:
					t.Errorf("membership %s: want one of person_id and member", m.ID)
				}
				for _, d := range []string{m.StartDate, m.EndDate} {
					if d != "" && !dateOnly.MatchString(d) {
						t.Errorf("membership %s: date %q, want YYYY-MM-DD", m.ID, d)
					}
				}
				if (m.EndDate == "") != (m.EndReason == "") {
					t.Errorf("membership %s: end %q for reason %q, want both or neither", m.ID, m.EndDate, m.EndReason)
				}
			}

			members := 0
			for _, status := range []string{"member", "removal-pending"} {
				out, err := run(t, "members", "--db", db, "--as-of", asOf, "--status", status, "--json")
				if err != nil {
					t.Fatal(err)
				}
				var list []json.RawMessage
				if err := json.Unmarshal([]byte(out), &list); err != nil {
					t.Fatal(err)
				}
				members += len(list)
			}
			if current != members {
				t.Errorf("%d current State memberships, want %d (members --status member and removal-pending)", current, members)
			}

			out, err := run(t, "decisions", "--db", db, "--as-of", asOf, "--json")
			if err != nil {
				t.Fatal(err)
			}
			var decisions []struct {
				ID               string `json:"id"`
				Yes, No, Abstain int
				Opened           *string `json:"opened"`
			}
			if err := json.Unmarshal([]byte(out), &decisions); err != nil {
				t.Fatal(err)
			}
			want := map[string][3]int{}
			for _, d := range decisions {
				if d.Opened != nil {
					want[d.ID] = [3]int{d.Yes, d.No, d.Abstain}
				}
			}
			if len(doc.VoteEvents) != len(want) {
				t.Errorf("%d vote events, want %d (the decisions whose vote opened)", len(doc.VoteEvents), len(want))
			}
			for _, e := range doc.VoteEvents {
				counts := map[string]int{}
				for _, c := range e.Counts {
					counts[c.Option] = c.Value
				}
				if got := [3]int{counts["yes"], counts["no"], counts["abstain"]}; got != want[e.ID] {
					t.Errorf("vote event %s: yes, no, abstain = %v, want decisions' %v", e.ID, got, want[e.ID])
				}
				for _, v := range e.Votes {
					if k := ids[v.VoterID]; k != "organization" && k != "person" {
						t.Errorf("vote event %s: voter %q not in the document", e.ID, v.VoterID)
					}
				}
				if !instant.MatchString(e.StartDate) || e.EndDate != "" && !instant.MatchString(e.EndDate) {
					t.Errorf("vote event %s: dates %q, %q, want ISO 8601 instants", e.ID, e.StartDate, e.EndDate)
				}
			}

			_, second := exportPopolo(t, "--db", db, "--as-of", asOf)
			if second != first {
				t.Error("a second export differs from the first")
			}
		})
	}

	t.Run("contents", func(t *testing.T) {
		doc, _ := exportPopolo(t, "--db", db, "--as-of", "2026-03-31")
		has := map[string]string{}
		for _, o := range doc.Organizations {
			has[o.ID] = o.Classification + " " + o.ParentID
		}
		for id, want := range map[string]string{
			"board-of-peace":                  "international organization ",
			"state:KAZ":                       "state ",
			"subsidiary:gaza-executive-board": "subsidiary body board-of-peace",
		} {
			if has[id] != want {
				t.Errorf("organization %s = %q, want %q", id, has[id], want)
			}
		}
		posts := map[string]int{}
		for _, m := range doc.Memberships {
			posts[m.PostID]++
		}
		if posts["post:chairman"] != 1 || posts["post:executive-board-member"] != 7 || posts["post:head-of-delegation"] == 0 {
			t.Errorf("memberships by post = %v, want one Chairman, the 7 Executive Board members, heads of delegation", posts)
		}
		if len(doc.VoteEvents) == 0 || doc.VoteEvents[0].Motion.CreatorID != "person:jared-kushner" {
			t.Errorf("first vote event's motion by %q, want person:jared-kushner (executive:kushner)", doc.VoteEvents[0].Motion.CreatorID)
		}
	})

	t.Run("out", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "popolo.json")
		if out, err := run(t, "export", "popolo", "--db", db, "--as-of", "2026-03-31", "--out", path); err != nil || out != "" {
			t.Fatalf("export --out = %q, %v", out, err)
		}
		written, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, stdout := exportPopolo(t, "--db", db, "--as-of", "2026-03-31"); string(written) != stdout {
			t.Error("the file --out wrote differs from standard output")
		}
	})
}

// TestExportPopoloEnded: a State that withdrew keeps its membership, with the date it ended and
// why, and no longer sends a head of delegation.
func TestExportPopoloEnded(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pb.db")
	scenario := small + `  - {at: "2026-01-23T00:00:00Z", by: state:BHR, act: accredit, person: Hamad bin Isa Al Khalifa, role: head}
  - {at: "2026-02-01T00:00:00Z", by: state:BHR, act: withdraw}
`
	if _, err := run(t, "replay", writeFile(t, "small.yaml", scenario), "--db", db); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		asOf          string
		end, reason   string
		headOfBahrain bool
	}{
		{"2026-01-25", "", "", true},
		{"2026-02-02", "2026-02-01", "withdrawn", false},
	} {
		doc, _ := exportPopolo(t, "--db", db, "--as-of", tc.asOf)
		found, head := false, false
		for _, m := range doc.Memberships {
			if m.Member != nil && m.Member.ID == "state:BHR" {
				found = true
				if m.StartDate != "2026-01-22" || m.EndDate != tc.end || m.EndReason != tc.reason {
					t.Errorf("as of %s: Bahrain's membership %s to %q (%q), want 2026-01-22 to %q (%q)",
						tc.asOf, m.StartDate, m.EndDate, m.EndReason, tc.end, tc.reason)
				}
			}
			if m.OnBehalfOfID == "state:BHR" {
				head = true
				if m.PersonID != "person:hamad-bin-isa-al-khalifa" || m.PostID != "post:head-of-delegation" || m.StartDate != "2026-01-23" {
					t.Errorf("as of %s: Bahrain's head of delegation %s in %s from %s, want person:hamad-bin-isa-al-khalifa in post:head-of-delegation from 2026-01-23",
						tc.asOf, m.PersonID, m.PostID, m.StartDate)
				}
			}
		}
		if head != tc.headOfBahrain {
			t.Errorf("as of %s: Bahrain has a head of delegation: %v, want %v", tc.asOf, head, tc.headOfBahrain)
		}
		if !found {
			t.Errorf("as of %s: no membership of Bahrain", tc.asOf)
		}
	}
}
