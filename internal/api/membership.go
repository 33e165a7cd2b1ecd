package api

import (
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

var memberStatuses = []board.Status{board.StatusInvited, board.StatusDeclined, board.StatusInvitationWithdrawn,
	board.StatusSignatory, board.StatusMember, board.StatusRemovalPending, board.StatusFormer}

func (a *API) status(w http.ResponseWriter, r *http.Request) error {
	var out Status
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
	var out []Member
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
	p, err := paginate(r, out, func(m Member) string { return string(m.State) })
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
	var out Member
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
	var out []Invitation
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
	p, err := paginate(r, out, func(i Invitation) string { return string(i.State) })
	if err != nil {
		return err
	}
	return writeJSON(w, p)
}
