package web

import (
	"strings"

	"github.com/peaceboard/peaceboard/board"
)

// decisionKinds are how the portal describes, kind by kind, the acts of decisions: meetings and
// their agendas, proposals, votes, the Chairman's approvals and directives, recommendations and
// reports (board/decisions.go).
var decisionKinds = []kindDescriber{
	describing(func(d *describer, b *board.Convene) {
		d.say(d.by(), d.l.t("meeting."+string(b.Type)), d.l.Date(b.Date), b.Place)
		d.link("/decisions")
	}),
	describing(func(d *describer, b *board.Propose) {
		d.say(d.by(), b.Title, d.l.t("dkind."+string(b.Type)))
		d.add("text.text", b.Text)
		d.v.Link = d.p.DecisionLink(b.ID)
	}),
	describing(func(d *describer, b *board.Comment) {
		d.say(d.by(), d.decision(b.Proposal))
		d.add("text.comment", b.Text)
	}),
	describing(func(d *describer, b *board.SetAgenda) {
		titles := make([]string, len(b.Proposals))
		for i, id := range b.Proposals {
			titles[i] = orID(d.n.decisions, id)
		}
		d.say(d.by(), string(b.Meeting), strings.Join(titles, " ; "))
		d.link("/decisions")
	}),
	describing(func(d *describer, b *board.ApproveAgenda) {
		d.say(string(b.Meeting))
		d.link("/decisions")
	}),
	describing(func(d *describer, b *board.OpenVote) { d.say(d.decision(b.Proposal)) }),
	describing(func(d *describer, b *board.Vote) {
		d.say(d.by(), d.l.t("choice."+string(b.Choice)), d.decision(b.Proposal))
	}),
	describing(func(d *describer, b *board.CloseVote) { d.say(d.decision(b.Proposal)) }),
	describing(func(d *describer, b *board.CastingVote) {
		d.say(d.l.t("choice."+string(b.Choice)), d.decision(b.Proposal))
	}),
	describing(func(d *describer, b *board.Approve) {
		d.say(d.decision(b.Proposal))
		d.add("text.reason", b.Reason)
	}),
	describing(func(d *describer, b *board.WithholdApproval) {
		d.say(d.decision(b.Proposal))
		d.add("text.reason", b.Reason)
	}),
	describing(func(d *describer, b *board.Directive) {
		d.say(b.Title)
		d.add("text.text", b.Text)
		d.v.Link = d.p.DecisionLink(b.ID)
	}),
	describing(func(d *describer, b *board.Recommend) {
		d.say(d.by(), string(b.Meeting))
		d.add("text.text", b.Text)
	}),
	describing(func(d *describer, b *board.Report) {
		d.say(d.by(), string(b.Meeting))
		d.add("text.text", b.Text)
	}),
	describing(func(d *describer, b *board.ReportMandate) {
		d.say(d.by(), orID(d.n.mandates, b.Mandate))
		d.add("text.text", b.Text)
	}),
}
