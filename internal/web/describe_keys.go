package web

import (
	"strings"

	"github.com/peaceboard/peaceboard/board"
)

// keyKinds are how the portal describes, kind by kind, the record's establishment, the acts on
// actors' keys (board/keys.go) and the witness policy (board/witness_policy.go).
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
	describing(func(d *describer, b *board.SetWitnessPolicy) {
		d.say(d.by(), d.l.n("act.witness_count", len(b.Witnesses)), d.l.n("act.witness_quorum", b.Quorum))
		d.add("act.witnesses", witnessLines(b.Witnesses))
	}),
}

// witnessLines writes a policy's witnesses one a line, as their name, key and URL (if any),
// separated by spaces, which none of them holds.
func witnessLines(ws []board.PolicyWitness) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(w.Name + " " + w.Key)
		if w.URL != "" {
			b.WriteString(" " + w.URL)
		}
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}
