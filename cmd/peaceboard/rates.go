package main

import (
	"context"
	"crypto/ed25519"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/money"
	"github.com/peaceboard/peaceboard/record"
)

// ECBSource is the source recorded on rates imported from the ECB's history file.
const ECBSource = "ECB euro reference rates"

// rateDigits is how many significant digits an imported cross rate keeps (USD per unit of a
// currency = USD per euro ÷ units per euro, rounded half-even): far more than the ECB's own five.
const rateDigits = 10

func (m *Main) rates(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		return usageError{"rates what? (peaceboard rates import FILE --db PATH [--from DATE] [--until DATE])"}
	}
	f := m.newFlags("rates import", "FILE [--db PATH] [--from DATE] [--until DATE] [--key FILE --log-key FILE]")
	f.dbFlag()
	from := f.String("from", "", "import only the days on or after this date, YYYY-MM-DD")
	until := f.String("until", "", "import only the days on or before this date, YYYY-MM-DD")
	keyFile := f.String("key", "", "the secretariat's private key file (keys new), which signs the rates on a production record; with --log-key")
	logKeyFile := f.String("log-key", "", "the log's private key file (keys log-new), which a production record needs to be written to")
	flagsUsage := f.Usage
	f.Usage = func() {
		flagsUsage()
		fmt.Fprint(m.Stderr, ecbFileNote)
	}
	pos, err := f.parse(args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"rates import takes one file: the ECB's euro reference rate history (eurofxref-hist.csv)"}
	}
	var lo, hi time.Time
	for _, d := range []struct {
		flag, value string
		into        *time.Time
	}{{"--from", *from, &lo}, {"--until", *until, &hi}} {
		if d.value == "" {
			continue
		}
		if *d.into, err = time.Parse(time.DateOnly, d.value); err != nil {
			return usageError{fmt.Sprintf("%s %q: want a date like 2026-02-19", d.flag, d.value)}
		}
	}
	file, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer file.Close()
	imp, err := parseECB(file, lo, hi)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	if (*keyFile == "") != (*logKeyFile == "") {
		return usageError{"rates import takes both --key (the secretariat's key) and --log-key (the log's), for a production record, or neither"}
	}
	var opts []engine.Option
	var secretariat ed25519.PrivateKey
	if *keyFile != "" {
		if secretariat, err = readActorKey(*keyFile); err != nil {
			return err
		}
		logKey, err := readLogKey(*logKeyFile)
		if err != nil {
			return err
		}
		opts = append(opts, engine.WithLogKey(logKey))
	}
	e, closeDB, err := openExisting(ctx, *f.db, opts...)
	if err != nil {
		return err
	}
	defer closeDB()
	// submit records an act signed by the secretariat: with its key file on a production
	// record, with the database's development keyring on a development record.
	submit := func(a board.Act) error {
		_, err := e.SubmitDev(ctx, a)
		return err
	}
	if secretariat != nil {
		submit = func(a board.Act) error {
			canonical, err := a.Canonical()
			if err != nil {
				return err
			}
			pub := secretariat.Public().(ed25519.PublicKey)
			_, err = e.Submit(ctx, engine.SignedAct{Act: a, KeyID: board.KeyIDOf(pub), Signature: record.SignAct(secretariat, canonical)})
			return err
		}
	} else if _, ok := e.DevKeyring(); !ok {
		return usageError{fmt.Sprintf("%s is a production record: rates import --key FILE --log-key FILE signs the rates with the secretariat's key and writes them with the log's", dbName(*f.db))}
	}
	// The acts are recorded now, or at the record's last act if that is later: acts are in time
	// order, and the rates' own dates are in their date field.
	at := m.Now().UTC().Truncate(time.Second)
	if err := e.View(ctx, at, func(s *board.State, _ *charter.Rules) error {
		if s.Last.After(at) {
			at = s.Last
		}
		return nil
	}); err != nil {
		return err
	}
	bar := newProgress(m.Stderr, "importing rates", len(imp.acts))
	for i, body := range imp.acts {
		if err := submit(board.Act{At: at, By: board.Secretariat, Body: body}); err != nil {
			bar.done()
			return fmt.Errorf("set-rate %s %s: %w", body.Currency, body.Date.Format(time.DateOnly), err)
		}
		bar.set(i + 1)
	}
	bar.done()
	summary := fmt.Sprintf("imported %d rates for %d currencies over %d days", len(imp.acts), len(imp.currencies), imp.days)
	if imp.days > 0 {
		summary += fmt.Sprintf(" (%s to %s)", imp.first.Format(time.DateOnly), imp.last.Format(time.DateOnly))
	}
	if imp.missing > 0 {
		summary += fmt.Sprintf("; %d values N/A", imp.missing)
	}
	if len(imp.unknown) > 0 {
		summary += "; currencies this ledger does not know, skipped: " + strings.Join(imp.unknown, ", ")
	}
	fmt.Fprintln(m.Stdout, summary)
	return nil
}

// ecbFileNote says where the file "rates import" reads comes from, after its flags.
const ecbFileNote = `
FILE is the European Central Bank's history of its euro reference rates, eurofxref-hist.csv,
published at https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip (unzip it first):
one row a day, the units of each currency per euro. The rates are recorded as US dollar rates
(set-rate acts by the secretariat), each for its day.
`

// ecbImport is what an ECB history file gives: set-rate acts in date order.
type ecbImport struct {
	acts        []*board.SetRate
	currencies  []money.Currency
	unknown     []string
	days        int
	first, last time.Time
	missing     int // N/A or empty values
}

// parseECB reads the ECB's euro reference rate history (eurofxref-hist.csv): a header
// "Date,USD,JPY,…," (with a trailing comma), then one row per day, newest first, each value the
// units of a currency per euro or "N/A". It returns US dollar rates: for the euro, the USD
// column; for any other currency, USD ÷ its column. Days outside [lo, hi] (zero: unbounded),
// and days without a USD value, are left out.
func parseECB(r io.Reader, lo, hi time.Time) (*ecbImport, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("not an ECB rate history: %v", err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	if len(header) < 2 || header[0] != "Date" {
		return nil, errors.New("not an ECB rate history: the header must start with Date,USD,…")
	}
	usdCol := slices.Index(header, "USD")
	if usdCol < 0 {
		return nil, errors.New("the file has no USD column: US dollar rates cannot be derived")
	}
	imp := &ecbImport{}
	known := map[money.Currency]bool{}
	unknown := map[string]bool{}
	type day struct {
		date time.Time
		acts []*board.SetRate
	}
	var days []day
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(rec) == 0 || (len(rec) == 1 && strings.TrimSpace(rec[0]) == "") {
			continue
		}
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(rec[0]))
		if err != nil {
			return nil, fmt.Errorf("line %d: %q is not a date", line, rec[0])
		}
		if (!lo.IsZero() && d.Before(lo)) || (!hi.IsZero() && d.After(hi)) {
			continue
		}
		value := func(col int) (money.Rate, bool, error) {
			if col >= len(rec) {
				return money.Rate{}, false, nil
			}
			v := strings.TrimSpace(rec[col])
			if v == "" || v == "N/A" {
				return money.Rate{}, false, nil
			}
			rt, err := money.ParseRate(v)
			if err != nil {
				return money.Rate{}, false, fmt.Errorf("line %d, %s: %v", line, header[col], err)
			}
			return rt, true, nil
		}
		usdPerEUR, ok, err := value(usdCol)
		if err != nil {
			return nil, err
		}
		if !ok {
			imp.missing++
			continue
		}
		today := day{date: d, acts: []*board.SetRate{{Date: d, Currency: "EUR", USDRate: usdPerEUR.String(), Source: ECBSource}}}
		known["EUR"] = true
		for col := 1; col < len(header); col++ {
			cur := money.Currency(header[col])
			if col == usdCol || header[col] == "" {
				continue
			}
			perEUR, ok, err := value(col)
			if err != nil {
				return nil, err
			}
			if !ok {
				if col < len(rec) && strings.TrimSpace(rec[col]) == "N/A" {
					imp.missing++
				}
				continue
			}
			if _, isKnown := money.MinorUnits(cur); !isKnown || cur == "USD" {
				unknown[header[col]] = true
				continue
			}
			rt, err := money.QuoRate(usdPerEUR, perEUR, rateDigits)
			if err != nil {
				return nil, fmt.Errorf("line %d, %s: %v", line, cur, err)
			}
			today.acts = append(today.acts, &board.SetRate{Date: d, Currency: cur, USDRate: rt.String(), Source: ECBSource})
			known[cur] = true
		}
		days = append(days, today)
	}
	// Newest first in the file; recorded oldest first.
	slices.SortStableFunc(days, func(a, b day) int { return a.date.Compare(b.date) })
	for _, d := range days {
		imp.acts = append(imp.acts, d.acts...)
	}
	imp.days = len(days)
	if len(days) > 0 {
		imp.first, imp.last = days[0].date, days[len(days)-1].date
	}
	for c := range known {
		imp.currencies = append(imp.currencies, c)
	}
	slices.Sort(imp.currencies)
	for c := range unknown {
		imp.unknown = append(imp.unknown, c)
	}
	slices.Sort(imp.unknown)
	return imp, nil
}
