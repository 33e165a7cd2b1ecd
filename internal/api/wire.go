package api

import (
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// The wire types are apiv1's; the functions that make them from the domain's views (NewMember,
// NewDecision, NewTreasury...) live beside the handlers of their concept, and write values as
// apiv1 promises with the helpers below: days "YYYY-MM-DD", instants RFC 3339 in UTC to the
// second, amounts as decimal strings, null for what is unknown. The CLI's read commands use
// the same functions, so that "peaceboard X --json" and GET /api/v1/X answer the same bytes.

// DateOrNull writes t's day, or null when t is zero.
func DateOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.DateOnly)
	return &s
}

// Instant writes an instant in RFC 3339, UTC, to the second.
func Instant(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// InstantOrNull writes an instant, or null when t is zero.
func InstantOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := Instant(t)
	return &s
}

// textOrNull writes s, or null when it is empty.
func textOrNull(s string) *string {
	if s == "" {
		return nil
	}
	// A copy made here, not &s: taking the parameter's address would move it to the heap on
	// every call, null or not (one allocation per member of a list).
	text := s
	return &text
}

// ByCurrency writes a per-currency map of amounts as decimal strings.
func ByCurrency(m map[money.Currency]money.Amount) map[string]string {
	out := map[string]string{}
	for c, a := range m {
		out[string(c)] = a.Decimal()
	}
	return out
}
