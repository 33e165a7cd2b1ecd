package web

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/peaceboard/peaceboard/board"
)

// TestEveryKindNamingADecisionIsIndexed: every kind of act whose body has a field naming a
// decision (a DecisionID, or a list of them) is in decisionFields under that field, so that the
// act shows in the decision's feed; and every kind decisionFields names exists and has the
// field. The approval of an agenda names its meeting, whose agenda names the decisions.
func TestEveryKindNamingADecisionIsIndexed(t *testing.T) {
	naming := map[reflect.Type]bool{reflect.TypeFor[board.DecisionID](): true, reflect.TypeFor[[]board.DecisionID](): true}
	byMeeting := map[board.Kind]bool{"approve-agenda": true}
	kinds := board.Kinds()
	for _, k := range kinds {
		body, _ := board.NewBody(k)
		bt := reflect.TypeOf(body).Elem()
		var fields []string
		for i := range bt.NumField() {
			f := bt.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if naming[f.Type] || byMeeting[k] && f.Type == reflect.TypeFor[board.MeetingID]() {
				fields = append(fields, name)
			}
		}
		switch want := decisionFields[k]; {
		case len(fields) > 1:
			t.Errorf("%s names decisions in several fields, %v, which decisionsConcerned does not read", k, fields)
		case len(fields) == 1 && fields[0] != want:
			t.Errorf("%s names a decision in %q; decisionFields has %q", k, fields[0], want)
		case len(fields) == 0 && want != "":
			t.Errorf("%s: decisionFields names the field %q, which its body lacks", k, want)
		}
	}
	for k := range decisionFields {
		if !slices.Contains(kinds, k) {
			t.Errorf("decisionFields names %q, which is no kind of act", k)
		}
	}
}
