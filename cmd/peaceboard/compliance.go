package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
)

func (m *Main) compliance(ctx context.Context, args []string) error {
	return reader[[]apiv1.Obligation]{
		name: "compliance", usage: "[--db PATH] [--as-of DATE] [--json]",
		local: func(_ []string, s *board.State, r *charter.Rules, t time.Time) ([]apiv1.Obligation, error) {
			out := []apiv1.Obligation{}
			for _, o := range s.Compliance(r, t) {
				out = append(out, api.NewObligation(o))
			}
			return out, nil
		},
		table: complianceTable,
	}.run(m, ctx, args)
}

func complianceTable(w *tabwriter.Writer, out []apiv1.Obligation) {
	fmt.Fprintln(w, "RULE\tSTATUS\tWHEN\tOBLIGATION\tDETAIL")
	for _, o := range out {
		when := "-"
		switch {
		case o.Status == string(board.ObligationOverdue) && o.Since != nil:
			when = "since " + *o.Since
		case o.Status == string(board.ObligationDue) && o.Due != nil:
			when = "before " + *o.Due
		case o.Status == string(board.ObligationMet) && o.Due != nil:
			when = "next before " + *o.Due
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", orValue(o.Rule, "-"), o.Status, when, o.What, o.Detail)
	}
}
