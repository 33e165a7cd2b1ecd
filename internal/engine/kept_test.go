package engine_test

import (
	"context"
	"testing"

	"github.com/peaceboard/peaceboard/internal/engine"
)

// waitKept saves the kept states of e's record.
func waitKept(tb testing.TB, e *engine.Engine) {
	tb.Helper()
	if err := e.KeepStates(context.Background()); err != nil {
		tb.Fatal(err)
	}
}
