package web

import (
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/board"
)

// A programme's sectors, recipient countries and planned dates, as create-programme gives
// them, written for a person: the act's description (describe_treasury.go) and the treasury
// page's list of programmes show them.

// places is a programme's sectors, countries and planned dates, each written in one line, ""
// when the programme gives none.
type places struct{ Sectors, Countries, Planned string }

func programmePlaces(l *locale, sectors []board.SectorShare, countries []board.CountryShare, start, end time.Time) places {
	var p places
	var parts []string
	for _, s := range sectors {
		parts = append(parts, l.f("programme.share", string(s.Code), s.Percentage))
	}
	p.Sectors = strings.Join(parts, ", ")
	parts = nil
	for _, c := range countries {
		parts = append(parts, l.f("programme.share", c.Code.Name(l.Lang), c.Percentage))
	}
	p.Countries = strings.Join(parts, ", ")
	switch {
	case !start.IsZero() && !end.IsZero():
		p.Planned = l.f("programme.planned.both", l.Date(start), l.Date(end))
	case !start.IsZero():
		p.Planned = l.f("programme.planned.start", l.Date(start))
	case !end.IsZero():
		p.Planned = l.f("programme.planned.end", l.Date(end))
	}
	return p
}

// Line writes the three on one line, for a list of programmes.
func (p places) line(l *locale) string {
	var parts []string
	for _, x := range []struct{ key, text string }{
		{"programme.sectors", p.Sectors}, {"programme.countries", p.Countries}, {"programme.planned", p.Planned},
	} {
		if x.text != "" {
			parts = append(parts, l.f(x.key, x.text))
		}
	}
	return strings.Join(parts, " · ")
}

// programmeMessages are the labels of a programme's sectors, countries and planned dates; init
// adds them to messages.
var programmeMessages = map[string]map[string]string{
	"en": {
		"text.sectors":            "Sectors (OECD DAC purpose codes)",
		"text.countries":          "Recipient countries",
		"text.planned":            "Planned",
		"programme.share":         "%s (%d%%)",
		"programme.planned.both":  "from %s to %s",
		"programme.planned.start": "from %s",
		"programme.planned.end":   "until %s",
		"programme.sectors":       "Sectors: %s",
		"programme.countries":     "Countries: %s",
		"programme.planned":       "Planned: %s",
	},
	"fr": {
		"text.sectors":            "Secteurs (codes-objet du CAD de l'OCDE)",
		"text.countries":          "Pays bénéficiaires",
		"text.planned":            "Prévu",
		"programme.share":         "%s (%d\u202f%%)",
		"programme.planned.both":  "du %s au %s",
		"programme.planned.start": "à partir du %s",
		"programme.planned.end":   "jusqu'au %s",
		"programme.sectors":       "Secteurs : %s",
		"programme.countries":     "Pays : %s",
		"programme.planned":       "Prévu : %s",
	},
}

func init() {
	for lang, m := range programmeMessages {
		for k, v := range m {
			if lang == "fr" {
				v = frenchSpacing(v)
			}
			messages[lang][k] = v
		}
	}
}
