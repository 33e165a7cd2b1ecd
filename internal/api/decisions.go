package api

import (
	"net/http"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

func (a *API) decisions(w http.ResponseWriter, r *http.Request) error {
	status, err := oneOf(r, "status", board.DecisionDraft, board.DecisionOnAgenda, board.DecisionVoting, board.DecisionMajority,
		board.DecisionTie, board.DecisionRejected, board.DecisionAdopted, board.DecisionNotApproved, board.DecisionDirective)
	if err != nil {
		return err
	}
	kind, err := oneOf(r, "kind", board.KindBudget, board.KindSubsidiary, board.KindAppointment, board.KindAgreement,
		board.KindInitiative, board.KindOther, board.KindDirective)
	if err != nil {
		return err
	}
	var out []Decision
	if err := a.view(r, func(s *board.State, _ *charter.Rules, t time.Time) error {
		for _, v := range s.DecisionList(t) {
			if (status == "" || v.Status == status) && (kind == "" || v.Kind == kind) {
				out = append(out, NewDecision(v))
			}
		}
		return nil
	}); err != nil {
		return err
	}
	p, err := paginate(r, out, func(d Decision) string { return string(d.ID) })
	if err != nil {
		return err
	}
	return writeJSON(w, p)
}

func (a *API) decision(w http.ResponseWriter, r *http.Request) error {
	id := board.DecisionID(r.PathValue("id"))
	var out DecisionDetail
	if err := a.view(r, func(s *board.State, _ *charter.Rules, t time.Time) error {
		v, err := s.Decision(id, t)
		if err != nil {
			return err
		}
		out = NewDecisionDetail(v)
		return nil
	}); err != nil {
		return err
	}
	return writeJSON(w, out)
}

func (a *API) compliance(w http.ResponseWriter, r *http.Request) error {
	var out []Obligation
	if err := a.view(r, func(s *board.State, rules *charter.Rules, t time.Time) error {
		for _, o := range s.Compliance(rules, t) {
			out = append(out, NewObligation(o))
		}
		return nil
	}); err != nil {
		return err
	}
	p, err := paginate(r, out, func(o Obligation) string { return o.ID })
	if err != nil {
		return err
	}
	return writeJSON(w, p)
}
