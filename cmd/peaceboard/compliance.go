package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// obligationJSON is the wire shape of one element of "compliance --json".
type obligationJSON struct {
	ID     string                 `json:"id"`
	Rule   *string                `json:"rule"` // null for a mandate, which is outside the charter
	What   string                 `json:"obligation"`
	Status board.ObligationStatus `json:"status"` // met, due or overdue
	// Due is the first day on which it will be overdue (met, due), like term_end; Since, the
	// day it became overdue. Either is null when unknown or not applicable.
	Due     *string `json:"due"`
	Since   *string `json:"since"`
	LastMet *string `json:"last_met"`
	Detail  string  `json:"detail"`
}

func (m *Main) compliance(ctx context.Context, args []string) error {
	f := m.newFlags("compliance", "[--db PATH] [--as-of DATE] [--json]")
	f.readFlags()
	out := []obligationJSON{}
	if err := f.view(ctx, args, func(s *board.State, r *charter.Rules, t time.Time) error {
		for _, o := range s.Compliance(r, t) {
			j := obligationJSON{ID: o.ID, What: o.What, Status: o.Status, LastMet: dateOrNull(o.Last), Detail: o.Detail}
			if o.Rule != "" {
				rule := o.Rule
				j.Rule = &rule
			}
			if o.Status == board.ObligationOverdue {
				j.Since = dateOrNull(o.Due)
			} else {
				j.Due = dateOrNull(o.Due)
			}
			out = append(out, j)
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
		case o.Status == board.ObligationOverdue && o.Since != nil:
			when = "since " + *o.Since
		case o.Status == board.ObligationDue && o.Due != nil:
			when = "before " + *o.Due
		case o.Status == board.ObligationMet && o.Due != nil:
			when = "next before " + *o.Due
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", orValue(o.Rule, "-"), o.Status, when, o.What, o.Detail)
	}
	return w.Flush()
}
