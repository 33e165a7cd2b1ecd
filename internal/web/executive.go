package web

import (
	"cmp"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// executivePage is the offices: the Chairman and his successor (R16), the Executive Board (R17),
// the subsidiary entities (R14) and their programmes (R19).
type executivePage struct {
	*page
	Chairman, Successor string
	Incapacity          int // Executive Board members who found the Chairman incapacitated
	Serving             []executiveRow
	Former              []executiveRow
	Subsidiaries        []subsidiaryRow
}

// An executiveRow is a member of the Executive Board.
type executiveRow struct {
	ID                       board.ExecutiveID
	Person                   string
	Appointed, TermEnd, Left time.Time
	Removed                  bool
}

// A subsidiaryRow is a subsidiary entity with its programmes.
type subsidiaryRow struct {
	ID                 board.SubsidiaryID
	Name, Mandate      string
	Members            []string
	Created, Dissolved time.Time
	Programmes         []programmeRow
}

// A programmeRow is a programme of a subsidiary entity, with its money.
type programmeRow struct {
	ID                           board.ProgrammeID
	Name, Area                   string
	Places                       string // sectors, countries and planned dates, in one line; "" if none
	Created                      time.Time
	Budget, Allocated, Disbursed money.Amount
	Reports                      []statementRow
}

func (s *Server) executive(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &executivePage{page: s.newPage(rq, "executive.title")}
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		l, t := data.withNames(namesOf(st, rules, rq.lang)), rq.at
		o := st.Overview(rules, t)
		data.Chairman, data.Successor, data.Incapacity = o.Chairman, o.Successor, len(st.Incapacity)
		for _, id := range slices.Sorted(maps.Keys(st.Executives)) {
			x := st.Executives[id]
			if x.Appointed.After(t) {
				continue
			}
			row := executiveRow{ID: x.ID, Person: x.Person, Appointed: x.Appointed, TermEnd: x.TermEnd}
			if x.ServingAt(t) {
				data.Serving = append(data.Serving, row)
				continue
			}
			row.Left = x.TermEnd
			if !x.Removed.IsZero() && !x.Removed.After(t) {
				row.Left, row.Removed = x.Removed, true
			}
			data.Former = append(data.Former, row)
		}
		programmes := map[board.SubsidiaryID][]programmeRow{}
		for _, p := range st.ProgrammeList(t) {
			programmes[p.Subsidiary] = append(programmes[p.Subsidiary], programmeRow{ID: p.ID, Name: p.Name, Area: p.Area,
				Created: p.Created, Budget: p.Budget, Allocated: p.Allocated, Disbursed: p.Disbursed, Reports: progress(l, p.Reports)})
		}
		for _, x := range st.Subsidiaries {
			if x.Created.After(t) {
				continue
			}
			row := subsidiaryRow{ID: x.ID, Name: x.Name, Mandate: x.Mandate, Members: slices.Clone(x.Members),
				Created: x.Created, Programmes: programmes[x.ID]}
			if !x.Dissolved.After(t) {
				row.Dissolved = x.Dissolved
			}
			data.Subsidiaries = append(data.Subsidiaries, row)
		}
		return nil
	})
	slices.SortFunc(data.Subsidiaries, func(a, b subsidiaryRow) int { return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.ID, b.ID)) })
	slices.SortFunc(data.Serving, func(a, b executiveRow) int { return cmp.Or(a.Appointed.Compare(b.Appointed), cmp.Compare(a.ID, b.ID)) })
	s.render(w, rq, "executive", data, err)
}

// progress copies a programme's progress reports.
func progress(l *locale, reports []board.ProgressReport) []statementRow {
	out := make([]statementRow, 0, len(reports))
	for _, r := range reports {
		out = append(out, statementRow{By: l.Actor(r.By), At: r.At, Text: r.Text})
	}
	return out
}
