package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
)

func (m *Main) status(ctx context.Context, args []string) error {
	return reader[apiv1.Status]{
		name: "status",
		local: func(_ []string, s *board.State, r *charter.Rules, t time.Time) (apiv1.Status, error) {
			return api.NewStatus(s, r, t), nil
		},
		remote: (*client.Client).Status,
		table:  statusTable,
		hint:   statusHint,
	}.run(m, ctx, args)
}

// statusHint follows the table's last line (Record) with where the record's acts lie when the
// date asked is outside them. As of a date before the first act every count is zero, which
// reads like an empty record (a scenario whose acts lie after today, examples/coalition.yaml):
// it says which dates hold the acts and which to ask. As of a day after the latest act, it says
// when that was, since nothing later is known.
func statusHint(w *tabwriter.Writer, reach recordReach, t time.Time, _ apiv1.Status) {
	if reach.entries == 0 {
		return
	}
	asOf, first, latest := t.UTC().Format(time.DateOnly), reach.first.UTC().Format(time.DateOnly), reach.latest.UTC().Format(time.DateOnly)
	switch {
	case t.Before(reach.first):
		fmt.Fprintf(w, "\tno act is recorded as of %s: the record's first act is on %s and its latest on %s; try --as-of %s\n",
			asOf, first, latest, latest)
	case asOf > latest:
		fmt.Fprintf(w, "\tthe record's latest act is on %s\n", latest)
	}
}

func statusTable(w *tabwriter.Writer, out apiv1.Status) {
	fmt.Fprintf(w, "%s, as of %s\n", out.Organization, out.AsOf)
	inForce := "no"
	if out.InForce {
		inForce = "yes, since " + *out.EntryIntoForce + " (first year ends " + *out.FirstYearEnds + ")"
	}
	fmt.Fprintf(w, "In force:\t%s\n", inForce)
	if out.Dissolved != nil {
		fmt.Fprintf(w, "Dissolved:\t%s\n", *out.Dissolved)
	}
	fmt.Fprintf(w, "Chairman:\t%s\n", out.Chairman)
	fmt.Fprintf(w, "Successor:\t%s\n", orValue(out.Successor, "none designated (R16 requires one)"))
	fmt.Fprintf(w, "Members:\t%d\n", out.Members)
	fmt.Fprintf(w, "Executive Board:\t%d serving\n", len(out.ExecutiveBoard))
	for _, x := range out.ExecutiveBoard {
		fmt.Fprintf(w, "\t%s (term ends %s)\n", x.Person, x.TermEnd)
	}
	fmt.Fprintf(w, "Record:\t%d entries\n", out.Entries)
}

func orValue(s *string, none string) string {
	if s == nil {
		return none
	}
	return *s
}
