package board

import "time"

// The engine answers "as of an instant" before the last act by applying again, alone, the acts
// up to that instant that reshaped the state (ApplyReshaping, the positions in State.Reshapes)
// and grafting on the latest state's ballots, comments, programmes' progress reports and ledger,
// which the views filter by time (Grafted); AppendOnly says which acts did not reshape it.
//
// This is the engine's machinery, not a rule of the charter, but it lives in board, beside the
// events, for two reasons: ApplyReshaping applies events through their unexported apply methods
// (and a disbursement's Posted through applyToDisbursement), which no other package can call;
// and AppendOnly must name every event that only adds what views filter by time, so it changes
// whenever an event type does, in the same package and the same change.

// AppendOnly reports whether events only add what every view filters by the instant it is asked
// for: ballots and comments (by when they were cast or made) and ledger entries outside
// disbursements (by when they were recorded; a disbursement's entries also change its status).
// Votes, comments, pledges, receipts and their reversals make such events: a state that has
// them after an instant answers views as of that instant as the state of the acts up to it
// would. Any other event changes what views read without a time (a membership, an office, a
// meeting, a decision's status).
func AppendOnly(events []Event) bool {
	for _, e := range events {
		switch e := e.(type) {
		case *Voted, *Commented, *ProgressReported:
		case *Posted:
			if e.Entry.Disbursement != "" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// ApplyReshaping applies an act's events as Apply does, but for those that are AppendOnly: the
// ballots, comments, progress reports and ledger entries they would add come from Grafted. A
// Posted event of a disbursement changes the disbursement, and adds nothing to the ledger.
func (s *State) ApplyReshaping(at time.Time, events []Event) {
	s.Last = at
	s.Acts++
	s.Reshaped = at
	for _, e := range events {
		switch e := e.(type) {
		case *Voted, *Commented, *ProgressReported:
		case *Posted:
			if e.Entry.Disbursement != "" {
				e.applyToDisbursement(s, at)
			}
		default:
			e.apply(s, at)
		}
	}
}

// Grafted returns a state of the acts up to s's instant, from s, a state of the acts that were
// not AppendOnly up to it (ApplyReshaping), and latest, a state of every act up to a later
// instant: s's decisions with latest's comments and ballots, s's programmes with latest's
// progress reports, latest's ledger, and latest's last act, so that every view asked as of s's
// instant leaves out what latest holds after it. s is left as it is, so that it may be kept and
// grafted again, by readers at once: the state returned shares with s and latest what it does
// not change, and neither must change while it is read.
func (s *State) Grafted(latest *State) *State {
	g := *s
	g.Decisions = make(map[DecisionID]*Decision, len(s.Decisions))
	for id, x := range s.Decisions {
		d := *x
		if y, ok := latest.Decisions[id]; ok {
			d.Comments, d.Ballots = y.Comments, y.Ballots
		}
		g.Decisions[id] = &d
	}
	t := *s.Treasury
	t.Programmes = make(map[ProgrammeID]*Programme, len(s.Treasury.Programmes))
	for id, x := range s.Treasury.Programmes {
		p := *x
		if y, ok := latest.Treasury.Programmes[id]; ok {
			p.Reports = y.Reports
		}
		t.Programmes[id] = &p
	}
	t.Ledger = latest.Treasury.Ledger
	g.Treasury = &t
	g.Last = latest.Last
	return &g
}
