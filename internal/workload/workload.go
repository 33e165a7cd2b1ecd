// Package workload makes the write load that benchmarks and "peaceboard bench" measure: a record
// where delegations are members and votes are open, and a realistic mix of signed acts on it
// (votes, comments, pledges, receipts), as a busy day of the organization would bring.
package workload

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/money"
)

// Start is the day the workload's setup begins; the measured acts all come nine days later, at
// one instant (equal times are in order, whatever order they arrive in), or at two (Plan.Split).
var Start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// At is the time of every measured act, or of the first half of them if the plan is split.
var At = Start.AddDate(0, 0, 9).Add(time.Hour)

// Later is the time of the second half of the measured acts of a split plan.
var Later = At.Add(time.Hour)

// MaxDelegations returns how many States the default rules know (their list of State codes).
func MaxDelegations() int { return len(charter.Default().States.Codes.Codes()) }

// Delegations returns the codes of n States, n at most MaxDelegations(): the first n of the
// default rules' list of State codes (ABW, AFG, AGO, ...).
func Delegations(n int) []board.StateCode {
	codes := make([]board.StateCode, n)
	for i, c := range charter.Default().States.Codes.Codes()[:n] {
		codes[i] = board.StateCode(c)
	}
	return codes
}

// A Plan is a workload: Count acts from the delegations, a quarter each of votes, comments,
// pledges and receipts.
type Plan struct {
	Count       int
	Delegations []board.StateCode
	// Split puts the second half of the acts (from Count/2 on) at Later, so that an as-of query
	// between At and Later asks about the middle of the record. They must be submitted once
	// every act of the first half is in: an act earlier than the last is refused.
	Split bool
}

// proposals returns how many proposals must be open to the vote for the plan's votes: each
// delegation votes once on each.
func (p Plan) proposals() int {
	votes := (p.Count + 3) / 4
	return max(1, (votes+len(p.Delegations)-1)/len(p.Delegations))
}

// Setup prepares a record (with a development keyring) for the plan: the delegations invited and
// members, an Executive Board member, a voting meeting with the proposals on its approved agenda
// and their votes open, and one more proposal open for comment. It returns the number of acts it
// submitted.
func (p Plan) Setup(ctx context.Context, e *engine.Engine) (int, error) {
	if len(p.Delegations) < 3 {
		return 0, fmt.Errorf("workload: at least 3 delegations (entry into force needs 3 consents)")
	}
	n := 0
	do := func(at time.Time, by board.ActorID, body board.Body) error {
		n++
		if _, err := e.SubmitDev(ctx, board.Act{At: at, By: by, Body: body}); err != nil {
			return fmt.Errorf("workload setup: %s by %s: %w", body.Kind(), by, err)
		}
		return nil
	}
	steps := []func() error{}
	for _, c := range p.Delegations {
		steps = append(steps,
			func() error { return do(Start, board.Chairman, &board.Invite{State: c}) },
			func() error {
				return do(Start, board.StateActor(c), &board.Consent{Instrument: "signature", Place: "Benchmark"})
			})
	}
	// The proposals go on the agendas of as many voting meetings on the same day as a list's
	// limit asks (board.LimitItems proposals each).
	meeting := Start.AddDate(0, 0, 9)
	var meetings []board.MeetingID
	for i := 0; i == 0 || i*board.LimitItems < p.proposals(); i++ {
		meetings = append(meetings, board.MeetingID(fmt.Sprintf("bench-%d", i+1)))
	}
	if len(meetings) == 1 {
		meetings[0] = "bench" // as the records of earlier releases have it
	}
	steps = append(steps, func() error {
		return do(Start, board.Chairman, &board.AppointExecutive{ID: "bench", Person: "Benchmark Member"})
	})
	for _, id := range meetings {
		steps = append(steps, func() error {
			return do(Start, board.Chairman, &board.Convene{ID: id, Type: board.MeetingVoting, Date: meeting, Place: "Benchmark"})
		})
	}
	steps = append(steps, func() error {
		return do(Start, board.Chairman, &board.Propose{ID: "comments", Type: board.KindOther, Title: "Open for comment"})
	})
	var agenda []board.DecisionID
	for i := range p.proposals() {
		id := board.DecisionID(fmt.Sprintf("p%d", i+1))
		agenda = append(agenda, id)
		steps = append(steps, func() error {
			return do(Start, board.Chairman, &board.Propose{ID: id, Type: board.KindInitiative, Title: fmt.Sprintf("Benchmark proposal %d", i+1)})
		})
	}
	for i, id := range meetings {
		part := agenda[i*board.LimitItems : min(len(agenda), (i+1)*board.LimitItems)]
		steps = append(steps,
			func() error {
				return do(Start.AddDate(0, 0, 8), "executive:bench", &board.SetAgenda{Meeting: id, Proposals: part})
			},
			func() error {
				return do(Start.AddDate(0, 0, 8), board.Chairman, &board.ApproveAgenda{Meeting: id})
			})
	}
	for _, id := range agenda {
		steps = append(steps, func() error { return do(meeting, board.Secretariat, &board.OpenVote{Proposal: id}) })
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return n, err
		}
	}
	return n, nil
}

// Sign returns the plan's acts, each distinct (the record holds an act once), signed with the
// engine's development keyring on every core.
func (p Plan) Sign(e *engine.Engine) ([]engine.SignedAct, error) {
	acts := make([]board.Act, p.Count)
	m := len(p.Delegations)
	votes := 0
	for i := range acts {
		d := p.Delegations[i%m]
		var by board.ActorID = board.StateActor(d)
		var body board.Body
		switch i % 4 {
		case 0:
			// Delegation d votes on proposal k: the (k*m + d)-th vote.
			body = &board.Vote{Proposal: board.DecisionID(fmt.Sprintf("p%d", votes/m+1)), Choice: board.ChoiceYes}
			by = board.StateActor(p.Delegations[votes%m])
			votes++
		case 1:
			body = &board.Comment{Proposal: "comments", Text: fmt.Sprintf("Comment %d: the delegation supports the reconstruction framework.", i)}
		case 2:
			body = &board.Pledge{ID: board.EntryID(fmt.Sprintf("bench-pledge-%d", i)), Amount: money.Amount{Currency: "USD", Minor: 100000}, Fund: "general"}
		case 3:
			by = board.Secretariat
			body = &board.Receive{ID: board.EntryID(fmt.Sprintf("bench-receipt-%d", i)), Contributor: board.StateActor(d), Amount: money.Amount{Currency: "USD", Minor: 100000},
				ValueDate: board.Day(At), Form: "cash", Fund: "general"}
		}
		at := At
		if p.Split && i >= p.Count/2 {
			at = Later
		}
		acts[i] = board.Act{At: at, By: by, Body: body}
	}
	return SignAll(e, acts)
}

// SignAll signs acts with the engine's development keyring, on every core.
func SignAll(e *engine.Engine, acts []board.Act) ([]engine.SignedAct, error) {
	signed := make([]engine.SignedAct, len(acts))
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			for i := w; i < len(acts); i += len(errs) {
				if signed[i], errs[w] = e.SignDev(acts[i]); errs[w] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return signed, nil
}
