package web

import "github.com/peaceboard/peaceboard/board"

// membershipKinds are how the portal describes, kind by kind, the acts of membership: invitations
// and their answers, terms, withdrawals, removals and the organization's dissolution
// (board/membership.go).
var membershipKinds = []kindDescriber{
	describing(func(d *describer, b *board.Invite) {
		if b.Founding {
			d.v.Summary = d.l.t("act.invite.founding")
		}
		if b.Head != "" {
			d.v.Summary = d.l.f("act.invite.head", b.Head) + d.v.Summary
		}
		d.aboutState(b.State)
	}),
	describing(func(d *describer, b *board.WithdrawInvitation) { d.aboutState(b.State) }),
	describing(func(d *describer, b *board.Decline) { d.byState() }),
	describing(func(d *describer, b *board.Consent) {
		how := d.l.t("instrument." + b.Instrument)
		if b.Place != "" {
			how += ", " + b.Place
		}
		d.byState(how)
	}),
	describing(func(d *describer, b *board.RenewTerm) { d.aboutState(b.State) }),
	describing(func(d *describer, b *board.Withdraw) { d.byState() }),
	describing(func(d *describer, b *board.ProposeRemoval) {
		d.aboutState(b.State)
		d.add("text.reason", b.Reason)
	}),
	describing(func(d *describer, b *board.VetoRemoval) { d.say(d.by(), string(b.Removal)) }),
	describing(func(d *describer, b *board.Dissolve) {
		d.say()
		d.add("text.reason", b.Reason)
	}),
}
