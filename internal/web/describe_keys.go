package web

import "github.com/peaceboard/peaceboard/board"

// keyDescribers describe the record's establishment and the acts on actors' keys (board/keys.go).
var keyDescribers = []actDescriber{
	describing(func(d *description, b *board.Establish) { d.say() }),
	describing(func(d *description, b *board.RegisterKey) {
		if b.Development {
			d.v.Summary = d.l.t("act.development_key")
		}
		d.say(d.l.Actor(b.Actor))
	}),
	describing(func(d *description, b *board.RevokeKey) { d.say(b.KeyID, d.l.Actor(b.Actor)) }),
}
