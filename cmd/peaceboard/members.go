package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
)

// memberStatuses are the statuses "members --status" takes besides "all" (SPEC §6.1).
var memberStatuses = []board.Status{board.StatusInvited, board.StatusDeclined, board.StatusInvitationWithdrawn,
	board.StatusSignatory, board.StatusMember, board.StatusRemovalPending, board.StatusFormer}

// members lists the States as of a date. Without --status the table shows the member States (a
// State whose removal is pending is still one), as its name says, and ends with how many others
// were invited; --json lists every invited State, as it always has: scripts read it whole
// (SPEC §6.1) and filter by its status field. "members KAZ" shows one State whatever its status.
func (m *Main) members(ctx context.Context, args []string) error {
	var status, asOf *string
	var asJSON *bool
	hidden := 0 // States the default filter left out of the table
	rd := lister("members", (*board.State).Members, api.NewMember, nil)
	rd.args = "[STATE]"
	rd.argsError = "members takes one State at most (members KAZ), or none"
	rd.usage = "[STATE] [--status STATUS|all] [--db PATH | --server URL] [--as-of DATE] [--json]"
	rd.remote = (*client.Client).Members
	rd.flags = func(f *flags) {
		status = new(string)
		// Checked as it is parsed, so that a mistyped status is said before a database is opened.
		f.Func("status", "list the States of this status: "+statusList()+", or all "+
			"(default: the table lists members and removal-pending, --json lists all)", func(s string) error {
			_, err := statusFilter(s, false)
			*status = s
			return err
		})
		asOf, asJSON = f.asOf, f.json
	}
	rd.check = func(pos []string) error {
		if len(pos) == 1 && !board.StateCode(strings.ToUpper(pos[0])).Valid() {
			return usageError{fmt.Sprintf("%q is not a State's ISO 3166-1 alpha-3 code (like KAZ)", pos[0])}
		}
		return nil
	}
	rd.filter = func(pos []string, out []apiv1.Member) ([]apiv1.Member, error) {
		if len(pos) == 1 {
			return oneMember(pos[0], *asOf, out)
		}
		keep, err := statusFilter(*status, *asJSON)
		if err != nil {
			return nil, err
		}
		kept := slices.DeleteFunc(slices.Clone(out), func(v apiv1.Member) bool { return !keep(board.Status(v.Status)) })
		if *status == "" {
			hidden = len(out) - len(kept)
		}
		return kept, nil
	}
	rd.table = func(w *tabwriter.Writer, out []apiv1.Member) {
		membersTable(w, out)
		if hidden > 0 {
			fmt.Fprintf(w, "\n%s shown of %d invited; \"peaceboard members --status all\" lists every one\n",
				count(len(out), "member State", "member States"), len(out)+hidden)
		}
	}
	return rd.run(m, ctx, args)
}

// statusList is the statuses --status takes, for its help and its errors.
func statusList() string {
	s := make([]string, len(memberStatuses))
	for i, v := range memberStatuses {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// statusFilter returns which statuses --status keeps: the one named, every one for "all", and
// without --status the member States in a table but every one in JSON (see members).
func statusFilter(status string, asJSON bool) (func(board.Status) bool, error) {
	switch {
	case status == "all" || status == "" && asJSON:
		return func(board.Status) bool { return true }, nil
	case status == "":
		return func(s board.Status) bool { return s == board.StatusMember || s == board.StatusRemovalPending }, nil
	case slices.Contains(memberStatuses, board.Status(status)):
		return func(s board.Status) bool { return s == board.Status(status) }, nil
	}
	msg := fmt.Sprintf("want %s, or all", statusList())
	best, bestDistance := "", 3
	for _, v := range append(slices.Clone(memberStatuses), "all") {
		if d := editDistance(status, string(v)); d < bestDistance {
			best, bestDistance = string(v), d
		}
	}
	if best != "" {
		msg += " (did you mean " + best + "?)"
	}
	return nil, errors.New(msg)
}

// oneMember returns the State named code among the States invited as of asOf ("" for today), as
// a list of one, so that "members KAZ --json" prints the shape "members --json" prints.
func oneMember(code, asOf string, out []apiv1.Member) ([]apiv1.Member, error) {
	code = strings.ToUpper(code) // checked by members
	for _, v := range out {
		if v.State == code {
			return []apiv1.Member{v}, nil
		}
	}
	when := "today"
	if asOf != "" {
		when = "as of " + asOf
	}
	return nil, board.Errorf(board.NotFound, "%s (%s) was not invited %s; \"peaceboard members --status all\" lists every invited State",
		stateName(board.StateCode(code)), code, when)
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
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", stateLabel(v.State), v.Status, yesNo(v.Founding),
			orDash(v.Joined), termEnd, ended, grouped(v.CashUSDFirstYear), v.Head)
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
