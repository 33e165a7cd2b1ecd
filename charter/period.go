package charter

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A Period is a calendar length written in the rules file's small duration syntax: a whole number
// followed by a unit, "30d" (days), "3mo" (months) or "1y" (years). Calendar units are kept as
// written, so that "1y" from 29 February lands on the same calendar day a year later as Go's
// time.AddDate defines it, not after 365 days.
type Period struct {
	Years, Months, Days int
}

// ParsePeriod parses "30d", "3mo", "1y" (and "0d"). Mixed or negative periods are refused.
func ParsePeriod(s string) (Period, error) {
	unit := strings.TrimLeft(s, "0123456789")
	digits := s[:len(s)-len(unit)]
	if digits == "" {
		return Period{}, fmt.Errorf("period %q: want a whole number and a unit (d, mo, y), like \"30d\"", s)
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n > 10000 {
		return Period{}, fmt.Errorf("period %q: number out of range", s)
	}
	switch unit {
	case "d":
		return Period{Days: n}, nil
	case "mo":
		return Period{Months: n}, nil
	case "y":
		return Period{Years: n}, nil
	}
	return Period{}, fmt.Errorf("period %q: unknown unit %q (want d, mo or y)", s, unit)
}

// String formats p in the rules file syntax.
func (p Period) String() string {
	switch {
	case p.Years != 0 && p.Months == 0 && p.Days == 0:
		return strconv.Itoa(p.Years) + "y"
	case p.Months != 0 && p.Years == 0 && p.Days == 0:
		return strconv.Itoa(p.Months) + "mo"
	case p.Years == 0 && p.Months == 0:
		return strconv.Itoa(p.Days) + "d"
	}
	return fmt.Sprintf("%dy%dmo%dd", p.Years, p.Months, p.Days)
}

// IsZero reports whether p has no length.
func (p Period) IsZero() bool { return p == Period{} }

// After returns the instant p after t.
func (p Period) After(t time.Time) time.Time { return t.AddDate(p.Years, p.Months, p.Days) }

// MarshalText implements encoding.TextMarshaler.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Period) UnmarshalText(b []byte) error {
	q, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}
