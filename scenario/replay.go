package scenario

import (
	"context"
	"fmt"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// Result counts what a replay did.
type Result struct {
	Accepted int
	Refused  int // refused as the scenario expected
}

// ReplayOptions adjusts a replay.
type ReplayOptions struct {
	// Progress, if set, is called after each step with the number of steps done.
	Progress func(done int)
	// Receipt, if set, is called with the receipt of each accepted act.
	Receipt func(step int, r engine.Receipt) error
}

// Replay signs each step with the database's development keyring and submits it, in order (the
// engine registers each actor's development key in the record before its first act). It
// stops at the first step that does not go as the file says: an act refused that was not marked
// "expect: refused", or one so marked that was accepted (or refused under another rule). progress,
// if not nil, is called after each step.
func (sc *Scenario) Replay(ctx context.Context, e *engine.Engine, progress func(done int)) (Result, error) {
	return sc.ReplayWith(ctx, e, ReplayOptions{Progress: progress})
}

// ReplayWith is Replay with options.
func (sc *Scenario) ReplayWith(ctx context.Context, e *engine.Engine, opts ReplayOptions) (Result, error) {
	var res Result
	for i, step := range sc.Steps {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		r, err := e.SubmitDev(ctx, step.Act)
		switch {
		case err == nil && step.ExpectRefused:
			return res, sc.stepError(i, step, "accepted, but the scenario expects it to be refused")
		case err == nil:
			res.Accepted++
			if opts.Receipt != nil {
				if err := opts.Receipt(i+1, r); err != nil {
					return res, err
				}
			}
		case board.ErrorKindOf(err) == board.Internal:
			return res, err
		case !step.ExpectRefused:
			return res, sc.refusedError(i, step, err, "refused: "+err.Error())
		case step.ExpectRule != "" && board.ErrorRule(err) != step.ExpectRule:
			return res, sc.refusedError(i, step, err, fmt.Sprintf("refused as expected, but under %q, not %s: %v", board.ErrorRule(err), step.ExpectRule, err))
		default:
			res.Refused++
		}
		if opts.Progress != nil {
			opts.Progress(i + 1)
		}
	}
	return res, nil
}

// StepError is a scenario step that did not go as the file says.
type StepError struct {
	File string
	Line int
	Step int // from 1
	Act  board.Act
	Msg  string
	// Rule is the rule that refused the act, if any.
	Rule string
}

func (e *StepError) Error() string {
	return fmt.Sprintf("%s:%d: act %d (%s by %s): %s", e.File, e.Line, e.Step, e.Act.Body.Kind(), e.Act.By, e.Msg)
}

func (sc *Scenario) stepError(i int, step Step, msg string) error {
	return &StepError{File: sc.Name, Line: step.Line, Step: i + 1, Act: step.Act, Msg: msg}
}

// refusedError is stepError for a step the engine refused with err, keeping the rule.
func (sc *Scenario) refusedError(i int, step Step, err error, msg string) error {
	return &StepError{File: sc.Name, Line: step.Line, Step: i + 1, Act: step.Act, Msg: msg, Rule: board.ErrorRule(err)}
}
