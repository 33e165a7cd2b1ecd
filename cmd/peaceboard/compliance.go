package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/api"
)

func (m *Main) compliance(ctx context.Context, args []string) error {
	return lister("compliance", (*board.State).Compliance, api.NewObligation, complianceTable).run(m, ctx, args)
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
