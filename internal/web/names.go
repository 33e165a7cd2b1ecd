package web

import (
	"maps"
	"slices"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// names resolves the identifiers that acts refer to into the names readers know, in the page's
// language: Executive Board members' names, decisions' titles, subsidiary entities', funds' and
// programmes' names, organizations' names.
type names struct {
	people       map[board.ExecutiveID]string
	decisions    map[board.DecisionID]string
	subsidiaries map[board.SubsidiaryID]string
	funds        map[board.FundID]string
	programmes   map[board.ProgrammeID]string
	mandates     map[string]string // the rules file's, by ID
	orgs         map[string]string // by the ID of an actor org:ID
}

// namesOf copies the names a state knows; it runs inside a view, the copy outlives it. The rules
// file's own texts (funds, organizations) are given in lang where the file translates them.
func namesOf(st *board.State, r *charter.Rules, lang string) *names {
	n := &names{
		people:       map[board.ExecutiveID]string{},
		decisions:    make(map[board.DecisionID]string, len(st.Decisions)),
		subsidiaries: map[board.SubsidiaryID]string{},
		funds:        map[board.FundID]string{},
		programmes:   map[board.ProgrammeID]string{},
		mandates:     make(map[string]string, len(r.Mandates)),
		orgs:         orgNames(r, lang),
	}
	for _, m := range r.Mandates {
		n.mandates[m.ID] = m.Translations.In("name", lang, m.Name)
	}
	for id, x := range st.Executives {
		n.people[id] = x.Person
	}
	for id, x := range st.Decisions {
		n.decisions[id] = x.Title
	}
	for id, x := range st.Subsidiaries {
		n.subsidiaries[id] = x.Name
	}
	for id, f := range st.Treasury.Funds {
		n.funds[id] = f.Name
	}
	// A fund the rules file declares is named as the file names it in lang; one opened by an
	// act (open-fund) has only the name the act gave it.
	for _, f := range r.Funds {
		n.funds[board.FundID(f.ID)] = f.Translations.In("name", lang, f.Name)
	}
	for id, p := range st.Treasury.Programmes {
		n.programmes[id] = p.Name
	}
	return n
}

// orgNames returns the names of the organizations the rules file lists, in lang, by ID: where
// an actor org:ID gets a name. An organization the file does not list has none, and is shown by
// its ID (locale.Actor). Charts and tables that name contributors get these names through
// locale.Actor, once the page's locale has them (withNames).
func orgNames(r *charter.Rules, lang string) map[string]string {
	m := make(map[string]string, len(r.Organizations))
	for _, o := range r.Organizations {
		m[o.ID] = o.Translations.In("name", lang, o.Name)
	}
	return m
}

func orID[K ~string](m map[K]string, id K) string {
	if v, ok := m[id]; ok && v != "" {
		return v
	}
	return string(id)
}

// withNames returns the page's locale, naming Executive Board members and organizations as n
// knows them.
func (p *page) withNames(n *names) *locale {
	l := *p.L
	l.people = maps.Clone(n.people)
	l.orgs = maps.Clone(n.orgs)
	p.L = &l
	return p.L
}

// fundPurpose is a fund's purpose in lang, where the rules file that declares it translates it.
func fundPurpose(r *charter.Rules, f board.FundView, lang string) string {
	for _, rf := range r.Funds {
		if board.FundID(rf.ID) == f.ID {
			return rf.Translations.In("purpose", lang, f.Purpose)
		}
	}
	return f.Purpose
}

// localAccounts returns accounts with their institutions in lang, where the rules file that
// declares them translates them. It copies: the views belong to the state.
func localAccounts(r *charter.Rules, accounts []board.AccountView, lang string) []board.AccountView {
	out := slices.Clone(accounts)
	for i, a := range out {
		for _, ra := range r.Accounts {
			if board.AccountID(ra.ID) == a.ID {
				out[i].Institution = ra.Translations.In("institution", lang, a.Institution)
			}
		}
	}
	return out
}
