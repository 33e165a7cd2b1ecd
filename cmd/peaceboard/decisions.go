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

func reasonSuffix(r string) string {
	if r == "" {
		return ""
	}
	return ": " + r
}

func (m *Main) decisions(ctx context.Context, args []string) error {
	f := m.newFlags("decisions", "[--db PATH | --server URL] [--as-of DATE] [--json]")
	f.readFlags()
	f.serverFlag()
	out := []apiv1.Decision{}
	if err := f.read(ctx, args, func(s *board.State, _ *charter.Rules, t time.Time) error {
		for _, v := range s.DecisionList(t) {
			out = append(out, api.NewDecision(v))
		}
		return nil
	}, func(c *client.Client, q client.Query) (err error) {
		out, err = c.Decisions(ctx, q)
		return err
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
			casting = *d.CastingVote
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
	var out apiv1.DecisionDetail
	if err := e.View(ctx, t, func(s *board.State, _ *charter.Rules) error {
		v, err := s.Decision(board.DecisionID(pos[0]), t)
		if err != nil {
			return err
		}
		out = api.NewDecisionDetail(v)
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
	} else if out.ApprovalDeadline != nil && out.Status == string(board.DecisionMajority) {
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
