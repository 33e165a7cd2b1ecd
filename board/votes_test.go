package board_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

func TestR10OpenVote(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, w *world)
		at    time.Time
		by    board.ActorID
		id    board.DecisionID
		kind  board.ErrorKind
		rule  string
	}{
		{"on the meeting's day", nil, openAt, board.Secretariat, "p1", "", ""},
		{"at the first instant of the meeting's day", nil, meetingDate, board.Secretariat, "p1", "", ""},
		{"a day later", nil, meetingDate.AddDate(0, 0, 1), board.Secretariat, "p1", "", ""},
		{"the last instant before the meeting's day", nil, meetingDate.Add(-time.Nanosecond), board.Secretariat, "p1", board.Refused, "R10"},
		{"the agenda is not approved", func(t *testing.T, w *world) {
			w.must(t, ts("2026-02-10"), rubio, &board.SetAgenda{Meeting: "washington", Proposals: []board.DecisionID{"p2"}})
		}, openAt, board.Secretariat, "p2", board.Refused, "R10"},
		{"a proposal on no agenda", nil, openAt, board.Secretariat, "p2", board.Refused, "R10"},
		{"twice", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
		}, openAt, board.Secretariat, "p1", board.Conflict, "R11"},
		{"by the Chairman", nil, openAt, board.Chairman, "p1", board.Forbidden, "R11"},
		{"by a State", nil, openAt, "state:USA", "p1", board.Forbidden, "R11"},
		{"an unknown proposal", nil, openAt, board.Secretariat, "p9", board.NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := meetingWorld(t, nil, 3)
			w.must(t, proposedAt, rubio, &board.Propose{ID: "p1", Type: board.KindBudget, Title: "Budget"})
			w.must(t, proposedAt, rubio, &board.Propose{ID: "p2", Type: board.KindBudget, Title: "Budget 2"})
			w.must(t, proposedAt, rubio, &board.Propose{ID: "p3", Type: board.KindBudget, Title: "Budget 3"})
			w.must(t, ts("2026-02-10"), board.Chairman, &board.Convene{ID: "other", Type: board.MeetingVoting, Date: meetingDate, Place: "Washington"})
			w.must(t, ts("2026-02-10"), rubio, &board.SetAgenda{Meeting: "other", Proposals: []board.DecisionID{"p1"}})
			w.must(t, ts("2026-02-10"), board.Chairman, &board.ApproveAgenda{Meeting: "other"})
			if tt.setup != nil {
				tt.setup(t, w)
			}
			err := w.do(t, tt.at, tt.by, &board.OpenVote{Proposal: tt.id})
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			v := w.wantDecision(t, tt.id, tt.at, board.DecisionVoting)
			if !v.Opened.Equal(tt.at) || !slices.Equal(v.Electorate, []board.StateCode{"ARG", "ARM", "USA"}) {
				t.Errorf("opened %s, electorate %v; want %s, the 3 members", v.Opened, v.Electorate, tt.at)
			}
		})
	}
	t.Run("the electorate is the members at the instant the vote opens", func(t *testing.T) {
		w := onAgenda(t, nil, 3, "p1")
		w.must(t, ts("2026-02-11"), board.Chairman, &board.Invite{State: "ISR"})
		w.must(t, openAt, "state:ISR", consent)           // joins at openAt: in
		w.must(t, openAt, "state:ARM", &board.Withdraw{}) // leaves at openAt: out
		w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
		w.must(t, openAt, board.Chairman, &board.Invite{State: "SLV"}) // invited after: out
		v := w.decision(t, "p1", openAt)
		if want := []board.StateCode{"ARG", "ISR", "USA"}; !slices.Equal(v.Electorate, want) {
			t.Errorf("electorate %v, want %v", v.Electorate, want)
		}
	})
}

func TestR11Vote(t *testing.T) {
	vote := func(c board.Choice) *board.Vote { return &board.Vote{Proposal: "p1", Choice: c} }
	tests := []struct {
		name  string
		setup func(t *testing.T, w *world)
		by    board.ActorID
		body  *board.Vote
		kind  board.ErrorKind
		rule  string
	}{
		{"a member State votes yes", nil, "state:USA", vote(board.ChoiceYes), "", ""},
		{"a member State votes no", nil, "state:USA", vote(board.ChoiceNo), "", ""},
		{"a member State abstains", nil, "state:USA", vote(board.ChoiceAbstain), "", ""},
		{"before open-vote", func(t *testing.T, w *world) {}, "state:USA", vote(board.ChoiceYes), board.Refused, "R11"},
		{"after close-vote", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
			w.must(t, openAt.Add(time.Minute), board.Secretariat, &board.CloseVote{Proposal: "p1"})
		}, "state:USA", vote(board.ChoiceYes), board.Refused, "R11"},
		{"by a State that is not a member", nil, "state:FRA", vote(board.ChoiceYes), board.Refused, "R11"},
		{"by an invited State that has not consented", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Chairman, &board.Invite{State: "SLV"})
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
		}, "state:SLV", vote(board.ChoiceYes), board.Refused, "R11"},
		{"by a State that joined after the vote opened", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Chairman, &board.Invite{State: "SLV"})
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
			w.must(t, openAt.Add(time.Second), "state:SLV", consent)
		}, "state:SLV", vote(board.ChoiceYes), board.Refused, "R11"},
		{"by a State that joined just before the vote opened", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Chairman, &board.Invite{State: "SLV"})
			w.must(t, openAt, "state:SLV", consent)
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
		}, "state:SLV", vote(board.ChoiceYes), "", ""},
		{"by a State that withdrew after the vote opened", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
			w.must(t, openAt.Add(time.Second), "state:USA", &board.Withdraw{})
		}, "state:USA", vote(board.ChoiceYes), board.Refused, "R11"},
		{"a second vote, the same", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
			w.must(t, openAt.Add(time.Second), "state:USA", vote(board.ChoiceYes))
		}, "state:USA", vote(board.ChoiceYes), board.Conflict, "R11"},
		{"a second vote, changed", func(t *testing.T, w *world) {
			w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
			w.must(t, openAt.Add(time.Second), "state:USA", vote(board.ChoiceYes))
		}, "state:USA", vote(board.ChoiceNo), board.Conflict, "R11"},
		{"by the Chairman", nil, board.Chairman, vote(board.ChoiceYes), board.Forbidden, "R11"},
		{"by an Executive Board member", nil, rubio, vote(board.ChoiceYes), board.Forbidden, "R11"},
		{"a choice that is not yes, no or abstain", nil, "state:USA", vote("maybe"), board.Invalid, ""},
		{"an unknown proposal", nil, "state:USA", &board.Vote{Proposal: "p9", Choice: board.ChoiceYes}, board.NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := onAgenda(t, nil, 3, "p1")
			if tt.setup == nil {
				w.must(t, openAt, board.Secretariat, &board.OpenVote{Proposal: "p1"})
			} else {
				tt.setup(t, w)
			}
			at := openAt.Add(time.Hour)
			before := w.decision(t, "p1", at)
			err := w.do(t, at, tt.by, tt.body)
			v := w.decision(t, "p1", at)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
				if len(v.Ballots) != len(before.Ballots) {
					t.Errorf("after a refusal: %d ballots, want %d", len(v.Ballots), len(before.Ballots))
				}
				return
			}
			if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			code, _ := tt.by.State()
			if got := v.Ballots[len(v.Ballots)-1]; got != (board.Ballot{State: code, Choice: tt.body.Choice, At: at}) {
				t.Errorf("last ballot %+v, want %s %s at %s", got, code, tt.body.Choice, at)
			}
		})
	}
}

func TestR11Tally(t *testing.T) {
	quorum := func(q string) *charter.Rules {
		return rulesWith(func(r *charter.Rules) { r.Decisions.Quorum = q })
	}
	tests := []struct {
		name          string
		rules         *charter.Rules
		votes         string // per State, in order: y, n, a, or - for not voting
		yes, no, abst int
		result        board.Result
		reason        string
		status        board.DecisionStatus
	}{
		{"a simple majority", nil, "y y y n a", 3, 1, 1, board.ResultMajority, "", board.DecisionMajority},
		{"abstentions are not voting: 1 yes against 4 abstentions passes", nil, "y a a a a", 1, 0, 4, board.ResultMajority, "", board.DecisionMajority},
		{"one more yes than no passes", nil, "y y y n n", 3, 2, 0, board.ResultMajority, "", board.DecisionMajority},
		{"more no than yes loses", nil, "y n n a -", 1, 2, 1, board.ResultRejected, "", board.DecisionRejected},
		{"a tie", nil, "y n y n a", 2, 2, 1, board.ResultTie, "", board.DecisionTie},
		{"0-0, all abstain: no majority, rejected", nil, "a a a a a", 0, 0, 5, board.ResultRejected, board.ReasonNoVotes, board.DecisionRejected},
		{"no one voted: rejected", nil, "- - - - -", 0, 0, 0, board.ResultRejected, board.ReasonNoVotes, board.DecisionRejected},
		{"absent States do not count", nil, "y - - - -", 1, 0, 0, board.ResultMajority, "", board.DecisionMajority},
		{"quorum 2/3 of 5 is 4 present and voting: exactly 4", quorum("2/3"), "y y y n -", 3, 1, 0, board.ResultMajority, "", board.DecisionMajority},
		{"quorum 2/3 of 5: 3 present and voting is too few", quorum("2/3"), "y y y - -", 3, 0, 0, board.ResultRejected, board.ReasonNoQuorum, board.DecisionRejected},
		{"quorum: abstentions are not present and voting", quorum("1/2"), "y y a a a", 2, 0, 3, board.ResultRejected, board.ReasonNoQuorum, board.DecisionRejected},
		{"quorum 1/2 of 5 is 3: a tie of 2-2 is a tie", quorum("1/2"), "y y n n -", 2, 2, 0, board.ResultTie, "", board.DecisionTie},
		{"quorum none: one vote decides", quorum("none"), "n - - - -", 0, 1, 0, board.ResultRejected, "", board.DecisionRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := opened(t, tt.rules, 5, "p1")
			w.castVotes(t, "p1", choices(tt.votes)...)
			w.wantDecision(t, "p1", closeAt.Add(-time.Second), board.DecisionVoting)
			events := w.events(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
			c, ok := findEvent[*board.VoteClosed](events)
			if !ok {
				t.Fatalf("events %v: no vote-closed", events)
			}
			if c.Yes != tt.yes || c.No != tt.no || c.Abstain != tt.abst || c.Electorate != 5 || c.Result != tt.result || c.Reason != tt.reason {
				t.Errorf("tally %+v; want %d-%d-%d of 5, %s (%q)", c, tt.yes, tt.no, tt.abst, tt.result, tt.reason)
			}
			v := w.wantDecision(t, "p1", closeAt, tt.status)
			if v.Yes != tt.yes || v.No != tt.no || v.Abstain != tt.abst || v.Result != tt.result || v.ResultReason != tt.reason || v.Casting != "" {
				t.Errorf("view %d-%d-%d %s (%q), casting %q; want %d-%d-%d %s (%q), none",
					v.Yes, v.No, v.Abstain, v.Result, v.ResultReason, v.Casting, tt.yes, tt.no, tt.abst, tt.result, tt.reason)
			}
		})
	}
	t.Run("closing twice is a conflict", func(t *testing.T) {
		w := opened(t, nil, 3, "p1")
		w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
		wantRefusal(t, w.do(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"}), board.Conflict, "R11")
	})
	t.Run("closing before the vote opened is refused", func(t *testing.T) {
		w := onAgenda(t, nil, 3, "p1")
		wantRefusal(t, w.do(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"}), board.Refused, "R11")
	})
	t.Run("only the secretariat closes", func(t *testing.T) {
		w := opened(t, nil, 3, "p1")
		wantRefusal(t, w.do(t, closeAt, board.Chairman, &board.CloseVote{Proposal: "p1"}), board.Forbidden, "R11")
	})
	t.Run("the running count while voting", func(t *testing.T) {
		w := opened(t, nil, 5, "p1")
		w.castVotes(t, "p1", choices("y n a")...)
		v := w.wantDecision(t, "p1", openAt.Add(time.Hour), board.DecisionVoting)
		if v.Yes != 1 || v.No != 1 || v.Abstain != 1 || v.Result != "" {
			t.Errorf("while voting: %d-%d-%d, result %q; want 1-1-1 and none", v.Yes, v.No, v.Abstain, v.Result)
		}
	})
}

func TestR11CastingVote(t *testing.T) {
	casting := func(c board.Choice) *board.CastingVote { return &board.CastingVote{Proposal: "p1", Choice: c} }
	castAt := closeAt.Add(time.Hour)
	tests := []struct {
		name   string
		votes  string
		closed bool
		by     board.ActorID
		body   *board.CastingVote
		kind   board.ErrorKind
		rule   string
		status board.DecisionStatus // after the act
	}{
		{"a tie, then the casting vote yes: passed, awaiting approval", "y n y n", true, board.Chairman, casting(board.ChoiceYes), "", "", board.DecisionMajority},
		{"a tie, then the casting vote no: rejected", "y n y n", true, board.Chairman, casting(board.ChoiceNo), "", "", board.DecisionRejected},
		{"without a tie (a majority) it is refused", "y y n", true, board.Chairman, casting(board.ChoiceNo), board.Refused, "R11", board.DecisionMajority},
		{"without a tie (a defeat) it is refused", "y n n", true, board.Chairman, casting(board.ChoiceYes), board.Refused, "R11", board.DecisionRejected},
		{"0-0 is not a tie", "a a", true, board.Chairman, casting(board.ChoiceYes), board.Refused, "R11", board.DecisionRejected},
		{"before the vote closes it is refused", "y n", false, board.Chairman, casting(board.ChoiceYes), board.Refused, "R11", board.DecisionVoting},
		{"a casting vote does not abstain", "y n", true, board.Chairman, casting(board.ChoiceAbstain), board.Invalid, "", board.DecisionTie},
		{"only the Chairman casts it", "y n", true, "state:USA", casting(board.ChoiceYes), board.Forbidden, "R11", board.DecisionTie},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := opened(t, nil, 5, "p1")
			w.castVotes(t, "p1", choices(tt.votes)...)
			if tt.closed {
				w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
			}
			err := w.do(t, castAt, tt.by, tt.body)
			if tt.kind != "" {
				wantRefusal(t, err, tt.kind, tt.rule)
			} else if err != nil {
				t.Fatalf("%v; want accepted", err)
			}
			v := w.wantDecision(t, "p1", castAt, tt.status)
			yes, no := strings.Count(tt.votes, "y"), strings.Count(tt.votes, "n")
			if v.Yes != yes || v.No != no {
				t.Errorf("tally %d-%d; want %d-%d: the casting vote is not a State's", v.Yes, v.No, yes, no)
			}
			if tt.kind == "" && (v.Casting != tt.body.Choice || !v.CastingAt.Equal(castAt)) {
				t.Errorf("casting vote %q at %s; want %q at %s", v.Casting, v.CastingAt, tt.body.Choice, castAt)
			}
			if tt.kind != "" && v.Casting != "" {
				t.Errorf("casting vote %q recorded after a refusal", v.Casting)
			}
		})
	}
	t.Run("a second casting vote is a conflict", func(t *testing.T) {
		w := opened(t, nil, 3, "p1")
		w.castVotes(t, "p1", choices("y n")...)
		w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
		w.must(t, castAt, board.Chairman, casting(board.ChoiceNo))
		wantRefusal(t, w.do(t, castAt, board.Chairman, casting(board.ChoiceYes)), board.Conflict, "R11")
	})
	t.Run("then approval each way", func(t *testing.T) {
		for _, c := range []board.Choice{board.ChoiceYes, board.ChoiceNo} {
			w := opened(t, nil, 3, "p1")
			w.castVotes(t, "p1", choices("y n")...)
			w.must(t, closeAt, board.Secretariat, &board.CloseVote{Proposal: "p1"})
			w.must(t, castAt, board.Chairman, casting(c))
			err := w.do(t, castAt.Add(time.Hour), board.Chairman, &board.Approve{Proposal: "p1"})
			if c == board.ChoiceYes {
				if err != nil {
					t.Fatalf("approval after a casting yes: %v", err)
				}
				w.wantDecision(t, "p1", castAt.Add(time.Hour), board.DecisionAdopted)
			} else {
				wantRefusal(t, err, board.Refused, "R11")
			}
		}
	})
}

// TestR11ExplanationOfVote: a State may explain its vote; the explanation is kept with the vote
// and shown with it, and does not make a second vote possible.
func TestR11ExplanationOfVote(t *testing.T) {
	w := opened(t, nil, 3, "p1")
	why := "Nous votons pour, « sous réserve » de l'annexe <2> & du budget."
	w.must(t, openAt.Add(time.Minute), "state:USA", &board.Vote{Proposal: "p1", Choice: board.ChoiceYes, Explanation: why})
	w.must(t, openAt.Add(2*time.Minute), "state:ARG", &board.Vote{Proposal: "p1", Choice: board.ChoiceNo})
	v := w.decision(t, "p1", openAt.Add(time.Hour))
	if len(v.Ballots) != 2 || v.Ballots[0].Explanation != why || v.Ballots[1].Explanation != "" {
		t.Errorf("ballots %+v; want USA's with its explanation, ARG's without", v.Ballots)
	}
	// R11: one vote each, explained or not.
	err := w.do(t, openAt.Add(3*time.Minute), "state:USA", &board.Vote{Proposal: "p1", Choice: board.ChoiceYes, Explanation: "Again."})
	wantRefusal(t, err, board.Conflict, "R11")
	err = w.do(t, openAt.Add(3*time.Minute), "state:ARG", &board.Vote{Proposal: "p1", Choice: board.ChoiceNo, Explanation: "Why we voted no."})
	wantRefusal(t, err, board.Conflict, "R11")
}

// A vote without an explanation has the bytes it had before explanations existed, so that
// records made then verify, and an explanation over its limit is refused before anything else.
func TestVoteExplanationBytes(t *testing.T) {
	a := board.Act{At: ts("2026-02-19T15:01:00Z"), By: "state:USA", Body: &board.Vote{Proposal: "p1", Choice: board.ChoiceYes}}
	b, err := a.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	// Whatever the act format, an absent explanation is absent from the bytes.
	if strings.Contains(string(b), "explanation") || !strings.Contains(string(b), `"choice":"yes"`) {
		t.Errorf("canonical bytes %s: want the vote's fields, and no explanation", b)
	}
	long := board.Act{At: a.At, By: a.By, Body: &board.Vote{Proposal: "p1", Choice: board.ChoiceYes, Explanation: strings.Repeat("x", board.LimitNote+1)}}
	if err := board.CheckLimits(long); board.ErrorKindOf(err) != board.Invalid || !strings.Contains(err.Error(), "explanation") {
		t.Errorf("CheckLimits(an explanation of %d bytes) = %v; want invalid, naming explanation", board.LimitNote+1, err)
	}
}
