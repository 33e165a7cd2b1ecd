package board

import (
	"cmp"
	"maps"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// What an actor may do now: the acts a signing workspace offers its actor (issue 18). An act
// that names something already in the record (the proposal voted on, the removal vetoed, the
// invitation consented to) is offered once per such target, and only if the rules would accept
// it now: it is decided, with its target fixed and placeholder inputs, against the state,
// exactly as the writer would decide it, and nothing is recorded. Every other act the actor's
// kind may make (a pledge, a directive, a proposal) is offered once, without fields, and is
// decided when it is submitted.

// A Possible is one act an actor may make now.
type Possible struct {
	Kind Kind
	Rule string // the charter rule the act is made under, "" for the record's own acts
	// Fields are the fixed fields of a targeted act (the target), by their JSON names; empty
	// for an untargeted act.
	Fields map[string]string
	// Inputs are the fields the actor fills in, by their JSON names: for an untargeted act,
	// every field of the kind.
	Inputs []string
	// Options lists, for an input whose values are a closed list, the values the rules accept
	// here (a vote's choices, the proposals an agenda may hold).
	Options map[string][]string
	About   *About // what a targeted act is about; nil if nothing in particular
	// Targeted is true for an act offered because deciding it now, as it stands, would accept
	// it; false for one offered because the actor's kind may make it at all.
	Targeted bool
}

// About names what a targeted act is about, for a person choosing it.
type About struct {
	Kind  string // "proposal", "invitation", "membership", "removal", "meeting", "disbursement", "executive"
	ID    string
	Title string
}

// An offer is a kind of act that is offered per target: where to find its targets, and how to
// make the act for one of them with placeholder inputs, to decide it. Its fixed fields and its
// inputs together are every field of the kind (a test checks it).
type offer struct {
	kind    Kind
	inputs  []string
	options func(q *possibleQuery, t target) map[string][]string // nil: no closed list
	targets func(q *possibleQuery) []target
	trial   func(t target, options map[string][]string) Body
}

// A target is what one targeted act is about: its fixed fields and a description.
type target struct {
	fields map[string]string
	about  *About
}

// placeholder is the text a trial act carries where the actor writes free text: the rules ask
// only that such text be there, never what it says.
const placeholder = "…"

var choices = []string{string(ChoiceYes), string(ChoiceNo), string(ChoiceAbstain)}

// offers are the kinds offered per target. Every kind the catalogue knows and this list does
// not is offered untargeted, but for notOffered.
var offers = []offer{
	// Membership (R2, R4, R6, R7).
	{kind: "consent", inputs: []string{"instrument", "place"}, targets: ownInvitation,
		options: fixedOptions("instrument", "signature", "notification"),
		trial: func(_ target, o map[string][]string) Body {
			return &Consent{Instrument: o["instrument"][0], Place: placeholder}
		}},
	{kind: "decline", targets: ownInvitation, trial: func(target, map[string][]string) Body { return &Decline{} }},
	{kind: "withdraw", targets: ownMembership, trial: func(target, map[string][]string) Body { return &Withdraw{} }},
	{kind: "veto-removal", targets: pendingRemovals,
		trial: func(t target, _ map[string][]string) Body {
			return &VetoRemoval{Removal: RemovalID(t.fields["removal"])}
		}},
	{kind: "withdraw-invitation", targets: openInvitations,
		trial: func(t target, _ map[string][]string) Body {
			return &WithdrawInvitation{State: StateCode(t.fields["state"])}
		}},
	{kind: "renew-term", targets: members,
		trial: func(t target, _ map[string][]string) Body { return &RenewTerm{State: StateCode(t.fields["state"])} }},

	// Decisions (R10, R11, R12).
	{kind: "comment", inputs: []string{"text"}, targets: proposalsBeforeVote,
		trial: func(t target, _ map[string][]string) Body {
			return &Comment{Proposal: DecisionID(t.fields["proposal"]), Text: placeholder}
		}},
	{kind: "vote", inputs: []string{"choice", "explanation"}, targets: proposalsVoting,
		options: fixedOptions("choice", choices...),
		trial: func(t target, o map[string][]string) Body {
			return &Vote{Proposal: DecisionID(t.fields["proposal"]), Choice: Choice(o["choice"][0]), Explanation: placeholder}
		}},
	{kind: "open-vote", targets: proposalsOnAgenda,
		trial: func(t target, _ map[string][]string) Body {
			return &OpenVote{Proposal: DecisionID(t.fields["proposal"])}
		}},
	{kind: "close-vote", targets: proposalsVoting,
		trial: func(t target, _ map[string][]string) Body {
			return &CloseVote{Proposal: DecisionID(t.fields["proposal"])}
		}},
	{kind: "casting-vote", inputs: []string{"choice"}, targets: proposalsClosed,
		options: fixedOptions("choice", string(ChoiceYes), string(ChoiceNo)),
		trial: func(t target, o map[string][]string) Body {
			return &CastingVote{Proposal: DecisionID(t.fields["proposal"]), Choice: Choice(o["choice"][0])}
		}},
	{kind: "approve", inputs: []string{"reason"}, targets: proposalsClosed,
		trial: func(t target, _ map[string][]string) Body {
			return &Approve{Proposal: DecisionID(t.fields["proposal"])}
		}},
	{kind: "withhold-approval", inputs: []string{"reason"}, targets: proposalsClosed,
		trial: func(t target, _ map[string][]string) Body {
			return &WithholdApproval{Proposal: DecisionID(t.fields["proposal"]), Reason: placeholder}
		}},
	{kind: "set-agenda", inputs: []string{"proposals"}, targets: votingMeetings, options: agendaOptions,
		trial: func(t target, o map[string][]string) Body {
			return &SetAgenda{Meeting: MeetingID(t.fields["meeting"]), Proposals: ids[DecisionID](o["proposals"])}
		}},
	{kind: "approve-agenda", targets: votingMeetings,
		trial: func(t target, _ map[string][]string) Body {
			return &ApproveAgenda{Meeting: MeetingID(t.fields["meeting"])}
		}},
	{kind: "recommend", inputs: []string{"text"}, targets: reportingMeetings,
		trial: func(t target, _ map[string][]string) Body {
			return &Recommend{Meeting: MeetingID(t.fields["meeting"]), Text: placeholder}
		}},
	{kind: "report", inputs: []string{"text"}, targets: reportingMeetings,
		trial: func(t target, _ map[string][]string) Body {
			return &Report{Meeting: MeetingID(t.fields["meeting"]), Text: placeholder}
		}},

	// Offices (R16, R17).
	{kind: "renew-executive", targets: executives,
		trial: func(t target, _ map[string][]string) Body { return &RenewExecutive{ID: ExecutiveID(t.fields["id"])} }},
	{kind: "remove-executive", targets: executives,
		trial: func(t target, _ map[string][]string) Body { return &RemoveExecutive{ID: ExecutiveID(t.fields["id"])} }},
	{kind: "resign", targets: nothingInParticular, trial: func(target, map[string][]string) Body { return &Resign{} }},
	{kind: "find-incapacity", targets: nothingInParticular, trial: func(target, map[string][]string) Body { return &FindIncapacity{} }},
	{kind: "dissolve", inputs: []string{"reason"}, targets: nothingInParticular,
		trial: func(target, map[string][]string) Body { return &Dissolve{Reason: placeholder} }},

	// Treasury (R18).
	{kind: "approve-disbursement", targets: pendingDisbursements,
		trial: func(t target, _ map[string][]string) Body {
			return &ApproveDisbursement{Disbursement: DisbursementID(t.fields["disbursement"])}
		}},
}

// notOffered are kinds never offered: establish is a record's first act, made by init.
var notOffered = map[Kind]bool{"establish": true}

// PossibleActs returns what actor may do at t, as the rules say: first the targeted acts that
// deciding at t would accept, by kind and then target; then, by kind, every other act the
// actor's kind may make. It is pure and changes nothing: the acts are decided against a shallow
// copy of s, which Decide only reads. actor must be a known actor (CheckActor, and for an
// Executive Board member one ever appointed), or the error is Invalid. Nothing is possible after
// dissolution, nor for an Executive Board member who does not sit at t.
//
// t is normally now (at or after the last act). For an earlier t, s is a state as the engine
// gives views as of t (the latest ballots and comments grafted on): the trial acts are decided
// on the ballots and comments up to t, and with s's ledger, which can hold later receipts.
func PossibleActs(s *State, r *charter.Rules, actor ActorID, t time.Time) ([]Possible, error) {
	by, err := CheckActor(r, string(actor))
	if err != nil {
		return nil, err
	}
	if x, ok := by.Executive(); ok && s.Executives[x] == nil {
		return nil, Errorf(Invalid, "actor %q: no Executive Board member has the id %q", actor, x)
	}
	if s.mayAct(by, t) != nil {
		return nil, nil // dissolved, or an Executive Board member who no longer sits: nothing
	}
	q := &possibleQuery{s: trialState(s, t), r: r, by: by, at: t}
	var targeted, untargeted []Possible
	offered := map[Kind]bool{}
	for _, o := range offers {
		sp := catalogue[o.kind]
		if !slices.Contains(sp.by, by.Kind()) {
			continue
		}
		offered[o.kind] = true
		for _, tg := range o.targets(q) {
			var opts map[string][]string
			if o.options != nil {
				if opts = o.options(q, tg); opts == nil {
					continue
				}
			}
			if !q.accepts(o.trial(tg, opts)) {
				continue
			}
			targeted = append(targeted, Possible{Kind: o.kind, Rule: sp.rule, Fields: tg.fields, Inputs: slices.Clone(o.inputs),
				Options: opts, About: tg.about, Targeted: true})
		}
	}
	for _, k := range Kinds() {
		sp := catalogue[k]
		if offered[k] || notOffered[k] || !slices.Contains(sp.by, by.Kind()) {
			continue
		}
		untargeted = append(untargeted, Possible{Kind: k, Rule: sp.rule, Fields: map[string]string{}, Inputs: FieldNames(k)})
	}
	slices.SortStableFunc(targeted, func(a, b Possible) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.targetID(), b.targetID()))
	})
	return append(targeted, untargeted...), nil
}

func (p Possible) targetID() string {
	if p.About == nil {
		return ""
	}
	return p.About.ID
}

// trialState returns a state to decide trial acts at t on. Decide refuses an act earlier than
// the last one, and reads the ballots and comments, which a state the engine gives for an
// earlier instant holds up to its last act: the copy's are those up to t. The copy shares
// everything else with s, and Decide changes nothing.
func trialState(s *State, t time.Time) *State {
	c := *s
	if !t.Before(s.Last) {
		return &c
	}
	c.Last = t
	c.Decisions = make(map[DecisionID]*Decision, len(s.Decisions))
	for id, x := range s.Decisions {
		y := *x
		y.Ballots = upTo(x.Ballots, t, func(b Ballot) time.Time { return b.At })
		y.Comments = upTo(x.Comments, t, func(c Statement) time.Time { return c.At })
		c.Decisions[id] = &y
	}
	return &c
}

// A possibleQuery is one actor's question at one instant.
type possibleQuery struct {
	s  *State
	r  *charter.Rules
	by ActorID
	at time.Time
}

// accepts reports whether deciding body, by the actor at the instant, would accept it.
func (q *possibleQuery) accepts(body Body) bool {
	_, err := Decide(q.s, q.r, Act{At: q.at, By: q.by, Body: body})
	return err == nil
}

func (q *possibleQuery) stateName(code StateCode) string {
	if n := q.r.States.Codes.English(string(code)); n != "" {
		return n
	}
	return string(code)
}

func fixedOptions(input string, values ...string) func(*possibleQuery, target) map[string][]string {
	return func(*possibleQuery, target) map[string][]string {
		return map[string][]string{input: slices.Clone(values)}
	}
}

func ids[T ~string](s []string) []T {
	out := make([]T, len(s))
	for i, v := range s {
		out[i] = T(v)
	}
	return out
}

// The targets. Each lists candidates cheaply; deciding the trial act says which are open.

func ownInvitation(q *possibleQuery) []target {
	code, _ := q.by.State()
	if m, ok := q.s.States[code]; !ok || m.Invitation != InviteOpen {
		return nil
	}
	return []target{{fields: map[string]string{}, about: &About{Kind: "invitation", ID: string(code), Title: q.stateName(code)}}}
}

func ownMembership(q *possibleQuery) []target {
	code, _ := q.by.State()
	if !q.s.IsMemberAt(q.r, code, q.at) {
		return nil
	}
	return []target{{fields: map[string]string{}, about: &About{Kind: "membership", ID: string(code), Title: q.stateName(code)}}}
}

func pendingRemovals(q *possibleQuery) []target {
	var out []target
	for _, id := range slices.Sorted(maps.Keys(q.s.Removals)) {
		if rm := q.s.Removals[id]; rm.PendingAt(q.at) {
			out = append(out, target{fields: map[string]string{"removal": string(id)},
				about: &About{Kind: "removal", ID: string(id), Title: q.stateName(rm.State)}})
		}
	}
	return out
}

// states lists the States whose membership record keep says is worth a trial act.
func states(q *possibleQuery, kind string, field string, keep func(*Membership) bool) []target {
	var out []target
	for _, code := range slices.Sorted(maps.Keys(q.s.States)) {
		if keep(q.s.States[code]) {
			out = append(out, target{fields: map[string]string{field: string(code)},
				about: &About{Kind: kind, ID: string(code), Title: q.stateName(code)}})
		}
	}
	return out
}

func openInvitations(q *possibleQuery) []target {
	return states(q, "invitation", "state", func(m *Membership) bool { return m.Invitation == InviteOpen })
}

// members are the member States (R4: the Chairman renews their terms); deciding refuses a
// permanent seat's.
func members(q *possibleQuery) []target {
	return states(q, "membership", "state", func(m *Membership) bool { return q.s.IsMemberAt(q.r, m.State, q.at) })
}

// proposals lists the proposals (not directives) keep selects, by id.
func proposals(q *possibleQuery, keep func(*Decision) bool) []target {
	var out []target
	for _, id := range slices.Sorted(maps.Keys(q.s.Decisions)) {
		if x := q.s.Decisions[id]; !x.Directive && keep(x) {
			out = append(out, target{fields: map[string]string{"proposal": string(id)},
				about: &About{Kind: "proposal", ID: string(id), Title: x.Title}})
		}
	}
	return out
}

func proposalsBeforeVote(q *possibleQuery) []target {
	return proposals(q, func(x *Decision) bool { return x.Opened.IsZero() })
}

func proposalsOnAgenda(q *possibleQuery) []target {
	return proposals(q, func(x *Decision) bool { return x.Opened.IsZero() && x.Meeting != "" })
}

func proposalsVoting(q *possibleQuery) []target {
	return proposals(q, func(x *Decision) bool { return !x.Opened.IsZero() && x.Closed.IsZero() })
}

func proposalsClosed(q *possibleQuery) []target {
	return proposals(q, func(x *Decision) bool { return !x.Closed.IsZero() })
}

// meetings lists the meetings of a kind, by id; their title is their place and date.
func meetings(q *possibleQuery, kind MeetingKind) []target {
	var out []target
	for _, id := range slices.Sorted(maps.Keys(q.s.Meetings)) {
		if m := q.s.Meetings[id]; m.Kind == kind {
			out = append(out, target{fields: map[string]string{"meeting": string(id)},
				about: &About{Kind: "meeting", ID: string(id), Title: m.Place + ", " + date(m.Date)}})
		}
	}
	return out
}

func votingMeetings(q *possibleQuery) []target    { return meetings(q, MeetingVoting) }
func reportingMeetings(q *possibleQuery) []target { return meetings(q, MeetingReporting) }

// agendaOptions lists the proposals a meeting's agenda may hold now: each that setting an agenda
// of it alone would accept (R10: its comment period has run, its vote has not opened, no other
// coming meeting holds it). None: no agenda can be set.
func agendaOptions(q *possibleQuery, t target) map[string][]string {
	meeting := MeetingID(t.fields["meeting"])
	if m := q.s.Meetings[meeting]; !m.Approved.IsZero() {
		return nil
	}
	var ok []string
	for _, c := range proposals(q, func(x *Decision) bool { return x.Opened.IsZero() }) {
		id := DecisionID(c.fields["proposal"])
		if q.accepts(&SetAgenda{Meeting: meeting, Proposals: []DecisionID{id}}) {
			ok = append(ok, string(id))
		}
	}
	if len(ok) == 0 {
		return nil
	}
	return map[string][]string{"proposals": ok}
}

func executives(q *possibleQuery) []target {
	var out []target
	for _, id := range slices.Sorted(maps.Keys(q.s.Executives)) {
		e := q.s.Executives[id]
		out = append(out, target{fields: map[string]string{"id": string(id)},
			about: &About{Kind: "executive", ID: string(id), Title: e.Person}})
	}
	return out
}

func pendingDisbursements(q *possibleQuery) []target {
	var out []target
	for _, id := range slices.Sorted(maps.Keys(q.s.Treasury.Disbursements)) {
		if d := q.s.Treasury.Disbursements[id]; d.Status == DisbursementPending {
			out = append(out, target{fields: map[string]string{"disbursement": string(id)},
				about: &About{Kind: "disbursement", ID: string(id), Title: d.Purpose}})
		}
	}
	return out
}

// nothingInParticular is the one target of an act without fields (resign): deciding it says
// whether it is open.
func nothingInParticular(*possibleQuery) []target { return []target{{fields: map[string]string{}}} }
