package web

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
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
				v := actView{Kind: k, KindName: p.L.t("kind." + string(k))}
				describe(&description{p: p, l: p.L, n: &names{}, a: board.Act{At: at, By: by, Body: body}, v: &v}, body)
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
