package web

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/record"
)

// actorOf is an actor of each kind, to describe acts by.
var actorOf = map[board.ActorKind]board.ActorID{
	board.ActorChairman: board.Chairman, board.ActorState: "state:KAZ", board.ActorOrg: "org:fifa",
	board.ActorExecutive: "executive:rubio", board.ActorChiefExecutive: board.ChiefExecutive,
	board.ActorSecretariat: board.Secretariat,
}

// TestEveryKindIsDescribed: every kind of act of board.Kinds() has a label and a describer, and
// the describer writes, in each language and for each kind of actor that may act, a sentence of
// the catalogue (messages) with as many values as its verbs, not the kind's label alone (what an
// entry of a kind without a describer shows). A kind added to board without its description in
// both languages fails here.
func TestEveryKindIsDescribed(t *testing.T) {
	at := time.Date(2026, 1, 22, 10, 0, 0, 0, time.UTC)
	for _, k := range board.Kinds() {
		describe := describers[k]
		if describe == nil {
			t.Errorf("%s: no describer: add one to describe_<concept>.go", k)
		}
		for _, lang := range slices.Sorted(maps.Keys(messages)) {
			for _, key := range []string{"kind." + string(k), "act." + string(k)} {
				if _, ok := messages[lang][key]; !ok {
					t.Errorf("%s: no label %q", lang, key)
				}
			}
			if describe == nil {
				continue
			}
			for _, ak := range board.AllowedActors(k) {
				by, ok := actorOf[ak]
				if !ok {
					t.Fatalf("no actor of kind %s to describe acts by: add one to actorOf", ak)
				}
				body, _ := board.NewBody(k)
				p := &page{L: newLocale(lang), Lang: lang}
				d := p.describer(&names{})
				d.a, d.v = board.Act{At: at, By: by, Body: body}, actView{Kind: k, KindName: p.L.kindName(k)}
				describe(d, body)
				v := d.v
				switch s := v.Summary; {
				case strings.TrimSpace(s) == "" || s == v.KindName:
					t.Errorf("%s, %s by %s: no sentence, only %q", lang, k, by, s)
				case strings.HasPrefix(s, "act."):
					t.Errorf("%s, %s by %s: a label that the catalogue lacks: %q", lang, k, by, s)
				case strings.Contains(s, "%!"):
					t.Errorf("%s, %s by %s: the label's verbs and the values given disagree: %q", lang, k, by, s)
				}
			}
		}
	}
}

// TestUndescribedKindShowsItsLabel: an entry of a kind that the table of describers lacks (which
// TestEveryKindIsDescribed forbids) still reads as its kind, not as an empty line.
func TestUndescribedKindShowsItsLabel(t *testing.T) {
	saved := describers["invite"]
	delete(describers, "invite")
	t.Cleanup(func() { describers["invite"] = saved })
	act := board.Act{At: time.Date(2026, 1, 19, 10, 0, 0, 0, time.UTC), By: board.Chairman, Body: &board.Invite{State: "KAZ"}}
	b, err := act.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	p := &page{L: newLocale("en"), Lang: "en"}
	v := p.describer(&names{}).describe(record.Entry{Index: 7, At: act.At, Actor: string(act.By), Kind: "invite", Act: b})
	if v.Summary != "Invitation" || v.KindName != "Invitation" || v.By != "The Chairman" {
		t.Errorf("an invitation without its describer reads %q (kind %q, by %q); want its kind's label", v.Summary, v.KindName, v.By)
	}
}
