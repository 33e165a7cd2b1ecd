package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
)

// exports are the data sets "peaceboard export" writes: "export NAME --format csv|json". Each
// writes the data as of --as-of in the format asked for.
func exports() []exportKind {
	return []exportKind{
		{"votes", "every vote on every proposal put to the vote: CSV, one row per State per proposal; JSON, Popolo vote events", csvOrJSON, writeVotes},
		{"contributions", "every pledge, receipt and in-kind contribution, and their reversals: one row per ledger entry", csvOrJSON, writeContributions},
		{"disbursements", "every disbursement with its approvals and status: one row per disbursement", csvOrJSON, writeDisbursements},
		{"popolo", "the record as one Popolo document: persons, organizations, memberships, posts, vote events", []string{"json"}, writePopolo},
	}
}

type exportKind struct {
	name    string
	summary string
	formats []string // the formats it writes, the default first
	write   func(w io.Writer, format string, s *board.State, r *charter.Rules, t time.Time) error
}

var csvOrJSON = []string{"csv", "json"}

// exportUsage is the usage of each data set "export" writes, for "export -h".
func exportUsage() []string {
	var lines []string
	for _, x := range exports() {
		lines = append(lines, fmt.Sprintf("%-15s %-16s [--out FILE] [--db PATH] [--as-of DATE]   %s", x.name, "--format "+strings.Join(x.formats, "|"), x.summary))
	}
	return append(lines, xmlExportUsage()...)
}

func (m *Main) export(ctx context.Context, args []string) error {
	names := make([]string, 0, len(exports()))
	for _, x := range exports() {
		names = append(names, x.name)
	}
	for _, x := range xmlExports() {
		names = append(names, x.name)
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageError{"export what? (peaceboard export " + strings.Join(names, "|") + " [flags]; \"peaceboard export -h\" lists each one's)"}
	}
	if x, ok := findXMLExport(args[0]); ok {
		return m.exportXML(ctx, x, args[1:])
	}
	var kind *exportKind
	for _, x := range exports() {
		if x.name == args[0] {
			kind = &x
		}
	}
	if kind == nil {
		return usageError{fmt.Sprintf("export %q: unknown data set (want %s)", args[0], strings.Join(names, ", "))}
	}
	formats := strings.Join(kind.formats, "|")
	f := m.newFlags("export "+kind.name, "[--db PATH] [--as-of DATE] --format "+formats+" [--out FILE]")
	f.dbFlag()
	f.asOfFlag()
	format := f.String("format", kind.formats[0], strings.Join(kind.formats, " or "))
	outPath := f.String("out", "", "write to this file instead of standard output")
	if pos, err := f.parse(args[1:]); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"export " + kind.name + " takes no further arguments"}
	}
	if !slices.Contains(kind.formats, *format) {
		return usageError{fmt.Sprintf("--format %q: export %s writes %s", *format, kind.name, strings.Join(kind.formats, " or "))}
	}
	t, err := f.instant()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.view(ctx, t, func(s *board.State, r *charter.Rules) error {
		return kind.write(&buf, *format, s, r, t)
	}); err != nil {
		return err
	}
	if *outPath == "" {
		_, err := m.Stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(*outPath, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("export %s: %w", kind.name, err)
	}
	return nil
}

// voteOptionAbsent is the choice written for a State of the electorate that did not vote, once
// the vote is closed (Popolo's "absent"). While the vote is open it has no row yet.
const voteOptionAbsent = "absent"

// voteRows returns, for a decision put to the vote, each State's choice in electorate order:
// those that voted, and, once the vote closed, the others as absent.
func voteRows(v board.DecisionView) []board.Ballot {
	cast := map[board.StateCode]board.Ballot{}
	for _, b := range v.Ballots {
		cast[b.State] = b
	}
	var rows []board.Ballot
	for _, code := range v.Electorate {
		if b, ok := cast[code]; ok {
			rows = append(rows, b)
		} else if !v.Closed.IsZero() {
			rows = append(rows, board.Ballot{State: code, Choice: voteOptionAbsent})
		}
	}
	return rows
}

// popoloVoteEvent is one element of "export votes --format json", close to the Popolo vote-event
// shape (popoloproject.com/specs/vote-event.html): the event, its counts, and each vote.
type popoloVoteEvent struct {
	VoteEvent popoloEvent   `json:"vote_event"`
	Counts    []popoloCount `json:"counts"`
	Votes     []popoloVote  `json:"votes"`
}

type popoloEvent struct {
	ID                   string       `json:"id"`
	OrganizationID       string       `json:"organization_id"`
	LegislativeSessionID string       `json:"legislative_session_id,omitempty"` // the meeting
	Motion               popoloMotion `json:"motion"`
	StartDate            string       `json:"start_date"`
	EndDate              *string      `json:"end_date"`
	// Result is "pass" (a majority, or a tie the casting vote passed), "fail", "tie" (awaiting
	// the casting vote) or null while the vote is open. Status is the decision's status now,
	// which also says what the Chairman did (adopted, not-approved).
	Result *string              `json:"result"`
	Status board.DecisionStatus `json:"status"`
}

type popoloMotion struct {
	ID             string `json:"id"`
	Text           string `json:"text"`
	Classification string `json:"classification"`
	Date           string `json:"date"`
	CreatorID      string `json:"creator_id"`
	Requirement    string `json:"requirement"`
}

type popoloCount struct {
	Option string `json:"option"`
	Value  int    `json:"value"`
}

type popoloVote struct {
	VoterID string `json:"voter_id"`
	Option  string `json:"option"`
	Role    string `json:"role,omitempty"` // "casting vote" for the Chairman's
	Date    string `json:"date,omitempty"`
}

// writeVotes writes every vote on every proposal whose vote has opened, as of t.
func writeVotes(w io.Writer, format string, s *board.State, r *charter.Rules, t time.Time) error {
	var voted []board.DecisionView
	for _, v := range s.DecisionList(t) {
		if !v.Opened.IsZero() {
			voted = append(voted, v)
		}
	}
	if format == "json" {
		out := []popoloVoteEvent{}
		for _, v := range voted {
			out = append(out, toPopolo(v, r))
		}
		return writeJSON(w, out)
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"decision_id", "title", "kind", "meeting", "meeting_date", "opened", "closed", "status",
		"result", "casting_vote", "state", "choice", "voted_at"})
	for _, v := range voted {
		var meeting, meetingDate string
		if v.Meeting != nil {
			meeting, meetingDate = string(v.Meeting.ID), v.Meeting.Date.Format(time.DateOnly)
		}
		closed := ""
		if !v.Closed.IsZero() {
			closed = api.Instant(v.Closed)
		}
		for _, b := range voteRows(v) {
			at := ""
			if !b.At.IsZero() {
				at = api.Instant(b.At)
			}
			cw.Write([]string{string(v.ID), v.Title, string(v.Kind), meeting, meetingDate, api.Instant(v.Opened), closed,
				string(v.Status), string(v.Result), string(v.Casting), string(b.State), string(b.Choice), at})
		}
	}
	cw.Flush()
	return cw.Error()
}

func toPopolo(v board.DecisionView, r *charter.Rules) popoloVoteEvent {
	e := popoloVoteEvent{
		VoteEvent: popoloEvent{
			ID:             string(v.ID),
			OrganizationID: r.ID,
			Motion: popoloMotion{
				ID: string(v.ID), Text: v.Title, Classification: string(v.Kind), Date: api.Instant(v.Proposed),
				CreatorID: string(v.By), Requirement: "simple majority of the member States present and voting",
			},
			StartDate: api.Instant(v.Opened),
			EndDate:   api.InstantOrNull(v.Closed),
			Status:    v.Status,
		},
		Votes: []popoloVote{},
	}
	if q := r.Decisions.Quorum; q != "" && q != "none" {
		e.VoteEvent.Motion.Requirement += ", with a quorum of " + q + " of the member States voting yes or no"
	}
	if v.Meeting != nil {
		e.VoteEvent.LegislativeSessionID = string(v.Meeting.ID)
	}
	var result string
	switch {
	case v.Closed.IsZero():
	case v.Result == board.ResultMajority || v.Result == board.ResultTie && v.Casting == board.ChoiceYes:
		result = "pass"
	case v.Result == board.ResultTie && v.Casting == "":
		result = "tie"
	default:
		result = "fail"
	}
	if result != "" {
		e.VoteEvent.Result = &result
	}
	counts := map[string]int{}
	for _, b := range voteRows(v) {
		counts[string(b.Choice)]++
		e.Votes = append(e.Votes, popoloVote{VoterID: string(b.State), Option: string(b.Choice), Date: orEmpty(api.Instant(b.At), !b.At.IsZero())})
	}
	for _, opt := range []string{"yes", "no", "abstain", voteOptionAbsent} {
		if opt == voteOptionAbsent && v.Closed.IsZero() {
			continue
		}
		e.Counts = append(e.Counts, popoloCount{Option: opt, Value: counts[opt]})
	}
	if v.Casting != "" {
		e.Votes = append(e.Votes, popoloVote{VoterID: string(board.Chairman), Option: string(v.Casting), Role: "casting vote", Date: api.Instant(v.CastingAt)})
	}
	return e
}
