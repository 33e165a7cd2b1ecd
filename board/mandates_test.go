package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

func TestReportMandate(t *testing.T) {
	report := &board.ReportMandate{Mandate: "unsc-2803", Text: "Progress report."}
	tests := []struct {
		name string
		at   time.Time
		by   board.ActorID
		body *board.ReportMandate
		kind board.ErrorKind
	}{
		{"the secretariat records a report", ts("2026-05-10"), board.Secretariat, report, ""},
		{"on the mandate's last day", ts("2027-12-31T23:00:00Z"), board.Secretariat, report, ""},
		{"the day after the mandate ends", ts("2028-01-01"), board.Secretariat, report, board.Refused},
		{"an unknown mandate", ts("2026-05-10"), board.Secretariat, &board.ReportMandate{Mandate: "unsc-9999", Text: "x"}, board.NotFound},
		{"no text", ts("2026-05-10"), board.Secretariat, &board.ReportMandate{Mandate: "unsc-2803"}, board.Invalid},
		{"the Chairman does not record it", ts("2026-05-10"), board.Chairman, report, board.Forbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, nil, 3)
			err := w.do(t, tt.at, tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, "")
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			got := w.asOf(tt.at).MandateReports
			if len(got) != 1 || got[0] != (board.MandateReport{Mandate: "unsc-2803", By: tt.by, At: tt.at, Text: tt.body.Text}) {
				t.Errorf("reports %+v", got)
			}
		})
	}
}
