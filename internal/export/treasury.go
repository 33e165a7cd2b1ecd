package export

import (
	"strconv"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
)

// Open data of the treasury: the contributions and disbursements data sets (SPEC §6). JSON items
// have the shapes of "statement --json" entries and "disbursements --json"; CSV has one row per
// entry or disbursement, amounts as decimal strings with their currency in a column of its own.

// contributionsJSON is every pledge, receipt, in-kind contribution and reversal of one.
func contributionsJSON(src Source, s *board.State, _ *charter.Rules, t time.Time) any {
	return list(src, s.Contributions("", t), api.NewLedgerEntry)
}

// contributionsCSV is every pledge, receipt, in-kind contribution and reversal of one: one row
// per ledger entry.
func contributionsCSV(s *board.State, _ *charter.Rules, t time.Time) ([]string, [][]string) {
	header := []string{"entry", "type", "recorded", "contributor", "form", "fund", "account", "currency", "amount",
		"usd", "usd_rate", "rate_date", "value_date", "due", "open", "reverses", "reversed_by", "note"}
	var rows [][]string
	for _, l := range s.Contributions("", t) {
		e := l.Entry
		open := ""
		if !l.Open.IsZero() {
			open = l.Open.Decimal()
		}
		rows = append(rows, []string{string(e.ID), string(e.Type), api.Instant(e.Recorded), string(e.Contributor), e.Form, string(e.Fund),
			string(e.Account), string(e.Amount.Currency), e.Amount.Decimal(), e.USD.Decimal(), e.Rate.String(),
			str(api.DateOrNull(e.RateDate)), str(api.DateOrNull(e.ValueDate)), str(api.DateOrNull(e.Due)), open,
			string(e.Reverses), string(l.ReversedBy), e.Note})
	}
	return header, rows
}

// disbursementsJSON is every disbursement requested by t, with its approvals and status.
func disbursementsJSON(src Source, s *board.State, _ *charter.Rules, t time.Time) any {
	return list(src, s.DisbursementList(t), api.NewDisbursement)
}

// disbursementsCSV is every disbursement requested by t: one row per disbursement.
func disbursementsCSV(s *board.State, _ *charter.Rules, t time.Time) ([]string, [][]string) {
	header := []string{"id", "programme", "payee", "purpose", "currency", "amount", "account", "pay_currency", "pay", "usd",
		"approvals_required", "approvals", "approvers", "status", "requested", "paid", "commitment_entry", "payment_entry"}
	var rows [][]string
	for _, d := range s.DisbursementList(t) {
		var who []string
		for _, a := range d.Approvals {
			who = append(who, string(a.By)+" ("+a.Person+")")
		}
		rows = append(rows, []string{string(d.ID), string(d.Programme), d.Payee, d.Purpose, string(d.Amount.Currency), d.Amount.Decimal(),
			string(d.Account), string(d.Pay.Currency), d.Pay.Decimal(), d.USD.Decimal(), strconv.Itoa(d.Required),
			strconv.Itoa(len(d.Approvals)), strings.Join(who, "; "), string(d.Status), api.Instant(d.Requested),
			str(api.InstantOrNull(d.Paid)), string(d.Commitment), string(d.Payment)})
	}
	return header, rows
}
