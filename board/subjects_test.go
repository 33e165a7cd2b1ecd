package board

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestEveryKindNamingADecisionIsIndexed: every kind of act whose body has a field naming a
// decision (a DecisionID, or a list of them) is in decisionFields under that field, so that the
// act shows in the decision's feed; and every kind decisionFields names exists and has the
// field. The approval of an agenda names its meeting, whose agenda names the decisions.
func TestEveryKindNamingADecisionIsIndexed(t *testing.T) {
	naming := map[reflect.Type]bool{reflect.TypeFor[DecisionID](): true, reflect.TypeFor[[]DecisionID](): true}
	byMeeting := map[Kind]bool{"approve-agenda": true}
	kinds := Kinds()
	for _, k := range kinds {
		body, _ := NewBody(k)
		bt := reflect.TypeOf(body).Elem()
		var fields []string
		for i := range bt.NumField() {
			f := bt.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if naming[f.Type] || byMeeting[k] && f.Type == reflect.TypeFor[MeetingID]() {
				fields = append(fields, name)
			}
		}
		switch want := decisionFields[k]; {
		case len(fields) > 1:
			t.Errorf("%s names decisions in several fields, %v, which EntrySubjects does not read", k, fields)
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

// TestEveryKindNamingAStateIsIndexed: every kind of act whose body has a field naming a State
// (a StateCode) or an actor that may be one (an ActorID) is in stateFields under that field, so
// that the act shows on the State's page, or is listed here as one that does not.
func TestEveryKindNamingAStateIsIndexed(t *testing.T) {
	// The key acts name the key's holder; a State's page lists the acts the State signed, not
	// the keys registered for it.
	notShown := map[Kind]string{"register-key": "actor", "revoke-key": "actor"}
	naming := map[reflect.Type]bool{reflect.TypeFor[StateCode](): true, reflect.TypeFor[ActorID](): true}
	kinds := Kinds()
	for _, k := range kinds {
		body, _ := NewBody(k)
		bt := reflect.TypeOf(body).Elem()
		var fields []string
		for i := range bt.NumField() {
			f := bt.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case naming[f.Type]:
				fields = append(fields, name)
			case f.Type.Kind() == reflect.Slice && naming[f.Type.Elem()]:
				t.Errorf("%s: the field %q names several States, which EntrySubjects does not read", k, name)
			}
		}
		want := cmp.Or(stateFields[k], notShown[k])
		if len(fields) > 1 || len(fields) == 1 && fields[0] != want {
			t.Errorf("%s names a State in %v; stateFields has %q", k, fields, stateFields[k])
		}
		if len(fields) == 0 && want != "" {
			t.Errorf("%s: stateFields names the field %q, which its body lacks", k, want)
		}
	}
	for k := range stateFields {
		if !slices.Contains(kinds, k) {
			t.Errorf("stateFields names %q, which is no kind of act", k)
		}
	}
}

// TestEntrySubjects: an act concerns the State that signed it, the State it names and the
// decisions it names; the approval of an agenda, the decisions on it.
func TestEntrySubjects(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	agendas := func(id MeetingID) []DecisionID {
		if id == "m1" {
			return []DecisionID{"p1", "p2"}
		}
		return nil
	}
	for _, tc := range []struct {
		name string
		act  Act
		want []Subject
	}{
		{"a vote", Act{At: at, By: "state:KAZ", Body: &Vote{Proposal: "p1", Choice: "yes"}}, []Subject{"state:KAZ", "decision:p1"}},
		{"an invitation", Act{At: at, By: Chairman, Body: &Invite{State: "HUN"}}, []Subject{"state:HUN"}},
		{"a State's pledge", Act{At: at, By: "state:KAZ", Body: &Pledge{Contributor: "state:KAZ"}}, []Subject{"state:KAZ"}},
		{"an agenda approved", Act{At: at, By: Chairman, Body: &ApproveAgenda{Meeting: "m1"}}, []Subject{"decision:p1", "decision:p2"}},
		{"an agenda set", Act{At: at, By: ChiefExecutive, Body: &SetAgenda{Meeting: "m1", Proposals: []DecisionID{"p3"}}}, []Subject{"decision:p3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.act.Canonical()
			if err != nil {
				t.Fatal(err)
			}
			got := EntrySubjects(tc.act.By, tc.act.Body.Kind(), b, agendas)
			if !slices.Equal(got, tc.want) {
				t.Errorf("EntrySubjects = %v; want %v", got, tc.want)
			}
		})
	}
}
