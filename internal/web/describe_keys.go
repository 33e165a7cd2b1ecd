package web

import "github.com/peaceboard/peaceboard/board"

// keyKinds are how the portal describes, kind by kind, the record's establishment and the acts on
// actors' keys (board/keys.go).
var keyKinds = []kindDescriber{
	describing(func(d *describer, b *board.Establish) { d.say() }),
	describing(func(d *describer, b *board.RegisterKey) {
		if b.Development {
			d.v.Summary = d.l.t("act.development_key")
		}
		if b.Replaces != "" { // a rotation: the same act revoked the key it replaces
			d.v.Summary += d.l.f("act.key_replaces", b.Replaces)
		}
		d.say(d.l.Actor(b.Actor))
	}),
	describing(func(d *describer, b *board.RevokeKey) { d.say(b.KeyID, d.l.Actor(b.Actor)) }),
}
