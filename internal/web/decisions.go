package web

import (
	"net/http"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// decisionsPage lists the proposals and directives (R9-R15), their votes, and the meetings.
type decisionsPage struct {
	*page
	Decisions []decisionRow
	Meetings  []meetingRow
	Chart     *chart // the vote breakdown of every proposal voted on; nil if none
}

// A decisionRow is one proposal or directive as of the page's date.
type decisionRow struct {
	ID               board.DecisionID
	Title            string
	Kind             board.DecisionKind
	Status           board.DecisionStatus
	Proposed         time.Time
	By               string
	Voted            bool // its vote opened
	Yes, No, Abstain int
	Casting          board.Choice
	Action           string // the Chairman's action (board.Action…), "" if none
	ActionAt         time.Time
	Meeting          board.MeetingID
	MeetingDate      time.Time
}

// A meetingRow is one meeting convened (R10, R12).
type meetingRow struct {
	ID              board.MeetingID
	Kind            board.MeetingKind
	Date            time.Time
	Place           string
	ConvenedBy      string
	Agenda          []agendaItem
	AgendaApproved  time.Time
	Recommendations []statementRow
	Reports         []statementRow
}

type agendaItem struct {
	ID    board.DecisionID
	Title string
}

// A statementRow is something said for the record: a comment, a recommendation, a report.
type statementRow struct {
	By   string
	At   time.Time
	Text string
}

func (s *Server) decisions(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &decisionsPage{page: s.newPage(rq, "decisions.title")}
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		l, t := data.withNames(namesOf(st, rules, rq.lang)), rq.at
		var groups []barGroup
		for _, d := range st.DecisionList(t) {
			row := decisionRow{ID: d.ID, Title: d.Title, Kind: d.Kind, Status: d.Status, Proposed: d.Proposed, By: l.Actor(d.By),
				Voted: !d.Opened.IsZero(), Yes: d.Yes, No: d.No, Abstain: d.Abstain, Casting: d.Casting,
				Action: d.Approval, ActionAt: d.ApprovalAt}
			if d.Meeting != nil {
				row.Meeting, row.MeetingDate = d.Meeting.ID, d.Meeting.Date
			}
			data.Decisions = append(data.Decisions, row)
			if row.Voted {
				groups = append(groups, barGroup{Label: d.Title, Values: voteValues(d)})
			}
		}
		if len(groups) > 0 {
			c := voteChart(l, "chart-votes", l.t("chart.votes"), l.t("chart.votes.desc"), groups)
			data.Chart = &c
		}
		for _, m := range st.MeetingList() {
			if m.Convened.After(t) {
				continue
			}
			row := meetingRow{ID: m.ID, Kind: m.Kind, Date: m.Date, Place: m.Place, ConvenedBy: l.Actor(m.ConvenedBy)}
			if !m.Approved.After(t) {
				row.AgendaApproved = m.Approved
			}
			for _, id := range m.Agenda {
				title := string(id)
				if x, ok := st.Decisions[id]; ok {
					title = x.Title
				}
				row.Agenda = append(row.Agenda, agendaItem{ID: id, Title: title})
			}
			row.Recommendations = statements(l, m.Recommendations, t)
			row.Reports = statements(l, m.Reports, t)
			data.Meetings = append(data.Meetings, row)
		}
		return nil
	})
	s.render(w, rq, "decisions", data, err)
}

// statements copies what was said for the record by t.
func statements(l *locale, list []board.Statement, t time.Time) []statementRow {
	var out []statementRow
	for _, x := range list {
		if !x.At.After(t) {
			out = append(out, statementRow{By: l.Actor(x.By), At: x.At, Text: x.Text})
		}
	}
	return out
}

// voteValues are a vote's yes, no and abstentions, and the electorate's States that did not
// vote (or have not yet).
func voteValues(d board.DecisionView) []float64 {
	absent := max(0, len(d.Electorate)-len(d.Ballots))
	return []float64{float64(d.Yes), float64(d.No), float64(d.Abstain), float64(absent)}
}

// voteChart draws vote breakdowns as stacked bars: yes, no, abstentions, no vote.
func voteChart(l *locale, id, title, desc string, groups []barGroup) chart {
	names := []string{l.t("choice.yes"), l.t("choice.no"), l.t("choice.abstain"), l.t("choice.absent")}
	c := barChart(l, id, title, desc, groups, names, []string{"k-yes", "k-no", "k-abstain", "k-absent"}, true,
		func(v float64) string { return l.Num(int(v)) })
	c.Table = chartTable{Summary: l.t("chart.table"), Head: append([]string{l.t("col.proposal")}, names...)}
	for _, g := range groups {
		row := []string{g.Label}
		for _, v := range g.Values {
			row = append(row, l.Num(int(v)))
		}
		c.Table.Rows = append(c.Table.Rows, row)
	}
	return c
}
