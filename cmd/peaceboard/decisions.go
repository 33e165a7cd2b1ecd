package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// decisionJSON is the wire shape of one element of "decisions --json" (SPEC §6.1): fields are
// added, never renamed or removed. yes, no and abstain count member States' votes only; the
// Chairman's casting vote is casting_vote.
type decisionJSON struct {
	ID               board.DecisionID                 `json:"id"`
	Title            string                           `json:"title"`
	Kind             board.DecisionKind               `json:"kind"`
	Status           board.DecisionStatus             `json:"status"`
	Yes              int                              `json:"yes"`
	No               int                              `json:"no"`
	Abstain          int                              `json:"abstain"`
	CastingVote      *board.Choice                    `json:"casting_vote"`
	Votes            map[board.StateCode]board.Choice `json:"votes"`
	ProposedBy       board.ActorID                    `json:"proposed_by"`
	Proposed         string                           `json:"proposed"` // RFC 3339; for a directive, when adopted
	Meeting          *board.MeetingID                 `json:"meeting"`
	Opened           *string                          `json:"opened"`
	Closed           *string                          `json:"closed"`
	Result           *board.Result                    `json:"result"` // the tally's result, once closed
	ApprovalDeadline *string                          `json:"approval_deadline"`
	Approval         *approvalJSON                    `json:"approval"` // the Chairman's action, null if none
}

// approvalJSON is the Chairman's action on a decision that passed: approved or withheld, or the
// rules' default at the approval deadline.
type approvalJSON struct {
	Action string `json:"action"` // approved, withheld, approved-by-default, not-approved-by-default
	At     string `json:"at"`
	Reason string `json:"reason,omitempty"`
}

// decisionDetailJSON is the wire shape of "decision ID --json": the decision with its whole
// history.
type decisionDetailJSON struct {
	decisionJSON
	Text       string            `json:"text"`
	Comments   []statementJSON   `json:"comments"`
	Agenda     *agendaJSON       `json:"agenda"`
	Electorate []board.StateCode `json:"electorate"`
	Ballots    []ballotJSON      `json:"ballots"`
	Tally      *tallyJSON        `json:"tally"`
	Casting    *castingJSON      `json:"casting"`
	History    []historyJSON     `json:"history"`
}

type statementJSON struct {
	By   board.ActorID `json:"by"`
	At   string        `json:"at"`
	Text string        `json:"text"`
}

type agendaJSON struct {
	Meeting  board.MeetingID   `json:"meeting"`
	Kind     board.MeetingKind `json:"kind"`
	Date     string            `json:"date"`
	Place    string            `json:"place"`
	Set      string            `json:"set"`
	SetBy    board.ActorID     `json:"set_by"`
	Approved *string           `json:"approved"`
}

type ballotJSON struct {
	State  board.StateCode `json:"state"`
	Choice board.Choice    `json:"choice"`
	At     string          `json:"at"`
}

type tallyJSON struct {
	Yes              int          `json:"yes"`
	No               int          `json:"no"`
	Abstain          int          `json:"abstain"`
	PresentAndVoting int          `json:"present_and_voting"`
	Electorate       int          `json:"electorate"`
	QuorumNeeded     int          `json:"quorum_needed"`
	Result           board.Result `json:"result"`
	Reason           string       `json:"reason,omitempty"`
}

type castingJSON struct {
	Choice board.Choice `json:"choice"`
	At     string       `json:"at"`
}

type historyJSON struct {
	At    string        `json:"at"`
	By    board.ActorID `json:"by"`
	Event string        `json:"event"`
}

func stampOf(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func stampOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := stampOf(t)
	return &s
}

func toDecisionJSON(v board.DecisionView) decisionJSON {
	out := decisionJSON{
		ID: v.ID, Title: v.Title, Kind: v.Kind, Status: v.Status, Yes: v.Yes, No: v.No, Abstain: v.Abstain,
		Votes: map[board.StateCode]board.Choice{}, ProposedBy: v.By, Proposed: stampOf(v.Proposed),
		Opened: stampOrNull(v.Opened), Closed: stampOrNull(v.Closed), ApprovalDeadline: dateOrNull(v.ApprovalDeadline),
	}
	for _, b := range v.Ballots {
		out.Votes[b.State] = b.Choice
	}
	if v.Casting != "" {
		c := v.Casting
		out.CastingVote = &c
	}
	if v.Meeting != nil {
		id := v.Meeting.ID
		out.Meeting = &id
	}
	if v.Result != "" {
		r := v.Result
		out.Result = &r
	}
	if v.Approval != "" {
		out.Approval = &approvalJSON{Action: v.Approval, At: stampOf(v.ApprovalAt), Reason: v.Reason}
	}
	return out
}

func toDecisionDetailJSON(v board.DecisionView) decisionDetailJSON {
	out := decisionDetailJSON{
		decisionJSON: toDecisionJSON(v), Text: v.Text, Comments: []statementJSON{},
		Electorate: v.Electorate, Ballots: []ballotJSON{},
	}
	if out.Electorate == nil {
		out.Electorate = []board.StateCode{}
	}
	for _, c := range v.Comments {
		out.Comments = append(out.Comments, statementJSON{By: c.By, At: stampOf(c.At), Text: c.Text})
	}
	if m := v.Meeting; m != nil {
		out.Agenda = &agendaJSON{Meeting: m.ID, Kind: m.Kind, Date: m.Date.Format(time.DateOnly), Place: m.Place,
			Set: stampOf(m.AgendaSet), SetBy: m.AgendaBy, Approved: stampOrNull(m.Approved)}
	}
	for _, b := range v.Ballots {
		out.Ballots = append(out.Ballots, ballotJSON{State: b.State, Choice: b.Choice, At: stampOf(b.At)})
	}
	if !v.Closed.IsZero() {
		out.Tally = &tallyJSON{Yes: v.Yes, No: v.No, Abstain: v.Abstain, PresentAndVoting: v.Yes + v.No,
			Electorate: len(v.Electorate), QuorumNeeded: v.QuorumNeeded, Result: v.Result, Reason: v.ResultReason}
	}
	if v.Casting != "" {
		out.Casting = &castingJSON{Choice: v.Casting, At: stampOf(v.CastingAt)}
	}
	out.History = history(v)
	return out
}

// history lists what happened to a decision, in time order.
func history(v board.DecisionView) []historyJSON {
	var h []historyJSON
	add := func(at time.Time, by board.ActorID, format string, args ...any) {
		h = append(h, historyJSON{At: stampOf(at), By: by, Event: fmt.Sprintf(format, args...)})
	}
	if v.Kind == board.KindDirective {
		add(v.Proposed, v.By, "adopted as a directive of the Chairman, without a vote (R15)")
		return h
	}
	add(v.Proposed, v.By, "proposed (%s)", v.Kind)
	for _, c := range v.Comments {
		add(c.At, c.By, "commented: %s", c.Text)
	}
	if m := v.Meeting; m != nil {
		add(m.AgendaSet, m.AgendaBy, "put on the agenda of meeting %s (%s, %s)", m.ID, m.Date.Format(time.DateOnly), m.Place)
		if !m.Approved.IsZero() {
			add(m.Approved, board.Chairman, "approved the agenda of meeting %s", m.ID)
		}
	}
	if !v.Opened.IsZero() {
		add(v.Opened, board.Secretariat, "opened the vote; %d member States may vote", len(v.Electorate))
	}
	for _, b := range v.Ballots {
		add(b.At, board.StateActor(b.State), "voted %s", b.Choice)
	}
	if !v.Closed.IsZero() {
		add(v.Closed, board.Secretariat, "closed the vote: %s", tallyLine(v))
	}
	if v.Casting != "" {
		add(v.CastingAt, board.Chairman, "casting vote: %s", v.Casting)
	}
	switch v.Approval {
	case board.ActionApproved:
		add(v.ApprovalAt, board.Chairman, "approved%s", reasonSuffix(v.Reason))
	case board.ActionWithheld:
		add(v.ApprovalAt, board.Chairman, "withheld approval%s", reasonSuffix(v.Reason))
	case board.ActionApprovedByDefault:
		add(v.ApprovalAt, "", "approved by default: the approval deadline passed (decisions.approval_default)")
	case board.ActionNotApprovedByDefault:
		add(v.ApprovalAt, "", "not approved: the approval deadline passed (decisions.approval_default)")
	}
	slices.SortStableFunc(h, func(a, b historyJSON) int { return cmp.Compare(a.At, b.At) })
	return h
}

func reasonSuffix(r string) string {
	if r == "" {
		return ""
	}
	return ": " + r
}

// tallyLine describes a closed vote: "20 yes, 0 no, 2 abstain of 22: majority".
func tallyLine(v board.DecisionView) string {
	s := fmt.Sprintf("%d yes, %d no, %d abstain, of %d: %s", v.Yes, v.No, v.Abstain, len(v.Electorate), v.Result)
	switch v.ResultReason {
	case board.ReasonNoQuorum:
		s += fmt.Sprintf(" (no quorum: %d present and voting, %d needed)", v.Yes+v.No, v.QuorumNeeded)
	case board.ReasonNoVotes:
		s += " (no State voted yes or no)"
	}
	return s
}

func (m *Main) decisions(ctx context.Context, args []string) error {
	f := m.newFlags("decisions", "[--db PATH] [--as-of DATE] [--json]")
	f.readFlags()
	out := []decisionJSON{}
	if err := f.view(ctx, args, func(s *board.State, _ *charter.Rules, t time.Time) error {
		for _, v := range s.DecisionList(t) {
			out = append(out, toDecisionJSON(v))
		}
		return nil
	}); err != nil {
		return err
	}
	if *f.json {
		return writeJSON(m.Stdout, out)
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tKIND\tSTATUS\tYES\tNO\tABSTAIN\tCASTING\tPROPOSED\tTITLE")
	for _, d := range out {
		casting := "-"
		if d.CastingVote != nil {
			casting = string(*d.CastingVote)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\n", d.ID, d.Kind, d.Status, d.Yes, d.No, d.Abstain, casting, d.Proposed[:10], d.Title)
	}
	return w.Flush()
}

func (m *Main) decision(ctx context.Context, args []string) error {
	f := m.newFlags("decision", "ID [--db PATH] [--as-of DATE] [--json]")
	f.readFlags()
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"decision takes one argument: the id of a proposal or directive"}
	}
	t, err := f.instant()
	if err != nil {
		return err
	}
	e, closeDB, err := openExisting(ctx, *f.db)
	if err != nil {
		return err
	}
	defer closeDB()
	var out decisionDetailJSON
	if err := e.View(ctx, t, func(s *board.State, _ *charter.Rules) error {
		v, err := s.Decision(board.DecisionID(pos[0]), t)
		if err != nil {
			return err
		}
		out = toDecisionDetailJSON(v)
		return nil
	}); err != nil {
		return err
	}
	if *f.json {
		return writeJSON(m.Stdout, out)
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "%s: %s\n", out.ID, out.Title)
	fmt.Fprintf(w, "Kind:\t%s\n", out.Kind)
	fmt.Fprintf(w, "Status:\t%s\n", out.Status)
	fmt.Fprintf(w, "Proposed:\t%s by %s\n", out.Proposed, out.ProposedBy)
	if a := out.Agenda; a != nil {
		approved := "not yet approved by the Chairman"
		if a.Approved != nil {
			approved = "approved " + *a.Approved
		}
		fmt.Fprintf(w, "Meeting:\t%s, %s, %s (agenda set %s by %s; %s)\n", a.Meeting, a.Date, a.Place, a.Set, a.SetBy, approved)
	}
	if out.Opened != nil {
		fmt.Fprintf(w, "Vote:\topened %s, %d member States in the electorate\n", *out.Opened, len(out.Electorate))
		fmt.Fprintf(w, "Count:\t%d yes, %d no, %d abstain (member States only)\n", out.Yes, out.No, out.Abstain)
	}
	if tl := out.Tally; tl != nil {
		fmt.Fprintf(w, "Tally:\tclosed %s: %d present and voting of %d; result %s%s\n", *out.Closed,
			tl.PresentAndVoting, tl.Electorate, tl.Result, orEmpty(" ("+tl.Reason+")", tl.Reason != ""))
	}
	if c := out.Casting; c != nil {
		fmt.Fprintf(w, "Casting vote:\t%s, %s\n", c.Choice, c.At)
	}
	if a := out.Approval; a != nil {
		fmt.Fprintf(w, "Chairman:\t%s %s%s\n", a.Action, a.At, reasonSuffix(a.Reason))
	} else if out.ApprovalDeadline != nil && out.Status == board.DecisionMajority {
		fmt.Fprintf(w, "Chairman:\tapproval due by %s\n", *out.ApprovalDeadline)
	}
	if out.Text != "" {
		fmt.Fprintf(w, "\nText:\n  %s\n", strings.ReplaceAll(strings.TrimSpace(out.Text), "\n", "\n  "))
	}
	fmt.Fprintln(w, "\nHistory:")
	for _, h := range out.History {
		by := string(h.By)
		if by == "" {
			by = "(rules)"
		}
		fmt.Fprintf(w, "  %s\t%s\t%s\n", h.At, by, h.Event)
	}
	return w.Flush()
}

func orEmpty(s string, ok bool) string {
	if ok {
		return s
	}
	return ""
}
