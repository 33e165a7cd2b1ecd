package web

import "github.com/peaceboard/peaceboard/board"

// membershipDescribers describe the acts of membership: invitations and their answers, terms,
// withdrawals, removals and the organization's dissolution (board/membership.go).
var membershipDescribers = []actDescriber{
	describing(func(d *description, b *board.Invite) {
		if b.Founding {
			d.v.Summary = d.l.t("act.invite.founding")
		}
		if b.Head != "" {
			d.v.Summary = d.l.f("act.invite.head", b.Head) + d.v.Summary
		}
		d.say(d.l.State(b.State))
		d.v.Link = d.p.StateLink(b.State)
	}),
	describing(func(d *description, b *board.WithdrawInvitation) {
		d.say(d.l.State(b.State))
		d.v.Link = d.p.StateLink(b.State)
	}),
	describing(func(d *description, b *board.Decline) {
		d.say(d.by())
		d.v.Link = d.p.StateLink(d.self())
	}),
	describing(func(d *description, b *board.Consent) {
		how := d.l.t("instrument." + b.Instrument)
		if b.Place != "" {
			how += ", " + b.Place
		}
		d.say(d.by(), how)
		d.v.Link = d.p.StateLink(d.self())
	}),
	describing(func(d *description, b *board.RenewTerm) {
		d.say(d.l.State(b.State))
		d.v.Link = d.p.StateLink(b.State)
	}),
	describing(func(d *description, b *board.Withdraw) {
		d.say(d.by())
		d.v.Link = d.p.StateLink(d.self())
	}),
	describing(func(d *description, b *board.ProposeRemoval) {
		d.say(d.l.State(b.State))
		d.add("text.reason", b.Reason)
		d.v.Link = d.p.StateLink(b.State)
	}),
	describing(func(d *description, b *board.VetoRemoval) { d.say(d.by(), string(b.Removal)) }),
	describing(func(d *description, b *board.Dissolve) {
		d.say()
		d.add("text.reason", b.Reason)
	}),
}
