package api

import (
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

var memberStatuses = []board.Status{board.StatusInvited, board.StatusDeclined, board.StatusInvitationWithdrawn,
	board.StatusSignatory, board.StatusMember, board.StatusRemovalPending, board.StatusFormer}

func (a *API) status(w http.ResponseWriter, r *http.Request) error {
	var out apiv1.Status
	if err := a.view(r, func(s *board.State, rules *charter.Rules, t time.Time) error {
		out = NewStatus(s, rules, t)
		return nil
	}); err != nil {
		return err
	}
	return writeJSON(w, out)
}

func (a *API) members(w http.ResponseWriter, r *http.Request) error {
	status, err := oneOf(r, "status", memberStatuses...)
	if err != nil {
		return err
	}
	var out []apiv1.Member
	if err := a.view(r, func(s *board.State, rules *charter.Rules, t time.Time) error {
		for _, v := range s.Members(rules, t) {
			if status == "" || v.Status == status {
				out = append(out, NewMember(v))
			}
		}
		return nil
	}); err != nil {
		return err
	}
	p, err := paginate(r, out, func(m apiv1.Member) string { return m.State })
	if err != nil {
		return err
	}
	return writeJSON(w, p)
}

func (a *API) member(w http.ResponseWriter, r *http.Request) error {
	code := board.StateCode(r.PathValue("state"))
	if !code.Valid() {
		return board.Errorf(board.Invalid, "%q is not an ISO 3166-1 alpha-3 code (like KAZ)", code)
	}
	var out apiv1.Member
	if err := a.view(r, func(s *board.State, rules *charter.Rules, t time.Time) error {
		v, ok := s.Member(rules, code, t)
		if !ok {
			return board.Errorf(board.NotFound, "%s was not invited as of %s", code, t.Format(time.DateOnly))
		}
		out = NewMember(v)
		return nil
	}); err != nil {
		return err
	}
	return writeJSON(w, out)
}

func (a *API) invitations(w http.ResponseWriter, r *http.Request) error {
	status, err := oneOf(r, "status", board.InviteOpen, board.InviteDeclined, board.InviteWithdrawn, board.InviteAccepted)
	if err != nil {
		return err
	}
	var out []apiv1.Invitation
	if err := a.view(r, func(s *board.State, rules *charter.Rules, t time.Time) error {
		for _, code := range slices.Sorted(maps.Keys(s.States)) {
			m := s.States[code]
			v, ok := s.Member(rules, code, t)
			if !ok || (status != "" && m.Invitation != status) {
				continue
			}
			out = append(out, NewInvitation(m, v))
		}
		return nil
	}); err != nil {
		return err
	}
	p, err := paginate(r, out, func(i apiv1.Invitation) string { return i.State })
	if err != nil {
		return err
	}
	return writeJSON(w, p)
}

// NewStatus returns the organization's status as of t.
func NewStatus(s *board.State, r *charter.Rules, t time.Time) apiv1.Status {
	o := s.Overview(r, t)
	out := apiv1.Status{
		Organization:   r.Name(r.Organization.Languages[0]),
		AsOf:           t.Format(time.DateOnly),
		InForce:        o.InForce,
		EntryIntoForce: DateOrNull(o.EntryIntoForce),
		FirstYearEnds:  DateOrNull(o.FirstYearEnds),
		Chairman:       o.Chairman,
		Members:        o.Members,
		ExecutiveBoard: []apiv1.Executive{},
		Dissolved:      DateOrNull(o.Dissolved),
		Entries:        uint64(s.Acts),
	}
	if o.Successor != "" {
		out.Successor = &o.Successor
	}
	for _, x := range o.ExecutiveBoard {
		out.ExecutiveBoard = append(out.ExecutiveBoard, apiv1.Executive{ID: string(x.ID), Person: x.Person, TermEnd: x.TermEnd.Format(time.DateOnly)})
	}
	return out
}

// NewMember returns the wire form of a member view.
func NewMember(v board.MemberView) apiv1.Member {
	return apiv1.Member{
		State:            string(v.State),
		Status:           string(v.Status),
		Founding:         v.Founding,
		Joined:           DateOrNull(v.Joined),
		TermEnd:          DateOrNull(v.TermEnd),
		Permanent:        v.Permanent,
		Ended:            DateOrNull(v.Ended),
		EndReason:        textOrNull(string(v.EndReason)),
		CashUSDFirstYear: v.CashUSDFirstYear.Decimal(),
		Head:             v.Head,
		Invited:          v.Invited.Format(time.DateOnly),
	}
}

// NewInvitation returns the wire form of a State's invitation; m is its membership record and v
// its view at the same instant.
func NewInvitation(m *board.Membership, v board.MemberView) apiv1.Invitation {
	return apiv1.Invitation{State: string(m.State), Head: m.Head, Founding: m.Founding, Invited: m.Invited.UTC().Format(time.DateOnly),
		Status: string(m.Invitation), Answered: DateOrNull(m.Answered), Member: string(v.Status)}
}
