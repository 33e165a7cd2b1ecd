package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

func (a *API) treasury(w http.ResponseWriter, r *http.Request) error {
	var out apiv1.Treasury
	if err := a.view(r, func(s *board.State, rules *charter.Rules, t time.Time) error {
		out = NewTreasury(s.TreasuryAt(rules, t), rules, t)
		return nil
	}); err != nil {
		return err
	}
	return writeJSON(w, out)
}

func (a *API) funds(w http.ResponseWriter, r *http.Request) error {
	var out []apiv1.Fund
	if err := a.view(r, func(s *board.State, rules *charter.Rules, t time.Time) error {
		for _, f := range s.FundList(rules, t) {
			out = append(out, NewFund(f))
		}
		return nil
	}); err != nil {
		return err
	}
	p, err := paginate(r, out, func(f apiv1.Fund) string { return f.Fund })
	if err != nil {
		return err
	}
	return writeJSON(w, p)
}

// contributor parses a contributor in actor form: a State or an organization.
func contributor(s string) (board.ActorID, error) {
	c, err := board.ParseActor(s)
	if err != nil || (c.Kind() != board.ActorState && c.Kind() != board.ActorOrg) {
		return "", board.Errorf(board.Invalid, "contributor %q: want a State or an organization in actor form, like state:QAT or org:fifa", s)
	}
	return c, nil
}

func (a *API) contributions(w http.ResponseWriter, r *http.Request) error {
	var c board.ActorID
	if v := r.URL.Query().Get("contributor"); v != "" {
		var err error
		if c, err = contributor(v); err != nil {
			return err
		}
	}
	limit, err := limitOf(r)
	if err != nil {
		return err
	}
	after, _, err := decodeCursor(r)
	if err != nil {
		return err
	}
	// The page alone is read, never the whole list: a million acts make half a million
	// contributions, which took seconds and hundreds of megabytes for each page.
	page := apiv1.Page[apiv1.LedgerEntry]{Items: []apiv1.LedgerEntry{}}
	if err := a.view(r, func(s *board.State, _ *charter.Rules, t time.Time) error {
		lines, more, ok := s.ContributionsAfter(c, t, board.EntryID(after), limit)
		if !ok {
			return board.Errorf(board.Invalid, "the cursor names nothing in this list (the list or its as_of changed)")
		}
		for _, l := range lines {
			page.Items = append(page.Items, NewLedgerEntry(l))
		}
		if more {
			page.NextCursor = encodeCursor(string(lines[len(lines)-1].Entry.ID))
		}
		return nil
	}); err != nil {
		return err
	}
	return writeJSON(w, page)
}

func (a *API) statement(w http.ResponseWriter, r *http.Request) error {
	c, err := contributor(r.PathValue("contributor"))
	if err != nil {
		return err
	}
	var out apiv1.ContributorStatement
	if err := a.view(r, func(s *board.State, rules *charter.Rules, t time.Time) error {
		out, err = NewStatement(s, rules, c, t)
		return err
	}); err != nil {
		return err
	}
	return writeJSON(w, out)
}

func (a *API) disbursements(w http.ResponseWriter, r *http.Request) error {
	status, err := oneOf(r, "status", board.DisbursementPending, board.DisbursementPaid, board.DisbursementCancelled, board.DisbursementPaymentReversed)
	if err != nil {
		return err
	}
	var out []apiv1.Disbursement
	if err := a.view(r, func(s *board.State, _ *charter.Rules, t time.Time) error {
		for _, d := range s.DisbursementList(t) {
			if status == "" || d.Status == status {
				out = append(out, NewDisbursement(d))
			}
		}
		return nil
	}); err != nil {
		return err
	}
	p, err := paginate(r, out, func(d apiv1.Disbursement) string { return d.ID })
	if err != nil {
		return err
	}
	return writeJSON(w, p)
}

// NewTreasury returns the wire form of the treasury as of t.
func NewTreasury(v board.TreasuryView, r *charter.Rules, t time.Time) apiv1.Treasury {
	out := apiv1.Treasury{AsOf: Instant(t), Funds: []apiv1.Fund{}, Accounts: []apiv1.Account{}, Contributors: []apiv1.Contributor{},
		Programmes: []apiv1.Programme{}, Disbursements: []apiv1.Disbursement{}, Exchange: map[string]string{}, Controls: []apiv1.ControlTier{}}
	for _, f := range v.Funds {
		out.Funds = append(out.Funds, NewFund(f))
	}
	for _, a := range v.Accounts {
		out.Accounts = append(out.Accounts, apiv1.Account{Account: string(a.ID), Institution: a.Institution, Currency: string(a.Currency),
			Balance: a.Balance.Decimal(), Opened: InstantOrNull(a.Opened)})
	}
	for _, c := range v.Contributors {
		out.Contributors = append(out.Contributors, NewContributor(c, r))
	}
	tc := NewContributor(board.TotalOf(v.Contributors), r)
	out.Totals = apiv1.Totals{PledgedUSD: tc.PledgedUSD, ReceivedCashUSD: tc.ReceivedCashUSD, ReceivedInKindUSD: tc.ReceivedInKindUSD, OutstandingUSD: tc.OutstandingUSD}
	for _, p := range v.Programmes {
		pj := apiv1.Programme{Programme: string(p.ID), Name: p.Name, Area: p.Area, Subsidiary: string(p.Subsidiary), Budget: p.Budget.String(),
			Allocated: p.Allocated.String(), Available: ByCurrency(p.Available), Disbursed: p.Disbursed.String(), Reports: []apiv1.ProgressReport{},
			Sectors: []apiv1.Share{}, Countries: []apiv1.Share{}, Start: DateOrNull(p.Start), End: DateOrNull(p.End)}
		for _, sc := range p.Sectors {
			pj.Sectors = append(pj.Sectors, apiv1.Share{Code: string(sc.Code), Percentage: int(sc.Percentage)})
		}
		for _, c := range p.Countries {
			pj.Countries = append(pj.Countries, apiv1.Share{Code: string(c.Code), Percentage: int(c.Percentage)})
		}
		for _, r := range p.Reports {
			pj.Reports = append(pj.Reports, apiv1.ProgressReport{By: string(r.By), At: Instant(r.At), Text: r.Text})
		}
		out.Programmes = append(out.Programmes, pj)
	}
	for _, d := range v.Disbursements {
		out.Disbursements = append(out.Disbursements, NewDisbursement(d))
	}
	for c, a := range v.Exchange {
		out.Exchange[string(c)] = a.Decimal()
	}
	for _, th := range v.Controls {
		out.Controls = append(out.Controls, apiv1.ControlTier{Above: th.Above.String(), Approvals: th.Approvals})
	}
	return out
}

func usd0() money.Amount { return money.Amount{Currency: "USD"} }

// NewFund returns the wire form of a fund view.
func NewFund(f board.FundView) apiv1.Fund {
	return apiv1.Fund{Fund: string(f.ID), Name: f.Name, Purpose: f.Purpose, Balance: ByCurrency(f.Cash),
		Pledged: ByCurrency(f.Pledged), InKindUSD: f.InKindUSD.Decimal(), Opened: InstantOrNull(f.Opened)}
}

// NewContributor returns the wire form of a contributor view, named under rules r.
func NewContributor(c board.ContributorView, r *charter.Rules) apiv1.Contributor {
	return apiv1.Contributor{Contributor: string(c.Contributor), Name: ContributorName(r, c.Contributor), PledgedUSD: c.PledgedUSD.Decimal(),
		ReceivedCashUSD: c.ReceivedCashUSD.Decimal(), ReceivedInKindUSD: c.ReceivedInKindUSD.Decimal(), OutstandingUSD: c.OutstandingUSD.Decimal()}
}

// ContributorName is a contributor's name in English under rules r: a State's short name from the
// rules' list of State codes, or the name the rules file gives an organization; "" where neither
// names it (an organization the rules file does not list).
func ContributorName(r *charter.Rules, a board.ActorID) string {
	if r == nil {
		return ""
	}
	if code, ok := a.State(); ok {
		return r.States.Codes.English(string(code))
	}
	if id, ok := strings.CutPrefix(string(a), "org:"); ok {
		for _, o := range r.Organizations {
			if o.ID == id {
				return o.Name
			}
		}
	}
	return ""
}

// NewDisbursement returns the wire form of a disbursement view.
func NewDisbursement(d board.DisbursementView) apiv1.Disbursement {
	out := apiv1.Disbursement{ID: string(d.ID), Programme: string(d.Programme), Payee: d.Payee, Amount: d.Amount.String(),
		Purpose: d.Purpose, Account: string(d.Account), Pay: d.Pay.String(), USD: d.USD.Decimal(), Required: d.Required,
		Approvals: []apiv1.DisbursementApproval{}, Status: string(d.Status), Requested: Instant(d.Requested), Paid: InstantOrNull(d.Paid),
		Commitment: string(d.Commitment), Payment: textOrNull(string(d.Payment))}
	for _, a := range d.Approvals {
		out.Approvals = append(out.Approvals, apiv1.DisbursementApproval{By: string(a.By), Person: a.Person, At: Instant(a.At)})
	}
	return out
}

// NewLedgerEntry returns the wire form of a contribution line.
func NewLedgerEntry(line board.ContributionLine) apiv1.LedgerEntry {
	e := line.Entry
	out := apiv1.LedgerEntry{Entry: string(e.ID), Type: string(e.Type), Recorded: Instant(e.Recorded), Contributor: string(e.Contributor),
		Form: e.Form, Fund: string(e.Fund), Account: string(e.Account), Amount: e.Amount.String(), USD: e.USD.Decimal(),
		USDRate: e.Rate.String(), RateDate: DateOrNull(e.RateDate), ValueDate: DateOrNull(e.ValueDate), Due: DateOrNull(e.Due),
		Settles: []apiv1.Settlement{}, Reverses: textOrNull(string(e.Reverses)), ReversedBy: textOrNull(string(line.ReversedBy)), Note: e.Note}
	if !line.Open.IsZero() {
		open := line.Open.String()
		out.Open = &open
	}
	for _, st := range e.Settles {
		out.Settles = append(out.Settles, apiv1.Settlement{Pledge: string(st.Pledge), Amount: st.Amount.String()})
	}
	return out
}

// NewStatement returns contributor c's statement as of t, or a NotFound error when c has no
// pledge or receipt in the record by then.
func NewStatement(s *board.State, r *charter.Rules, c board.ActorID, t time.Time) (apiv1.ContributorStatement, error) {
	lines := s.Contributions(c, t)
	if len(lines) == 0 {
		return apiv1.ContributorStatement{}, &board.Error{Kind: board.NotFound,
			Msg: fmt.Sprintf("%s has no pledge or receipt in the record as of %s", c, t.UTC().Format(time.DateOnly))}
	}
	out := apiv1.ContributorStatement{Contributor: NewContributor(s.Contributor(c, t), r), AsOf: Instant(t), Entries: []apiv1.LedgerEntry{}}
	for _, l := range lines {
		out.Entries = append(out.Entries, NewLedgerEntry(l))
	}
	return out, nil
}
