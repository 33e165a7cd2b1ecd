package board

import "time"

// Instants and days. The rules count in whole days, in UTC: a period runs from a day's start,
// and "as of" a date includes everything that happened on it.

// Day returns the start (00:00 UTC) of t's day.
func Day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// EndOfDay returns the last instant of d's day: "as of 2026-01-22" includes everything that
// happened on the 22nd.
func EndOfDay(d time.Time) time.Time { return Day(d).AddDate(0, 0, 1).Add(-time.Nanosecond) }

func date(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// stamp formats an instant for messages, to the second.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
