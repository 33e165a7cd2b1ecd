package board_test

import (
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

func TestR10Convene(t *testing.T) {
	today := ts("2026-02-01T10:00:00Z")
	convene := func(kind board.MeetingKind, date time.Time, place string) *board.Convene {
		return &board.Convene{ID: "m1", Type: kind, Date: date, Place: place}
	}
	tests := []struct {
		name string
		by   board.ActorID
		body *board.Convene
		kind board.ErrorKind
		rule string
	}{
		{"the Chairman convenes a voting meeting", board.Chairman, convene(board.MeetingVoting, meetingDate, "Washington"), "", ""},
		{"for later the same day", board.Chairman, convene(board.MeetingVoting, ts("2026-02-01T15:00:00Z"), "Washington"), "", ""},
		{"for earlier the same day", board.Chairman, convene(board.MeetingVoting, ts("2026-02-01"), "Washington"), "", ""},
		{"the chief executive convenes a reporting meeting", board.ChiefExecutive, convene(board.MeetingReporting, ts("2026-04-15"), "Cairo"), "", ""},
		{"the chief executive cannot convene a voting meeting", board.ChiefExecutive, convene(board.MeetingVoting, meetingDate, "Washington"), board.Forbidden, "R10"},
		{"the Chairman cannot set a reporting meeting", board.Chairman, convene(board.MeetingReporting, meetingDate, "Washington"), board.Forbidden, "R12"},
		{"a State cannot convene", "state:USA", convene(board.MeetingVoting, meetingDate, "Washington"), board.Forbidden, "R10"},
		{"an Executive Board member cannot convene", rubio, convene(board.MeetingReporting, meetingDate, "Washington"), board.Forbidden, "R10"},
		{"the day before today is refused", board.Chairman, convene(board.MeetingVoting, ts("2026-01-31T23:59:59Z"), "Washington"), board.Refused, "R10"},
		{"a reporting meeting in the past is refused under R12", board.ChiefExecutive, convene(board.MeetingReporting, ts("2026-01-31"), "Cairo"), board.Refused, "R12"},
		{"no place", board.Chairman, convene(board.MeetingVoting, meetingDate, ""), board.Invalid, ""},
		{"no date", board.Chairman, convene(board.MeetingVoting, time.Time{}, "Washington"), board.Invalid, ""},
		{"an unknown kind", board.Chairman, convene("plenary", meetingDate, "Washington"), board.Invalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, nil, 3)
			w.withExecutives(t, ts("2026-01-23"), "rubio")
			err := w.do(t, today, tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				if len(w.state.Meetings) != 0 {
					t.Errorf("after a refusal: %d meetings, want none", len(w.state.Meetings))
				}
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			list := w.asOf(today).MeetingList()
			if len(list) != 1 || list[0].ID != "m1" || list[0].Kind != tt.body.Type || !list[0].Date.Equal(tt.body.Date) ||
				list[0].Place != tt.body.Place || list[0].ConvenedBy != tt.by || !list[0].Convened.Equal(today) {
				t.Errorf("meetings %+v; want m1 as convened", list)
			}
		})
	}
	t.Run("a repeated id is a conflict", func(t *testing.T) {
		w := meetingWorld(t, nil, 3)
		wantRefusal(t, w.do(t, ts("2026-02-01"), board.Chairman, &board.Convene{ID: "washington", Type: board.MeetingVoting, Date: ts("2026-03-01"), Place: "Davos"}), board.Conflict, "R10")
	})
}

func TestR12ReportingMeeting(t *testing.T) {
	q1 := ts("2026-04-15")
	tests := []struct {
		name string
		at   time.Time
		by   board.ActorID
		body board.Body
		kind board.ErrorKind
		rule string
	}{
		{"a member State recommends before the meeting", ts("2026-04-01"), "state:ARG", &board.Recommend{Meeting: "q1", Text: "Publish the accounts."}, "", ""},
		{"a member State recommends at the meeting's last instant", q1.AddDate(0, 0, 1).Add(-time.Nanosecond), "state:ARG", &board.Recommend{Meeting: "q1", Text: "x"}, "", ""},
		{"the day after the meeting is too late", q1.AddDate(0, 0, 1), "state:ARG", &board.Recommend{Meeting: "q1", Text: "x"}, board.Refused, "R12"},
		{"a State that is not a member cannot recommend", ts("2026-04-01"), "state:FRA", &board.Recommend{Meeting: "q1", Text: "x"}, board.Refused, "R12"},
		{"recommendations go to reporting meetings", ts("2026-02-01"), "state:ARG", &board.Recommend{Meeting: "washington", Text: "x"}, board.Refused, "R12"},
		{"an empty recommendation", ts("2026-04-01"), "state:ARG", &board.Recommend{Meeting: "q1"}, board.Invalid, ""},
		{"the Executive Board reports at the meeting", q1.Add(10 * time.Hour), rubio, &board.Report{Meeting: "q1", Text: "First quarter."}, "", ""},
		{"or files its report later", q1.AddDate(0, 0, 3), rubio, &board.Report{Meeting: "q1", Text: "First quarter."}, "", ""},
		{"not before the meeting's day", q1.Add(-time.Nanosecond), rubio, &board.Report{Meeting: "q1", Text: "x"}, board.Refused, "R12"},
		{"reports go to reporting meetings", openAt, rubio, &board.Report{Meeting: "washington", Text: "x"}, board.Refused, "R12"},
		{"a State does not report", q1, "state:ARG", &board.Report{Meeting: "q1", Text: "x"}, board.Forbidden, "R12"},
		{"an unknown meeting", q1, rubio, &board.Report{Meeting: "q9", Text: "x"}, board.NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := meetingWorld(t, nil, 3)
			w.must(t, ts("2026-02-01"), board.ChiefExecutive, &board.Convene{ID: "q1", Type: board.MeetingReporting, Date: q1, Place: "Cairo"})
			err := w.do(t, tt.at, tt.by, tt.body)
			m := w.asOf(tt.at).MeetingList()[1]
			if m.ID != "q1" {
				t.Fatalf("second meeting %s, want q1", m.ID)
			}
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				if len(m.Recommendations)+len(m.Reports) != 0 {
					t.Errorf("after a refusal: %v, %v; want nothing recorded", m.Recommendations, m.Reports)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			got := append(m.Recommendations, m.Reports...)
			if len(got) != 1 || got[0].By != tt.by || !got[0].At.Equal(tt.at) {
				t.Errorf("recorded %+v; want one statement by %s at %s", got, tt.by, tt.at)
			}
			if _, isReport := tt.body.(*board.Report); isReport != (len(m.Reports) == 1) {
				t.Errorf("reports %v, recommendations %v: filed in the wrong list", m.Reports, m.Recommendations)
			}
		})
	}
}
