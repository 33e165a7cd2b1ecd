package board

import "time"

// The engine answers "as of an instant" before the last act by applying again, alone, the acts
// up to that instant that reshaped the state (ApplyReshaping, the positions in State.Reshapes)
// and grafting on the latest state's ballots, comments, programmes' progress reports and ledger,
// which the views filter by time (Graft); AppendOnly says which acts did not reshape it.
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
// ballots, comments, progress reports and ledger entries they would add come from Graft. A
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

// Graft gives s, a state of the acts that were not AppendOnly up to an instant (ApplyReshaping),
// the ballots, comments, programmes' progress reports and ledger of latest, a state of every
// act up to a later instant, and latest's last act, so that every view asked as of s's instant
// leaves out what latest holds after it. s then shares them with latest: neither must change while s is read.
func (s *State) Graft(latest *State) {
	for id, x := range s.Decisions {
		if y, ok := latest.Decisions[id]; ok {
			x.Comments, x.Ballots = y.Comments, y.Ballots
		}
	}
	for id, p := range s.Treasury.Programmes {
		if q, ok := latest.Treasury.Programmes[id]; ok {
			p.Reports = q.Reports
		}
	}
	s.Treasury.Ledger = latest.Treasury.Ledger
	s.Last = latest.Last
}
