package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// statusJSON is the wire shape of "status --json" (SPEC §6.1).
type statusJSON struct {
	Organization   string          `json:"organization"`
	AsOf           string          `json:"as_of"`
	InForce        bool            `json:"in_force"`
	EntryIntoForce *string         `json:"entry_into_force"`
	FirstYearEnds  *string         `json:"first_year_ends"`
	Chairman       string          `json:"chairman"`
	Successor      *string         `json:"successor"`
	Members        int             `json:"members"`
	ExecutiveBoard []executiveJSON `json:"executive_board"`
	Dissolved      *string         `json:"dissolved"`
	Entries        uint64          `json:"entries"`
}

type executiveJSON struct {
	ID      board.ExecutiveID `json:"id"`
	Person  string            `json:"person"`
	TermEnd string            `json:"term_end"`
}

func (m *Main) status(ctx context.Context, args []string) error {
	f := m.newFlags("status", "[--db PATH] [--as-of DATE] [--json]")
	f.readFlags()
	var out statusJSON
	if err := f.view(ctx, args, func(s *board.State, r *charter.Rules, t time.Time) error {
		o := s.Overview(r, t)
		out = statusJSON{
			Organization:   r.Name(r.Organization.Languages[0]),
			AsOf:           t.Format("2006-01-02"),
			InForce:        o.InForce,
			EntryIntoForce: dateOrNull(o.EntryIntoForce),
			FirstYearEnds:  dateOrNull(o.FirstYearEnds),
			Chairman:       o.Chairman,
			Members:        o.Members,
			ExecutiveBoard: []executiveJSON{},
			Dissolved:      dateOrNull(o.Dissolved),
			Entries:        uint64(s.Acts),
		}
		if o.Successor != "" {
			out.Successor = &o.Successor
		}
		for _, x := range o.ExecutiveBoard {
			out.ExecutiveBoard = append(out.ExecutiveBoard, executiveJSON{ID: x.ID, Person: x.Person, TermEnd: x.TermEnd.Format("2006-01-02")})
		}
		return nil
	}); err != nil {
		return err
	}
	if *f.json {
		return writeJSON(m.Stdout, out)
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
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
	return w.Flush()
}

func orValue(s *string, none string) string {
	if s == nil {
		return none
	}
	return *s
}
