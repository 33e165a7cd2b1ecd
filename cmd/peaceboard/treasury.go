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
// apiv1's wire types: fields are added, never renamed or removed (SPEC §6.1 fixes treasury's
// "funds" and "contributors"). Amounts are decimal strings, never JSON numbers: "balance":
// {"USD": "1000.00"} for a per-currency map, "amount": "USD 1000.00" for one amount in its
// currency.

func (m *Main) treasury(ctx context.Context, args []string) error {
	return reader[apiv1.Treasury]{
		name: "treasury",
		local: func(_ []string, s *board.State, r *charter.Rules, t time.Time) (apiv1.Treasury, error) {
			return api.NewTreasury(s.TreasuryAt(r, t), r, t), nil
		},
		remote: (*client.Client).Treasury,
		table:  treasuryTable,
	}.run(m, ctx, args)
}

func treasuryTable(w *tabwriter.Writer, v apiv1.Treasury) {
	fmt.Fprintf(w, "Treasury as of %s\n\n", v.AsOf)
	fmt.Fprintln(w, "CONTRIBUTOR\tPLEDGED USD\tCASH USD\tIN KIND USD\tOUTSTANDING USD")
	for _, c := range v.Contributors {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", contributorLabel(c), grouped(c.PledgedUSD), grouped(c.ReceivedCashUSD),
			grouped(c.ReceivedInKindUSD), grouped(c.OutstandingUSD))
	}
	fmt.Fprintf(w, "total\t%s\t%s\t%s\t%s\n", grouped(v.Totals.PledgedUSD), grouped(v.Totals.ReceivedCashUSD),
		grouped(v.Totals.ReceivedInKindUSD), grouped(v.Totals.OutstandingUSD))
	fmt.Fprintln(w, "\nACCOUNT\tINSTITUTION\tBALANCE")
	for _, a := range v.Accounts {
		fmt.Fprintf(w, "%s\t%s\t%s %s\n", a.Account, a.Institution, a.Currency, grouped(a.Balance))
	}
	fmt.Fprintln(w)
	fundsTable(w, v.Funds)
}

func (m *Main) funds(ctx context.Context, args []string) error {
	return lister("funds", (*board.State).FundList, api.NewFund, fundsTable).run(m, ctx, args)
}

func fundsTable(w *tabwriter.Writer, funds []apiv1.Fund) {
	fmt.Fprintln(w, "FUND\tNAME\tCASH\tPLEDGED, NOT RECEIVED\tIN KIND USD")
	for _, f := range funds {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", f.Fund, f.Name, byCurrencyText(f.Balance), byCurrencyText(f.Pledged), grouped(f.InKindUSD))
	}
}

func (m *Main) disbursements(ctx context.Context, args []string) error {
	list := func(s *board.State, _ *charter.Rules, t time.Time) []board.DisbursementView {
		return s.DisbursementList(t)
	}
	return lister("disbursements", list, api.NewDisbursement, disbursementsTable).run(m, ctx, args)
}

func disbursementsTable(w *tabwriter.Writer, out []apiv1.Disbursement) {
	fmt.Fprintln(w, "ID\tPROGRAMME\tPAYEE\tAMOUNT\tSTATUS\tAPPROVALS\tREQUESTED")
	for _, d := range out {
		var who []string
		for _, a := range d.Approvals {
			who = append(who, a.Person)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d of %d (%s)\t%s\n", d.ID, d.Programme, d.Payee, grouped(d.Amount), d.Status,
			len(d.Approvals), d.Required, strings.Join(who, ", "), d.Requested)
	}
}

func (m *Main) statement(ctx context.Context, args []string) error {
	return reader[apiv1.ContributorStatement]{
		name: "statement", args: "CONTRIBUTOR",
		local: func(pos []string, s *board.State, r *charter.Rules, t time.Time) (apiv1.ContributorStatement, error) {
			c, err := board.ParseActor(pos[0])
			if err != nil || (c.Kind() != board.ActorState && c.Kind() != board.ActorOrg) {
				return apiv1.ContributorStatement{}, usageError{fmt.Sprintf("statement %q: want a contributor, like state:QAT or org:fifa", pos[0])}
			}
			return api.NewStatement(s, r, c, t)
		},
		table: statementTable,
	}.run(m, ctx, args)
}

func statementTable(w *tabwriter.Writer, out apiv1.ContributorStatement) {
	fmt.Fprintf(w, "Statement of %s as of %s (US dollars)\n", contributorLabel(out.Contributor), out.AsOf)
	fmt.Fprintf(w, "pledged\t%s\nreceived in cash\t%s\nreceived in kind\t%s\noutstanding\t%s\n\n",
		grouped(out.PledgedUSD), grouped(out.ReceivedCashUSD), grouped(out.ReceivedInKindUSD), grouped(out.OutstandingUSD))
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
			note = strings.TrimSpace("open " + grouped(*e.Open) + "; " + note)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Entry, e.Type, e.Recorded[:10], orDash(e.ValueDate),
			grouped(e.Amount), grouped(e.USD), e.Fund, strings.TrimSuffix(note, ";"))
	}
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
		s += c + " " + grouped(m[c])
	}
	return s
}
