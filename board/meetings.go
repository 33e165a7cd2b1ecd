package board

import "time"

// Meetings (R10, R12): the Chairman convenes voting meetings; the chief executive sets the date
// and place of reporting meetings, where member States recommend and the Executive Board
// reports.

func init() {
	register[*Convene]("R10", ActorChairman, ActorChiefExecutive)
	register[*Recommend]("R12", ActorState)
	register[*Report]("R12", ActorExecutive)

	registerEvent[*MeetingConvened]()
	registerEvent[*Recommended]()
	registerEvent[*Reported]()
}

// MeetingKind says whether a meeting votes (R10) or only hears reports (R12).
type MeetingKind string

// The kinds of meeting.
const (
	MeetingVoting    MeetingKind = "voting"
	MeetingReporting MeetingKind = "reporting"
)

// meetingKinds are the kinds of meeting convene accepts (checkClosed) and the catalogue lists.
var meetingKinds = []MeetingKind{MeetingVoting, MeetingReporting}

// Values returns every kind of meeting, as written in acts.
func (MeetingKind) Values() []string { return names(meetingKinds) }

// Convene calls a meeting (R10, R12): a voting meeting by the Chairman, a reporting meeting by
// the chief executive, who sets its date and place.
type Convene struct {
	ID    MeetingID   `json:"id"`
	Type  MeetingKind `json:"kind"`
	Date  time.Time   `json:"date"`
	Place string      `json:"place"`
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

func (*Convene) Kind() Kind   { return "convene" }
func (*Recommend) Kind() Kind { return "recommend" }
func (*Report) Kind() Kind    { return "report" }

// MeetingConvened records a meeting called for Date at Place.
type MeetingConvened struct {
	ID    MeetingID   `json:"id"`
	Kind  MeetingKind `json:"kind"`
	Date  time.Time   `json:"date"`
	Place string      `json:"place"`
	By    ActorID     `json:"by"`
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

func (*MeetingConvened) EventName() string { return "meeting-convened" }
func (*Recommended) EventName() string     { return "recommended" }
func (*Reported) EventName() string        { return "reported" }

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

func (d *decider) meeting(id MeetingID) (*Meeting, error) {
	m, ok := d.s.Meetings[id]
	if !ok {
		return nil, Errorf(NotFound, "no meeting %q", id)
	}
	return m, nil
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

func (e *MeetingConvened) apply(s *State, at time.Time) {
	s.Meetings[e.ID] = &Meeting{ID: e.ID, Kind: e.Kind, Date: e.Date, Place: e.Place, Convened: at, ConvenedBy: e.By}
}

func (e *Recommended) apply(s *State, at time.Time) {
	m := s.Meetings[e.Meeting]
	m.Recommendations = append(m.Recommendations, Statement{By: StateActor(e.State), At: at, Text: e.Text})
}

func (e *Reported) apply(s *State, at time.Time) {
	m := s.Meetings[e.Meeting]
	m.Reports = append(m.Reports, Statement{By: e.By, At: at, Text: e.Text})
}
