package api

import (
	"net/http"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// possibleActs answers what an actor may do as of the instant asked about (default now), as
// the rules say (board.PossibleActs): the signing workspace asks it on every load. The targeted
// acts are decided on the state the view holds, which Decide only reads: nothing is recorded.
func (a *API) possibleActs(w http.ResponseWriter, r *http.Request) error {
	actor, err := board.CheckActor(a.engine.Rules(), r.PathValue("actor"))
	if err != nil {
		return err
	}
	out := apiv1.PossibleActs{Actor: string(actor), Items: []apiv1.PossibleAct{}}
	if err := a.view(r, func(s *board.State, rules *charter.Rules, t time.Time) error {
		list, err := board.PossibleActs(s, rules, actor, t)
		if err != nil {
			return err
		}
		out.AsOf = Instant(t)
		for _, p := range list {
			out.Items = append(out.Items, NewPossibleAct(p))
		}
		return nil
	}); err != nil {
		return err
	}
	return writeJSON(w, out)
}

// NewPossibleAct returns the wire form of a possible act.
func NewPossibleAct(p board.Possible) apiv1.PossibleAct {
	out := apiv1.PossibleAct{Act: string(p.Kind), Fields: p.Fields, Inputs: p.Inputs, Options: p.Options,
		Rule: textOrNull(p.Rule), Targeted: p.Targeted}
	if out.Fields == nil {
		out.Fields = map[string]string{}
	}
	if out.Inputs == nil {
		out.Inputs = []string{}
	}
	if out.Options == nil {
		out.Options = map[string][]string{}
	}
	if p.About != nil {
		out.About = &apiv1.About{Kind: p.About.Kind, ID: p.About.ID, Title: p.About.Title}
	}
	return out
}
