package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// decisionPage is one proposal or directive with its whole history: its text, the comments, its
// meeting, every State's vote, the tally, the Chairman's casting vote, action and reason.
type decisionPage struct {
	*page
	D          board.DecisionView
	By         string
	Comments   []statementRow
	Votes      []voteRow
	Chart      *chart
	Electorate int
}

// A voteRow is one State of the electorate and its vote.
type voteRow struct {
	Code   board.StateCode
	Name   string
	Choice string // "yes", "no", "abstain", "absent" once closed without its vote, "pending"
	At     time.Time
	// Explanation is the State's explanation of its vote, its own text ("" if none).
	Explanation string
}

func (s *Server) decision(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	id := board.DecisionID(r.PathValue("id"))
	data := &decisionPage{page: s.newPage(rq, "decision.title")}
	data.follow(decisionFeedPath(id), "feeds.decision")
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		l, t := data.withNames(namesOf(st, rules, rq.lang)), rq.at
		d, err := st.Decision(id, t)
		if err != nil {
			return err
		}
		data.D, data.Title, data.By = d, d.Title, l.Actor(d.By)
		data.Comments = statements(l, d.Comments, t)
		data.Electorate = len(d.Electorate)
		for _, b := range d.Ballots {
			data.Votes = append(data.Votes, voteRow{Code: b.State, Name: l.State(b.State), Choice: string(b.Choice), At: b.At,
				Explanation: b.Explanation})
		}
		for _, code := range d.Electorate {
			if !slices.ContainsFunc(d.Ballots, func(b board.Ballot) bool { return b.State == code }) {
				row := voteRow{Code: code, Name: l.State(code), Choice: "pending"}
				if !d.Closed.IsZero() {
					row.Choice = "absent"
				}
				data.Votes = append(data.Votes, row)
			}
		}
		if !d.Opened.IsZero() {
			c := voteChart(l, "chart-vote", l.f("chart.vote", d.Title), l.f("chart.vote.desc", l.Num(d.Yes), l.Num(d.No), l.n("n.abstention", d.Abstain), l.n("n.electorate", len(d.Electorate))),
				[]barGroup{{Label: l.t("chart.vote.row"), Values: voteValues(d)}})
			data.Chart = &c
		}
		return nil
	})
	slices.SortStableFunc(data.Votes, func(a, b voteRow) int { return collate(a.Name, b.Name) })
	s.render(w, rq, "decision", data, err)
}
