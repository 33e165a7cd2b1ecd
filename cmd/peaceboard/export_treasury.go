package main

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
)

// Open data of the treasury: "export contributions" and "export disbursements" (SPEC §6), as of
// --as-of. JSON has the shapes of "statement --json" entries and "disbursements --json"; CSV has
// one row per entry or disbursement, amounts as decimal strings with their currency in a column
// of its own.

// writeContributions writes every pledge, receipt, in-kind contribution and reversal of one.
func writeContributions(w io.Writer, format string, s *board.State, _ *charter.Rules, t time.Time) error {
	lines := s.Contributions("", t)
	if format == "json" {
		return writeJSON(w, wireList(lines, api.NewLedgerEntry))
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"entry", "type", "recorded", "contributor", "form", "fund", "account", "currency", "amount",
		"usd", "usd_rate", "rate_date", "value_date", "due", "open", "reverses", "reversed_by", "note"})
	for _, l := range lines {
		e := l.Entry
		open := ""
		if !l.Open.IsZero() {
			open = l.Open.Decimal()
		}
		cw.Write([]string{string(e.ID), string(e.Type), api.Instant(e.Recorded), string(e.Contributor), e.Form, string(e.Fund),
			string(e.Account), string(e.Amount.Currency), e.Amount.Decimal(), e.USD.Decimal(), e.Rate.String(),
			orNone(api.DateOrNull(e.RateDate)), orNone(api.DateOrNull(e.ValueDate)), orNone(api.DateOrNull(e.Due)), open,
			string(e.Reverses), string(l.ReversedBy), e.Note})
	}
	cw.Flush()
	return cw.Error()
}

// writeDisbursements writes every disbursement requested by t, with its approvals and status.
func writeDisbursements(w io.Writer, format string, s *board.State, _ *charter.Rules, t time.Time) error {
	list := s.DisbursementList(t)
	if format == "json" {
		return writeJSON(w, wireList(list, api.NewDisbursement))
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "programme", "payee", "purpose", "currency", "amount", "account", "pay_currency", "pay", "usd",
		"approvals_required", "approvals", "approvers", "status", "requested", "paid", "commitment_entry", "payment_entry"})
	for _, d := range list {
		var who []string
		for _, a := range d.Approvals {
			who = append(who, string(a.By)+" ("+a.Person+")")
		}
		cw.Write([]string{string(d.ID), string(d.Programme), d.Payee, d.Purpose, string(d.Amount.Currency), d.Amount.Decimal(),
			string(d.Account), string(d.Pay.Currency), d.Pay.Decimal(), d.USD.Decimal(), strconv.Itoa(d.Required),
			strconv.Itoa(len(d.Approvals)), strings.Join(who, "; "), string(d.Status), api.Instant(d.Requested),
			orNone(api.InstantOrNull(d.Paid)), string(d.Commitment), string(d.Payment)})
	}
	cw.Flush()
	return cw.Error()
}

func orNone(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
