package board_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

// sampleBodies has one body of each kind of act, with every field set.
var sampleBodies = []board.Body{
	&board.Invite{State: "KAZ", Head: "Kassym-Jomart Tokayev", Founding: true},
	&board.WithdrawInvitation{State: "CAN"},
	&board.Decline{},
	&board.Consent{Instrument: "signature", Place: "Davos"},
	&board.RenewTerm{State: "KAZ"},
	&board.Withdraw{},
	&board.ProposeRemoval{ID: "r1", State: "KAZ", Reason: "<breach> & \"quotes\", é"},
	&board.VetoRemoval{Removal: "r1"},
	&board.Dissolve{Reason: "mission accomplished"},
	&board.DesignateSuccessor{Person: "J. D. Vance"},
	&board.Resign{},
	&board.FindIncapacity{},
	&board.AppointExecutive{ID: "rubio", Person: "Marco Rubio"},
	&board.RenewExecutive{ID: "rubio"},
	&board.RemoveExecutive{ID: "rubio"},
	&board.CreateSubsidiary{ID: "gaza", Name: "Gaza Executive Board", Mandate: "Gaza", Members: []string{"Nickolay Mladenov", "Ali Shaath"}},
	&board.ModifySubsidiary{ID: "gaza", Name: "Gaza Board", Mandate: "Gaza strip", Members: []string{"Ali Shaath"}},
	&board.DissolveSubsidiary{ID: "gaza"},
	&board.Accredit{Person: "Pablo Quirno", Role: "alternate", State: "ARG"},
	&board.Establish{Rules: "id = \"x\"\n", Key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", Development: true},
	&board.RegisterKey{Actor: "state:KAZ", Key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", Development: true, Replaces: "0123456789abcdef"},
	&board.RevokeKey{Actor: "state:KAZ", KeyID: "0123456789abcdef"},
}

// sampleActor returns an actor of the first kind allowed to do acts of kind k.
func sampleActor(k board.Kind) board.ActorID {
	switch board.AllowedActors(k)[0] {
	case board.ActorState:
		return "state:KAZ"
	case board.ActorExecutive:
		return "executive:rubio"
	case board.ActorOrg:
		return "org:fifa"
	}
	return board.ActorID(board.AllowedActors(k)[0])
}

func TestCanonicalRoundTrip(t *testing.T) {
	bodies := map[board.Kind]board.Body{}
	for _, b := range sampleBodies {
		bodies[b.Kind()] = b
	}
	if got, want := slices.Sorted(maps.Keys(bodies)), board.Kinds(); !slices.Equal(got, want) {
		t.Fatalf("sample kinds %v, want every kind %v", got, want)
	}
	times := []time.Time{
		ts("2026-01-22T10:00:00Z"),
		ts("2026-01-22T10:00:00Z").Add(123456789 * time.Nanosecond),
		time.Date(2026, 1, 22, 11, 0, 0, 0, time.FixedZone("CET", 3600)), // the same instant as the first
	}
	for _, k := range board.Kinds() {
		t.Run(string(k), func(t *testing.T) {
			body := bodies[k]
			if nb, ok := board.NewBody(k); !ok || nb.Kind() != k {
				t.Errorf("NewBody(%s) = %v, %v; want an empty %s", k, nb, ok, k)
			}
			for _, at := range times {
				act := board.Act{At: at, By: sampleActor(k), Body: body}
				b, err := act.Canonical()
				if err != nil {
					t.Fatalf("Canonical: %v", err)
				}
				got, err := board.ParseCanonical(b)
				if err != nil {
					t.Fatalf("ParseCanonical(%s): %v", b, err)
				}
				if !got.At.Equal(at) || got.At.Location() != time.UTC || got.By != act.By || !reflect.DeepEqual(got.Body, body) {
					t.Errorf("ParseCanonical(%s) = %+v at %s, want %+v at %s (UTC)", b, got.Body, got.At, body, at)
				}
				again, err := got.Canonical()
				if err != nil || !bytes.Equal(again, b) {
					t.Errorf("canonical bytes after a round trip:\n got %s (%v)\nwant %s", again, err, b)
				}
			}
			// The sample sets every field the kind accepts, so all of them make the trip.
			b, _ := json.Marshal(body)
			var fields map[string]any
			if err := json.Unmarshal(b, &fields); err != nil {
				t.Fatal(err)
			}
			if got, want := slices.Sorted(maps.Keys(fields)), board.FieldNames(k); !slices.Equal(got, want) {
				t.Errorf("sample fields %v, want every field %v", got, want)
			}
		})
	}
	t.Run("the same instant in any zone has the same bytes", func(t *testing.T) {
		a, _ := board.Act{At: times[0], By: board.Chairman, Body: &board.Resign{}}.Canonical()
		b, _ := board.Act{At: times[2], By: board.Chairman, Body: &board.Resign{}}.Canonical()
		if !bytes.Equal(a, b) {
			t.Errorf("bytes differ by zone:\n%s\n%s", a, b)
		}
	})
}

// TestCanonicalRefusesNonCanonical: act format v2 has one form for one act (RFC 8785 and
// docs/signing.md); bytes in any other are refused as invalid, with a reason that says what is
// wrong.
func TestCanonicalRefusesNonCanonical(t *testing.T) {
	const canonical = `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"founding":true,"head":"A & B <x>","state":"KAZ"}}`
	got, err := board.Act{At: ts("2026-01-19T10:00:00Z"), By: board.Chairman, Body: &board.Invite{State: "KAZ", Head: "A & B <x>", Founding: true}}.Canonical()
	if err != nil || string(got) != canonical {
		t.Fatalf("Canonical = %s (%v), want %s", got, err, canonical)
	}
	if f := board.FormatOf(got); f != board.ActFormatV2 {
		t.Errorf("FormatOf(%s) = %v, want %v", got, f, board.ActFormatV2)
	}
	// The canonical forms the cases below spoil.
	for _, c := range []string{
		canonical,
		`{"act":"consent","at":"2026-01-19T10:00:00Z","by":"state:KAZ","fields":{"instrument":"signature"}}`,
		`{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"state":"CAN"}}`,
		`{"act":"resign","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{}}`,
		`{"act":"set-agenda","at":"2026-01-19T10:00:00Z","by":"executive:e1","fields":{"meeting":"m1","proposals":[]}}`,
	} {
		if _, err := board.ParseCanonical([]byte(c)); err != nil {
			t.Fatalf("ParseCanonical(%s): %v; want accepted", c, err)
		}
	}
	indented := new(bytes.Buffer)
	if err := json.Indent(indented, []byte(canonical), "", "  "); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, b, want string
	}{
		{"a space after a colon", `{"act": "invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"founding":true,"head":"A & B <x>","state":"KAZ"}}`, "at byte 7: whitespace"},
		{"a leading space", " " + canonical, "not an act"},
		{"a trailing newline", canonical + "\n", "data after the JSON value"},
		{"indented", indented.String(), "not an act"},
		{"members out of order", `{"act":"invite","by":"chairman","at":"2026-01-19T10:00:00Z","fields":{"founding":true,"head":"A & B <x>","state":"KAZ"}}`, `members out of order: "at" after "by"`},
		{"fields out of order (v1's struct order)", `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"state":"KAZ","head":"A & B <x>","founding":true}}`, `members out of order: "head" after "state"`},
		{"a member repeated", `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"founding":true,"head":"A & B <x>","state":"KAZ","state":"KAZ"}}`, `member "state" repeated`},
		{"an escaped ampersand (Go's HTML escaping)", `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"founding":true,"head":"A \u0026 B \u003cx\u003e","state":"KAZ"}}`, `unneeded escape \u0026`},
		{"an escaped solidus", `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"founding":true,"head":"A\/B","state":"KAZ"}}`, `unneeded escape \/`},
		{"a line feed as \\u000a", `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"founding":true,"head":"A\u000aB","state":"KAZ"}}`, `as \n`},
		{"an escape in upper case", `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"founding":true,"head":"A\u001FB","state":"KAZ"}}`, `upper case`},
		{"a number with a fraction", `{"act":"set-controls","at":"2026-01-19T10:00:00Z","by":"executive:e1","fields":{"thresholds":[{"above":"USD 1.00","approvals":2.0}]}}`, "fraction"},
		{"a number with a leading zero", `{"act":"set-controls","at":"2026-01-19T10:00:00Z","by":"executive:e1","fields":{"thresholds":[{"above":"USD 1.00","approvals":02}]}}`, "leading zero"},
		{"invalid UTF-8", "{\"act\":\"invite\",\"at\":\"2026-01-19T10:00:00Z\",\"by\":\"chairman\",\"fields\":{\"head\":\"\xff\",\"state\":\"KAZ\"}}", "not valid UTF-8"},
		{"a time with an offset", `{"act":"invite","at":"2026-01-19T11:00:00+01:00","by":"chairman","fields":{"state":"KAZ"}}`, `at is "2026-01-19T11:00:00+01:00", whose canonical form is "2026-01-19T10:00:00Z"`},
		{"a time with zero fractional seconds", `{"act":"invite","at":"2026-01-19T10:00:00.000Z","by":"chairman","fields":{"state":"KAZ"}}`, `whose canonical form is "2026-01-19T10:00:00Z"`},
		{"an empty optional field written out", `{"act":"consent","at":"2026-01-19T10:00:00Z","by":"state:KAZ","fields":{"instrument":"signature","place":""}}`, "fields.place is written empty"},
		{"a false optional field written out", `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"founding":false,"state":"CAN"}}`, "fields.founding is written empty"},
		{"a list written null", `{"act":"set-agenda","at":"2026-01-19T10:00:00Z","by":"executive:e1","fields":{"meeting":"m1","proposals":null}}`, "fields.proposals is null"},
		{"a decomposed accent (not NFC)", `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"head":"Viktor Orba\u0301n","state":"HUN"}}`, "unneeded escape"},
		{"a decomposed accent (not NFC), raw", "{\"act\":\"invite\",\"at\":\"2026-01-19T10:00:00Z\",\"by\":\"chairman\",\"fields\":{\"head\":\"Viktor Orba\u0301n\",\"state\":\"HUN\"}}", "head: text is not in Unicode normalization form C"},
		{"a carriage return", `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"head":"A\rB","state":"HUN"}}`, "control character U+000D"},
		{"an unknown field", `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"founding":true,"state":"KAZ","vote":"yes"}}`, `unknown field "vote"`},
		{"an unknown top-level field", `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{"state":"KAZ"},"sig":"x"}`, `unknown field "sig"`},
		{"an unknown kind", `{"act":"annex","at":"2026-01-19T10:00:00Z","by":"chairman","fields":{}}`, `unknown kind "annex"`},
		{"a malformed actor", `{"act":"invite","at":"2026-01-19T10:00:00Z","by":"Chairman","fields":{"state":"KAZ"}}`, "Chairman"},
		{"a date without a time", `{"act":"invite","at":"2026-01-19","by":"chairman","fields":{"state":"KAZ"}}`, "bad time"},
		{"null fields", `{"act":"resign","at":"2026-01-19T10:00:00Z","by":"chairman","fields":null}`, "fields is null"},
		{"not JSON", `invite KAZ`, "not an act"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := board.ParseCanonical([]byte(tt.b))
			if err == nil {
				t.Fatalf("ParseCanonical(%s) accepted; want refused", tt.b)
			}
			if got := board.ErrorKindOf(err); got != board.Invalid {
				t.Errorf("kind = %q, want %q (%v)", got, board.Invalid, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseCanonical(%s) = %v; want an error saying %s", tt.b, err, tt.want)
			}
		})
	}
}

// TestActFormatV1StillReads: records made before act format v2 hold v1 bytes (encoding/json's,
// with a fixed member order and HTML escaping), which still decode, in their one exact form.
func TestActFormatV1StillReads(t *testing.T) {
	const canonical = `{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"invite","fields":{"state":"KAZ","head":"A \u0026 B","founding":true}}`
	act := board.Act{At: ts("2026-01-19T10:00:00Z"), By: board.Chairman, Body: &board.Invite{State: "KAZ", Head: "A & B", Founding: true}}
	got, err := act.CanonicalV1()
	if err != nil || string(got) != canonical {
		t.Fatalf("CanonicalV1 = %s (%v), want %s", got, err, canonical)
	}
	if f := board.FormatOf(got); f != board.ActFormatV1 {
		t.Errorf("FormatOf(%s) = %v, want %v", got, f, board.ActFormatV1)
	}
	// The canonical forms the cases below spoil.
	for _, c := range []string{
		canonical,
		`{"at":"2026-01-19T10:00:00Z","by":"state:KAZ","act":"consent","fields":{"instrument":"signature"}}`,
		`{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"invite","fields":{"state":"CAN"}}`,
		`{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"resign","fields":{}}`,
	} {
		a, err := board.ParseCanonical([]byte(c))
		if err != nil {
			t.Fatalf("ParseCanonical(%s): %v; want accepted", c, err)
		}
		if again, err := a.CanonicalV1(); err != nil || string(again) != c {
			t.Errorf("CanonicalV1 of ParseCanonical(%s) = %s, %v", c, again, err)
		}
	}
	if a, err := board.ParseCanonical([]byte(canonical)); err != nil || !reflect.DeepEqual(a, act) {
		t.Errorf("ParseCanonical(%s) = %+v, %v; want %+v", canonical, a, err, act)
	}
	indented := new(bytes.Buffer)
	if err := json.Indent(indented, []byte(canonical), "", "  "); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		b    string
	}{
		{"a space after a colon", `{"at": "2026-01-19T10:00:00Z","by":"chairman","act":"invite","fields":{"state":"KAZ","head":"A \u0026 B","founding":true}}`},
		{"a leading space", " " + canonical},
		{"a trailing newline", canonical + "\n"},
		{"indented", indented.String()},
		{"reordered fields", `{"by":"chairman","at":"2026-01-19T10:00:00Z","act":"invite","fields":{"state":"KAZ","head":"A \u0026 B","founding":true}}`},
		{"reordered act fields", `{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"invite","fields":{"head":"A \u0026 B","state":"KAZ","founding":true}}`},
		{"an unescaped ampersand", `{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"invite","fields":{"state":"KAZ","head":"A & B","founding":true}}`},
		{"a time with an offset", `{"at":"2026-01-19T11:00:00+01:00","by":"chairman","act":"invite","fields":{"state":"KAZ","head":"A \u0026 B","founding":true}}`},
		{"a time with zero fractional seconds", `{"at":"2026-01-19T10:00:00.000Z","by":"chairman","act":"invite","fields":{"state":"KAZ","head":"A \u0026 B","founding":true}}`},
		{"an empty optional field written out", `{"at":"2026-01-19T10:00:00Z","by":"state:KAZ","act":"consent","fields":{"instrument":"signature","place":""}}`},
		{"a false optional field written out", `{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"invite","fields":{"state":"CAN","founding":false}}`},
		{"an unknown field", `{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"invite","fields":{"state":"KAZ","head":"A \u0026 B","founding":true,"vote":"yes"}}`},
		{"an unknown top-level field", `{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"invite","fields":{"state":"KAZ","head":"A \u0026 B","founding":true},"sig":"x"}`},
		{"an unknown kind", `{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"annex","fields":{}}`},
		{"a malformed actor", `{"at":"2026-01-19T10:00:00Z","by":"Chairman","act":"invite","fields":{"state":"KAZ","head":"A \u0026 B","founding":true}}`},
		{"a date without a time", `{"at":"2026-01-19","by":"chairman","act":"invite","fields":{"state":"KAZ","head":"A \u0026 B","founding":true}}`},
		{"null fields", `{"at":"2026-01-19T10:00:00Z","by":"chairman","act":"resign","fields":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := board.ParseCanonical([]byte(tt.b))
			if err == nil {
				t.Fatalf("ParseCanonical(%s) accepted; want refused", tt.b)
			}
			if got := board.ErrorKindOf(err); got != board.Invalid {
				t.Errorf("kind = %q, want %q (%v)", got, board.Invalid, err)
			}
		})
	}
}

// sampleEvents has one event of each type, with every field set.
var sampleEvents = []board.Event{
	&board.Invited{State: "KAZ", Head: "Kassym-Jomart Tokayev", Founding: true},
	&board.InvitationWithdrawn{State: "CAN"},
	&board.Declined{State: "FRA"},
	&board.Consented{State: "KAZ", Instrument: "signature", Place: "Davos"},
	&board.EnteredIntoForce{Consents: 3},
	&board.MembershipStarted{State: "KAZ", Start: ts("2026-01-22T10:00:00Z"), TermEnd: ts("2029-01-22")},
	&board.TermRenewed{State: "KAZ", TermEnd: ts("2032-01-22")},
	&board.Withdrew{State: "HUN", Effective: ts("2026-06-01T12:00:00.5Z")},
	&board.RemovalProposed{ID: "r1", State: "KAZ", Reason: "<breach> & é", Base: 9, Needed: 6, WindowEnd: ts("2026-03-31")},
	&board.RemovalVetoed{Removal: "r1", State: "QAT"},
	&board.RemovalBlocked{Removal: "r1", Vetoes: 6},
	&board.Dissolved{Reason: "mission accomplished"},
	&board.SuccessorDesignated{Person: "J. D. Vance"},
	&board.ChairmanReplaced{Former: "Donald J. Trump", Chairman: "J. D. Vance", Reason: "resignation"},
	&board.IncapacityFound{Executive: "rubio"},
	&board.ExecutiveAppointed{ID: "rubio", Person: "Marco Rubio", TermEnd: ts("2028-01-16")},
	&board.ExecutiveRenewed{ID: "rubio", TermEnd: ts("2030-01-16")},
	&board.ExecutiveRemoved{ID: "rubio"},
	&board.SubsidiaryCreated{ID: "gaza", Name: "Gaza Executive Board", Mandate: "Gaza", Members: []string{"Nickolay Mladenov"}},
	&board.SubsidiaryModified{ID: "gaza", Name: "Gaza Board", Mandate: "Gaza strip", Members: []string{"Ali Shaath"}},
	&board.SubsidiaryDissolved{ID: "gaza"},
	&board.Accredited{State: "ARG", Person: "Pablo Quirno", Role: "alternate", Approved: true},
	&board.Established{RulesID: "board-of-peace", RulesVersion: "1", RulesSHA256: "00ff"},
	&board.KeyRegistered{Actor: "state:KAZ", KeyID: "0123456789abcdef", Key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", Development: true},
	&board.KeyRevoked{Actor: "state:KAZ", KeyID: "0123456789abcdef"},
}

func TestEventsRoundTrip(t *testing.T) {
	var names []string
	for _, e := range sampleEvents {
		names = append(names, e.EventName())
	}
	if got, want := slices.Sorted(slices.Values(names)), board.EventNames(); !slices.Equal(got, want) {
		t.Fatalf("sample events %v, want every event %v", got, want)
	}
	tests := []struct {
		name   string
		events []board.Event
	}{
		{"every event", sampleEvents},
		{"one event", sampleEvents[:1]},
		{"no events", []board.Event{}},
		{"text JSON escapes", []board.Event{&board.Commented{Proposal: "p1", State: "FRA",
			Text: "<b>\"Ça & ça\"</b>\u2028\u2029 \\ é\tfin"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := board.EncodeEvents(tt.events)
			if err != nil {
				t.Fatalf("EncodeEvents: %v", err)
			}
			if want := marshalEvents(t, tt.events); !bytes.Equal(b, want) {
				t.Errorf("EncodeEvents differs from json.Marshal:\n got %s\nwant %s", b, want)
			}
			got, err := board.DecodeEvents(b)
			if err != nil {
				t.Fatalf("DecodeEvents(%s): %v", b, err)
			}
			if !reflect.DeepEqual(got, tt.events) {
				t.Errorf("DecodeEvents(EncodeEvents(x)) = %v, want %v", got, tt.events)
			}
			again, err := board.EncodeEvents(got)
			if err != nil || !bytes.Equal(again, b) {
				t.Errorf("bytes after a round trip:\n got %s (%v)\nwant %s", again, err, b)
			}
		})
	}
	for _, bad := range []string{`[{"event":"annexed","data":{}}]`, `[{"event":"invited","data":{"state":1}}]`, `{`} {
		t.Run("refuses "+bad, func(t *testing.T) {
			if got, err := board.DecodeEvents([]byte(bad)); err == nil {
				t.Errorf("DecodeEvents(%s) = %v; want an error", bad, got)
			}
		})
	}
}

func TestActsInTimeOrder(t *testing.T) {
	last := ts("2026-02-01T12:00:00Z")
	tests := []struct {
		name string
		at   time.Time
		kind board.ErrorKind
	}{
		{"the same instant as the last act is accepted", last, ""},
		{"a later act is accepted", last.Add(time.Nanosecond), ""},
		{"one nanosecond earlier is invalid", last.Add(-time.Nanosecond), board.Invalid},
		{"a day earlier is invalid", last.AddDate(0, 0, -1), board.Invalid},
		{"an act without a time is invalid", time.Time{}, board.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := founded(t, nil, 3)
			w.must(t, last, board.Chairman, &board.Invite{State: "SLV"})
			err := w.do(t, tt.at, board.Chairman, &board.Invite{State: "ISR"})
			if tt.kind == "" {
				if err != nil {
					t.Fatalf("%v; want accepted", err)
				}
				return
			}
			wantRefusal(t, err, tt.kind, "")
			if w.state.Acts != 7 || !w.state.Last.Equal(last) {
				t.Errorf("after a refusal: %d acts, last %s; want 7, %s", w.state.Acts, w.state.Last, last)
			}
		})
	}
}

func TestUnknownActorInvalid(t *testing.T) {
	for _, by := range []board.ActorID{"", "president", "Chairman", "state:kaz", "state:KAZA", "state:", "executive:Rubio", "executive:", "org:", "org:FIFA", "secretariat:x"} {
		t.Run(string(by), func(t *testing.T) {
			w := founded(t, nil, 3)
			wantRefusal(t, w.do(t, ts("2026-02-01"), by, &board.Invite{State: "SLV"}), board.Invalid, "")
		})
	}
	t.Run("an act without a body", func(t *testing.T) {
		w := newWorld(nil)
		_, err := board.Decide(w.state, w.rules, board.Act{At: eif, By: board.Chairman})
		wantRefusal(t, err, board.Invalid, "")
	})
}

// Decide reads the state and changes nothing; only Apply does.
func TestDecideIsPure(t *testing.T) {
	w := newWorld(nil)
	for _, c := range states[:3] {
		w.must(t, ts("2026-01-16"), board.Chairman, &board.Invite{State: c})
	}
	w.must(t, ts("2026-01-19"), "state:USA", consent)
	w.must(t, ts("2026-01-20"), "state:ARG", consent)
	third := board.Act{At: eif, By: "state:ARM", Body: consent}
	first, err := board.Decide(w.state, w.rules, third)
	if err != nil {
		t.Fatal(err)
	}
	second, err := board.Decide(w.state, w.rules, third)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := board.EncodeEvents(first)
	b, _ := board.EncodeEvents(second)
	if !bytes.Equal(a, b) {
		t.Errorf("the same act decided twice gave different events:\n%s\n%s", a, b)
	}
	if !w.state.InForce.IsZero() || w.state.Consents != 2 || w.state.Acts != 5 {
		t.Errorf("after Decide without Apply: in force %s, %d consents, %d acts; want none, 2, 5", w.state.InForce, w.state.Consents, w.state.Acts)
	}
	if v := w.member(t, "ARM", eif); v.Status != board.StatusInvited {
		t.Errorf("ARM status %q after Decide without Apply, want %q", v.Status, board.StatusInvited)
	}
}

// BenchmarkEncodeEvents encodes one of each event: what the writer does for every act, and
// verify again for every entry.
func BenchmarkEncodeEvents(b *testing.B) {
	for b.Loop() {
		if _, err := board.EncodeEvents(sampleEvents); err != nil {
			b.Fatal(err)
		}
	}
}
