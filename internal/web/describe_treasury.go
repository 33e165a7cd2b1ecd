package web

import "github.com/peaceboard/peaceboard/board"

// treasuryKinds are how the portal describes, kind by kind, the acts of the treasury:
// contributions, rates, funds, accounts, controls, allocations, disbursements, reversals and
// programmes (board/treasury.go). All but the rates lead to the treasury's page.
var treasuryKinds = []kindDescriber{
	describing(func(d *describer, b *board.Pledge) {
		who := d.by()
		if b.Contributor != "" {
			who = d.l.Actor(b.Contributor)
		}
		d.say(who, d.l.MoneyText(b.Amount), d.fund(b.Fund))
		d.add("text.note", b.Note)
		d.link("/treasury")
	}),
	describing(func(d *describer, b *board.Receive) {
		d.say(d.l.MoneyText(b.Amount), d.l.Actor(b.Contributor), d.l.t("form."+b.Form), d.fund(b.Fund), d.l.Date(b.ValueDate))
		d.add("text.note", b.Note)
		d.link("/treasury")
	}),
	describing(func(d *describer, b *board.SetRate) {
		d.say(string(b.Currency), b.USDRate, d.l.Date(b.Date))
		d.add("text.source", b.Source)
	}),
	describing(func(d *describer, b *board.OpenFund) {
		d.say(d.by(), b.Name)
		d.add("text.purpose", b.Purpose)
		d.link("/treasury")
	}),
	describing(func(d *describer, b *board.OpenAccount) {
		d.say(d.by(), string(b.ID), b.Institution, string(b.Currency))
		d.link("/treasury")
	}),
	describing(func(d *describer, b *board.SetControls) {
		d.say(d.by())
		d.link("/treasury")
	}),
	describing(func(d *describer, b *board.Allocate) {
		d.say(d.by(), d.l.MoneyText(b.Amount), orID(d.n.funds, b.Fund), orID(d.n.programmes, b.Programme))
		d.link("/treasury")
	}),
	describing(func(d *describer, b *board.Disburse) {
		d.say(d.l.MoneyText(b.Amount), b.Payee, orID(d.n.programmes, b.Programme))
		d.add("text.purpose", b.Purpose)
		d.link("/treasury")
	}),
	describing(func(d *describer, b *board.ApproveDisbursement) {
		d.say(d.by(), string(b.Disbursement))
		d.link("/treasury")
	}),
	describing(func(d *describer, b *board.Reverse) {
		d.say(string(b.Entry))
		d.add("text.reason", b.Reason)
		d.link("/treasury")
	}),
	describing(func(d *describer, b *board.CreateProgramme) {
		d.say(b.Name, d.l.MoneyText(b.Budget), orID(d.n.subsidiaries, b.Subsidiary))
		d.add("text.area", b.Area)
		p := programmePlaces(d.l, b.Sectors, b.Countries, b.Start, b.End)
		d.add("text.sectors", p.Sectors)
		d.add("text.countries", p.Countries)
		d.add("text.planned", p.Planned)
		d.link("/treasury")
	}),
	describing(func(d *describer, b *board.ReportProgress) {
		d.say(d.by(), orID(d.n.programmes, b.Programme))
		d.add("text.text", b.Text)
		d.link("/treasury")
	}),
}

// fund names a contribution's fund; a contribution that names none goes to the default fund.
func (d *describer) fund(id board.FundID) string {
	if id == "" {
		id = board.DefaultFund
	}
	return orID(d.n.funds, id)
}
