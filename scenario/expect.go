package scenario

import (
	"fmt"

	"github.com/peaceboard/peaceboard/board"
)

// A scenario is a script for a replay (internal/replay, "peaceboard replay"): its acts are
// submitted in order, and each answer is held against what the file expects of the act. The
// methods below are that contract; the replay itself needs the engine and lives beside it.

// Len returns the number of acts in the scenario.
func (sc *Scenario) Len() int { return len(sc.Steps) }

// Act returns the act of step i, from 0.
func (sc *Scenario) Act(i int) board.Act { return sc.Steps[i].Act }

// Check says whether step i (from 0) went as the file says. err is the answer to its act: nil
// if the act was accepted, the refusal otherwise. Check returns nil if the answer is the one
// the file expects: accepted, or, for a step marked "expect: refused", refused (under the rule
// it names, if it names one). Otherwise it returns a *StepError that says where and how.
func (sc *Scenario) Check(i int, err error) error {
	step := sc.Steps[i]
	switch {
	case err == nil && step.ExpectRefused:
		return sc.stepError(i, step, "", "accepted, but the scenario expects it to be refused")
	case err == nil:
		return nil
	case !step.ExpectRefused:
		return sc.stepError(i, step, board.ErrorRule(err), "refused: "+err.Error())
	case step.ExpectRule != "" && board.ErrorRule(err) != step.ExpectRule:
		return sc.stepError(i, step, board.ErrorRule(err), fmt.Sprintf("refused as expected, but under %q, not %s: %v", board.ErrorRule(err), step.ExpectRule, err))
	}
	return nil
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

// stepError is the error of step i, refused under rule ("" if it was accepted or no rule
// refused it).
func (sc *Scenario) stepError(i int, step Step, rule, msg string) error {
	return &StepError{File: sc.Name, Line: step.Line, Step: i + 1, Act: step.Act, Msg: msg, Rule: rule}
}
