// Package replay submits a script of acts (a scenario file, the built-in demo) to the engine,
// in order, signing each with the record's development keyring, and stops at the first act
// that does not go as the script says. The acts are history: each is recorded at its own time.
//
// Each step of a script is an act of its own, even when it repeats an earlier one word for word
// (a State declines, and the Chairman invites it again the same day): a repeated act is moved a
// nanosecond later than its time, and so is every step after it at that time, so that the
// record holds two acts, in the script's order, where the same signed bytes would be one act
// twice (which the record refuses). Nothing else moves: a script without repeats is recorded
// at exactly its times.
//
// It is internal because the engine is. The scenario file format is public (package scenario)
// and imports nothing internal: a *scenario.Scenario is a Script, which this package declares
// and does not import, so that the graph runs one way (internal packages never import the
// public scenario package).
package replay

import (
	"context"
	"crypto/sha256"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// A Script is a list of acts to submit in order, with what it expects of each.
// *scenario.Scenario implements it.
type Script interface {
	// Len returns the number of acts.
	Len() int
	// Act returns act i, from 0.
	Act(i int) board.Act
	// Check returns nil if err, the engine's answer to act i (nil if it was accepted, the
	// refusal otherwise), is the one the script expects, and otherwise an error that says where
	// in the script and how it differs.
	Check(i int, err error) error
}

// Result counts what a replay did.
type Result struct {
	Accepted int
	Refused  int // refused as the script expected
}

// Options adjusts a replay. The zero value replays with no progress and no receipts.
type Options struct {
	// Progress, if set, is called after each act with the number of acts done.
	Progress func(done int)
	// Accepted, if set, is called with each accepted act's entry and receipt; step counts from
	// 1. Its error stops the replay and comes back.
	Accepted func(step int, a engine.Accepted) error
}

// Run submits each act of s to e, signed with e's development keyring (the engine registers each
// actor's development key in the record before its first act), in order. It stops at the first
// act that does not go as s expects, with the error s.Check returns: an act refused that was
// not expected to be, or one expected to be refused that was accepted (or refused under another
// rule). An internal error of the engine, or ctx's end, stops it too, and comes back as it is.
// The result counts the acts done before it stopped.
func Run(ctx context.Context, e *engine.Engine, s Script, opts Options) (Result, error) {
	var res Result
	var run distinctActs
	for i := range s.Len() {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		r, err := e.SubmitDev(ctx, run.next(s.Act(i)))
		if err != nil && board.ErrorKindOf(err) == board.Internal {
			return res, err
		}
		if err := s.Check(i, err); err != nil {
			return res, err
		}
		if err != nil {
			res.Refused++
		} else {
			res.Accepted++
			if opts.Accepted != nil {
				if err := opts.Accepted(i+1, r); err != nil {
					return res, err
				}
			}
		}
		if opts.Progress != nil {
			opts.Progress(i + 1)
		}
	}
	return res, nil
}

// distinctActs gives the steps of a script distinct acts (see the package comment). It keeps
// the acts of the current run of steps at one time, which is all a repeat can be among: steps
// are in time order.
type distinctActs struct {
	at    time.Time             // the time the steps of the run give
	shift time.Duration         // how much later than at they are recorded
	seen  map[[32]byte]struct{} // the run's acts, as recorded (their canonical bytes, hashed)
}

// next returns the act to record for a step that gives act.
func (d *distinctActs) next(act board.Act) board.Act {
	if act.Body == nil {
		return act // refused as it is
	}
	if !act.At.Equal(d.at) || d.seen == nil {
		d.at, d.shift, d.seen = act.At, 0, map[[32]byte]struct{}{}
	}
	for {
		moved := act
		moved.At = act.At.Add(d.shift)
		canonical, err := moved.Canonical()
		if err != nil {
			return act // refused as it is, by the engine
		}
		h := sha256.Sum256(canonical)
		if _, repeat := d.seen[h]; !repeat {
			d.seen[h] = struct{}{}
			return moved
		}
		d.shift += time.Nanosecond
	}
}
