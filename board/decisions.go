package board

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// Decisions (SPEC §2 R9-R15, §4): meetings, agendas, proposals, one-State-one-vote, the
// Chairman's casting vote and approval, the Chairman's directives, reporting meetings, and the
// reports a mandate in the rules file asks for.
//
// The life of a proposal:
//
//	propose → (comments, for agenda.comment_period) → set-agenda → approve-agenda →
//	open-vote (on or after the meeting's day; fixes the electorate) → vote… → close-vote →
//	[casting-vote on a tie] → approve | withhold-approval
//
// A directive (R15) is a decision of the Chairman alone: no agenda, no vote, no approval. Proposals
// and directives share one space of identifiers, so that "decision ID" names either.

func init() {
	register[*Convene]("R10", ActorChairman, ActorChiefExecutive)
	register[*Propose]("R9", ActorExecutive, ActorChairman)
	register[*Comment]("R10", ActorState)
	register[*SetAgenda]("R10", ActorExecutive)
	register[*ApproveAgenda]("R10", ActorChairman)
	register[*OpenVote]("R11", ActorSecretariat)
	register[*Vote]("R11", ActorState)
	register[*CloseVote]("R11", ActorSecretariat)
	register[*CastingVote]("R11", ActorChairman)
	register[*Approve]("R11", ActorChairman)
	register[*WithholdApproval]("R11", ActorChairman)
	register[*Directive]("R15", ActorChairman)
	register[*Recommend]("R12", ActorState)
	register[*Report]("R12", ActorExecutive)
	// Reports to the body that gave a mandate are recorded by the secretariat, which keeps the
	// record and runs reports (SPEC §1); no rule of the charter names who sends them.
	register[*ReportMandate]("", ActorSecretariat)

	registerEvent[*MeetingConvened]()
	registerEvent[*Proposed]()
	registerEvent[*Commented]()
	registerEvent[*AgendaSet]()
	registerEvent[*AgendaApproved]()
	registerEvent[*VoteOpened]()
	registerEvent[*Voted]()
	registerEvent[*VoteClosed]()
	registerEvent[*CastingVoteCast]()
	registerEvent[*ApprovalGiven]()
	registerEvent[*ApprovalWithheld]()
	registerEvent[*DirectiveAdopted]()
	registerEvent[*Recommended]()
	registerEvent[*Reported]()
	registerEvent[*MandateReported]()
}

// Identifiers chosen by callers for meetings and decisions. A DecisionID names a proposal or a
// directive: both are decisions of the Board, and one id names one of them only.
type (
	MeetingID  string
	DecisionID string
)

// MeetingKind says whether a meeting votes (R10) or only hears reports (R12).
type MeetingKind string

// The kinds of meeting.
const (
	MeetingVoting    MeetingKind = "voting"
	MeetingReporting MeetingKind = "reporting"
)

// DecisionKind is what a decision is about: the subjects of plenary votes (R9), or a directive.
type DecisionKind string

// The kinds of decision. Directive is the Chairman's own (R15); the others are proposed.
const (
	KindBudget      DecisionKind = "budget"
	KindSubsidiary  DecisionKind = "subsidiary"
	KindAppointment DecisionKind = "appointment"
	KindAgreement   DecisionKind = "agreement"
	KindInitiative  DecisionKind = "initiative"
	KindOther       DecisionKind = "other"
	KindDirective   DecisionKind = "directive"
)

// proposalKinds are the kinds a proposal may have (R9).
var proposalKinds = []DecisionKind{KindBudget, KindSubsidiary, KindAppointment, KindAgreement, KindInitiative, KindOther}

// Choice is a vote: a member State's, or the Chairman's casting vote (yes or no only).
type Choice string

// The choices.
const (
	ChoiceYes     Choice = "yes"
	ChoiceNo      Choice = "no"
	ChoiceAbstain Choice = "abstain"
)

// Result is the outcome of a vote when it closes (R11).
type Result string

// The results of a vote.
const (
	ResultMajority Result = "majority" // more yes than no among the States present and voting
	ResultTie      Result = "tie"      // as many yes as no, at least one of each: the Chairman decides
	ResultRejected Result = "rejected" // more no than yes, no quorum, or no one voting
)

// Why a vote was rejected other than by a majority against it.
const (
	ReasonNoQuorum = "no-quorum" // fewer States present and voting than decisions.quorum asks
	ReasonNoVotes  = "no-votes"  // no State voted yes or no (all abstained, or none voted)
)

// The values of decisions.approval_default: what a majority left unapproved at
// decisions.approval_deadline becomes.
const (
	DefaultPending     = "pending"      // nothing: it waits for the Chairman
	DefaultApproved    = "approved"     // tacit approval: it is adopted
	DefaultNotApproved = "not-approved" // it lapses
)

// DecisionStatus is where a decision stands (SPEC §6.1).
type DecisionStatus string

// The decision statuses.
const (
	DecisionDraft       DecisionStatus = "draft"        // proposed, on no agenda
	DecisionOnAgenda    DecisionStatus = "on-agenda"    // on a voting meeting's agenda
	DecisionVoting      DecisionStatus = "voting"       // the vote is open
	DecisionMajority    DecisionStatus = "majority"     // passed, awaiting the Chairman's approval
	DecisionTie         DecisionStatus = "tie"          // tied, awaiting the Chairman's casting vote
	DecisionRejected    DecisionStatus = "rejected"     // lost
	DecisionAdopted     DecisionStatus = "adopted"      // passed and approved
	DecisionNotApproved DecisionStatus = "not-approved" // passed, but the Chairman withheld approval
	DecisionDirective   DecisionStatus = "directive"    // the Chairman's directive, without a vote (R15)
)

// Convene calls a meeting (R10, R12): a voting meeting by the Chairman, a reporting meeting by
// the chief executive, who sets its date and place.
type Convene struct {
	ID    MeetingID   `json:"id"`
	Type  MeetingKind `json:"kind"`
	Date  time.Time   `json:"date"`
	Place string      `json:"place"`
}

// Propose puts a proposal before the Board (R9), by an Executive Board member or the Chairman.
type Propose struct {
	ID    DecisionID   `json:"id"`
	Type  DecisionKind `json:"kind"`
	Title string       `json:"title"`
	Text  string       `json:"text,omitempty"`
}

// Comment is a member State's comment on a proposal, before it is put to the vote (R10).
type Comment struct {
	Proposal DecisionID `json:"proposal"`
	Text     string     `json:"text"`
}

// SetAgenda sets a voting meeting's agenda (R10), by the Executive Board, once the comment
// period has run for each proposal. Until the Chairman approves it, it may be set again.
type SetAgenda struct {
	Meeting   MeetingID    `json:"meeting"`
	Proposals []DecisionID `json:"proposals"`
}

// ApproveAgenda is the Chairman's approval of a meeting's agenda (R10).
type ApproveAgenda struct {
	Meeting MeetingID `json:"meeting"`
}

// OpenVote opens the vote on a proposal at its meeting (R11), and fixes the electorate: the
// member States at that instant.
type OpenVote struct {
	Proposal DecisionID `json:"proposal"`
}

// Vote is a member State's vote (R11): one each, not changed once cast.
type Vote struct {
	Proposal DecisionID `json:"proposal"`
	Choice   Choice     `json:"choice"`
}

// CloseVote closes the vote on a proposal and tallies it (R11).
type CloseVote struct {
	Proposal DecisionID `json:"proposal"`
}

// CastingVote is the Chairman's vote that breaks a tie (R11).
type CastingVote struct {
	Proposal DecisionID `json:"proposal"`
	Choice   Choice     `json:"choice"`
}

// Approve is the Chairman's approval of a decision that passed (R11). Reason is optional.
type Approve struct {
	Proposal DecisionID `json:"proposal"`
	Reason   string     `json:"reason,omitempty"`
}

// WithholdApproval is the Chairman's refusal to approve a decision that passed (R11), for a
// reason the record keeps.
type WithholdApproval struct {
	Proposal DecisionID `json:"proposal"`
	Reason   string     `json:"reason"`
}

// Directive is a resolution or directive the Chairman adopts on the Board's behalf, without a
// plenary vote (R15).
type Directive struct {
	ID    DecisionID `json:"id"`
	Title string     `json:"title"`
	Text  string     `json:"text,omitempty"`
}

// Recommend is a member State's recommendation to a reporting meeting (R12).
type Recommend struct {
	Meeting MeetingID `json:"meeting"`
	Text    string    `json:"text"`
}

// Report is the Executive Board's report to a reporting meeting (R12).
type Report struct {
	Meeting MeetingID `json:"meeting"`
	Text    string    `json:"text"`
}

// ReportMandate records a report sent under a mandate the rules file names (UN Security Council
// resolution 2803: a written progress report every six months).
type ReportMandate struct {
	Mandate string `json:"mandate"`
	Text    string `json:"text"`
}

func (*Convene) Kind() Kind          { return "convene" }
func (*Propose) Kind() Kind          { return "propose" }
func (*Comment) Kind() Kind          { return "comment" }
func (*SetAgenda) Kind() Kind        { return "set-agenda" }
func (*ApproveAgenda) Kind() Kind    { return "approve-agenda" }
func (*OpenVote) Kind() Kind         { return "open-vote" }
func (*Vote) Kind() Kind             { return "vote" }
func (*CloseVote) Kind() Kind        { return "close-vote" }
func (*CastingVote) Kind() Kind      { return "casting-vote" }
func (*Approve) Kind() Kind          { return "approve" }
func (*WithholdApproval) Kind() Kind { return "withhold-approval" }
func (*Directive) Kind() Kind        { return "directive" }
func (*Recommend) Kind() Kind        { return "recommend" }
func (*Report) Kind() Kind           { return "report" }
func (*ReportMandate) Kind() Kind    { return "report-mandate" }

// Events.

// MeetingConvened records a meeting called for Date at Place.
type MeetingConvened struct {
	ID    MeetingID   `json:"id"`
	Kind  MeetingKind `json:"kind"`
	Date  time.Time   `json:"date"`
	Place string      `json:"place"`
	By    ActorID     `json:"by"`
}

// Proposed records a proposal, and who made it.
type Proposed struct {
	ID    DecisionID   `json:"id"`
	Kind  DecisionKind `json:"kind"`
	Title string       `json:"title"`
	Text  string       `json:"text,omitempty"`
	By    ActorID      `json:"by"`
}

// Commented records a member State's comment on a proposal.
type Commented struct {
	Proposal DecisionID `json:"proposal"`
	State    StateCode  `json:"state"`
	Text     string     `json:"text"`
}

// AgendaSet records a meeting's agenda, replacing any agenda set before; By is the Executive
// Board member who set it.
type AgendaSet struct {
	Meeting   MeetingID    `json:"meeting"`
	Proposals []DecisionID `json:"proposals"`
	By        ActorID      `json:"by"`
}

// AgendaApproved records the Chairman's approval of a meeting's agenda.
type AgendaApproved struct {
	Meeting MeetingID `json:"meeting"`
}

// VoteOpened records that voting on a proposal opened, with its electorate: the member States
// at that instant, sorted.
type VoteOpened struct {
	Proposal   DecisionID  `json:"proposal"`
	Meeting    MeetingID   `json:"meeting"`
	Electorate []StateCode `json:"electorate"`
}

// Voted records a member State's vote.
type Voted struct {
	Proposal DecisionID `json:"proposal"`
	State    StateCode  `json:"state"`
	Choice   Choice     `json:"choice"`
}

// VoteClosed records the tally of a vote (R11). ApprovalDeadline, when the rules set one and the
// proposal passed, is the first instant at which ApprovalDefault applies.
type VoteClosed struct {
	Proposal         DecisionID `json:"proposal"`
	Yes              int        `json:"yes"`
	No               int        `json:"no"`
	Abstain          int        `json:"abstain"`
	Electorate       int        `json:"electorate"`
	QuorumNeeded     int        `json:"quorum_needed,omitempty"`
	Result           Result     `json:"result"`
	Reason           string     `json:"reason,omitempty"`
	ApprovalDeadline time.Time  `json:"approval_deadline,omitzero"`
	ApprovalDefault  string     `json:"approval_default,omitempty"`
}

// CastingVoteCast records the Chairman's casting vote on a tie; a yes passes the proposal, with
// the approval deadline that then starts, if any.
type CastingVoteCast struct {
	Proposal         DecisionID `json:"proposal"`
	Choice           Choice     `json:"choice"`
	ApprovalDeadline time.Time  `json:"approval_deadline,omitzero"`
	ApprovalDefault  string     `json:"approval_default,omitempty"`
}

// ApprovalGiven records the Chairman's approval of a decision: it is adopted.
type ApprovalGiven struct {
	Proposal DecisionID `json:"proposal"`
	Reason   string     `json:"reason,omitempty"`
}

// ActionWithheld records the Chairman's refusal to approve, and why.
type ApprovalWithheld struct {
	Proposal DecisionID `json:"proposal"`
	Reason   string     `json:"reason"`
}

// DirectiveAdopted records a directive of the Chairman.
type DirectiveAdopted struct {
	ID    DecisionID `json:"id"`
	Title string     `json:"title"`
	Text  string     `json:"text,omitempty"`
}

// Recommended records a member State's recommendation to a reporting meeting.
type Recommended struct {
	Meeting MeetingID `json:"meeting"`
	State   StateCode `json:"state"`
	Text    string    `json:"text"`
}

// Reported records the Executive Board's report to a reporting meeting.
type Reported struct {
	Meeting MeetingID `json:"meeting"`
	By      ActorID   `json:"by"`
	Text    string    `json:"text"`
}

// MandateReported records a report sent under a mandate of the rules file.
type MandateReported struct {
	Mandate string  `json:"mandate"`
	By      ActorID `json:"by"`
	Text    string  `json:"text"`
}

func (*MeetingConvened) EventName() string  { return "meeting-convened" }
func (*Proposed) EventName() string         { return "proposed" }
func (*Commented) EventName() string        { return "commented" }
func (*AgendaSet) EventName() string        { return "agenda-set" }
func (*AgendaApproved) EventName() string   { return "agenda-approved" }
func (*VoteOpened) EventName() string       { return "vote-opened" }
func (*Voted) EventName() string            { return "voted" }
func (*VoteClosed) EventName() string       { return "vote-closed" }
func (*CastingVoteCast) EventName() string  { return "casting-vote-cast" }
func (*ApprovalGiven) EventName() string    { return "approval-given" }
func (*ApprovalWithheld) EventName() string { return "approval-withheld" }
func (*DirectiveAdopted) EventName() string { return "directive-adopted" }
func (*Recommended) EventName() string      { return "recommended" }
func (*Reported) EventName() string         { return "reported" }
func (*MandateReported) EventName() string  { return "mandate-reported" }

// State.

// A Meeting is a meeting of the Board: a voting meeting (R10) or a reporting meeting (R12).
type Meeting struct {
	ID         MeetingID
	Kind       MeetingKind
	Date       time.Time // when it takes place; its day is what the rules compare
	Place      string
	Convened   time.Time
	ConvenedBy ActorID
	Agenda     []DecisionID // in the order set
	AgendaSet  time.Time    // zero until the Executive Board sets an agenda
	AgendaBy   ActorID
	Approved   time.Time // when the Chairman approved the agenda; zero until then
	// A reporting meeting's recommendations (by member States) and reports (by the Executive
	// Board), in the order made.
	Recommendations []Statement
	Reports         []Statement
}

// Day returns the day the meeting takes place, at 00:00 UTC.
func (m *Meeting) Day() time.Time { return Day(m.Date) }

// A Statement is something said for the record: a comment on a proposal, a recommendation or a
// report to a meeting.
type Statement struct {
	By   ActorID
	At   time.Time
	Text string
}

// A Ballot is one member State's vote.
type Ballot struct {
	State  StateCode
	Choice Choice
	At     time.Time
}

// A Decision is a proposal and everything that happened to it, or a directive.
type Decision struct {
	ID       DecisionID
	Kind     DecisionKind
	Title    string
	Text     string
	By       ActorID
	Proposed time.Time // when proposed; for a directive, when adopted
	Comments []Statement

	Meeting    MeetingID // the meeting whose agenda it is on; "" if none
	Opened     time.Time // when voting opened; zero until then
	Electorate []StateCode
	Ballots    []Ballot // in the order cast

	Closed time.Time // when voting closed; zero until then
	Tally  VoteClosed

	Casting   Choice // the Chairman's casting vote, if any
	CastingAt time.Time

	ApprovalDeadline time.Time // zero when the rules set none
	ApprovalDefault  string

	Approved  time.Time // the Chairman's approval; zero if none
	Withheld  time.Time // the Chairman's refusal; zero if none
	Reason    string    // the Chairman's reason, for an approval or a refusal
	Directive bool
}

// passed reports whether the vote was won: a majority, or a tie broken by a yes.
func (x *Decision) passed() bool {
	return !x.Closed.IsZero() && (x.Tally.Result == ResultMajority || x.Tally.Result == ResultTie && x.Casting == ChoiceYes)
}

// StatusAt returns the decision's status at t, which must not be before the events the decision
// holds. Only the approval deadline makes it change with time alone.
func (x *Decision) StatusAt(t time.Time) DecisionStatus {
	switch {
	case x.Directive:
		return DecisionDirective
	case !x.Approved.IsZero():
		return DecisionAdopted
	case !x.Withheld.IsZero():
		return DecisionNotApproved
	case x.Closed.IsZero() && !x.Opened.IsZero():
		return DecisionVoting
	case x.Closed.IsZero() && x.Meeting != "":
		return DecisionOnAgenda
	case x.Closed.IsZero():
		return DecisionDraft
	case x.Tally.Result == ResultTie && x.Casting == "":
		return DecisionTie
	case !x.passed():
		return DecisionRejected
	}
	if !x.ApprovalDeadline.IsZero() && !t.Before(x.ApprovalDeadline) {
		switch x.ApprovalDefault {
		case DefaultApproved:
			return DecisionAdopted
		case DefaultNotApproved:
			return DecisionNotApproved
		}
	}
	return DecisionMajority
}

// count returns the votes cast so far: member States only.
func (x *Decision) count() (yes, no, abstain int) { return countBallots(x.Ballots) }

// countBallots returns the yes votes, no votes and abstentions among ballots.
func countBallots(ballots []Ballot) (yes, no, abstain int) {
	for _, b := range ballots {
		switch b.Choice {
		case ChoiceYes:
			yes++
		case ChoiceNo:
			no++
		case ChoiceAbstain:
			abstain++
		}
	}
	return yes, no, abstain
}

// ballot returns code's vote, if it voted.
func (x *Decision) ballot(code StateCode) (Ballot, bool) {
	i := slices.IndexFunc(x.Ballots, func(b Ballot) bool { return b.State == code })
	if i < 0 {
		return Ballot{}, false
	}
	return x.Ballots[i], true
}

// A MandateReport is a report sent under a mandate of the rules file.
type MandateReport struct {
	Mandate string
	By      ActorID
	At      time.Time
	Text    string
}

// Deciding.

func (d *decider) decision(id DecisionID) (*Decision, error) {
	x, ok := d.s.Decisions[id]
	if !ok {
		return nil, Errorf(NotFound, "no proposal or directive %q", id)
	}
	return x, nil
}

// proposal returns the proposal id: a directive is never voted on (R15).
func (d *decider) proposal(id DecisionID) (*Decision, error) {
	x, err := d.decision(id)
	if err != nil {
		return nil, err
	}
	if x.Directive {
		return nil, refuse("R15", "%s is a directive of the Chairman, adopted without a vote: it has no agenda, vote or approval", id)
	}
	return x, nil
}

func (d *decider) meeting(id MeetingID) (*Meeting, error) {
	m, ok := d.s.Meetings[id]
	if !ok {
		return nil, Errorf(NotFound, "no meeting %q", id)
	}
	return m, nil
}

func (d *decider) newDecisionID(rule string, id DecisionID) error {
	if err := validSlug("id", string(id)); err != nil {
		return err
	}
	if x, dup := d.s.Decisions[id]; dup {
		what := "proposal"
		if x.Directive {
			what = "directive"
		}
		return conflict(rule, "a %s with id %s already exists (since %s); choose another id", what, id, date(x.Proposed))
	}
	return nil
}

// Convene: the Chairman calls voting meetings, at least once a year and whenever he decides
// (R10); the chief executive sets the date and place of reporting meetings (R12). A meeting is
// called for its day or a later one.
func (b *Convene) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	switch {
	case b.Type == MeetingVoting && d.by != Chairman:
		return nil, &Error{Kind: Forbidden, Rule: "R10", Msg: "the Chairman convenes voting meetings; " + string(d.by) + " cannot"}
	case b.Type == MeetingReporting && d.by != ChiefExecutive:
		return nil, &Error{Kind: Forbidden, Rule: "R12", Msg: "the chief executive sets the date and place of reporting meetings; " + string(d.by) + " cannot"}
	case b.Type != MeetingVoting && b.Type != MeetingReporting:
		return nil, Errorf(Invalid, "kind %q: want \"voting\" or \"reporting\"", b.Type)
	}
	rule := "R10"
	if b.Type == MeetingReporting {
		rule = "R12"
	}
	if b.Date.IsZero() {
		return nil, Errorf(Invalid, "date is required")
	}
	if err := required("place", b.Place); err != nil {
		return nil, err
	}
	if m, dup := d.s.Meetings[b.ID]; dup {
		return nil, conflict(rule, "meeting %s was already convened, for %s; choose another id", b.ID, date(m.Date))
	}
	if Day(b.Date).Before(Day(d.at)) {
		return nil, refuse(rule, "a meeting is convened before it takes place: %s is before today (%s)", date(b.Date), date(d.at))
	}
	return []Event{&MeetingConvened{ID: b.ID, Kind: b.Type, Date: b.Date.UTC(), Place: b.Place, By: d.by}}, nil
}

// Propose: an Executive Board member (any serving one, acting for the board) or the Chairman puts
// a proposal to the plenary (R9). A proposal about a subsidiary entity does not create one: the
// Chairman alone does that (R14, subsidiaries.created_by).
func (b *Propose) decide(d *decider) ([]Event, error) {
	if err := d.newDecisionID("R9", b.ID); err != nil {
		return nil, err
	}
	if !slices.Contains(proposalKinds, b.Type) {
		return nil, Errorf(Invalid, "kind %q: want one of %s", b.Type, kindList())
	}
	if err := required("title", b.Title); err != nil {
		return nil, err
	}
	return []Event{&Proposed{ID: b.ID, Kind: b.Type, Title: b.Title, Text: b.Text, By: d.by}}, nil
}

func kindList() string {
	names := make([]string, len(proposalKinds))
	for i, k := range proposalKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// Comment: members are given notice of proposals and may comment on them (R10) until the vote
// opens.
func (b *Comment) decide(d *decider) ([]Event, error) {
	if err := required("text", b.Text); err != nil {
		return nil, err
	}
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	code := d.self()
	if !d.s.IsMemberAt(d.r, code, d.at) {
		return nil, refuse("R10", "only member States comment on proposals; %s is not a member", code)
	}
	if !x.Opened.IsZero() {
		return nil, refuse("R10", "comments on %s closed when its vote opened, at %s", x.ID, stamp(x.Opened))
	}
	return []Event{&Commented{Proposal: x.ID, State: code, Text: b.Text}}, nil
}

// commentPeriodEnd returns the first instant at which x may go on an agenda: its comment period
// is the half-open window [day proposed, day proposed + agenda.comment_period).
func (d *decider) commentPeriodEnd(x *Decision) time.Time {
	return d.r.Agenda.CommentPeriod.After(Day(x.Proposed))
}

// SetAgenda: the Executive Board sets a voting meeting's agenda after members have had notice
// and the comment period (R10). It may set it again until the Chairman approves it.
func (b *SetAgenda) decide(d *decider) ([]Event, error) {
	m, err := d.meeting(b.Meeting)
	if err != nil {
		return nil, err
	}
	if len(b.Proposals) == 0 {
		return nil, Errorf(Invalid, "proposals: name at least one proposal")
	}
	if m.Kind != MeetingVoting {
		return nil, refuse("R12", "meeting %s is a reporting meeting: it does not vote, so it has no proposals on its agenda", m.ID)
	}
	if !m.Approved.IsZero() {
		return nil, conflict("R10", "the Chairman approved the agenda of meeting %s on %s; it can no longer be changed", m.ID, date(m.Approved))
	}
	seen := map[DecisionID]bool{}
	for _, id := range b.Proposals {
		if seen[id] {
			return nil, Errorf(Invalid, "proposals: %s is named twice", id)
		}
		seen[id] = true
		x, err := d.proposal(id)
		if err != nil {
			return nil, err
		}
		if !x.Opened.IsZero() {
			return nil, conflict("R10", "the vote on %s already opened, at %s", id, stamp(x.Opened))
		}
		if x.Meeting != "" && x.Meeting != m.ID {
			other := d.s.Meetings[x.Meeting]
			if !other.Day().Before(Day(d.at)) {
				return nil, conflict("R10", "%s is on the agenda of meeting %s (%s); that agenda must drop it first", id, other.ID, date(other.Date))
			}
			// The other meeting has passed without voting on it: it may go to a later one.
		}
		if end := d.commentPeriodEnd(x); d.at.Before(end) {
			return nil, refuse("R10", "members may comment on %s until the end of %s (a comment period of %s from %s); it can go on an agenda from %s",
				id, date(end.AddDate(0, 0, -1)), d.r.Agenda.CommentPeriod, date(x.Proposed), date(end))
		}
	}
	return []Event{&AgendaSet{Meeting: m.ID, Proposals: slices.Clone(b.Proposals), By: d.by}}, nil
}

// ApproveAgenda: the Chairman approves the agenda the Executive Board set (R10).
func (b *ApproveAgenda) decide(d *decider) ([]Event, error) {
	m, err := d.meeting(b.Meeting)
	if err != nil {
		return nil, err
	}
	switch {
	case m.AgendaSet.IsZero():
		return nil, refuse("R10", "the Executive Board has not set the agenda of meeting %s yet", m.ID)
	case !m.Approved.IsZero():
		return nil, conflict("R10", "the agenda of meeting %s was already approved on %s", m.ID, date(m.Approved))
	}
	return []Event{&AgendaApproved{Meeting: m.ID}}, nil
}

// OpenVote: a proposal is voted on at its meeting, on or after the meeting's day, once the
// Chairman approved the agenda (R10). The electorate is fixed now: the member States at this
// instant, one vote each (R11).
func (b *OpenVote) decide(d *decider) ([]Event, error) {
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	if !x.Opened.IsZero() {
		return nil, conflict("R11", "the vote on %s already opened, at %s", x.ID, stamp(x.Opened))
	}
	if x.Meeting == "" {
		return nil, refuse("R10", "%s is on no meeting's agenda; the Executive Board sets agendas", x.ID)
	}
	m := d.s.Meetings[x.Meeting]
	switch {
	case m.Approved.IsZero():
		return nil, refuse("R10", "the Chairman has not approved the agenda of meeting %s", m.ID)
	case Day(d.at).Before(m.Day()):
		return nil, refuse("R10", "meeting %s takes place on %s; the vote on %s cannot open before", m.ID, date(m.Date), x.ID)
	}
	var electorate []StateCode
	for _, code := range slices.Sorted(maps.Keys(d.s.States)) {
		if d.s.IsMemberAt(d.r, code, d.at) {
			electorate = append(electorate, code)
		}
	}
	if len(electorate) == 0 {
		return nil, refuse("R11", "there are no member States to vote")
	}
	return []Event{&VoteOpened{Proposal: x.ID, Meeting: m.ID, Electorate: electorate}}, nil
}

// Vote: one vote per member State (R11), from the States that were members when the vote
// opened, while it is open. A vote cannot be changed.
func (b *Vote) decide(d *decider) ([]Event, error) {
	if b.Choice != ChoiceYes && b.Choice != ChoiceNo && b.Choice != ChoiceAbstain {
		return nil, Errorf(Invalid, "choice %q: want \"yes\", \"no\" or \"abstain\"", b.Choice)
	}
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	code := d.self()
	switch {
	case x.Opened.IsZero():
		return nil, refuse("R11", "the vote on %s has not opened", x.ID)
	case !x.Closed.IsZero():
		return nil, refuse("R11", "the vote on %s closed at %s", x.ID, stamp(x.Closed))
	case !d.s.IsMemberAt(d.r, code, d.at):
		return nil, refuse("R11", "only member States vote; %s is not a member", code)
	case !slices.Contains(x.Electorate, code):
		return nil, refuse("R11", "%s was not a member when the vote on %s opened (%s); the States that vote are fixed then", code, x.ID, stamp(x.Opened))
	}
	if prior, ok := x.ballot(code); ok {
		return nil, conflict("R11", "%s already voted %s on %s, at %s; one vote per State, and it cannot be changed", code, prior.Choice, x.ID, stamp(prior.At))
	}
	return []Event{&Voted{Proposal: x.ID, State: code, Choice: b.Choice}}, nil
}

// CloseVote tallies the vote (R11): a simple majority of the member States present and voting,
// that is voting yes or no (abstentions are not "voting"). With decisions.quorum set, at least
// that fraction of the electorate must vote yes or no, or the proposal is rejected for want of a
// quorum. As many yes as no is a tie for the Chairman's casting vote, unless no one voted yes or
// no (all abstained, or no one voted): then there is no majority, and the proposal is rejected.
func (b *CloseVote) decide(d *decider) ([]Event, error) {
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	switch {
	case x.Opened.IsZero():
		return nil, refuse("R11", "the vote on %s has not opened", x.ID)
	case !x.Closed.IsZero():
		return nil, conflict("R11", "the vote on %s already closed, at %s", x.ID, stamp(x.Closed))
	}
	yes, no, abstain := x.count()
	e := &VoteClosed{Proposal: x.ID, Yes: yes, No: no, Abstain: abstain, Electorate: len(x.Electorate)}
	if q := d.r.Decisions.Quorum; q != "" && q != "none" {
		f, err := charter.ParseFraction(q)
		if err != nil {
			return nil, &Error{Kind: Internal, Msg: "decisions.quorum", Err: err}
		}
		e.QuorumNeeded = f.Of(len(x.Electorate))
	}
	switch {
	case yes+no < e.QuorumNeeded:
		e.Result, e.Reason = ResultRejected, ReasonNoQuorum
	case yes == 0 && no == 0:
		e.Result, e.Reason = ResultRejected, ReasonNoVotes
	case yes > no:
		e.Result = ResultMajority
	case yes == no:
		e.Result = ResultTie
	default:
		e.Result = ResultRejected
	}
	if e.Result == ResultMajority {
		if e.ApprovalDeadline, e.ApprovalDefault, err = d.approvalDeadline(); err != nil {
			return nil, err
		}
	}
	return []Event{e}, nil
}

// approvalDeadline returns when a decision that passes now must be approved by, under
// decisions.approval_deadline (zero for none), and what it becomes if it is not.
func (d *decider) approvalDeadline() (time.Time, string, error) {
	s := d.r.Decisions.ApprovalDeadline
	if s == "" || s == "none" {
		return time.Time{}, "", nil
	}
	p, err := charter.ParsePeriod(s)
	if err != nil {
		return time.Time{}, "", &Error{Kind: Internal, Msg: "decisions.approval_deadline", Err: err}
	}
	def := d.r.Decisions.ApprovalDefault
	if def == "" {
		def = DefaultPending
	}
	return p.After(Day(d.at)), def, nil
}

// CastingVote: the Chairman breaks a tie (R11), and only a tie. The casting vote is his, not a
// State's: it is kept apart from the tally.
func (b *CastingVote) decide(d *decider) ([]Event, error) {
	if b.Choice != ChoiceYes && b.Choice != ChoiceNo {
		return nil, Errorf(Invalid, "choice %q: a casting vote is \"yes\" or \"no\"", b.Choice)
	}
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	switch {
	case x.Casting != "":
		return nil, conflict("R11", "the Chairman already gave his casting vote on %s (%s), at %s", x.ID, x.Casting, stamp(x.CastingAt))
	case x.Closed.IsZero():
		return nil, refuse("R11", "the vote on %s has not closed; a casting vote breaks a tie in the tally", x.ID)
	case x.Tally.Result != ResultTie:
		return nil, refuse("R11", "the vote on %s is not tied (%d yes, %d no): the Chairman's casting vote only breaks a tie", x.ID, x.Tally.Yes, x.Tally.No)
	}
	e := &CastingVoteCast{Proposal: x.ID, Choice: b.Choice}
	if b.Choice == ChoiceYes {
		if e.ApprovalDeadline, e.ApprovalDefault, err = d.approvalDeadline(); err != nil {
			return nil, err
		}
	}
	return []Event{e}, nil
}

// awaitingApproval refuses unless x passed and waits for the Chairman's approval (R11).
func (d *decider) awaitingApproval(x *Decision) error {
	switch st := x.StatusAt(d.at); st {
	case DecisionMajority:
		return nil
	case DecisionDraft, DecisionOnAgenda:
		return refuse("R11", "%s has not been put to the vote; the Chairman approves a decision once the members have passed it", x.ID)
	case DecisionVoting:
		return refuse("R11", "the vote on %s is still open; the Chairman approves a decision once the members have passed it", x.ID)
	case DecisionTie:
		return refuse("R11", "%s is tied (%d yes, %d no); the Chairman must first break the tie with his casting vote", x.ID, x.Tally.Yes, x.Tally.No)
	case DecisionRejected:
		return refuse("R11", "%s was rejected (%s); a proposal that lost cannot be approved", x.ID, lostBecause(x))
	}
	switch {
	case !x.Approved.IsZero():
		return conflict("R11", "the Chairman already approved %s on %s", x.ID, date(x.Approved))
	case !x.Withheld.IsZero():
		return conflict("R11", "the Chairman already withheld approval of %s on %s", x.ID, date(x.Withheld))
	}
	return refuse("R11", "the approval deadline of %s passed on %s: it is %s by default (decisions.approval_default)", x.ID, date(x.ApprovalDeadline), x.ApprovalDefault)
}

// lostBecause says why x lost, for messages.
func lostBecause(x *Decision) string {
	t := x.Tally
	switch {
	case t.Reason == ReasonNoQuorum:
		return "no quorum: " + itoa(t.Yes+t.No) + " present and voting, " + itoa(t.QuorumNeeded) + " needed"
	case t.Reason == ReasonNoVotes:
		return "no State voted yes or no"
	case t.Result == ResultTie:
		return "a tie, broken by the Chairman's casting vote against"
	}
	return itoa(t.Yes) + " yes, " + itoa(t.No) + " no"
}

// Approve: every decision needs the Chairman's approval (R11).
func (b *Approve) decide(d *decider) ([]Event, error) {
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	if err := d.awaitingApproval(x); err != nil {
		return nil, err
	}
	return []Event{&ApprovalGiven{Proposal: x.ID, Reason: b.Reason}}, nil
}

// WithholdApproval: the Chairman may refuse to approve a decision (R11); he says why, and the
// record keeps it.
func (b *WithholdApproval) decide(d *decider) ([]Event, error) {
	if err := required("reason", b.Reason); err != nil {
		return nil, err
	}
	x, err := d.proposal(b.Proposal)
	if err != nil {
		return nil, err
	}
	if err := d.awaitingApproval(x); err != nil {
		return nil, err
	}
	return []Event{&ApprovalWithheld{Proposal: x.ID, Reason: b.Reason}}, nil
}

// Directive: the Chairman adopts resolutions or directives on the Board's behalf without a
// plenary vote (R15). The catalogue refuses anyone else.
func (b *Directive) decide(d *decider) ([]Event, error) {
	if err := d.newDecisionID("R15", b.ID); err != nil {
		return nil, err
	}
	if err := required("title", b.Title); err != nil {
		return nil, err
	}
	return []Event{&DirectiveAdopted{ID: b.ID, Title: b.Title, Text: b.Text}}, nil
}

// reportingMeeting returns a reporting meeting, refusing a voting one (R12).
func (d *decider) reportingMeeting(id MeetingID) (*Meeting, error) {
	m, err := d.meeting(id)
	if err != nil {
		return nil, err
	}
	if m.Kind != MeetingReporting {
		return nil, refuse("R12", "meeting %s is a voting meeting; recommendations and reports go to reporting meetings", m.ID)
	}
	return m, nil
}

// Recommend: member States may submit recommendations to a reporting meeting (R12), until the
// end of its day.
func (b *Recommend) decide(d *decider) ([]Event, error) {
	if err := required("text", b.Text); err != nil {
		return nil, err
	}
	m, err := d.reportingMeeting(b.Meeting)
	if err != nil {
		return nil, err
	}
	code := d.self()
	if !d.s.IsMemberAt(d.r, code, d.at) {
		return nil, refuse("R12", "only member States submit recommendations; %s is not a member", code)
	}
	if !d.at.Before(m.Day().AddDate(0, 0, 1)) {
		return nil, refuse("R12", "meeting %s took place on %s; recommendations are submitted up to the end of that day", m.ID, date(m.Date))
	}
	return []Event{&Recommended{Meeting: m.ID, State: code, Text: b.Text}}, nil
}

// Report: the Executive Board reports to a reporting meeting (R12), on the meeting's day or
// later (a report presented there may be filed afterwards), never before.
func (b *Report) decide(d *decider) ([]Event, error) {
	if err := required("text", b.Text); err != nil {
		return nil, err
	}
	m, err := d.reportingMeeting(b.Meeting)
	if err != nil {
		return nil, err
	}
	if Day(d.at).Before(m.Day()) {
		return nil, refuse("R12", "meeting %s takes place on %s; the Executive Board reports at the meeting, not before", m.ID, date(m.Date))
	}
	return []Event{&Reported{Meeting: m.ID, By: d.by, Text: b.Text}}, nil
}

// ReportMandate records a report under a mandate of the rules file, while the mandate runs:
// from its first day to its last ("until") inclusive.
func (b *ReportMandate) decide(d *decider) ([]Event, error) {
	if err := required("text", b.Text); err != nil {
		return nil, err
	}
	i := slices.IndexFunc(d.r.Mandates, func(m charter.Mandate) bool { return m.ID == b.Mandate })
	if i < 0 {
		return nil, Errorf(NotFound, "the rules file names no mandate %q", b.Mandate)
	}
	m := d.r.Mandates[i]
	if d.at.Before(m.From) || !d.at.Before(mandateEnd(m)) {
		return nil, refuse("", "mandate %s runs from %s to %s; a report under it is made while it runs", m.ID, date(m.From), date(m.Until))
	}
	return []Event{&MandateReported{Mandate: m.ID, By: d.by, Text: b.Text}}, nil
}

// mandateEnd is the first instant after a mandate: its "until" is its last day.
func mandateEnd(m charter.Mandate) time.Time { return Day(m.Until).AddDate(0, 0, 1) }

// Applying.

func (e *MeetingConvened) apply(s *State, at time.Time) {
	s.Meetings[e.ID] = &Meeting{ID: e.ID, Kind: e.Kind, Date: e.Date, Place: e.Place, Convened: at, ConvenedBy: e.By}
}

func (e *Proposed) apply(s *State, at time.Time) {
	s.Decisions[e.ID] = &Decision{ID: e.ID, Kind: e.Kind, Title: e.Title, Text: e.Text, By: e.By, Proposed: at}
}

func (e *Commented) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Comments = append(x.Comments, Statement{By: StateActor(e.State), At: at, Text: e.Text})
}

func (e *AgendaSet) apply(s *State, at time.Time) {
	m := s.Meetings[e.Meeting]
	for _, id := range m.Agenda {
		if x := s.Decisions[id]; x.Meeting == m.ID {
			x.Meeting = ""
		}
	}
	m.Agenda, m.AgendaSet, m.AgendaBy = slices.Clone(e.Proposals), at, e.By
	for _, id := range e.Proposals {
		s.Decisions[id].Meeting = m.ID
	}
}

func (e *AgendaApproved) apply(s *State, at time.Time) {
	s.Meetings[e.Meeting].Approved = at
}

func (e *VoteOpened) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Opened, x.Electorate = at, slices.Clone(e.Electorate)
}

func (e *Voted) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Ballots = append(x.Ballots, Ballot{State: e.State, Choice: e.Choice, At: at})
}

func (e *VoteClosed) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Closed, x.Tally = at, *e
	x.ApprovalDeadline, x.ApprovalDefault = e.ApprovalDeadline, e.ApprovalDefault
}

func (e *CastingVoteCast) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Casting, x.CastingAt = e.Choice, at
	x.ApprovalDeadline, x.ApprovalDefault = e.ApprovalDeadline, e.ApprovalDefault
}

func (e *ApprovalGiven) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Approved, x.Reason = at, e.Reason
}

func (e *ApprovalWithheld) apply(s *State, at time.Time) {
	x := s.Decisions[e.Proposal]
	x.Withheld, x.Reason = at, e.Reason
}

func (e *DirectiveAdopted) apply(s *State, at time.Time) {
	s.Decisions[e.ID] = &Decision{ID: e.ID, Kind: KindDirective, Title: e.Title, Text: e.Text, By: Chairman, Proposed: at, Directive: true}
}

func (e *Recommended) apply(s *State, at time.Time) {
	m := s.Meetings[e.Meeting]
	m.Recommendations = append(m.Recommendations, Statement{By: StateActor(e.State), At: at, Text: e.Text})
}

func (e *Reported) apply(s *State, at time.Time) {
	m := s.Meetings[e.Meeting]
	m.Reports = append(m.Reports, Statement{By: e.By, At: at, Text: e.Text})
}

func (e *MandateReported) apply(s *State, at time.Time) {
	s.MandateReports = append(s.MandateReports, MandateReport{Mandate: e.Mandate, By: e.By, At: at, Text: e.Text})
}

// Views.

// DecisionView is a decision as of an instant, with its whole history. It is a copy: it shares
// nothing with the State.
type DecisionView struct {
	ID     DecisionID
	Kind   DecisionKind
	Title  string
	Text   string
	Status DecisionStatus

	By       ActorID   // who proposed it (the Chairman, for a directive)
	Proposed time.Time // when proposed, or adopted for a directive
	Comments []Statement

	Meeting *Meeting // the meeting whose agenda it is on, nil if none (a copy)

	Opened     time.Time
	Closed     time.Time
	Electorate []StateCode
	Ballots    []Ballot // in the order cast
	// Yes, No and Abstain count member States' votes only, so far while the vote is open.
	Yes, No, Abstain int
	QuorumNeeded     int    // once closed, 0 without a quorum rule
	Result           Result // once closed
	ResultReason     string // ReasonNoQuorum, ReasonNoVotes or ""

	Casting   Choice // the Chairman's casting vote, "" if none
	CastingAt time.Time

	ApprovalDeadline time.Time // zero when none
	// Approval is the Chairman's action on a decision that passed: "approved", "withheld", or,
	// once the approval deadline passed, "approved-by-default" or "not-approved-by-default".
	// "" while there is none.
	Approval   string
	ApprovalAt time.Time
	Reason     string // the Chairman's reason
}

// The Chairman's actions on a decision that passed (DecisionView.Approval).
const (
	ActionApproved             = "approved"
	ActionWithheld             = "withheld"
	ActionApprovedByDefault    = "approved-by-default"
	ActionNotApprovedByDefault = "not-approved-by-default"
)

// DecisionList returns every proposal and directive as of t, in the order they were made.
func (s *State) DecisionList(t time.Time) []DecisionView {
	list := slices.SortedFunc(maps.Values(s.Decisions), func(a, b *Decision) int {
		return cmp.Or(a.Proposed.Compare(b.Proposed), cmp.Compare(a.ID, b.ID))
	})
	out := make([]DecisionView, 0, len(list))
	for _, x := range list {
		out = append(out, s.view(x, t))
	}
	return out
}

// Decision returns one proposal or directive as of t, or a NotFound error.
func (s *State) Decision(id DecisionID, t time.Time) (DecisionView, error) {
	x, ok := s.Decisions[id]
	if !ok {
		return DecisionView{}, Errorf(NotFound, "no proposal or directive %q", id)
	}
	return s.view(x, t), nil
}

// view returns x as of t. The comments and ballots made after t, which a state holding later
// acts has, are left out (AppendOnly).
func (s *State) view(x *Decision, t time.Time) DecisionView {
	comments := upTo(x.Comments, t, func(c Statement) time.Time { return c.At })
	ballots := upTo(x.Ballots, t, func(b Ballot) time.Time { return b.At })
	v := DecisionView{
		ID: x.ID, Kind: x.Kind, Title: x.Title, Text: x.Text, Status: x.StatusAt(t),
		By: x.By, Proposed: x.Proposed, Comments: slices.Clone(comments),
		Opened: x.Opened, Closed: x.Closed, Electorate: slices.Clone(x.Electorate), Ballots: slices.Clone(ballots),
		Casting: x.Casting, CastingAt: x.CastingAt, ApprovalDeadline: x.ApprovalDeadline, Reason: x.Reason,
	}
	if m, ok := s.Meetings[x.Meeting]; ok {
		v.Meeting = m.copy()
	}
	v.Yes, v.No, v.Abstain = countBallots(ballots)
	if !x.Closed.IsZero() {
		v.QuorumNeeded, v.Result, v.ResultReason = x.Tally.QuorumNeeded, x.Tally.Result, x.Tally.Reason
	}
	switch {
	case !x.Approved.IsZero():
		v.Approval, v.ApprovalAt = ActionApproved, x.Approved
	case !x.Withheld.IsZero():
		v.Approval, v.ApprovalAt = ActionWithheld, x.Withheld
	case v.Status == DecisionAdopted:
		v.Approval, v.ApprovalAt = ActionApprovedByDefault, x.ApprovalDeadline
	case v.Status == DecisionNotApproved:
		v.Approval, v.ApprovalAt = ActionNotApprovedByDefault, x.ApprovalDeadline
	}
	return v
}

// upTo returns the items of list, in order of time, at or before t; nil if there are none, as
// there were none then.
func upTo[T any](list []T, t time.Time, at func(T) time.Time) []T {
	n, _ := slices.BinarySearchFunc(list, t, func(x T, t time.Time) int {
		if at(x).After(t) {
			return 1
		}
		return -1
	})
	if n == 0 {
		return nil
	}
	return list[:n]
}

func (m *Meeting) copy() *Meeting {
	c := *m
	c.Agenda = slices.Clone(m.Agenda)
	c.Recommendations, c.Reports = slices.Clone(m.Recommendations), slices.Clone(m.Reports)
	return &c
}

// MeetingList returns every meeting convened, by date then id. The meetings are copies.
func (s *State) MeetingList() []*Meeting {
	list := slices.SortedFunc(maps.Values(s.Meetings), func(a, b *Meeting) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID))
	})
	for i, m := range list {
		list[i] = m.copy()
	}
	return list
}

// stamp formats an instant for messages, to the second.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func itoa(n int) string { return strconv.Itoa(n) }
