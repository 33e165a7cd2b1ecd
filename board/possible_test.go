package board_test

import (
	"bytes"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// possible returns what actor may do at at in w, checking what every answer must hold: the
// order (targeted first, by kind then target; then untargeted, by kind), each item's fields and
// inputs together are every field of its kind, and asking changed nothing in the state.
func (w *world) possible(t *testing.T, actor board.ActorID, at time.Time) []board.Possible {
	t.Helper()
	before := restored(t, w.state)
	list, err := board.PossibleActs(w.state, w.rules, actor, at)
	if err != nil {
		t.Fatalf("PossibleActs(%s, %s): %v", actor, at.Format(time.RFC3339), err)
	}
	if after := restored(t, w.state); !reflect.DeepEqual(before, after) {
		t.Errorf("PossibleActs(%s) changed the state", actor)
	}
	for i, p := range list {
		names := append(slices.Collect(maps.Keys(p.Fields)), p.Inputs...)
		slices.Sort(names)
		if want := board.FieldNames(p.Kind); !slices.Equal(names, want) {
			t.Errorf("%s: fields %v and inputs %v; want every field of the kind, %v", p.Kind, slices.Sorted(maps.Keys(p.Fields)), p.Inputs, want)
		}
		if i == 0 {
			continue
		}
		q := list[i-1]
		switch {
		case !q.Targeted && p.Targeted:
			t.Errorf("targeted %s after untargeted %s", p.Kind, q.Kind)
		case q.Targeted == p.Targeted && q.Kind > p.Kind:
			t.Errorf("%s after %s: want items by kind", p.Kind, q.Kind)
		case q.Targeted && p.Targeted && q.Kind == p.Kind && q.About.ID >= p.About.ID:
			t.Errorf("%s on %s after %s: want one item per target, by target", p.Kind, p.About.ID, q.About.ID)
		}
	}
	return list
}

// restored returns a deep copy of s, through a snapshot (whose bytes, gob's maps, vary).
func restored(t *testing.T, s *board.State) *board.State {
	t.Helper()
	b, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	c, err := board.RestoreState(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// targeted returns the targeted acts of list as "kind target" ("vote p1"; "resign" alone).
func targeted(list []board.Possible) []string {
	var out []string
	for _, p := range list {
		if !p.Targeted {
			continue
		}
		s := string(p.Kind)
		if p.About != nil {
			s += " " + p.About.ID
		}
		out = append(out, s)
	}
	return out
}

func untargeted(list []board.Possible) []string {
	var out []string
	for _, p := range list {
		if !p.Targeted {
			out = append(out, string(p.Kind))
		}
	}
	return out
}

// wantOffered checks that the targeted acts of what actor may do at at include every one of
// want and none of unwanted.
func (w *world) wantOffered(t *testing.T, actor board.ActorID, at time.Time, want, unwanted []string) {
	t.Helper()
	got := targeted(w.possible(t, actor, at))
	for _, s := range want {
		if !slices.Contains(got, s) {
			t.Errorf("%s at %s: %q not offered; offered %v", actor, at.Format(time.RFC3339), s, got)
		}
	}
	for _, s := range unwanted {
		if slices.Contains(got, s) {
			t.Errorf("%s at %s: %q offered; the rules refuse it", actor, at.Format(time.RFC3339), s)
		}
	}
}

func TestPossibleR2InvitedStatesConsentOrDecline(t *testing.T) {
	at := ts("2026-01-19T10:00:00Z")
	tests := []struct {
		name           string
		setup          func(t *testing.T, w *world)
		want, unwanted []string
	}{
		{"invited: consent or decline", nil, []string{"consent KAZ", "decline KAZ"}, []string{"withdraw KAZ"}},
		{"consented: neither again", func(t *testing.T, w *world) {
			w.must(t, at, "state:KAZ", consent)
		}, nil, []string{"consent KAZ", "decline KAZ"}},
		{"declined: needs a new invitation", func(t *testing.T, w *world) {
			w.must(t, at, "state:KAZ", &board.Decline{})
		}, nil, []string{"consent KAZ", "decline KAZ"}},
		{"invitation withdrawn: needs a new one", func(t *testing.T, w *world) {
			w.must(t, at, board.Chairman, &board.WithdrawInvitation{State: "KAZ"})
		}, nil, []string{"consent KAZ", "decline KAZ"}},
		{"invited again after declining", func(t *testing.T, w *world) {
			w.must(t, at, "state:KAZ", &board.Decline{})
			w.must(t, at, board.Chairman, &board.Invite{State: "KAZ"})
		}, []string{"consent KAZ", "decline KAZ"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(nil)
			w.must(t, at, board.Chairman, &board.Invite{State: "KAZ", Founding: true})
			if tt.setup != nil {
				tt.setup(t, w)
			}
			w.wantOffered(t, "state:KAZ", at, tt.want, tt.unwanted)
		})
	}
	t.Run("the consent's inputs and the instruments the rules accept", func(t *testing.T) {
		w := newWorld(nil)
		w.must(t, at, board.Chairman, &board.Invite{State: "KAZ"})
		list := w.possible(t, "state:KAZ", at)
		i := slices.IndexFunc(list, func(p board.Possible) bool { return p.Kind == "consent" })
		if i < 0 {
			t.Fatalf("no consent in %v", targeted(list))
		}
		p := list[i]
		if !slices.Equal(p.Inputs, []string{"instrument", "place"}) || !slices.Equal(p.Options["instrument"], []string{"signature", "notification"}) ||
			p.Rule != "R2" || p.About.Kind != "invitation" || p.About.Title != "Kazakhstan" || len(p.Fields) != 0 {
			t.Errorf("consent = %+v (about %+v); want inputs instrument and place, instruments signature and notification, R2, about Kazakhstan's invitation", p, p.About)
		}
		if got := w.possible(t, board.Chairman, at); !slices.Contains(targeted(got), "withdraw-invitation KAZ") {
			t.Errorf("the Chairman may not withdraw the open invitation; offered %v", targeted(got))
		}
	})
}

func TestPossibleR7VetoRemoval(t *testing.T) {
	w := founded(t, nil, 4)
	subject := states[3]
	w.must(t, removalAt, board.Chairman, &board.ProposeRemoval{ID: "r1", State: subject, Reason: "test"})
	late := states[4]
	w.join(t, removalAt.Add(time.Hour), late)
	at := removalAt.Add(2 * time.Hour)
	w.wantOffered(t, board.StateActor(states[0]), at, []string{"veto-removal r1"}, nil)
	// R7: the State concerned cannot veto its own removal; a State that joined after it was
	// proposed is not among those who may.
	w.wantOffered(t, board.StateActor(subject), at, nil, []string{"veto-removal r1"})
	w.wantOffered(t, board.StateActor(late), at, nil, []string{"veto-removal r1"})
	// One veto each.
	w.must(t, at, board.StateActor(states[0]), &board.VetoRemoval{Removal: "r1"})
	w.wantOffered(t, board.StateActor(states[0]), at, nil, []string{"veto-removal r1"})
	w.wantOffered(t, board.StateActor(states[1]), at, []string{"veto-removal r1"}, nil)
	// The window is half-open: closed on its end day.
	end := w.state.Removals["r1"].WindowEnd
	w.wantOffered(t, board.StateActor(states[1]), end.Add(-time.Second), []string{"veto-removal r1"}, nil)
	w.wantOffered(t, board.StateActor(states[1]), end, nil, []string{"veto-removal r1"})
}

func TestPossibleR10Comment(t *testing.T) {
	w := meetingWorld(t, nil, 3)
	w.must(t, proposedAt, rubio, &board.Propose{ID: "p1", Type: board.KindBudget, Title: "Budget"})
	w.must(t, proposedAt, board.Chairman, &board.Directive{ID: "d1", Title: "Rules of procedure"})
	list := w.possible(t, "state:USA", proposedAt)
	if got := targeted(list); !slices.Contains(got, "comment p1") || slices.Contains(got, "comment d1") {
		t.Errorf("offered %v; want a comment on the proposal, none on the directive (R15)", got)
	}
	i := slices.IndexFunc(list, func(p board.Possible) bool { return p.Kind == "comment" })
	if p := list[i]; p.Fields["proposal"] != "p1" || !slices.Equal(p.Inputs, []string{"text"}) || p.About.Title != "Budget" || p.Rule != "R10" {
		t.Errorf("comment = %+v about %+v; want proposal p1 fixed, text to write, about \"Budget\", R10", p, p.About)
	}
	// Only members comment; and only until the vote opens.
	w.must(t, proposedAt, board.Chairman, &board.Invite{State: "CAN"})
	w.wantOffered(t, "state:CAN", proposedAt, []string{"consent CAN"}, []string{"comment p1"})
	w.must(t, agendaAt, rubio, &board.SetAgenda{Meeting: "washington", Proposals: []board.DecisionID{"p1"}})
	w.must(t, agendaAt, board.Chairman, &board.ApproveAgenda{Meeting: "washington"})
	w.wantOffered(t, "state:USA", agendaAt, []string{"comment p1"}, nil)
	w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
	w.wantOffered(t, "state:USA", openAt, []string{"vote p1"}, []string{"comment p1"})
}

func TestPossibleR10Agenda(t *testing.T) {
	w := meetingWorld(t, nil, 3)
	w.must(t, proposedAt, rubio, &board.Propose{ID: "early", Type: board.KindBudget, Title: "Early"})
	w.must(t, agendaAt.Add(-time.Hour), rubio, &board.Propose{ID: "late", Type: board.KindBudget, Title: "Late"})
	// The comment period of "late" has not run: only "early" may go on the agenda.
	list := w.possible(t, rubio, agendaAt)
	i := slices.IndexFunc(list, func(p board.Possible) bool { return p.Kind == "set-agenda" })
	if i < 0 {
		t.Fatalf("no set-agenda for an Executive Board member; offered %v", targeted(list))
	}
	if p := list[i]; p.Fields["meeting"] != "washington" || !slices.Equal(p.Options["proposals"], []string{"early"}) {
		t.Errorf("set-agenda = %+v; want meeting washington, proposals [early] (R10: late's comment period runs)", p)
	}
	w.wantOffered(t, board.Chairman, agendaAt, nil, []string{"approve-agenda washington"})
	w.must(t, agendaAt, rubio, &board.SetAgenda{Meeting: "washington", Proposals: []board.DecisionID{"early"}})
	w.wantOffered(t, board.Chairman, agendaAt, []string{"approve-agenda washington"}, nil)
	w.wantOffered(t, board.Secretariat, agendaAt, nil, []string{"open-vote early"})
	w.must(t, agendaAt, board.Chairman, &board.ApproveAgenda{Meeting: "washington"})
	w.wantOffered(t, board.Chairman, agendaAt, nil, []string{"approve-agenda washington"})
	w.wantOffered(t, rubio, agendaAt, nil, []string{"set-agenda washington"})
	// R10: the vote opens on the meeting's day, not before.
	w.wantOffered(t, board.Secretariat, meetingDate.Add(-time.Second), nil, []string{"open-vote early"})
	w.wantOffered(t, board.Secretariat, meetingDate, []string{"open-vote early"}, nil)
}

func TestPossibleR11Vote(t *testing.T) {
	w := opened(t, nil, 3, "p1")
	usa := board.StateActor("USA")
	list := w.possible(t, usa, openAt)
	i := slices.IndexFunc(list, func(p board.Possible) bool { return p.Kind == "vote" })
	if i < 0 {
		t.Fatalf("no vote offered; offered %v", targeted(list))
	}
	if p := list[i]; p.Fields["proposal"] != "p1" || !slices.Equal(p.Inputs, []string{"choice", "explanation"}) ||
		!slices.Equal(p.Options["choice"], []string{"yes", "no", "abstain"}) || p.Rule != "R11" || p.About.Kind != "proposal" {
		t.Errorf("vote = %+v; want proposal p1 fixed, choice (yes, no, abstain) and explanation to give, R11", p)
	}
	// R11: the electorate is fixed when the vote opens: a State that joins later does not vote.
	w.join(t, openAt, "CAN")
	w.wantOffered(t, "state:CAN", openAt, nil, []string{"vote p1"})
	// One vote each.
	w.must(t, openAt.Add(time.Minute), usa, &board.Vote{Proposal: "p1", Choice: board.ChoiceYes})
	w.wantOffered(t, usa, openAt.Add(time.Minute), nil, []string{"vote p1"})
	w.wantOffered(t, "state:ARG", openAt.Add(time.Minute), []string{"vote p1"}, nil)
	// As of before the vote was cast, it is still to be cast (the state holds it, the instant
	// does not).
	w.wantOffered(t, usa, openAt.Add(time.Second), []string{"vote p1"}, nil)
	w.wantOffered(t, board.Secretariat, openAt.Add(time.Minute), []string{"close-vote p1"}, []string{"open-vote p1"})
	// A tie (1 yes, 1 no): the Chairman's casting vote, and no approval yet.
	w.must(t, openAt.Add(2*time.Minute), "state:ARG", &board.Vote{Proposal: "p1", Choice: board.ChoiceNo})
	w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
	w.wantOffered(t, "state:ARM", closeAt, nil, []string{"vote p1"})
	w.wantOffered(t, board.Chairman, closeAt, []string{"casting-vote p1"}, []string{"approve p1", "withhold-approval p1"})
	w.must(t, closeAt, board.Chairman, &board.CastingVote{Proposal: "p1", Choice: board.ChoiceYes})
	w.wantOffered(t, board.Chairman, closeAt, []string{"approve p1", "withhold-approval p1"}, []string{"casting-vote p1"})
	w.must(t, closeAt, board.Chairman, &board.Approve{Proposal: "p1"})
	w.wantOffered(t, board.Chairman, closeAt, nil, []string{"approve p1", "withhold-approval p1"})
}

func TestPossibleUntargeted(t *testing.T) {
	w := founded(t, nil, 3)
	list := w.possible(t, "state:USA", eif)
	if got, want := untargeted(list), []string{"accredit", "pledge", "register-key", "revoke-key"}; !slices.Equal(got, want) {
		t.Errorf("a member State's untargeted acts %v, want %v", got, want)
	}
	for _, p := range list {
		if !p.Targeted && (len(p.Fields) != 0 || p.About != nil || !slices.Equal(p.Inputs, board.FieldNames(p.Kind))) {
			t.Errorf("untargeted %s = %+v; want no fields, no target, every field an input", p.Kind, p)
		}
	}
	if got := targeted(list); !slices.Equal(got, []string{"withdraw USA"}) {
		t.Errorf("a member State with nothing before it: targeted %v, want [withdraw USA]", got)
	}
	if got := untargeted(w.possible(t, board.Secretariat, eif)); slices.Contains(got, "establish") || !slices.Contains(got, "receive") {
		t.Errorf("the secretariat's untargeted acts %v: want receive, never establish (the record's first act)", got)
	}
	// R20: the default rules do not know who dissolves: the Chairman is not offered it.
	if got := append(targeted(w.possible(t, board.Chairman, eif)), untargeted(w.possible(t, board.Chairman, eif))...); slices.Contains(got, "dissolve") {
		t.Errorf("the Chairman is offered dissolve under rules that refuse it (R20): %v", got)
	}
}

func TestPossibleActors(t *testing.T) {
	w := founded(t, nil, 3)
	w.withExecutives(t, eif, "rubio")
	for _, actor := range []board.ActorID{"state:ZZZ", "state:kaz", "nobody", "executive:nobody", ""} {
		if _, err := board.PossibleActs(w.state, w.rules, actor, eif); board.ErrorKindOf(err) != board.Invalid {
			t.Errorf("PossibleActs(%q): %v; want invalid", actor, err)
		}
	}
	// R17: an Executive Board member who no longer sits may do nothing.
	w.must(t, eif.Add(time.Hour), board.Chairman, &board.RemoveExecutive{ID: "rubio"})
	if got := w.possible(t, rubio, eif.Add(time.Hour)); len(got) != 0 {
		t.Errorf("a removed Executive Board member is offered %v; want nothing", got)
	}
	if got := w.possible(t, rubio, eif); len(got) == 0 {
		t.Errorf("a serving Executive Board member is offered nothing")
	}
	// R6: after dissolution, no one may do anything.
	r := rulesWith(func(r *charter.Rules) { r.Dissolution.By = "chairman" })
	d := founded(t, r, 3)
	d.wantOffered(t, board.Chairman, eif, []string{"dissolve"}, nil)
	d.must(t, eif, board.Chairman, &board.Dissolve{Reason: "test"})
	if got := d.possible(t, "state:USA", eif); len(got) != 0 {
		t.Errorf("after dissolution a State is offered %v; want nothing", got)
	}
}
