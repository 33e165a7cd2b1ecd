package charter

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Format returns the effective rules as a TOML rules file: every parameter, including those the
// file left to their defaults. Parsing the result gives the same rules.
func (r *Rules) Format() string {
	var b strings.Builder
	q := strconv.Quote
	kv := func(k string, v string) { fmt.Fprintf(&b, "%s = %s\n", k, v) }
	table := func(name string) { fmt.Fprintf(&b, "\n[%s]\n", name) }
	translations := func(t Translations, keys ...string) {
		for _, k := range keys {
			for _, lang := range r.Organization.Languages {
				if s, ok := t[k][lang]; ok {
					kv(k+"_"+lang, q(s))
				}
			}
		}
	}

	fmt.Fprintf(&b, "# Effective rules of %s.\n", r.Name(""))
	kv("id", q(r.ID))
	kv("version", q(r.Version))
	kv("effective_from", r.EffectiveFrom.Format(time.DateOnly))

	table("organization")
	for _, lang := range r.Organization.Languages {
		kv("name."+lang, q(r.Organization.Name[lang]))
	}
	langs := make([]string, len(r.Organization.Languages))
	for i, l := range r.Organization.Languages {
		langs[i] = q(l)
	}
	kv("languages", "["+strings.Join(langs, ", ")+"]")
	kv("chairman", q(r.Organization.Chairman))
	if r.Organization.IATIRef != "" {
		kv("iati_ref", q(r.Organization.IATIRef))
	}

	table("membership")
	kv("starts", q(r.Membership.Starts))
	kv("term", q(r.Membership.Term.String()))
	kv("term_from", q(string(r.Membership.TermFrom)))
	table("renewal")
	kv("length", q(r.Renewal.Length.String()))
	table("permanent_seat")
	kv("threshold", q(r.PermanentSeat.Threshold.String()))
	kv("comparison", q(string(r.PermanentSeat.Comparison)))
	kv("window", q(r.PermanentSeat.Window.String()))
	kv("counts", q(r.PermanentSeat.Counts))
	table("withdrawal")
	kv("notice", q(r.Withdrawal.Notice.String()))
	table("removal")
	kv("veto_fraction", q(r.Removal.VetoFraction.String()))
	kv("veto_base", q(r.Removal.VetoBase))
	kv("veto_window", q(r.Removal.VetoWindow.String()))
	table("entry_into_force")
	kv("consents", strconv.Itoa(r.EntryIntoForce.Consents))
	table("subsidiaries")
	kv("created_by", q(r.Subsidiaries.CreatedBy))
	table("executive_board")
	kv("term", q(r.ExecutiveBoard.Term.String()))
	kv("vote", q(r.ExecutiveBoard.Vote))
	table("meetings.voting")
	kv("min_per", q(r.Meetings.VotingMinPer.String()))
	table("meetings.reporting")
	kv("min_per", q(r.Meetings.ReportingMinPer.String()))
	table("agenda")
	kv("comment_period", q(r.Agenda.CommentPeriod.String()))
	table("decisions")
	kv("quorum", q(r.Decisions.Quorum))
	kv("approval_deadline", q(r.Decisions.ApprovalDeadline))
	kv("approval_default", q(r.Decisions.ApprovalDefault))
	table("controls")
	var tiers []string
	for _, t := range r.Controls.DisbursementApprovals {
		tiers = append(tiers, fmt.Sprintf("  { above = %s, approvals = %d },\n", q(t.Above.String()), t.Approvals))
	}
	kv("disbursement_approvals", "[\n"+strings.Join(tiers, "")+"]")
	if r.Treasury.MaxPerAct.Minor > 0 { // none: no cap
		table("treasury")
		kv("max_per_act", q(r.Treasury.MaxPerAct.String()))
	}
	table("amendments")
	kv("rule", q(r.Amendments.Rule))
	table("dissolution")
	kv("by", q(r.Dissolution.By))
	if r.States.Codes.Pinned() {
		table("states")
		kv("codes", q(r.States.Codes.Name))
	} else {
		b.WriteString("\n# [states] codes: none pinned; any three capital letters name a State\n")
	}

	for _, f := range r.Funds {
		b.WriteString("\n[[funds]]\n")
		kv("id", q(f.ID))
		kv("name", q(f.Name))
		kv("purpose", q(f.Purpose))
		translations(f.Translations, "name", "purpose")
	}
	for _, a := range r.Accounts {
		b.WriteString("\n[[accounts]]\n")
		kv("id", q(a.ID))
		kv("institution", q(a.Institution))
		kv("currency", q(string(a.Currency)))
		translations(a.Translations, "institution")
	}
	for _, m := range r.Mandates {
		b.WriteString("\n[[mandates]]\n")
		kv("id", q(m.ID))
		kv("name", q(m.Name))
		kv("from", m.From.Format(time.DateOnly))
		kv("until", m.Until.Format(time.DateOnly))
		kv("report_every", q(m.ReportEvery.String()))
		translations(m.Translations, "name")
	}
	for _, o := range r.Organizations {
		b.WriteString("\n[[organizations]]\n")
		kv("id", q(o.ID))
		kv("name", q(o.Name))
		translations(o.Translations, "name")
	}
	return b.String()
}
