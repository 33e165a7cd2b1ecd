package api

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
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
	var out []apiv1.Decision
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
	p, err := paginate(r, out, func(d apiv1.Decision) string { return d.ID })
	if err != nil {
		return err
	}
	return writeJSON(w, p)
}

func (a *API) decision(w http.ResponseWriter, r *http.Request) error {
	id := board.DecisionID(r.PathValue("id"))
	var out apiv1.DecisionDetail
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
	var out []apiv1.Obligation
	if err := a.view(r, func(s *board.State, rules *charter.Rules, t time.Time) error {
		for _, o := range s.Compliance(rules, t) {
			out = append(out, NewObligation(o))
		}
		return nil
	}); err != nil {
		return err
	}
	p, err := paginate(r, out, func(o apiv1.Obligation) string { return o.ID })
	if err != nil {
		return err
	}
	return writeJSON(w, p)
}

// NewDecision returns the wire form of a decision view.
func NewDecision(v board.DecisionView) apiv1.Decision {
	out := apiv1.Decision{
		ID: string(v.ID), Title: v.Title, Kind: string(v.Kind), Status: string(v.Status), Yes: v.Yes, No: v.No, Abstain: v.Abstain,
		CastingVote: textOrNull(string(v.Casting)), Votes: map[string]string{}, Explanations: map[string]string{}, ProposedBy: string(v.By), Proposed: Instant(v.Proposed),
		Opened: InstantOrNull(v.Opened), Closed: InstantOrNull(v.Closed), Result: textOrNull(string(v.Result)),
		ApprovalDeadline: DateOrNull(v.ApprovalDeadline),
	}
	for _, b := range v.Ballots {
		out.Votes[string(b.State)] = string(b.Choice)
		if b.Explanation != "" {
			out.Explanations[string(b.State)] = b.Explanation
		}
	}
	if v.Meeting != nil {
		id := string(v.Meeting.ID)
		out.Meeting = &id
	}
	if v.Approval != "" {
		out.Approval = &apiv1.Approval{Action: v.Approval, At: Instant(v.ApprovalAt), Reason: v.Reason}
	}
	return out
}

// NewDecisionDetail returns the wire form of a decision with its whole history.
func NewDecisionDetail(v board.DecisionView) apiv1.DecisionDetail {
	out := apiv1.DecisionDetail{
		Decision: NewDecision(v), Text: v.Text, Comments: []apiv1.Statement{},
		Electorate: []string{}, Ballots: []apiv1.Ballot{},
	}
	for _, code := range v.Electorate {
		out.Electorate = append(out.Electorate, string(code))
	}
	for _, c := range v.Comments {
		out.Comments = append(out.Comments, apiv1.Statement{By: string(c.By), At: Instant(c.At), Text: c.Text})
	}
	if m := v.Meeting; m != nil {
		out.Agenda = &apiv1.Agenda{Meeting: string(m.ID), Kind: string(m.Kind), Date: m.Date.Format(time.DateOnly), Place: m.Place,
			Set: Instant(m.AgendaSet), SetBy: string(m.AgendaBy), Approved: InstantOrNull(m.Approved)}
	}
	for _, b := range v.Ballots {
		out.Ballots = append(out.Ballots, apiv1.Ballot{State: string(b.State), Choice: string(b.Choice), At: Instant(b.At),
			Explanation: textOrNull(b.Explanation)})
	}
	if !v.Closed.IsZero() {
		out.Tally = &apiv1.Tally{Yes: v.Yes, No: v.No, Abstain: v.Abstain, PresentAndVoting: v.Yes + v.No,
			Electorate: len(v.Electorate), QuorumNeeded: v.QuorumNeeded, Result: string(v.Result), Reason: v.ResultReason}
	}
	if v.Casting != "" {
		out.Casting = &apiv1.Casting{Choice: string(v.Casting), At: Instant(v.CastingAt)}
	}
	out.History = history(v)
	return out
}

// history lists what happened to a decision, in time order.
func history(v board.DecisionView) []apiv1.HistoryItem {
	var h []apiv1.HistoryItem
	add := func(at time.Time, by board.ActorID, format string, args ...any) {
		h = append(h, apiv1.HistoryItem{At: Instant(at), By: string(by), Event: fmt.Sprintf(format, args...)})
	}
	if v.Kind == board.KindDirective {
		add(v.Proposed, v.By, "adopted as a directive of the Chairman, without a vote (R15)")
		return h
	}
	add(v.Proposed, v.By, "proposed (%s)", v.Kind)
	for _, c := range v.Comments {
		add(c.At, c.By, "commented: %s", c.Text)
	}
	if m := v.Meeting; m != nil {
		add(m.AgendaSet, m.AgendaBy, "put on the agenda of meeting %s (%s, %s)", m.ID, m.Date.Format(time.DateOnly), m.Place)
		if !m.Approved.IsZero() {
			add(m.Approved, board.Chairman, "approved the agenda of meeting %s", m.ID)
		}
	}
	if !v.Opened.IsZero() {
		add(v.Opened, board.Secretariat, "opened the vote; %d member States may vote", len(v.Electorate))
	}
	for _, b := range v.Ballots {
		add(b.At, board.StateActor(b.State), "voted %s", b.Choice)
	}
	if !v.Closed.IsZero() {
		add(v.Closed, board.Secretariat, "closed the vote: %s", tallyLine(v))
	}
	if v.Casting != "" {
		add(v.CastingAt, board.Chairman, "casting vote: %s", v.Casting)
	}
	switch v.Approval {
	case board.ActionApproved:
		add(v.ApprovalAt, board.Chairman, "approved%s", reasonSuffix(v.Reason))
	case board.ActionWithheld:
		add(v.ApprovalAt, board.Chairman, "withheld approval%s", reasonSuffix(v.Reason))
	case board.ActionApprovedByDefault:
		add(v.ApprovalAt, "", "approved by default: the approval deadline passed (decisions.approval_default)")
	case board.ActionNotApprovedByDefault:
		add(v.ApprovalAt, "", "not approved: the approval deadline passed (decisions.approval_default)")
	}
	slices.SortStableFunc(h, func(a, b apiv1.HistoryItem) int { return cmp.Compare(a.At, b.At) })
	return h
}

func reasonSuffix(r string) string {
	if r == "" {
		return ""
	}
	return ": " + r
}

// tallyLine describes a closed vote: "20 yes, 0 no, 2 abstain of 22: majority".
func tallyLine(v board.DecisionView) string {
	s := fmt.Sprintf("%d yes, %d no, %d abstain, of %d: %s", v.Yes, v.No, v.Abstain, len(v.Electorate), v.Result)
	switch v.ResultReason {
	case board.ReasonNoQuorum:
		s += fmt.Sprintf(" (no quorum: %d present and voting, %d needed)", v.Yes+v.No, v.QuorumNeeded)
	case board.ReasonNoVotes:
		s += " (no State voted yes or no)"
	}
	return s
}

// NewObligation returns the wire form of an obligation.
func NewObligation(o board.Obligation) apiv1.Obligation {
	j := apiv1.Obligation{ID: o.ID, Rule: textOrNull(o.Rule), What: o.What, Status: string(o.Status), LastMet: DateOrNull(o.Last), Detail: o.Detail}
	if o.Status == board.ObligationOverdue {
		j.Since = DateOrNull(o.Due)
	} else {
		j.Due = DateOrNull(o.Due)
	}
	return j
}
