package board

import (
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/charter"
)

// Mandates: the reports that a mandate in the rules file asks for (UN Security Council
// resolution 2803: a written progress report every six months), outside the charter.

func init() {
	// Reports to the body that gave a mandate are recorded by the secretariat, which keeps the
	// record and runs reports (SPEC §1); no rule of the charter names who sends them.
	register[*ReportMandate]("", ActorSecretariat)

	registerEvent[*MandateReported]()
}

// ReportMandate records a report sent under a mandate the rules file names (UN Security Council
// resolution 2803: a written progress report every six months).
type ReportMandate struct {
	Mandate string `json:"mandate"`
	Text    string `json:"text"`
}

func (*ReportMandate) Kind() Kind { return "report-mandate" }

// MandateReported records a report sent under a mandate of the rules file.
type MandateReported struct {
	Mandate string  `json:"mandate"`
	By      ActorID `json:"by"`
	Text    string  `json:"text"`
}

func (*MandateReported) EventName() string { return "mandate-reported" }

// A MandateReport is a report sent under a mandate of the rules file.
type MandateReport struct {
	Mandate string
	By      ActorID
	At      time.Time
	Text    string
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

func (e *MandateReported) apply(s *State, at time.Time) {
	s.MandateReports = append(s.MandateReports, MandateReport{Mandate: e.Mandate, By: e.By, At: at, Text: e.Text})
}
