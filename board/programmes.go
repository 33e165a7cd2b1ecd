package board

import (
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// Programmes (R19): a subsidiary entity's bodies of work, each with a budget, created by the
// Chairman and reported on by the entity.

func init() {
	register[*CreateProgramme]("R19", ActorChairman)
	register[*ReportProgress]("R19", ActorExecutive, ActorChiefExecutive)

	registerEvent[*ProgrammeCreated]()
	registerEvent[*ProgressReported]()
}

// CreateProgramme creates a programme of a subsidiary entity, with a budget (R19) and, if the
// Chairman gives them, its sectors, the countries it works in and its planned dates
// (programme_places.go), which the IATI export reports.
type CreateProgramme struct {
	ID         ProgrammeID    `json:"id"`
	Name       string         `json:"name"`
	Area       string         `json:"area,omitempty"`
	Subsidiary SubsidiaryID   `json:"subsidiary"`
	Budget     money.Amount   `json:"budget"`
	Sectors    []SectorShare  `json:"sectors,omitempty"`
	Countries  []CountryShare `json:"countries,omitempty"`
	Start      time.Time      `json:"start,omitzero"`
	End        time.Time      `json:"end,omitzero"`
}

// ReportProgress reports on a programme's progress (R19).
type ReportProgress struct {
	Programme ProgrammeID `json:"programme"`
	Text      string      `json:"text"`
}

func (*CreateProgramme) Kind() Kind { return "create-programme" }
func (*ReportProgress) Kind() Kind  { return "report-progress" }

// ProgrammeCreated records a new programme. The fields added for IATI (sectors, countries,
// planned dates) are left out when empty, so that a programme created without them has the
// event bytes it always had.
type ProgrammeCreated struct {
	ID         ProgrammeID    `json:"id"`
	Name       string         `json:"name"`
	Area       string         `json:"area,omitempty"`
	Subsidiary SubsidiaryID   `json:"subsidiary"`
	Budget     money.Amount   `json:"budget"`
	Sectors    []SectorShare  `json:"sectors,omitempty"`
	Countries  []CountryShare `json:"countries,omitempty"`
	Start      time.Time      `json:"start,omitzero"`
	End        time.Time      `json:"end,omitzero"`
}

// ProgressReported records a progress report on a programme.
type ProgressReported struct {
	Programme ProgrammeID `json:"programme"`
	By        ActorID     `json:"by"`
	Text      string      `json:"text"`
}

func (*ProgrammeCreated) EventName() string { return "programme-created" }
func (*ProgressReported) EventName() string { return "progress-reported" }

// A Programme is a body of work of a subsidiary entity, with a budget; money reaches it by
// allocation from a fund and leaves it by disbursement.
type Programme struct {
	ID         ProgrammeID
	Name, Area string
	Subsidiary SubsidiaryID
	Budget     money.Amount
	Sectors    []SectorShare
	Countries  []CountryShare
	Start, End time.Time // planned; zero when not given
	Created    time.Time
	Reports    []ProgressReport
}

// A ProgressReport is a report on a programme's progress.
type ProgressReport struct {
	By   ActorID
	At   time.Time
	Text string
}

// programme returns a programme, or NotFound.
func (d *decider) programme(id ProgrammeID) (*Programme, error) {
	p, ok := d.s.Treasury.Programmes[id]
	if !ok {
		return nil, Errorf(NotFound, "no programme %q", id)
	}
	return p, nil
}

// CreateProgramme: the Chairman creates a programme of a subsidiary entity (R19, R14), with a
// budget.
func (b *CreateProgramme) decide(d *decider) ([]Event, error) {
	if err := validSlug("id", string(b.ID)); err != nil {
		return nil, err
	}
	if _, dup := d.s.Treasury.Programmes[b.ID]; dup {
		return nil, conflict("R19", "programme %s already exists", b.ID)
	}
	if err := required("name", b.Name); err != nil {
		return nil, err
	}
	if err := d.activeSubsidiary(b.Subsidiary); err != nil {
		return nil, err
	}
	if err := positive("budget", b.Budget); err != nil {
		return nil, err
	}
	if err := checkPlaces(b.Sectors, b.Countries, b.Start, b.End); err != nil {
		return nil, err
	}
	return []Event{&ProgrammeCreated{ID: b.ID, Name: b.Name, Area: b.Area, Subsidiary: b.Subsidiary, Budget: b.Budget,
		Sectors: slices.Clone(b.Sectors), Countries: slices.Clone(b.Countries), Start: b.Start, End: b.End}}, nil
}

// ReportProgress: the programme's subsidiary entity reports on it (R19), through the chief
// executive or an Executive Board member who sits on that entity.
func (b *ReportProgress) decide(d *decider) ([]Event, error) {
	p, err := d.programme(b.Programme)
	if err != nil {
		return nil, err
	}
	if err := required("text", b.Text); err != nil {
		return nil, err
	}
	if x, ok := d.by.Executive(); ok {
		person := d.s.Executives[x].Person
		sub := d.s.Subsidiaries[p.Subsidiary]
		if !slices.Contains(sub.Members, person) {
			return nil, &Error{Kind: Forbidden, Rule: "R19", Msg: person + " does not sit on " + sub.Name + ", which runs programme " + string(p.ID) + "; its members or the chief executive report on it"}
		}
	}
	return []Event{&ProgressReported{Programme: p.ID, By: d.by, Text: b.Text}}, nil
}

func (e *ProgrammeCreated) apply(s *State, at time.Time) {
	s.Treasury.Programmes[e.ID] = &Programme{ID: e.ID, Name: e.Name, Area: e.Area, Subsidiary: e.Subsidiary, Budget: e.Budget,
		Sectors: slices.Clone(e.Sectors), Countries: slices.Clone(e.Countries), Start: e.Start, End: e.End, Created: at}
}

func (e *ProgressReported) apply(s *State, at time.Time) {
	p := s.Treasury.Programmes[e.Programme]
	p.Reports = append(p.Reports, ProgressReport{By: e.By, At: at, Text: e.Text})
}
