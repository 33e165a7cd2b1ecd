package export

import (
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
)

// The votes data set: every vote on every proposal put to the vote, as CSV rows or Popolo vote
// events (popoloproject.com/specs/vote-event.html), which the popolo data set holds too.

// voteOptionAbsent is the choice written for a State of the electorate that did not vote, once
// the vote is closed (Popolo's "absent"). While the vote is open it has no row yet.
const voteOptionAbsent = "absent"

// voteRows returns, for a decision put to the vote, each State's choice in electorate order:
// those that voted, and, once the vote closed, the others as absent.
func voteRows(v board.DecisionView) []board.Ballot {
	cast := map[board.StateCode]board.Ballot{}
	for _, b := range v.Ballots {
		cast[b.State] = b
	}
	var rows []board.Ballot
	for _, code := range v.Electorate {
		if b, ok := cast[code]; ok {
			rows = append(rows, b)
		} else if !v.Closed.IsZero() {
			rows = append(rows, board.Ballot{State: code, Choice: voteOptionAbsent})
		}
	}
	return rows
}

// popoloVoteEvent is one element of "export votes --format json", close to the Popolo vote-event
// shape (popoloproject.com/specs/vote-event.html): the event, its counts, and each vote.
type popoloVoteEvent struct {
	VoteEvent popoloEvent   `json:"vote_event"`
	Counts    []popoloCount `json:"counts"`
	Votes     []popoloVote  `json:"votes"`
}

type popoloEvent struct {
	ID                   string       `json:"id"`
	OrganizationID       string       `json:"organization_id"`
	LegislativeSessionID string       `json:"legislative_session_id,omitempty"` // the meeting
	Motion               popoloMotion `json:"motion"`
	StartDate            string       `json:"start_date"`
	EndDate              *string      `json:"end_date"`
	// Result is "pass" (a majority, or a tie the casting vote passed), "fail", "tie" (awaiting
	// the casting vote) or null while the vote is open. Status is the decision's status now,
	// which also says what the Chairman did (adopted, not-approved).
	Result *string              `json:"result"`
	Status board.DecisionStatus `json:"status"`
}

type popoloMotion struct {
	ID             string `json:"id"`
	Text           string `json:"text"`
	Classification string `json:"classification"`
	Date           string `json:"date"`
	CreatorID      string `json:"creator_id"`
	Requirement    string `json:"requirement"`
}

type popoloCount struct {
	Option string `json:"option"`
	Value  int    `json:"value"`
}

type popoloVote struct {
	VoterID string `json:"voter_id"`
	Option  string `json:"option"`
	Role    string `json:"role,omitempty"` // "casting vote" for the Chairman's
	Date    string `json:"date,omitempty"`
}

// votedDecisions returns the decisions whose vote has opened by t.
func votedDecisions(s *board.State, t time.Time) []board.DecisionView {
	var voted []board.DecisionView
	for _, v := range s.DecisionList(t) {
		if !v.Opened.IsZero() {
			voted = append(voted, v)
		}
	}
	return voted
}

// votesJSON is every vote on every proposal whose vote has opened, as Popolo vote events.
func votesJSON(src Source, s *board.State, r *charter.Rules, t time.Time) any {
	return list(src, votedDecisions(s, t), func(v board.DecisionView) popoloVoteEvent { return toPopolo(v, r) })
}

// votesCSV is every vote on every proposal whose vote has opened: one row per State per
// proposal.
func votesCSV(s *board.State, _ *charter.Rules, t time.Time) ([]string, [][]string) {
	header := []string{"decision_id", "title", "kind", "meeting", "meeting_date", "opened", "closed", "status",
		"result", "casting_vote", "state", "choice", "voted_at"}
	var rows [][]string
	for _, v := range votedDecisions(s, t) {
		var meeting, meetingDate string
		if v.Meeting != nil {
			meeting, meetingDate = string(v.Meeting.ID), v.Meeting.Date.Format(time.DateOnly)
		}
		closed := ""
		if !v.Closed.IsZero() {
			closed = api.Instant(v.Closed)
		}
		for _, b := range voteRows(v) {
			at := ""
			if !b.At.IsZero() {
				at = api.Instant(b.At)
			}
			rows = append(rows, []string{string(v.ID), v.Title, string(v.Kind), meeting, meetingDate, api.Instant(v.Opened), closed,
				string(v.Status), string(v.Result), string(v.Casting), string(b.State), string(b.Choice), at})
		}
	}
	return header, rows
}

func toPopolo(v board.DecisionView, r *charter.Rules) popoloVoteEvent {
	e := popoloVoteEvent{
		VoteEvent: popoloEvent{
			ID:             string(v.ID),
			OrganizationID: r.ID,
			Motion: popoloMotion{
				ID: string(v.ID), Text: v.Title, Classification: string(v.Kind), Date: api.Instant(v.Proposed),
				CreatorID: string(v.By), Requirement: "simple majority of the member States present and voting",
			},
			StartDate: api.Instant(v.Opened),
			EndDate:   api.InstantOrNull(v.Closed),
			Status:    v.Status,
		},
		Votes: []popoloVote{},
	}
	if q := r.Decisions.Quorum; q != "" && q != "none" {
		e.VoteEvent.Motion.Requirement += ", with a quorum of " + q + " of the member States voting yes or no"
	}
	if v.Meeting != nil {
		e.VoteEvent.LegislativeSessionID = string(v.Meeting.ID)
	}
	var result string
	switch {
	case v.Closed.IsZero():
	case v.Result == board.ResultMajority || v.Result == board.ResultTie && v.Casting == board.ChoiceYes:
		result = "pass"
	case v.Result == board.ResultTie && v.Casting == "":
		result = "tie"
	default:
		result = "fail"
	}
	if result != "" {
		e.VoteEvent.Result = &result
	}
	counts := map[string]int{}
	for _, b := range voteRows(v) {
		counts[string(b.Choice)]++
		e.Votes = append(e.Votes, popoloVote{VoterID: string(b.State), Option: string(b.Choice), Date: instantOrEmpty(b.At)})
	}
	for _, opt := range []string{"yes", "no", "abstain", voteOptionAbsent} {
		if opt == voteOptionAbsent && v.Closed.IsZero() {
			continue
		}
		e.Counts = append(e.Counts, popoloCount{Option: opt, Value: counts[opt]})
	}
	if v.Casting != "" {
		e.Votes = append(e.Votes, popoloVote{VoterID: string(board.Chairman), Option: string(v.Casting), Role: "casting vote", Date: api.Instant(v.CastingAt)})
	}
	return e
}

// instantOrEmpty is an instant in RFC 3339, or "" when it is zero.
func instantOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return api.Instant(t)
}
