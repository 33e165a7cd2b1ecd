package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// memberJSON is the wire shape of "members --json" (SPEC §6.1): fields are added, never renamed
// or removed.
type memberJSON struct {
	State            board.StateCode `json:"state"`
	Status           board.Status    `json:"status"`
	Founding         bool            `json:"founding"`
	Joined           *string         `json:"joined"`
	TermEnd          *string         `json:"term_end"`
	Permanent        bool            `json:"permanent"`
	Ended            *string         `json:"ended"`
	EndReason        *string         `json:"end_reason"`
	CashUSDFirstYear string          `json:"cash_usd_first_year"`
	Head             string          `json:"head,omitempty"`
	Invited          string          `json:"invited"`
}

func (m *Main) members(ctx context.Context, args []string) error {
	f := m.newFlags("members", "[--db PATH] [--as-of DATE] [--json]")
	f.readFlags()
	var list []board.MemberView
	if err := f.view(ctx, args, func(s *board.State, r *charter.Rules, t time.Time) error {
		list = s.Members(r, t)
		return nil
	}); err != nil {
		return err
	}
	out := make([]memberJSON, len(list))
	for i, v := range list {
		out[i] = memberJSON{
			State:            v.State,
			Status:           v.Status,
			Founding:         v.Founding,
			Joined:           dateOrNull(v.Joined),
			TermEnd:          dateOrNull(v.TermEnd),
			Permanent:        v.Permanent,
			Ended:            dateOrNull(v.Ended),
			CashUSDFirstYear: v.CashUSDFirstYear.Decimal(),
			Head:             v.Head,
			Invited:          v.Invited.Format(time.DateOnly),
		}
		if v.EndReason != "" {
			reason := string(v.EndReason)
			out[i].EndReason = &reason
		}
	}
	if *f.json {
		return writeJSON(m.Stdout, out)
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "STATE\tSTATUS\tFOUNDING\tJOINED\tTERM END\tENDED\tCASH USD (YEAR 1)\tHEAD")
	for _, v := range out {
		termEnd := orDash(v.TermEnd)
		if v.Permanent {
			termEnd = "permanent"
		}
		ended := orDash(v.Ended)
		if v.EndReason != nil {
			ended += " (" + *v.EndReason + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v.State, v.Status, yesNo(v.Founding),
			orDash(v.Joined), termEnd, ended, v.CashUSDFirstYear, v.Head)
	}
	return w.Flush()
}

func dateOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.DateOnly)
	return &s
}

func orDash(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
