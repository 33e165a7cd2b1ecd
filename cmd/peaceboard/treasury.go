package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// The treasury's read commands: treasury, statement, funds, disbursements. Their JSON shapes are
// wire types: fields are added, never renamed or removed (SPEC §6.1 fixes treasury's "funds"
// and "contributors"). Amounts are decimal strings, never JSON numbers: "balance": {"USD":
// "1000.00"} for a per-currency map, "amount": "USD 1000.00" for one amount in its currency.

// treasuryJSON is the wire shape of "treasury --json".
type treasuryJSON struct {
	AsOf          string             `json:"as_of"`
	Funds         []fundJSON         `json:"funds"`
	Accounts      []accountJSON      `json:"accounts"`
	Contributors  []contributorJSON  `json:"contributors"`
	Totals        totalsJSON         `json:"totals"`
	Programmes    []programmeJSON    `json:"programmes"`
	Disbursements []disbursementJSON `json:"disbursements"`
	Exchange      map[string]string  `json:"exchange"`
	Controls      []controlTierJSON  `json:"controls"`
}

type fundJSON struct {
	Fund      string            `json:"fund"`
	Name      string            `json:"name"`
	Purpose   string            `json:"purpose,omitempty"`
	Balance   map[string]string `json:"balance"` // cash, by currency
	Pledged   map[string]string `json:"pledged"` // pledged and not yet received, by currency
	InKindUSD string            `json:"in_kind_usd"`
	Opened    *string           `json:"opened"` // null for a fund of the rules file
}

type accountJSON struct {
	Account     string  `json:"account"`
	Institution string  `json:"institution"`
	Currency    string  `json:"currency"`
	Balance     string  `json:"balance"`
	Opened      *string `json:"opened"`
}

type contributorJSON struct {
	Contributor       board.ActorID `json:"contributor"`
	PledgedUSD        string        `json:"pledged_usd"`
	ReceivedCashUSD   string        `json:"received_cash_usd"`
	ReceivedInKindUSD string        `json:"received_in_kind_usd"`
	OutstandingUSD    string        `json:"outstanding_usd"`
}

type totalsJSON struct {
	PledgedUSD        string `json:"pledged_usd"`
	ReceivedCashUSD   string `json:"received_cash_usd"`
	ReceivedInKindUSD string `json:"received_in_kind_usd"`
	OutstandingUSD    string `json:"outstanding_usd"`
}

type programmeJSON struct {
	Programme  string               `json:"programme"`
	Name       string               `json:"name"`
	Area       string               `json:"area,omitempty"`
	Subsidiary string               `json:"subsidiary"`
	Budget     string               `json:"budget"`
	Allocated  string               `json:"allocated"`
	Available  map[string]string    `json:"available"`
	Disbursed  string               `json:"disbursed"`
	Reports    []progressReportJSON `json:"reports"`
}

type progressReportJSON struct {
	By   board.ActorID `json:"by"`
	At   string        `json:"at"`
	Text string        `json:"text"`
}

type disbursementJSON struct {
	ID         string                     `json:"id"`
	Programme  string                     `json:"programme"`
	Payee      string                     `json:"payee"`
	Amount     string                     `json:"amount"`
	Purpose    string                     `json:"purpose"`
	Account    string                     `json:"account"`
	Pay        string                     `json:"pay"`
	USD        string                     `json:"usd"`
	Required   int                        `json:"approvals_required"`
	Approvals  []disbursementApprovalJSON `json:"approvals"`
	Status     string                     `json:"status"`
	Requested  string                     `json:"requested"`
	Paid       *string                    `json:"paid"`
	Commitment string                     `json:"commitment_entry"`
	Payment    *string                    `json:"payment_entry"`
}

type disbursementApprovalJSON struct {
	By     board.ActorID `json:"by"`
	Person string        `json:"person"`
	At     string        `json:"at"`
}

type controlTierJSON struct {
	Above     string `json:"above"`
	Approvals int    `json:"approvals"`
}

func instantText(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func instantOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := instantText(t)
	return &s
}

// byCurrency writes a per-currency map of amounts as decimal strings.
func byCurrency(m map[money.Currency]money.Amount) map[string]string {
	out := map[string]string{}
	for c, a := range m {
		out[string(c)] = a.Decimal()
	}
	return out
}

// byCurrencyText writes a per-currency map for a table: "USD 10.00, EUR 5.00", or "-".
func byCurrencyText(m map[money.Currency]money.Amount) string {
	if len(m) == 0 {
		return "-"
	}
	var parts []string
	for _, c := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, m[c].String())
	}
	return strings.Join(parts, ", ")
}

func toFundJSON(f board.FundView) fundJSON {
	return fundJSON{Fund: string(f.ID), Name: f.Name, Purpose: f.Purpose, Balance: byCurrency(f.Cash),
		Pledged: byCurrency(f.Pledged), InKindUSD: f.InKindUSD.Decimal(), Opened: instantOrNull(f.Opened)}
}

func toContributorJSON(c board.ContributorView) contributorJSON {
	return contributorJSON{Contributor: c.Contributor, PledgedUSD: c.PledgedUSD.Decimal(), ReceivedCashUSD: c.ReceivedCashUSD.Decimal(),
		ReceivedInKindUSD: c.ReceivedInKindUSD.Decimal(), OutstandingUSD: c.OutstandingUSD.Decimal()}
}

func toDisbursementJSON(d board.DisbursementView) disbursementJSON {
	out := disbursementJSON{ID: string(d.ID), Programme: string(d.Programme), Payee: d.Payee, Amount: d.Amount.String(),
		Purpose: d.Purpose, Account: string(d.Account), Pay: d.Pay.String(), USD: d.USD.Decimal(), Required: d.Required,
		Approvals: []disbursementApprovalJSON{}, Status: string(d.Status), Requested: instantText(d.Requested), Paid: instantOrNull(d.Paid),
		Commitment: string(d.Commitment)}
	for _, a := range d.Approvals {
		out.Approvals = append(out.Approvals, disbursementApprovalJSON{By: a.By, Person: a.Person, At: instantText(a.At)})
	}
	if d.Payment != "" {
		p := string(d.Payment)
		out.Payment = &p
	}
	return out
}

func toTreasuryJSON(v board.TreasuryView, t time.Time) treasuryJSON {
	out := treasuryJSON{AsOf: instantText(t), Funds: []fundJSON{}, Accounts: []accountJSON{}, Contributors: []contributorJSON{},
		Programmes: []programmeJSON{}, Disbursements: []disbursementJSON{}, Exchange: map[string]string{}, Controls: []controlTierJSON{}}
	for _, f := range v.Funds {
		out.Funds = append(out.Funds, toFundJSON(f))
	}
	for _, a := range v.Accounts {
		out.Accounts = append(out.Accounts, accountJSON{Account: string(a.ID), Institution: a.Institution, Currency: string(a.Currency),
			Balance: a.Balance.Decimal(), Opened: instantOrNull(a.Opened)})
	}
	total := board.ContributorView{PledgedUSD: usd0(), ReceivedCashUSD: usd0(), ReceivedInKindUSD: usd0(), OutstandingUSD: usd0()}
	for _, c := range v.Contributors {
		out.Contributors = append(out.Contributors, toContributorJSON(c))
		total.PledgedUSD.Minor += c.PledgedUSD.Minor
		total.ReceivedCashUSD.Minor += c.ReceivedCashUSD.Minor
		total.ReceivedInKindUSD.Minor += c.ReceivedInKindUSD.Minor
		total.OutstandingUSD.Minor += c.OutstandingUSD.Minor
	}
	tc := toContributorJSON(total)
	out.Totals = totalsJSON{PledgedUSD: tc.PledgedUSD, ReceivedCashUSD: tc.ReceivedCashUSD, ReceivedInKindUSD: tc.ReceivedInKindUSD, OutstandingUSD: tc.OutstandingUSD}
	for _, p := range v.Programmes {
		pj := programmeJSON{Programme: string(p.ID), Name: p.Name, Area: p.Area, Subsidiary: string(p.Subsidiary), Budget: p.Budget.String(),
			Allocated: p.Allocated.String(), Available: byCurrency(p.Available), Disbursed: p.Disbursed.String(), Reports: []progressReportJSON{}}
		for _, r := range p.Reports {
			pj.Reports = append(pj.Reports, progressReportJSON{By: r.By, At: instantText(r.At), Text: r.Text})
		}
		out.Programmes = append(out.Programmes, pj)
	}
	for _, d := range v.Disbursements {
		out.Disbursements = append(out.Disbursements, toDisbursementJSON(d))
	}
	for c, a := range v.Exchange {
		out.Exchange[string(c)] = a.Decimal()
	}
	for _, th := range v.Controls {
		out.Controls = append(out.Controls, controlTierJSON{Above: th.Above.String(), Approvals: th.Approvals})
	}
	return out
}

func usd0() money.Amount { return money.Amount{Currency: "USD"} }

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
	return m.treasuryRead(ctx, "treasury", "[--db PATH] [--as-of DATE] [--json]", args, 0,
		func(_ []string, s *board.State, r *charter.Rules, t time.Time, asJSON bool) error {
			v := toTreasuryJSON(s.TreasuryAt(r, t), t)
			if asJSON {
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
			return m.writeFundsTable(s.FundList(r, t))
		})
}

func (m *Main) writeFundsTable(funds []board.FundView) error {
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "FUND\tNAME\tCASH\tPLEDGED, NOT RECEIVED\tIN KIND USD")
	for _, f := range funds {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", f.ID, f.Name, byCurrencyText(f.Cash), byCurrencyText(f.Pledged), f.InKindUSD.Decimal())
	}
	return w.Flush()
}

func (m *Main) funds(ctx context.Context, args []string) error {
	return m.treasuryRead(ctx, "funds", "[--db PATH] [--as-of DATE] [--json]", args, 0,
		func(_ []string, s *board.State, r *charter.Rules, t time.Time, asJSON bool) error {
			list := s.FundList(r, t)
			if asJSON {
				out := []fundJSON{}
				for _, f := range list {
					out = append(out, toFundJSON(f))
				}
				return writeJSON(m.Stdout, out)
			}
			return m.writeFundsTable(list)
		})
}

func (m *Main) disbursements(ctx context.Context, args []string) error {
	return m.treasuryRead(ctx, "disbursements", "[--db PATH] [--as-of DATE] [--json]", args, 0,
		func(_ []string, s *board.State, r *charter.Rules, t time.Time, asJSON bool) error {
			out := []disbursementJSON{}
			for _, d := range s.DisbursementList(t) {
				out = append(out, toDisbursementJSON(d))
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

// contributorStatementJSON is the wire shape of "statement CONTRIBUTOR --json".
type contributorStatementJSON struct {
	contributorJSON
	AsOf    string            `json:"as_of"`
	Entries []ledgerEntryJSON `json:"entries"`
}

// ledgerEntryJSON is one contribution entry, in statements and exports.
type ledgerEntryJSON struct {
	Entry       string           `json:"entry"`
	Type        string           `json:"type"`
	Recorded    string           `json:"recorded"`
	Contributor board.ActorID    `json:"contributor"`
	Form        string           `json:"form,omitempty"`
	Fund        string           `json:"fund"`
	Account     string           `json:"account,omitempty"`
	Amount      string           `json:"amount"`
	USD         string           `json:"usd"`
	USDRate     string           `json:"usd_rate,omitempty"`
	RateDate    *string          `json:"rate_date"`
	ValueDate   *string          `json:"value_date"`
	Due         *string          `json:"due"`
	Open        *string          `json:"open"` // a pledge's unpaid rest
	Settles     []settlementJSON `json:"settles"`
	Reverses    *string          `json:"reverses"`
	ReversedBy  *string          `json:"reversed_by"`
	Note        string           `json:"note,omitempty"`
}

type settlementJSON struct {
	Pledge string `json:"pledge"`
	Amount string `json:"amount"`
}

func dateText(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.DateOnly)
	return &s
}

func textOrNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toEntryJSON(line board.ContributionLine) ledgerEntryJSON {
	e := line.Entry
	out := ledgerEntryJSON{Entry: string(e.ID), Type: string(e.Type), Recorded: instantText(e.Recorded), Contributor: e.Contributor,
		Form: e.Form, Fund: string(e.Fund), Account: string(e.Account), Amount: e.Amount.String(), USD: e.USD.Decimal(),
		USDRate: e.Rate.String(), RateDate: dateText(e.RateDate), ValueDate: dateText(e.ValueDate), Due: dateText(e.Due),
		Settles: []settlementJSON{}, Reverses: textOrNull(string(e.Reverses)), ReversedBy: textOrNull(string(line.ReversedBy)), Note: e.Note}
	if !line.Open.IsZero() {
		open := line.Open.String()
		out.Open = &open
	}
	for _, st := range e.Settles {
		out.Settles = append(out.Settles, settlementJSON{Pledge: string(st.Pledge), Amount: st.Amount.String()})
	}
	return out
}

func (m *Main) statement(ctx context.Context, args []string) error {
	return m.treasuryRead(ctx, "statement", "CONTRIBUTOR [--db PATH] [--as-of DATE] [--json]", args, 1,
		func(pos []string, s *board.State, r *charter.Rules, t time.Time, asJSON bool) error {
			c, err := board.ParseActor(pos[0])
			if err != nil || (c.Kind() != board.ActorState && c.Kind() != board.ActorOrg) {
				return usageError{fmt.Sprintf("statement %q: want a contributor, like state:QAT or org:fifa", pos[0])}
			}
			lines := s.Contributions(c, t)
			if len(lines) == 0 {
				return &board.Error{Kind: board.NotFound, Msg: fmt.Sprintf("%s has no pledge or receipt in the record as of %s", c, t.UTC().Format(time.DateOnly))}
			}
			out := contributorStatementJSON{contributorJSON: toContributorJSON(s.Contributor(c, t)), AsOf: instantText(t), Entries: []ledgerEntryJSON{}}
			for _, l := range lines {
				out.Entries = append(out.Entries, toEntryJSON(l))
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
