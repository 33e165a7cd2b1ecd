package web

import (
	"strings"

	"github.com/peaceboard/peaceboard/board"
)

// officeKinds are how the portal describes, kind by kind, the acts on offices: the Chairman and
// his successor, the Executive Board, subsidiary entities, and member States' representatives
// (board/offices.go). All but the accreditations lead to the page of offices.
var officeKinds = []kindDescriber{
	describing(func(d *describer, b *board.DesignateSuccessor) {
		d.say(b.Person)
		d.link("/executive")
	}),
	describing(func(d *describer, b *board.Resign) {
		d.say()
		d.link("/executive")
	}),
	describing(func(d *describer, b *board.FindIncapacity) {
		d.say(d.by())
		d.link("/executive")
	}),
	describing(func(d *describer, b *board.AppointExecutive) {
		d.say(b.Person)
		d.link("/executive")
	}),
	describing(func(d *describer, b *board.RenewExecutive) {
		d.say(orID(d.n.people, b.ID))
		d.link("/executive")
	}),
	describing(func(d *describer, b *board.RemoveExecutive) {
		d.say(orID(d.n.people, b.ID))
		d.link("/executive")
	}),
	describing(func(d *describer, b *board.CreateSubsidiary) {
		d.say(b.Name)
		d.add("text.mandate", b.Mandate)
		d.add("text.members", strings.Join(b.Members, ", "))
		d.link("/executive")
	}),
	describing(func(d *describer, b *board.ModifySubsidiary) {
		d.say(orID(d.n.subsidiaries, b.ID))
		d.add("text.name", b.Name)
		d.add("text.mandate", b.Mandate)
		d.add("text.members", strings.Join(b.Members, ", "))
		d.link("/executive")
	}),
	describing(func(d *describer, b *board.DissolveSubsidiary) {
		d.say(orID(d.n.subsidiaries, b.ID))
		d.link("/executive")
	}),
	// The Chairman approves an alternate by accrediting the person again, naming the State.
	describing(func(d *describer, b *board.Accredit) {
		if d.a.By == board.Chairman {
			d.v.Summary = d.l.f("act.accredit.approved", b.Person, d.l.State(b.State))
			d.v.Link = d.p.StateLink(b.State)
			return
		}
		d.byState(b.Person, d.l.t("role."+b.Role))
	}),
}
