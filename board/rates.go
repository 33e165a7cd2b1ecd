package board

import (
	"slices"
	"sort"
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// Reference rates (R18): US dollars per unit of a currency on a date, recorded by the
// secretariat. An amount with no rate is refused, never guessed.

func init() {
	register[*SetRate]("R18", ActorSecretariat)

	registerEvent[*RateSet]()
}

// SetRate records a reference rate: US dollars per unit of Currency on Date (R18).
type SetRate struct {
	Date     time.Time      `json:"date"`
	Currency money.Currency `json:"currency"`
	USDRate  string         `json:"usd_rate"`
	Source   string         `json:"source"`
}

func (*SetRate) Kind() Kind { return "set-rate" }

// RateSet records a reference rate.
type RateSet struct {
	Date     time.Time      `json:"date"`
	Currency money.Currency `json:"currency"`
	USDRate  money.Rate     `json:"usd_rate"`
	Source   string         `json:"source"`
}

func (*RateSet) EventName() string { return "rate-set" }

// A RateRecord is a dated reference rate: US dollars per unit of a currency on Date.
type RateRecord struct {
	Date     time.Time
	Rate     money.Rate
	Source   string
	Recorded time.Time
}

// RateOn returns the latest rate of currency c recorded with a date on or before day, and false
// if there is none. The US dollar's rate is always 1.
func (t *Treasury) RateOn(c money.Currency, day time.Time) (RateRecord, bool) {
	if c == "USD" {
		return RateRecord{Date: day, Rate: money.USDRate, Source: "USD"}, true
	}
	list := t.Rates[c]
	i := sort.Search(len(list), func(i int) bool { return list[i].Date.After(day) })
	if i == 0 {
		return RateRecord{}, false
	}
	return list[i-1], true
}

// rate returns the rate of c on day, or a refusal that says how to give one.
func (d *decider) rate(c money.Currency, day time.Time, what string) (RateRecord, error) {
	r, ok := d.s.Treasury.RateOn(c, day)
	if !ok {
		return RateRecord{}, refuse("R18", "no US dollar rate for %s on or before %s, so %s has no US dollar value: record a set-rate first (an amount with no rate is refused, never guessed)",
			c, date(day), what)
	}
	return r, nil
}

// toUSD converts a at r, refusing an amount too large to convert.
func toUSD(a money.Amount, r money.Rate) (money.Amount, error) {
	v, err := money.ToUSD(a, r)
	if err != nil {
		return money.Amount{}, Errorf(Invalid, "%s is too large to convert", a)
	}
	return v, nil
}

// SetRate: the secretariat records dated reference rates (R18). A later record for the same
// currency and date replaces the earlier one for acts recorded after it; entries already made
// keep the rate they used.
func (b *SetRate) decide(d *decider) ([]Event, error) {
	if b.Date.IsZero() {
		return nil, Errorf(Invalid, "date is required")
	}
	if _, ok := money.MinorUnits(b.Currency); !ok {
		return nil, Errorf(Invalid, "currency %q: not an ISO 4217 code this ledger knows", b.Currency)
	}
	if b.Currency == "USD" {
		return nil, Errorf(Invalid, "the US dollar is the unit of rates: its rate is always 1")
	}
	r, err := money.ParseRate(b.USDRate)
	if err != nil {
		return nil, Errorf(Invalid, "usd_rate: %v", err)
	}
	if err := required("source", b.Source); err != nil {
		return nil, err
	}
	day := Day(b.Date)
	if day.After(Day(d.at)) {
		return nil, Errorf(Invalid, "date %s is after the day the rate is recorded (%s)", date(day), date(d.at))
	}
	return []Event{&RateSet{Date: day, Currency: b.Currency, USDRate: r, Source: b.Source}}, nil
}

func (e *RateSet) apply(s *State, at time.Time) {
	list := s.Treasury.Rates[e.Currency]
	// After every record of the same date or earlier: a later record of the same date wins.
	i := sort.Search(len(list), func(i int) bool { return list[i].Date.After(e.Date) })
	s.Treasury.Rates[e.Currency] = slices.Insert(list, i, RateRecord{Date: e.Date, Rate: e.USDRate, Source: e.Source, Recorded: at})
}
