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
	f := m.newFlags("compliance", "[--db PATH] [--as-of DATE] [--json]")
	f.readFlags()
	out := []apiv1.Obligation{}
	if err := f.view(ctx, args, func(s *board.State, r *charter.Rules, t time.Time) error {
		for _, o := range s.Compliance(r, t) {
			out = append(out, api.NewObligation(o))
		}
		return nil
	}); err != nil {
		return err
	}
	if *f.json {
		return writeJSON(m.Stdout, out)
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
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
	return w.Flush()
}
