package export

import (
	"io"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/iati"
)

// sets is the one list of data sets. Their names are stable: they are in the CLI ("peaceboard
// export NAME"), in URLs (/api/v1/exports/NAME.csv) and in file names.
var sets = []Set{
	{Name: "members", Formats: []string{CSV, JSON}, Summary: "every State ever invited, with its membership: one row per State",
		Title: map[string]string{"en": "Member States", "fr": "États membres"}, csv: membersCSV, json: membersJSON},
	{Name: "invitations", Formats: []string{CSV, JSON}, Summary: "every State's latest invitation and where it stands: one row per State",
		Title: map[string]string{"en": "Invitations", "fr": "Invitations"}, csv: invitationsCSV, json: invitationsJSON},
	{Name: "decisions", Formats: []string{CSV, JSON}, Summary: "every proposal and directive with its tally and the Chairman's action: one row per decision",
		Title: map[string]string{"en": "Decisions", "fr": "Décisions"}, csv: decisionsCSV, json: decisionsJSON},
	{Name: "votes", Formats: []string{CSV, JSON}, Summary: "every vote on every proposal put to the vote: CSV, one row per State per proposal; JSON, Popolo vote events",
		Title: map[string]string{"en": "Votes", "fr": "Votes"}, csv: votesCSV, json: votesJSON},
	{Name: "popolo", Formats: []string{JSON}, Summary: "the record as one Popolo document: persons, organizations, memberships, posts, vote events",
		Title: map[string]string{"en": "Board, members and votes (Popolo)", "fr": "Conseil, membres et votes (Popolo)"}, json: popoloJSON},
	{Name: "funds", Formats: []string{CSV, JSON}, Summary: "every fund with its cash and open pledges: CSV, one row per fund and currency",
		Title: map[string]string{"en": "Funds", "fr": "Fonds"}, csv: fundsCSV, json: fundsJSON},
	{Name: "contributions", Formats: []string{CSV, JSON}, Summary: "every pledge, receipt and in-kind contribution, and their reversals: one row per ledger entry",
		Title: map[string]string{"en": "Contributions", "fr": "Contributions"}, csv: contributionsCSV, json: contributionsJSON},
	{Name: "disbursements", Formats: []string{CSV, JSON}, Summary: "every disbursement with its approvals and status: one row per disbursement",
		Title: map[string]string{"en": "Disbursements", "fr": "Décaissements"}, csv: disbursementsCSV, json: disbursementsJSON},
	{Name: "iati", Formats: []string{XML}, Summary: "the funds and programmes with their transactions, as an IATI 2.03 activities file",
		Title: map[string]string{"en": "Funds and programmes (IATI 2.03 activities)", "fr": "Fonds et programmes (activités IATI 2.03)"}, xml: iatiActivities},
	{Name: "iati-organisation", Formats: []string{XML}, Summary: "the organization and its yearly expenditure, as an IATI 2.03 organisation file",
		Title: map[string]string{"en": "The organization (IATI 2.03 organisation file)", "fr": "L'organisation (fichier organisation IATI 2.03)"}, xml: iati.WriteOrganisation},
}

func iatiActivities(w io.Writer, s *board.State, r *charter.Rules, t time.Time) error {
	return iati.WriteActivities(w, s, r, t, func(a board.ActorID) string { return api.ContributorName(r, a) })
}

func membersJSON(src Source, s *board.State, r *charter.Rules, t time.Time) any {
	return list(src, s.Members(r, t), api.NewMember)
}

func membersCSV(s *board.State, r *charter.Rules, t time.Time) ([]string, [][]string) {
	header := []string{"state", "name", "status", "founding", "joined", "term_end", "permanent", "ended", "end_reason",
		"cash_usd_first_year", "head", "invited"}
	var rows [][]string
	for _, v := range s.Members(r, t) {
		m := api.NewMember(v)
		rows = append(rows, []string{m.State, v.State.Name("en"), m.Status, strconv.FormatBool(m.Founding), str(m.Joined), str(m.TermEnd),
			strconv.FormatBool(m.Permanent), str(m.Ended), str(m.EndReason), m.CashUSDFirstYear, m.Head, m.Invited})
	}
	return header, rows
}

// invitations returns every State's invitation as of t, by State code.
func invitations(s *board.State, r *charter.Rules, t time.Time) []apiv1.Invitation {
	var out []apiv1.Invitation
	for _, code := range slices.Sorted(maps.Keys(s.States)) {
		if v, ok := s.Member(r, code, t); ok {
			out = append(out, api.NewInvitation(s.States[code], v))
		}
	}
	return out
}

func invitationsJSON(src Source, s *board.State, r *charter.Rules, t time.Time) any {
	return list(src, invitations(s, r, t), func(i apiv1.Invitation) apiv1.Invitation { return i })
}

func invitationsCSV(s *board.State, r *charter.Rules, t time.Time) ([]string, [][]string) {
	header := []string{"state", "head", "founding", "invited", "status", "answered", "member_status"}
	var rows [][]string
	for _, i := range invitations(s, r, t) {
		rows = append(rows, []string{i.State, i.Head, strconv.FormatBool(i.Founding), i.Invited, i.Status, str(i.Answered), i.Member})
	}
	return header, rows
}

func decisionsJSON(src Source, s *board.State, _ *charter.Rules, t time.Time) any {
	return list(src, s.DecisionList(t), api.NewDecision)
}

func decisionsCSV(s *board.State, _ *charter.Rules, t time.Time) ([]string, [][]string) {
	header := []string{"id", "title", "kind", "status", "yes", "no", "abstain", "casting_vote", "proposed_by", "proposed",
		"meeting", "opened", "closed", "result", "approval_deadline", "approval", "approval_at"}
	var rows [][]string
	for _, v := range s.DecisionList(t) {
		d := api.NewDecision(v)
		var approval, approvalAt string
		if d.Approval != nil {
			approval, approvalAt = d.Approval.Action, d.Approval.At
		}
		rows = append(rows, []string{d.ID, d.Title, d.Kind, d.Status, strconv.Itoa(d.Yes), strconv.Itoa(d.No), strconv.Itoa(d.Abstain),
			str(d.CastingVote), d.ProposedBy, d.Proposed, str(d.Meeting), str(d.Opened), str(d.Closed), str(d.Result),
			str(d.ApprovalDeadline), approval, approvalAt})
	}
	return header, rows
}

func fundsJSON(src Source, s *board.State, r *charter.Rules, t time.Time) any {
	return list(src, s.FundList(r, t), api.NewFund)
}

// fundsCSV has one row per fund and currency it holds cash or open pledges in; a fund with
// neither has one row without a currency.
func fundsCSV(s *board.State, r *charter.Rules, t time.Time) ([]string, [][]string) {
	header := []string{"fund", "name", "purpose", "currency", "balance", "pledged", "in_kind_usd", "opened"}
	var rows [][]string
	for _, v := range s.FundList(r, t) {
		f := api.NewFund(v)
		currencies := slices.Sorted(maps.Keys(f.Balance))
		for c := range f.Pledged {
			if _, ok := f.Balance[c]; !ok {
				currencies = append(currencies, c)
			}
		}
		slices.Sort(currencies)
		if len(currencies) == 0 {
			currencies = []string{""}
		}
		for _, c := range currencies {
			rows = append(rows, []string{f.Fund, f.Name, f.Purpose, c, f.Balance[c], f.Pledged[c], f.InKindUSD, str(f.Opened)})
		}
	}
	return header, rows
}

// str is an optional value in a CSV cell: empty when absent.
func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
