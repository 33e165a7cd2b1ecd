package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
)

func (m *Main) decisions(ctx context.Context, args []string) error {
	list := func(s *board.State, _ *charter.Rules, t time.Time) []board.DecisionView { return s.DecisionList(t) }
	rd := lister("decisions", list, api.NewDecision, decisionsTable)
	rd.remote = (*client.Client).Decisions
	return rd.run(m, ctx, args)
}

func decisionsTable(w *tabwriter.Writer, out []apiv1.Decision) {
	fmt.Fprintln(w, "ID\tKIND\tSTATUS\tYES\tNO\tABSTAIN\tCASTING\tPROPOSED\tTITLE")
	for _, d := range out {
		casting := "-"
		if d.CastingVote != nil {
			casting = *d.CastingVote
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\n", d.ID, d.Kind, d.Status, d.Yes, d.No, d.Abstain, casting, d.Proposed[:10], d.Title)
	}
}

func (m *Main) decision(ctx context.Context, args []string) error {
	return reader[apiv1.DecisionDetail]{
		name: "decision", args: "ID", argsError: "decision takes one argument: the id of a proposal or directive",
		local: func(pos []string, s *board.State, _ *charter.Rules, t time.Time) (apiv1.DecisionDetail, error) {
			v, err := s.Decision(board.DecisionID(pos[0]), t)
			if err != nil {
				return apiv1.DecisionDetail{}, err
			}
			return api.NewDecisionDetail(v), nil
		},
		table: decisionTable,
	}.run(m, ctx, args)
}

func decisionTable(w *tabwriter.Writer, out apiv1.DecisionDetail) {
	fmt.Fprintf(w, "%s: %s\n", out.ID, out.Title)
	fmt.Fprintf(w, "Kind:\t%s\n", out.Kind)
	fmt.Fprintf(w, "Status:\t%s\n", out.Status)
	fmt.Fprintf(w, "Proposed:\t%s by %s\n", out.Proposed, actorLabel(out.ProposedBy))
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
	} else if out.ApprovalDeadline != nil && out.Status == string(board.DecisionMajority) {
		fmt.Fprintf(w, "Chairman:\tapproval due by %s\n", *out.ApprovalDeadline)
	}
	if out.Text != "" {
		fmt.Fprintf(w, "\nText:\n  %s\n", strings.ReplaceAll(strings.TrimSpace(out.Text), "\n", "\n  "))
	}
	fmt.Fprintln(w, "\nHistory:")
	for _, h := range out.History {
		by := actorLabel(h.By)
		if by == "" {
			by = "(rules)"
		}
		fmt.Fprintf(w, "  %s\t%s\t%s\n", h.At, by, h.Event)
	}
}

func orEmpty(s string, ok bool) string {
	if ok {
		return s
	}
	return ""
}

func reasonSuffix(r string) string {
	if r == "" {
		return ""
	}
	return ": " + r
}
