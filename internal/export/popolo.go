package export

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// "export popolo" writes the record as of a date as one Popolo document
// (popoloproject.com/specs): who sits on the Board and in which post, which States are or were
// members and why they stopped, the subsidiary entities, and the vote events of "export votes".
//
// Identifiers are derived from the record, never numbered, so that two exports of the same
// record agree on them and a reader can join documents made at different dates: a State is
// state:KAZ (the record's actor identifier), a person person:marco-rubio (a slug of the name
// the record gives, the only identity it holds for a person), a subsidiary subsidiary:ID, the
// Board its rules file's identifier, as the vote events already name it.
//
// Every list is sorted by identifier, and memberships by what they join, so that the document
// is byte-identical for the same record and date.

// popoloDocument is the whole export.
type popoloDocument struct {
	Source        Source               `json:"source"`
	Persons       []popoloPerson       `json:"persons"`
	Organizations []popoloOrganization `json:"organizations"`
	Memberships   []popoloMembership   `json:"memberships"`
	Posts         []popoloPost         `json:"posts"`
	VoteEvents    []popoloDocVoteEvent `json:"vote_events"`
}

type popoloPerson struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type popoloOrganization struct {
	ID              string             `json:"id"`
	Name            string             `json:"name"`
	Classification  string             `json:"classification"`
	ParentID        string             `json:"parent_id,omitempty"`
	Identifiers     []popoloIdentifier `json:"identifiers,omitempty"`
	FoundingDate    string             `json:"founding_date,omitempty"`
	DissolutionDate string             `json:"dissolution_date,omitempty"`
	Description     string             `json:"description,omitempty"`
}

type popoloIdentifier struct {
	Identifier string `json:"identifier"`
	Scheme     string `json:"scheme"`
}

// popoloMembership is a person's or a State's membership of an organization. A State's
// membership names the State in member (Popolo's way for an organization that is a member of
// another); a person's, in person_id. EndReason is not Popolo's: the charter distinguishes
// memberships that expired, were withdrawn, removed or ended by dissolution, and a reader of
// the Board's record needs to know which.
type popoloMembership struct {
	ID             string        `json:"id"`
	Label          string        `json:"label,omitempty"`
	Role           string        `json:"role,omitempty"`
	PersonID       string        `json:"person_id,omitempty"`
	Member         *popoloMember `json:"member,omitempty"`
	OrganizationID string        `json:"organization_id"`
	PostID         string        `json:"post_id,omitempty"`
	OnBehalfOfID   string        `json:"on_behalf_of_id,omitempty"`
	StartDate      string        `json:"start_date,omitempty"`
	EndDate        string        `json:"end_date,omitempty"`
	EndReason      string        `json:"end_reason,omitempty"`
}

type popoloMember struct {
	Type string `json:"@type"`
	ID   string `json:"id"`
}

type popoloPost struct {
	ID             string `json:"id"`
	Label          string `json:"label"`
	OrganizationID string `json:"organization_id"`
}

// popoloDocVoteEvent is a vote event as a Popolo document holds it: the event with its counts
// and votes inside, where "export votes" writes them beside it.
type popoloDocVoteEvent struct {
	popoloEvent
	Counts []popoloCount `json:"counts"`
	Votes  []popoloVote  `json:"votes"`
}

// The posts of the Board. A head of delegation holds one post for whichever State sends him,
// named in the membership's on_behalf_of_id, rather than a post per State.
const (
	postChairman         = "post:chairman"
	postSuccessor        = "post:designated-successor"
	postExecutive        = "post:executive-board-member"
	postHeadOfDelegation = "post:head-of-delegation"
)

// popoloJSON is the Popolo document as of t, with its provenance. Popolo has no CSV form.
func popoloJSON(src Source, s *board.State, r *charter.Rules, t time.Time) any {
	doc := popoloAt(s, r, t)
	doc.Source = src
	return doc
}

// popoloAt builds the document of the record as of t. s is the state as of t (the engine's
// View), but offices and subsidiaries are filtered by their dates too, as the views do.
func popoloAt(s *board.State, r *charter.Rules, t time.Time) popoloDocument {
	boardID := r.ID
	doc := popoloDocument{
		Persons:     []popoloPerson{},
		Memberships: []popoloMembership{},
		VoteEvents:  []popoloDocVoteEvent{},
		Posts: []popoloPost{
			{ID: postChairman, Label: "Chairman", OrganizationID: boardID},
			{ID: postSuccessor, Label: "Designated successor to the Chairman", OrganizationID: boardID},
			{ID: postExecutive, Label: "Executive Board member", OrganizationID: boardID},
			{ID: postHeadOfDelegation, Label: "Head of delegation of a member State", OrganizationID: boardID},
		},
	}
	boardOrg := popoloOrganization{ID: boardID, Name: r.Name("en"), Classification: "international organization"}
	if !s.InForce.IsZero() {
		boardOrg.FoundingDate = popoloDate(s.InForce)
	}
	if !s.Dissolved.IsZero() && !t.Before(s.Dissolved) {
		boardOrg.DissolutionDate = popoloDate(s.Dissolved)
	}
	doc.Organizations = append(doc.Organizations, boardOrg)

	persons := map[string]string{} // id → name
	person := func(name string) string {
		id := personID(name)
		persons[id] = name
		return id
	}

	if s.Chairman != "" {
		doc.Memberships = append(doc.Memberships, popoloMembership{
			ID: "membership:chairman", Role: "Chairman", PersonID: person(s.Chairman), OrganizationID: boardID, PostID: postChairman,
		})
	}
	if s.Successor != "" {
		doc.Memberships = append(doc.Memberships, popoloMembership{
			ID: "membership:designated-successor", Role: "Designated successor", PersonID: person(s.Successor), OrganizationID: boardID, PostID: postSuccessor,
		})
	}
	executives := map[board.ExecutiveID]string{}
	for _, id := range slices.Sorted(maps.Keys(s.Executives)) {
		x := s.Executives[id]
		if t.Before(x.Appointed) {
			continue
		}
		executives[id] = person(x.Person)
		m := popoloMembership{
			ID: "membership:executive:" + string(id), Role: "Executive Board member", PersonID: executives[id],
			OrganizationID: boardID, PostID: postExecutive, StartDate: popoloDate(x.Appointed),
		}
		if end := firstPast(t, x.Removed, x.TermEnd); !end.IsZero() {
			m.EndDate = popoloDate(end)
		}
		doc.Memberships = append(doc.Memberships, m)
	}

	for _, v := range s.Members(r, t) {
		org := stateOrgID(v.State)
		doc.Organizations = append(doc.Organizations, popoloOrganization{
			ID: org, Name: v.State.Name("en"), Classification: "state",
			Identifiers: []popoloIdentifier{{Identifier: string(v.State), Scheme: "ISO 3166-1 alpha-3"}},
		})
		if !v.Joined.IsZero() {
			m := popoloMembership{
				ID: "membership:" + org, Label: "Member State", Role: "member State",
				Member: &popoloMember{Type: "Organization", ID: org}, OrganizationID: boardID, StartDate: popoloDate(v.Joined),
			}
			if v.Founding {
				m.Label = "Founding member State"
			}
			if !v.Ended.IsZero() {
				m.EndDate, m.EndReason = popoloDate(v.Ended), string(v.EndReason)
			}
			doc.Memberships = append(doc.Memberships, m)
		}
		if m, ok := headOfDelegation(s.States[v.State], v, t); ok {
			m.PersonID = person(m.PersonID)
			m.OrganizationID, m.OnBehalfOfID = boardID, org
			doc.Memberships = append(doc.Memberships, m)
		}
	}

	for _, id := range slices.Sorted(maps.Keys(s.Subsidiaries)) {
		x := s.Subsidiaries[id]
		if t.Before(x.Created) {
			continue
		}
		org := "subsidiary:" + string(id)
		o := popoloOrganization{ID: org, Name: x.Name, Classification: "subsidiary body", ParentID: boardID,
			FoundingDate: popoloDate(x.Created), Description: x.Mandate}
		if !x.Dissolved.IsZero() && !t.Before(x.Dissolved) {
			o.DissolutionDate = popoloDate(x.Dissolved)
		}
		doc.Organizations = append(doc.Organizations, o)
		for _, name := range x.Members {
			p := person(name)
			doc.Memberships = append(doc.Memberships, popoloMembership{
				ID: "membership:" + org + ":" + strings.TrimPrefix(p, "person:"), Role: "member", PersonID: p, OrganizationID: org,
			})
		}
	}

	// The vote events are "export votes --format json"'s, with the voters and the motion's
	// author named by this document's identifiers: a State by its organization, the Chairman
	// and an Executive Board member by their person.
	actor := func(a string) string {
		if code, ok := board.ActorID(a).State(); ok {
			return stateOrgID(code)
		}
		if id, ok := board.ActorID(a).Executive(); ok && executives[id] != "" {
			return executives[id]
		}
		if board.ActorID(a) == board.Chairman && s.Chairman != "" {
			return personID(s.Chairman)
		}
		return a
	}
	for _, v := range s.DecisionList(t) {
		if v.Opened.IsZero() {
			continue
		}
		e := toPopolo(v, r)
		e.VoteEvent.Motion.CreatorID = actor(e.VoteEvent.Motion.CreatorID)
		for i := range e.Votes {
			if e.Votes[i].VoterID == string(board.Chairman) {
				e.Votes[i].VoterID = actor(e.Votes[i].VoterID)
			} else {
				e.Votes[i].VoterID = stateOrgID(board.StateCode(e.Votes[i].VoterID))
			}
		}
		doc.VoteEvents = append(doc.VoteEvents, popoloDocVoteEvent{popoloEvent: e.VoteEvent, Counts: e.Counts, Votes: e.Votes})
	}

	for _, id := range slices.Sorted(maps.Keys(persons)) {
		doc.Persons = append(doc.Persons, popoloPerson{ID: id, Name: persons[id]})
	}
	slices.SortFunc(doc.Organizations, func(a, b popoloOrganization) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(doc.Memberships, func(a, b popoloMembership) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortStableFunc(doc.VoteEvents, func(a, b popoloDocVoteEvent) int {
		return cmp.Or(cmp.Compare(a.StartDate, b.StartDate), cmp.Compare(a.ID, b.ID))
	})
	return doc
}

// headOfDelegation returns the membership of a State's head of delegation as of t, with the
// person's name in PersonID: the head it accredited last by t, or else the head its invitation
// named once the State joined. A State that is no longer a member, or not yet one, has none.
func headOfDelegation(m *board.Membership, v board.MemberView, t time.Time) (popoloMembership, bool) {
	if m == nil || v.Status == board.StatusFormer {
		return popoloMembership{}, false
	}
	out := popoloMembership{ID: "membership:head-of-delegation:" + stateOrgID(v.State), Role: "head of delegation",
		PostID: postHeadOfDelegation}
	var latest time.Time
	for _, rep := range m.Representatives {
		if rep.Role == "head" && rep.Approved && !t.Before(rep.Since) && !rep.Since.Before(latest) {
			latest, out.PersonID, out.StartDate = rep.Since, rep.Person, popoloDate(rep.Since)
		}
	}
	if out.PersonID != "" {
		return out, true
	}
	// A head the invitation named heads a delegation only once his State is a member.
	if v.Head == "" || v.Joined.IsZero() {
		return popoloMembership{}, false
	}
	out.PersonID, out.StartDate = v.Head, popoloDate(v.Joined)
	return out, true
}

// firstPast returns the earliest of the non-zero instants that are not after t, or zero.
func firstPast(t time.Time, instants ...time.Time) time.Time {
	var first time.Time
	for _, at := range instants {
		if !at.IsZero() && !t.Before(at) && (first.IsZero() || at.Before(first)) {
			first = at
		}
	}
	return first
}

func stateOrgID(code board.StateCode) string { return "state:" + string(code) }

// personID is a person's identifier: "person:" and the name lower-cased, its runs of anything
// but letters and digits made one hyphen. Letters outside ASCII are kept, so that two names
// that differ only by an accent are not made one person.
func personID(name string) string {
	var b strings.Builder
	b.WriteString("person:")
	hyphen := false
	for _, c := range strings.ToLower(name) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			if hyphen && b.Len() > len("person:") {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(c)
		} else {
			hyphen = true
		}
	}
	return b.String()
}

// popoloDate is a date as Popolo's schemas want it: ISO 8601 without a time, in UTC.
func popoloDate(t time.Time) string { return t.UTC().Format(time.DateOnly) }
