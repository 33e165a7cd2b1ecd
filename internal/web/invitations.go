package web

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// invitationsPage lists every invitation the Chairman made (R2), by what became of it, each
// group sorted as ?sort= and ?dir= ask (by date of answer, then name, by default).
type invitationsPage struct {
	*page
	Groups []invitationGroup
}

// An invitationGroup is the invitations in one state: accepted, pending, declined, withdrawn.
type invitationGroup struct {
	Key, Heading string
	Rows         []invitationRow
	// Sort holds the headers of the sortable columns, by key: their links lead back to the group.
	Sort map[string]sortColumn
}

// invitationSorts are the sortable columns of the invitations tables. Rows that tie keep the
// order of their names.
var invitationSorts = []sortable[invitationRow]{
	{"state", "col.state", false, func(a, b invitationRow) int { return collate(a.Name, b.Name) }, nil},
	{"invited", "col.invited", false, func(a, b invitationRow) int { return a.Invited.Compare(b.Invited) }, nil},
	{"answered", "col.answered", false, func(a, b invitationRow) int { return a.Answered.Compare(b.Answered) }, nil},
	{"status", "col.status", false, func(a, b invitationRow) int { return cmp.Compare(statusOrder(a.Status), statusOrder(b.Status)) }, nil},
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
	col, desc := readSort(rq, invitationSorts, 2)
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
	for i, g := range data.Groups {
		sortRows(g.Rows, invitationSorts, col, desc, func(a, b invitationRow) int { return collate(a.Name, b.Name) })
		data.Groups[i].Sort = map[string]sortColumn{}
		for _, h := range sortHeaders(data.page, "/invitations", "h-"+g.Key, invitationSorts, col, desc) {
			data.Groups[i].Sort[h.Key] = h
		}
	}
	s.render(w, rq, "invitations", data, err)
}

// StatusOrder is where the row's status sorts (statusOrder), for the script that sorts in place.
func (r invitationRow) StatusOrder() int { return statusOrder(r.Status) }
