package web

import (
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// An actView is one act of the record, described for a reader: the timeline, a State's history
// and the feed show it.
type actView struct {
	Index    uint64
	At       time.Time
	By       string // who acted, by name
	Kind     board.Kind
	KindName string // the kind's label: "Invitation"
	Summary  string // one sentence: "The Chairman invited Kazakhstan…"
	Texts    []quote
	Link     string // the page about what the act concerns, "" if none
}

// A quote is a free text of an act (a reason, a comment, a note), shown as the actor wrote it.
type quote struct{ Label, Text string }

// describer returns what describes entries of the record for p, one at a time, naming what
// they refer to as n does.
func (p *page) describer(n *names) *describer { return &describer{p: p, l: p.L, n: n} }

// A describer describes entries of the record for a page: what a kind's description reads (the
// page, its locale, the names the state knows, the act) and the view it writes. One serves a
// page's entries in turn, so that describing an act allocates nothing of its own.
type describer struct {
	p *page
	l *locale
	n *names
	a board.Act // the act being described
	v actView   // its description so far
}

// describe describes one entry of the record. An entry whose act cannot be read (which verify
// would report), or of a kind that describers lacks, is described by its kind alone.
func (d *describer) describe(en record.Entry) actView {
	d.v = actView{Index: en.Index, At: en.At, By: d.l.Actor(board.ActorID(en.Actor)), Kind: board.Kind(en.Kind)}
	d.v.KindName = d.l.kindName(d.v.Kind)
	var describe func(*describer, board.Body)
	var err error
	if d.a, err = board.ParseCanonical(en.Act); err == nil {
		describe = describers[d.a.Body.Kind()]
	}
	if describe == nil {
		d.v.Summary = d.v.KindName
		return d.v
	}
	describe(d, d.a.Body)
	return d.v
}

// kindName is the label of a kind of act: "Invitation". A kind the portal has no label for, of
// a record written by another version, is shown as the record names it.
func (l *locale) kindName(k board.Kind) string {
	if m, ok := l.msgs["kind."+string(k)]; ok {
		return m
	}
	return string(k)
}

// describers holds how the portal describes every kind of act, by kind: a list per concept of
// the board package, in describe_<concept>.go. TestEveryKindIsDescribed fails when a kind of
// board.Kinds() has none, in either language.
var describers = byKind(keyKinds, membershipKinds, officeKinds, decisionKinds, treasuryKinds)

// A kindDescriber describes the acts of one kind.
type kindDescriber struct {
	kind     board.Kind
	describe func(d *describer, b board.Body)
}

// describing returns the describer of the acts whose body is a B, which fn describes.
func describing[B board.Body](fn func(d *describer, b B)) kindDescriber {
	var none B // a nil pointer: a body's Kind reads none of its fields
	return kindDescriber{kind: none.Kind(), describe: func(d *describer, b board.Body) { fn(d, b.(B)) }}
}

// byKind indexes lists of describers by kind. Two describers of one kind are a bug: it panics.
func byKind(lists ...[]kindDescriber) map[board.Kind]func(*describer, board.Body) {
	m := map[board.Kind]func(*describer, board.Body){}
	for _, list := range lists {
		for _, x := range list {
			if _, dup := m[x.kind]; dup {
				panic("web: two describers of the act kind " + string(x.kind))
			}
			m[x.kind] = x.describe
		}
	}
	return m
}

// say writes the act's sentence, the label "act.<kind>" with args in its verbs, before what the
// describer has already put in the summary: the qualifiers that end the sentence ("; represented
// by …").
func (d *describer) say(args ...any) {
	d.v.Summary = d.l.f("act."+string(d.a.Body.Kind()), args...) + d.v.Summary
}

// add quotes a free text of the act under the label key label, unless the text is blank.
func (d *describer) add(label, text string) {
	if strings.TrimSpace(text) != "" {
		d.v.Texts = append(d.v.Texts, quote{Label: d.l.t(label), Text: text})
	}
}

// by names who acted.
func (d *describer) by() string { return d.l.Actor(d.a.By) }

// aboutState says the sentence of an act about the State code, which it names, and links the
// act to the State's page.
func (d *describer) aboutState(code board.StateCode) {
	d.say(d.l.State(code))
	d.v.Link = d.p.StateLink(code)
}

// byState says the sentence of a State's own act, which names the State and then args, and links
// the act to the State's page.
func (d *describer) byState(args ...any) {
	d.say(append([]any{d.by()}, args...)...)
	self, _ := d.a.By.State()
	d.v.Link = d.p.StateLink(self)
}

// link links the act to the page at path.
func (d *describer) link(path string) { d.v.Link = d.p.Link(path) }

// decision names a decision by its title, and links the act to the decision's page.
func (d *describer) decision(id board.DecisionID) string {
	d.v.Link = d.p.DecisionLink(id)
	return orID(d.n.decisions, id)
}
