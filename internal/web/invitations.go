package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// invitationsPage lists every invitation the Chairman made (R2), by what became of it.
type invitationsPage struct {
	*page
	Groups []invitationGroup
}

// An invitationGroup is the invitations in one state: accepted, pending, declined, withdrawn.
type invitationGroup struct {
	Key, Heading string
	Rows         []invitationRow
}

// An invitationRow is one State's latest invitation.
type invitationRow struct {
	Code            board.StateCode
	Name            string
	Head            string
	FoundingOffered bool
	Invited         time.Time
	Answered        time.Time // zero while pending
	Instrument      string
	Place           string
	Status          board.Status
}

// invitationGroups are the groups, in the order shown, and the statuses each holds.
var invitationGroups = []struct {
	key      string
	statuses []board.Status
}{
	{"accepted", []board.Status{board.StatusSignatory, board.StatusMember, board.StatusRemovalPending, board.StatusFormer}},
	{"pending", []board.Status{board.StatusInvited}},
	{"declined", []board.Status{board.StatusDeclined}},
	{"withdrawn", []board.Status{board.StatusInvitationWithdrawn}},
}

func (s *Server) invitations(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &invitationsPage{page: s.newPage(rq, "invitations.title")}
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		l := data.L
		for _, g := range invitationGroups {
			data.Groups = append(data.Groups, invitationGroup{Key: g.key, Heading: l.t("invitations." + g.key)})
		}
		for _, m := range st.Members(rules, rq.at) {
			ms := st.States[m.State]
			row := invitationRow{Code: m.State, Name: l.State(m.State), Head: ms.Head, FoundingOffered: ms.Founding,
				Invited: ms.Invited, Status: m.Status}
			if m.Status != board.StatusInvited {
				row.Answered = ms.Answered
			}
			if ms.Invitation == board.InviteAccepted {
				row.Instrument, row.Place = ms.Instrument, ms.Place
			}
			for i, g := range invitationGroups {
				if slices.Contains(g.statuses, m.Status) {
					data.Groups[i].Rows = append(data.Groups[i].Rows, row)
				}
			}
		}
		return nil
	})
	for _, g := range data.Groups {
		slices.SortStableFunc(g.Rows, func(a, b invitationRow) int {
			if c := a.Answered.Compare(b.Answered); c != 0 {
				return c
			}
			return collate(a.Name, b.Name)
		})
	}
	s.render(w, rq, "invitations", data, err)
}
