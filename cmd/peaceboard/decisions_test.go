package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// meeting is a scenario with one voting meeting and three proposals: one passed and approved,
// one tied, passed by the casting vote and not approved, one lost; then a directive.
const meeting = `rules: board-of-peace
acts:
  - {at: 2026-01-16, by: chairman, act: appoint-executive, id: rubio, person: Marco Rubio}
  - {at: 2026-01-19, by: chairman, act: invite, state: USA}
  - {at: 2026-01-19, by: chairman, act: invite, state: ARG}
  - {at: 2026-01-19, by: chairman, act: invite, state: ARM}
  - {at: 2026-01-19, by: chairman, act: invite, state: AZE}
  - {at: "2026-01-22T10:00:00Z", by: state:USA, act: consent, instrument: signature}
  - {at: "2026-01-22T10:01:00Z", by: state:ARG, act: consent, instrument: signature}
  - {at: "2026-01-22T10:02:00Z", by: state:ARM, act: consent, instrument: signature}
  - {at: "2026-01-22T10:03:00Z", by: state:AZE, act: consent, instrument: signature}
  - {at: 2026-02-02, by: chairman, act: convene, id: washington, kind: voting, date: 2026-02-19, place: Washington}
  - {at: 2026-02-02, by: executive:rubio, act: propose, id: p-win, kind: initiative, title: Reconstruction, text: "Rebuild."}
  - {at: 2026-02-02, by: executive:rubio, act: propose, id: p-tie, kind: budget, title: Budget}
  - {at: 2026-02-02, by: chairman, act: propose, id: p-lost, kind: other, title: Other}
  - {at: 2026-02-03, by: state:ARG, act: comment, proposal: p-win, text: We support it.}
  - {at: 2026-02-08, by: executive:rubio, act: set-agenda, meeting: washington, proposals: [p-win], expect: refused R10}
  - {at: 2026-02-09, by: executive:rubio, act: set-agenda, meeting: washington, proposals: [p-win, p-tie, p-lost]}
  - {at: 2026-02-10, by: chairman, act: approve-agenda, meeting: washington}
  - {at: 2026-02-12, by: chairman, act: invite, state: SLV}
  - {at: "2026-02-19T14:00:00Z", by: secretariat, act: open-vote, proposal: p-win}
  - {at: "2026-02-19T14:00:00Z", by: secretariat, act: open-vote, proposal: p-tie}
  - {at: "2026-02-19T14:00:00Z", by: secretariat, act: open-vote, proposal: p-lost}
  - {at: "2026-02-19T14:01:00Z", by: state:USA, act: vote, proposal: p-win, choice: yes}
  - {at: "2026-02-19T14:02:00Z", by: state:ARG, act: vote, proposal: p-win, choice: yes}
  - {at: "2026-02-19T14:03:00Z", by: state:ARM, act: vote, proposal: p-win, choice: no}
  - {at: "2026-02-19T14:04:00Z", by: state:AZE, act: vote, proposal: p-win, choice: abstain}
  - {at: "2026-02-19T14:05:00Z", by: state:ARM, act: vote, proposal: p-win, choice: yes, expect: refused R11}
  - {at: "2026-02-19T14:06:00Z", by: state:USA, act: vote, proposal: p-tie, choice: yes}
  - {at: "2026-02-19T14:07:00Z", by: state:ARG, act: vote, proposal: p-tie, choice: no}
  - {at: "2026-02-19T14:08:00Z", by: state:USA, act: vote, proposal: p-lost, choice: no}
  - {at: "2026-02-19T14:09:00Z", by: state:ARG, act: vote, proposal: p-lost, choice: no}
  - {at: "2026-02-19T14:10:00Z", by: state:ARM, act: vote, proposal: p-lost, choice: yes}
  - {at: "2026-02-19T14:30:00Z", by: state:SLV, act: consent, instrument: signature}
  - {at: "2026-02-19T14:31:00Z", by: state:SLV, act: vote, proposal: p-win, choice: yes, expect: refused R11}
  - {at: "2026-02-19T15:00:00Z", by: secretariat, act: close-vote, proposal: p-win}
  - {at: "2026-02-19T15:00:00Z", by: secretariat, act: close-vote, proposal: p-tie}
  - {at: "2026-02-19T15:00:00Z", by: secretariat, act: close-vote, proposal: p-lost}
  - {at: "2026-02-19T15:05:00Z", by: chairman, act: casting-vote, proposal: p-win, choice: yes, expect: refused R11}
  - {at: "2026-02-19T15:10:00Z", by: chairman, act: casting-vote, proposal: p-tie, choice: yes}
  - {at: "2026-02-19T15:20:00Z", by: chairman, act: approve, proposal: p-win}
  - {at: "2026-02-19T15:21:00Z", by: chairman, act: withhold-approval, proposal: p-tie, reason: Not funded.}
  - {at: "2026-02-19T15:22:00Z", by: chairman, act: approve, proposal: p-lost, expect: refused R11}
  - {at: 2026-02-20, by: chairman, act: directive, id: d-1, title: Rules of procedure}
  - {at: 2026-02-20, by: state:USA, act: directive, id: d-2, title: Not his, expect: refused R15}
`

// meetingDB replays meeting into a new database and returns its path.
func meetingDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "pb.db")
	out, err := run(t, "replay", writeFile(t, "meeting.yaml", meeting), "--db", db)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if !strings.Contains(out, "accepted, 6 refused as expected") {
		t.Fatalf("replay summary %q, want 6 refused as expected", out)
	}
	return db
}

// decisionsAsOf runs "decisions --json" as of day and returns the decisions by id, as generic
// JSON so that the test sees the contract's field names.
func decisionsAsOf(t *testing.T, db, day string) map[string]map[string]any {
	t.Helper()
	out, err := run(t, "decisions", "--db", db, "--as-of", day, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("decisions --json: %v\n%s", err, out)
	}
	byID := map[string]map[string]any{}
	for _, d := range list {
		for _, k := range []string{"id", "title", "kind", "status", "yes", "no", "abstain", "casting_vote", "votes"} {
			if _, ok := d[k]; !ok {
				t.Errorf("decisions --json: %v has no %q (SPEC §6.1)", d["id"], k)
			}
		}
		byID[d["id"].(string)] = d
	}
	return byID
}

func TestDecisionsJSON(t *testing.T) {
	db := meetingDB(t)

	before := decisionsAsOf(t, db, "2026-02-18")
	if len(before) != 3 {
		t.Errorf("as of 2026-02-18: %d decisions, want 3", len(before))
	}
	for id, d := range before {
		if d["status"] != "on-agenda" {
			t.Errorf("as of 2026-02-18: %s is %v, want on-agenda", id, d["status"])
		}
	}

	got := decisionsAsOf(t, db, "2026-02-19")
	tests := []struct {
		id                 string
		status             string
		yes, no, abstain   float64
		casting            any
		votes              map[string]any
		kind, title, actor string
	}{
		{"p-win", "adopted", 2, 1, 1, nil, map[string]any{"USA": "yes", "ARG": "yes", "ARM": "no", "AZE": "abstain"}, "initiative", "Reconstruction", "executive:rubio"},
		{"p-tie", "not-approved", 1, 1, 0, "yes", map[string]any{"USA": "yes", "ARG": "no"}, "budget", "Budget", "executive:rubio"},
		{"p-lost", "rejected", 1, 2, 0, nil, map[string]any{"USA": "no", "ARG": "no", "ARM": "yes"}, "other", "Other", "chairman"},
	}
	for _, tt := range tests {
		d := got[tt.id]
		if d == nil {
			t.Errorf("%s missing", tt.id)
			continue
		}
		if d["status"] != tt.status || d["yes"] != tt.yes || d["no"] != tt.no || d["abstain"] != tt.abstain || d["casting_vote"] != tt.casting {
			t.Errorf("%s: %v %v-%v-%v casting %v; want %s %v-%v-%v casting %v", tt.id, d["status"], d["yes"], d["no"], d["abstain"],
				d["casting_vote"], tt.status, tt.yes, tt.no, tt.abstain, tt.casting)
		}
		if d["kind"] != tt.kind || d["title"] != tt.title || d["proposed_by"] != tt.actor || d["meeting"] != "washington" {
			t.Errorf("%s: kind %v, title %v, by %v, meeting %v", tt.id, d["kind"], d["title"], d["proposed_by"], d["meeting"])
		}
		votes, _ := d["votes"].(map[string]any)
		if len(votes) != len(tt.votes) {
			t.Errorf("%s: votes %v, want %v", tt.id, votes, tt.votes)
		}
		for k, v := range tt.votes {
			if votes[k] != v {
				t.Errorf("%s: votes[%s] = %v, want %v", tt.id, k, votes[k], v)
			}
		}
	}
	if a, _ := got["p-tie"]["approval"].(map[string]any); a["action"] != "withheld" || a["reason"] != "Not funded." {
		t.Errorf("p-tie approval %v, want withheld for \"Not funded.\"", got["p-tie"]["approval"])
	}
	if _, ok := got["d-1"]; ok {
		t.Errorf("as of 2026-02-19 the directive of 20 February is listed")
	}

	after := decisionsAsOf(t, db, "2026-02-20")
	if d := after["d-1"]; d == nil || d["status"] != "directive" || d["kind"] != "directive" || d["casting_vote"] != nil || len(d["votes"].(map[string]any)) != 0 {
		t.Errorf("d-1 as of 2026-02-20: %v; want a directive, no votes", d)
	}
}

func TestDecisionsTable(t *testing.T) {
	db := meetingDB(t)
	out, err := run(t, "decisions", "--db", db, "--as-of", "2026-02-20")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[0], "STATUS") {
		t.Fatalf("decisions table:\n%s\nwant a header and 4 rows", out)
	}
	for _, want := range []string{"p-win", "adopted", "p-tie", "not-approved", "p-lost", "rejected", "d-1", "directive"} {
		if !strings.Contains(out, want) {
			t.Errorf("decisions table has no %q:\n%s", want, out)
		}
	}
	if _, err := run(t, "decisions", "extra", "--db", db); !errors.As(err, new(usageError)) {
		t.Errorf("decisions with an argument: err = %v, want a usage error", err)
	}
}

func TestDecisionHistory(t *testing.T) {
	db := meetingDB(t)
	out, err := run(t, "decision", "p-tie", "--db", db, "--as-of", "2026-02-20", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		ID         string   `json:"id"`
		Status     string   `json:"status"`
		Electorate []string `json:"electorate"`
		Ballots    []struct {
			State, Choice, At string
		} `json:"ballots"`
		Tally struct {
			Yes, No, Abstain int
			PresentAndVoting int    `json:"present_and_voting"`
			Electorate       int    `json:"electorate"`
			Result           string `json:"result"`
		} `json:"tally"`
		Casting  struct{ Choice, At string } `json:"casting"`
		Approval struct{ Action, At, Reason string }
		Agenda   struct {
			Meeting, Date, Place string
			SetBy                string  `json:"set_by"`
			Approved             *string `json:"approved"`
		} `json:"agenda"`
		History []struct{ At, By, Event string } `json:"history"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// SLV joined after the vote opened: not in the electorate.
	if d.ID != "p-tie" || d.Status != "not-approved" || strings.Join(d.Electorate, ",") != "ARG,ARM,AZE,USA" {
		t.Errorf("p-tie: %s, electorate %v; want not-approved, the 4 members at the opening", d.Status, d.Electorate)
	}
	if len(d.Ballots) != 2 || d.Ballots[0].State != "USA" || d.Ballots[0].Choice != "yes" || d.Ballots[0].At != "2026-02-19T14:06:00Z" {
		t.Errorf("ballots %+v, want USA's yes at 14:06 first", d.Ballots)
	}
	if d.Tally.Yes != 1 || d.Tally.No != 1 || d.Tally.PresentAndVoting != 2 || d.Tally.Electorate != 4 || d.Tally.Result != "tie" || d.Casting.Choice != "yes" || d.Casting.At != "2026-02-19T15:10:00Z" {
		t.Errorf("tally %+v, casting %+v; want a 1-1 tie broken by yes at 15:10", d.Tally, d.Casting)
	}
	if d.Approval.Action != "withheld" || d.Approval.Reason != "Not funded." || d.Approval.At != "2026-02-19T15:21:00Z" {
		t.Errorf("approval %+v, want withheld at 15:21, for \"Not funded.\"", d.Approval)
	}
	if d.Agenda.Meeting != "washington" || d.Agenda.Date != "2026-02-19" || d.Agenda.SetBy != "executive:rubio" || d.Agenda.Approved == nil {
		t.Errorf("agenda %+v", d.Agenda)
	}
	var events []string
	for _, h := range d.History {
		events = append(events, h.By+": "+h.Event)
	}
	want := []string{
		"executive:rubio: proposed (budget)",
		"executive:rubio: put on the agenda of meeting washington (2026-02-19, Washington)",
		"chairman: approved the agenda of meeting washington",
		"secretariat: opened the vote; 4 member States may vote",
		"state:USA: voted yes",
		"state:ARG: voted no",
		"secretariat: closed the vote: 1 yes, 1 no, 0 abstain, of 4: tie",
		"chairman: casting vote: yes",
		"chairman: withheld approval: Not funded.",
	}
	if strings.Join(events, "\n") != strings.Join(want, "\n") {
		t.Errorf("history:\n%s\nwant:\n%s", strings.Join(events, "\n"), strings.Join(want, "\n"))
	}

	text, err := run(t, "decision", "p-win", "--db", db, "--as-of", "2026-02-20")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"p-win: Reconstruction", "Status:", "adopted", "Rebuild.", "History:", "state:ARG", "commented: We support it.", "voted abstain", "approved"} {
		if !strings.Contains(text, want) {
			t.Errorf("decision p-win text has no %q:\n%s", want, text)
		}
	}

	if _, err := run(t, "decision", "p-none", "--db", db); err == nil || !strings.Contains(err.Error(), "p-none") {
		t.Errorf("an unknown decision: err = %v, want it named", err)
	}
	if _, err := run(t, "decision", "--db", db); !errors.As(err, new(usageError)) {
		t.Errorf("decision without an id: err = %v, want a usage error", err)
	}
}

func TestCompliance(t *testing.T) {
	db := meetingDB(t)
	out, err := run(t, "compliance", "--db", db, "--as-of", "2026-05-01", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := map[string]map[string]any{}
	for _, o := range list {
		got[o["id"].(string)] = o
	}
	tests := []struct {
		id, status string
		key, date  string // "due" or "since"
		rule       any
	}{
		{"voting-meeting", "met", "due", "2027-02-19", "R10"},
		{"reporting-meeting", "overdue", "since", "2026-04-22", "R12"},
		{"successor", "overdue", "since", "2026-01-22", "R16"},
		{"mandate:unsc-2803", "due", "due", "2026-05-17", nil},
	}
	for _, tt := range tests {
		o := got[tt.id]
		if o == nil || o["status"] != tt.status || o[tt.key] != tt.date || o["rule"] != tt.rule {
			t.Errorf("%s: %v; want %s, %s %s, rule %v", tt.id, o, tt.status, tt.key, tt.date, tt.rule)
		}
	}
	if len(list) != len(tests) {
		t.Errorf("%d obligations, want %d", len(list), len(tests))
	}
	table, err := run(t, "compliance", "--db", db, "--as-of", "2026-05-01")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"RULE", "R12", "overdue", "since 2026-04-22", "next before 2027-02-19", "last held 2026-02-19"} {
		if !strings.Contains(table, want) {
			t.Errorf("compliance table has no %q:\n%s", want, table)
		}
	}
}

func TestExportVotes(t *testing.T) {
	db := meetingDB(t)
	t.Run("csv: one row per State of the electorate per proposal", func(t *testing.T) {
		out, err := run(t, "export", "votes", "--db", db, "--as-of", "2026-02-20", "--format", "csv")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := readExportCSV(out)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1+3*4 {
			t.Fatalf("%d rows, want a header and 12:\n%s", len(rows), out)
		}
		col := map[string]int{}
		for i, name := range rows[0] {
			col[name] = i
		}
		counts := map[string]int{}
		for _, r := range rows[1:] {
			counts[r[col["decision_id"]]+" "+r[col["choice"]]]++
			if r[col["decision_id"]] == "p-tie" && r[col["casting_vote"]] != "yes" {
				t.Errorf("p-tie row %v: casting_vote %q, want yes", r, r[col["casting_vote"]])
			}
			if r[col["state"]] == "SLV" {
				t.Errorf("row %v: SLV was not in the electorate", r)
			}
		}
		want := map[string]int{"p-win yes": 2, "p-win no": 1, "p-win abstain": 1, "p-tie yes": 1, "p-tie no": 1, "p-tie absent": 2,
			"p-lost no": 2, "p-lost yes": 1, "p-lost absent": 1}
		for k, n := range want {
			if counts[k] != n {
				t.Errorf("%s: %d rows, want %d", k, counts[k], n)
			}
		}
	})
	t.Run("json: Popolo vote events", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "votes.json")
		out, err := run(t, "export", "votes", "--db", db, "--format", "json", "--out", path)
		if err != nil || out != "" {
			t.Fatalf("export --out: %q, %v; want nothing on standard output", out, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var events []struct {
			VoteEvent struct {
				ID                   string  `json:"id"`
				OrganizationID       string  `json:"organization_id"`
				LegislativeSessionID string  `json:"legislative_session_id"`
				StartDate            string  `json:"start_date"`
				Result               *string `json:"result"`
				Motion               struct {
					ID             string `json:"id"`
					Text           string `json:"text"`
					Classification string `json:"classification"`
				} `json:"motion"`
			} `json:"vote_event"`
			Counts []struct {
				Option string `json:"option"`
				Value  int    `json:"value"`
			} `json:"counts"`
			Votes []struct {
				VoterID string `json:"voter_id"`
				Option  string `json:"option"`
				Role    string `json:"role"`
			} `json:"votes"`
		}
		if err := unmarshalItems(b, &events); err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
		if len(events) != 3 {
			t.Fatalf("%d vote events, want 3", len(events))
		}
		results := map[string]string{}
		for _, e := range events {
			if e.VoteEvent.Result != nil {
				results[e.VoteEvent.ID] = *e.VoteEvent.Result
			}
			if e.VoteEvent.OrganizationID != "board-of-peace" || e.VoteEvent.LegislativeSessionID != "washington" || e.VoteEvent.StartDate != "2026-02-19T14:00:00Z" {
				t.Errorf("%s: vote event %+v", e.VoteEvent.ID, e.VoteEvent)
			}
			if e.VoteEvent.ID == "p-tie" {
				counts := map[string]int{}
				for _, c := range e.Counts {
					counts[c.Option] = c.Value
				}
				if counts["yes"] != 1 || counts["no"] != 1 || counts["abstain"] != 0 || counts["absent"] != 2 {
					t.Errorf("p-tie counts %v, want 1 yes, 1 no, 0 abstain, 2 absent", counts)
				}
				last := e.Votes[len(e.Votes)-1]
				if len(e.Votes) != 5 || last.VoterID != "chairman" || last.Option != "yes" || last.Role != "casting vote" {
					t.Errorf("p-tie votes %+v, want 4 States and the Chairman's casting vote", e.Votes)
				}
				if e.VoteEvent.Motion.Text != "Budget" || e.VoteEvent.Motion.Classification != "budget" {
					t.Errorf("p-tie motion %+v", e.VoteEvent.Motion)
				}
			}
		}
		if results["p-win"] != "pass" || results["p-tie"] != "pass" || results["p-lost"] != "fail" {
			t.Errorf("results %v, want p-win and p-tie pass, p-lost fail", results)
		}
	})
	t.Run("bad use", func(t *testing.T) {
		for _, args := range [][]string{
			{"export"},
			{"export", "treaties", "--db", db},
			{"export", "votes", "--db", db, "--format", "xml"},
		} {
			if _, err := run(t, args...); !errors.As(err, new(usageError)) {
				t.Errorf("%v: err = %v, want a usage error", args, err)
			}
		}
	})
}
