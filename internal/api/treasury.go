package api

import (
	"net/http"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

func (a *API) treasury(w http.ResponseWriter, r *http.Request) error {
	var out Treasury
	if err := a.view(r, func(s *board.State, rules *charter.Rules, t time.Time) error {
		out = NewTreasury(s.TreasuryAt(rules, t), t)
		return nil
	}); err != nil {
		return err
	}
	return writeJSON(w, out)
}

func (a *API) funds(w http.ResponseWriter, r *http.Request) error {
	var out []Fund
	if err := a.view(r, func(s *board.State, rules *charter.Rules, t time.Time) error {
		for _, f := range s.FundList(rules, t) {
			out = append(out, NewFund(f))
		}
		return nil
	}); err != nil {
		return err
	}
	p, err := paginate(r, out, func(f Fund) string { return f.Fund })
	if err != nil {
		return err
	}
	return writeJSON(w, p)
}

// contributor parses a contributor in actor form: a State or an organization.
func contributor(s string) (board.ActorID, error) {
	c, err := board.ParseActor(s)
	if err != nil || (c.Kind() != board.ActorState && c.Kind() != board.ActorOrg) {
		return "", board.Errorf(board.Invalid, "contributor %q: want a State or an organization in actor form, like state:QAT or org:fifa", s)
	}
	return c, nil
}

func (a *API) contributions(w http.ResponseWriter, r *http.Request) error {
	var c board.ActorID
	if v := r.URL.Query().Get("contributor"); v != "" {
		var err error
		if c, err = contributor(v); err != nil {
			return err
		}
	}
	limit, err := limitOf(r)
	if err != nil {
		return err
	}
	after, _, err := decodeCursor(r)
	if err != nil {
		return err
	}
	// The page alone is read, never the whole list: a million acts make half a million
	// contributions, which took seconds and hundreds of megabytes for each page.
	page := Page[LedgerEntry]{Items: []LedgerEntry{}}
	if err := a.view(r, func(s *board.State, _ *charter.Rules, t time.Time) error {
		lines, more, ok := s.ContributionsAfter(c, t, board.EntryID(after), limit)
		if !ok {
			return board.Errorf(board.Invalid, "the cursor names nothing in this list (the list or its as_of changed)")
		}
		for _, l := range lines {
			page.Items = append(page.Items, NewLedgerEntry(l))
		}
		if more {
			page.NextCursor = encodeCursor(string(lines[len(lines)-1].Entry.ID))
		}
		return nil
	}); err != nil {
		return err
	}
	return writeJSON(w, page)
}

func (a *API) statement(w http.ResponseWriter, r *http.Request) error {
	c, err := contributor(r.PathValue("contributor"))
	if err != nil {
		return err
	}
	var out ContributorStatement
	if err := a.view(r, func(s *board.State, _ *charter.Rules, t time.Time) error {
		out, err = NewStatement(s, c, t)
		return err
	}); err != nil {
		return err
	}
	return writeJSON(w, out)
}

func (a *API) disbursements(w http.ResponseWriter, r *http.Request) error {
	status, err := oneOf(r, "status", board.DisbursementPending, board.DisbursementPaid, board.DisbursementCancelled, board.DisbursementPaymentReversed)
	if err != nil {
		return err
	}
	var out []Disbursement
	if err := a.view(r, func(s *board.State, _ *charter.Rules, t time.Time) error {
		for _, d := range s.DisbursementList(t) {
			if status == "" || d.Status == status {
				out = append(out, NewDisbursement(d))
			}
		}
		return nil
	}); err != nil {
		return err
	}
	p, err := paginate(r, out, func(d Disbursement) string { return d.ID })
	if err != nil {
		return err
	}
	return writeJSON(w, p)
}
