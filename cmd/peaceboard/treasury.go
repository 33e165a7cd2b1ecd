package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/client"
	"github.com/peaceboard/peaceboard/internal/api"
)

// The treasury's read commands: treasury, statement, funds, disbursements. Their JSON shapes are
// wire types: fields are added, never renamed or removed (SPEC §6.1 fixes treasury's "funds"
// and "contributors"). Amounts are decimal strings, never JSON numbers: "balance": {"USD":
// "1000.00"} for a per-currency map, "amount": "USD 1000.00" for one amount in its currency.

// treasuryRead parses a read command's flags, opens the database, and calls fn with the state as
// of the instant asked for. It returns the positional arguments fn was given.
func (m *Main) treasuryRead(ctx context.Context, name, usage string, args []string, npos int,
	fn func(pos []string, s *board.State, r *charter.Rules, t time.Time, asJSON bool) error) error {
	f := m.newFlags(name, usage)
	f.readFlags()
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != npos {
		if npos == 0 {
			return usageError{name + " takes no arguments"}
		}
		return usageError{"usage: peaceboard " + name + " " + usage}
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
	return e.View(ctx, t, func(s *board.State, r *charter.Rules) error {
		return fn(pos, s, r, t, *f.json)
	})
}

func (m *Main) treasury(ctx context.Context, args []string) error {
	f := m.newFlags("treasury", "[--db PATH | --server URL] [--as-of DATE] [--json]")
	f.readFlags()
	f.serverFlag()
	var v apiv1.Treasury
	if err := f.read(ctx, args, func(s *board.State, r *charter.Rules, t time.Time) error {
		v = api.NewTreasury(s.TreasuryAt(r, t), t)
		return nil
	}, func(c *client.Client, q client.Query) (err error) {
		v, err = c.Treasury(ctx, q)
		return err
	}); err != nil {
		return err
	}
	if *f.json {
		return writeJSON(m.Stdout, v)
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "Treasury as of %s\n\n", v.AsOf)
	fmt.Fprintln(w, "CONTRIBUTOR\tPLEDGED USD\tCASH USD\tIN KIND USD\tOUTSTANDING USD")
	for _, c := range v.Contributors {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", c.Contributor, c.PledgedUSD, c.ReceivedCashUSD, c.ReceivedInKindUSD, c.OutstandingUSD)
	}
	fmt.Fprintf(w, "total\t%s\t%s\t%s\t%s\n", v.Totals.PledgedUSD, v.Totals.ReceivedCashUSD, v.Totals.ReceivedInKindUSD, v.Totals.OutstandingUSD)
	fmt.Fprintln(w, "\nACCOUNT\tINSTITUTION\tBALANCE")
	for _, a := range v.Accounts {
		fmt.Fprintf(w, "%s\t%s\t%s %s\n", a.Account, a.Institution, a.Currency, a.Balance)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout)
	return m.writeFundsTable(v.Funds)
}

func (m *Main) writeFundsTable(funds []apiv1.Fund) error {
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "FUND\tNAME\tCASH\tPLEDGED, NOT RECEIVED\tIN KIND USD")
	for _, f := range funds {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", f.Fund, f.Name, byCurrencyText(f.Balance), byCurrencyText(f.Pledged), f.InKindUSD)
	}
	return w.Flush()
}

func (m *Main) funds(ctx context.Context, args []string) error {
	return m.treasuryRead(ctx, "funds", "[--db PATH] [--as-of DATE] [--json]", args, 0,
		func(_ []string, s *board.State, r *charter.Rules, t time.Time, asJSON bool) error {
			out := []apiv1.Fund{}
			for _, f := range s.FundList(r, t) {
				out = append(out, api.NewFund(f))
			}
			if asJSON {
				return writeJSON(m.Stdout, out)
			}
			return m.writeFundsTable(out)
		})
}

func (m *Main) disbursements(ctx context.Context, args []string) error {
	return m.treasuryRead(ctx, "disbursements", "[--db PATH] [--as-of DATE] [--json]", args, 0,
		func(_ []string, s *board.State, r *charter.Rules, t time.Time, asJSON bool) error {
			out := []apiv1.Disbursement{}
			for _, d := range s.DisbursementList(t) {
				out = append(out, api.NewDisbursement(d))
			}
			if asJSON {
				return writeJSON(m.Stdout, out)
			}
			w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tPROGRAMME\tPAYEE\tAMOUNT\tSTATUS\tAPPROVALS\tREQUESTED")
			for _, d := range out {
				var who []string
				for _, a := range d.Approvals {
					who = append(who, a.Person)
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d of %d (%s)\t%s\n", d.ID, d.Programme, d.Payee, d.Amount, d.Status,
					len(d.Approvals), d.Required, strings.Join(who, ", "), d.Requested)
			}
			return w.Flush()
		})
}

func (m *Main) statement(ctx context.Context, args []string) error {
	return m.treasuryRead(ctx, "statement", "CONTRIBUTOR [--db PATH] [--as-of DATE] [--json]", args, 1,
		func(pos []string, s *board.State, r *charter.Rules, t time.Time, asJSON bool) error {
			c, err := board.ParseActor(pos[0])
			if err != nil || (c.Kind() != board.ActorState && c.Kind() != board.ActorOrg) {
				return usageError{fmt.Sprintf("statement %q: want a contributor, like state:QAT or org:fifa", pos[0])}
			}
			out, err := api.NewStatement(s, c, t)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(m.Stdout, out)
			}
			w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintf(w, "Statement of %s as of %s (US dollars)\n", c, out.AsOf)
			fmt.Fprintf(w, "pledged\t%s\nreceived in cash\t%s\nreceived in kind\t%s\noutstanding\t%s\n\n",
				out.PledgedUSD, out.ReceivedCashUSD, out.ReceivedInKindUSD, out.OutstandingUSD)
			fmt.Fprintln(w, "ENTRY\tTYPE\tRECORDED\tVALUE DATE\tAMOUNT\tUSD\tFUND\tNOTE")
			for _, e := range out.Entries {
				note := e.Note
				if e.ReversedBy != nil {
					note = strings.TrimSpace("reversed by " + *e.ReversedBy + "; " + note)
				}
				if e.Reverses != nil {
					note = strings.TrimSpace("reverses " + *e.Reverses + "; " + note)
				}
				if e.Open != nil {
					note = strings.TrimSpace("open " + *e.Open + "; " + note)
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Entry, e.Type, e.Recorded[:10], orDash(e.ValueDate),
					e.Amount, e.USD, e.Fund, strings.TrimSuffix(note, ";"))
			}
			return w.Flush()
		})
}

// byCurrencyText writes a per-currency map of decimal strings for a table: "EUR 5.00, USD
// 10.00", or "-" when empty.
func byCurrencyText(m map[string]string) string {
	if len(m) == 0 {
		return "-"
	}
	s := ""
	for i, c := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			s += ", "
		}
		s += c + " " + m[c]
	}
	return s
}
