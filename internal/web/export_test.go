package web

import (
	"context"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// Concerned returns the States an entry concerns (board.EntrySubjects), for the tests.
func Concerned(en record.Entry) []board.StateCode {
	var out []board.StateCode
	for _, s := range board.EntrySubjects(board.ActorID(en.Actor), board.Kind(en.Kind), en.Act, nil) {
		if code, ok := board.ActorID(s).State(); ok {
			out = append(out, code)
		}
	}
	return out
}

// ActView is an act described for a reader, for the tests.
type ActView = actView

// Describe describes entries in lang as the timeline does, naming what they refer to as e's state
// knows it at instant at.
func Describe(e *engine.Engine, at time.Time, lang string, entries []record.Entry) ([]ActView, error) {
	var n *names
	err := e.View(context.Background(), at, func(st *board.State, r *charter.Rules) error {
		n = namesOf(st, r, lang)
		return nil
	})
	if err != nil {
		return nil, err
	}
	p := &page{L: newLocale(lang), Lang: lang}
	p.withNames(n)
	d := p.describer(n)
	out := make([]ActView, len(entries))
	for i, en := range entries {
		out[i] = d.describe(en)
	}
	return out, nil
}
