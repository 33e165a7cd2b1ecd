package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
)

func (m *Main) members(ctx context.Context, args []string) error {
	rd := lister("members", (*board.State).Members, api.NewMember, membersTable)
	rd.remote = (*client.Client).Members
	return rd.run(m, ctx, args)
}

func membersTable(w *tabwriter.Writer, out []apiv1.Member) {
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
