package board

import (
	"fmt"
	"time"

	"golang.org/x/text/language"
)

// What a programme works on and where (R19): its sectors, as the OECD Development Assistance
// Committee's purpose codes, and its recipient countries, each with the share of the programme
// it takes, and its planned dates. They are what IATI readers look for first (the export's
// sector, recipient-country and activity-date), so their codes are the ones IATI uses.

// A SectorCode is a 5-digit purpose code of the OECD DAC's Creditor Reporting System ("73010",
// immediate post-emergency reconstruction and rehabilitation): IATI's Sector vocabulary 1.
type SectorCode string

// A CountryCode is an ISO 3166-1 alpha-2 code ("PS"), as IATI's recipient-country takes it;
// XK for Kosovo, as IATI's Country code list has it.
type CountryCode string

// A Percent is a share in whole percent, from 1 to 100.
type Percent int

// Range is the least and the most a Percent may be: what the catalogue describes (minimum,
// maximum) and checkPlaces checks.
func (Percent) Range() (least, most int) { return 1, 100 }

// A SectorShare is the share of a programme, in whole percent, in one sector.
type SectorShare struct {
	Code       SectorCode `json:"code"`
	Percentage Percent    `json:"percentage"`
}

// A CountryShare is the share of a programme, in whole percent, in one recipient country.
type CountryShare struct {
	Code       CountryCode `json:"code"`
	Percentage Percent     `json:"percentage"`
}

// Patterns of the codes, for the catalogue; Check says more.
const (
	PatternSector  = `^[0-9]{5}$`
	PatternCountry = `^[A-Z]{2}$`
)

// dacCategories are the OECD DAC's 3-digit sector categories (IATI's SectorCategory code list,
// vocabulary 2), by code: the first three digits of every 5-digit purpose code. Source: the
// OECD's DAC and CRS code lists (the purpose codes' sector classification), as IATI republishes
// them (iatistandard.org/en/iati-standard/203/codelists/sectorcategory/ and .../sector/).
// A code is checked against the categories rather than against the 300-odd purpose codes: a
// purpose code the OECD adds within a category is then accepted without a new release, and a
// code of no category (a typing error in the first digits) is still refused.
var dacCategories = map[string]string{
	"111": "Education, level unspecified",
	"112": "Basic education",
	"113": "Secondary education",
	"114": "Post-secondary education",
	"121": "Health, general",
	"122": "Basic health",
	"123": "Non-communicable diseases",
	"130": "Population policies and programmes, reproductive health",
	"140": "Water supply and sanitation",
	"151": "Government and civil society, general",
	"152": "Conflict, peace and security",
	"160": "Other social infrastructure and services",
	"210": "Transport and storage",
	"220": "Communications",
	"231": "Energy policy",
	"232": "Energy generation, renewable sources",
	"233": "Energy generation, non-renewable sources",
	"234": "Hybrid energy plants",
	"235": "Nuclear energy plants",
	"236": "Energy distribution",
	"240": "Banking and financial services",
	"250": "Business and other services",
	"311": "Agriculture",
	"312": "Forestry",
	"313": "Fishing",
	"321": "Industry",
	"322": "Mineral resources and mining",
	"323": "Construction",
	"331": "Trade policies and regulations",
	"332": "Tourism",
	"410": "General environment protection",
	"430": "Other multisector",
	"510": "General budget support",
	"520": "Development food assistance",
	"530": "Other commodity assistance",
	"600": "Action relating to debt",
	"720": "Emergency response",
	"730": "Reconstruction relief and rehabilitation",
	"740": "Disaster prevention and preparedness",
	"910": "Administrative costs of donors",
	"930": "Refugees in donor countries",
	"998": "Unallocated, unspecified",
}

// Category returns the DAC sector category of c (its first three digits) and its English name,
// or false when c is not a purpose code of a known category.
func (c SectorCode) Category() (code, name string, ok bool) {
	if len(c) != 5 {
		return "", "", false
	}
	for i := range len(c) {
		if c[i] < '0' || c[i] > '9' {
			return "", "", false
		}
	}
	name, ok = dacCategories[string(c[:3])]
	return string(c[:3]), name, ok
}

// Check refuses (Invalid, R19) a code that is not a 5-digit DAC purpose code of a known category.
func (c SectorCode) Check() error {
	if _, _, ok := c.Category(); !ok {
		return &Error{Kind: Invalid, Rule: "R19", Msg: fmt.Sprintf("sector %q is not a 5-digit OECD DAC purpose code of a known category, like \"73010\" (reconstruction relief and rehabilitation)", c)}
	}
	return nil
}

// notCountries are codes that CLDR (and so golang.org/x/text) takes for countries but that are
// not assigned ISO 3166-1 alpha-2 codes of IATI's Country code list: the exceptionally reserved
// codes of territories (Ascension, Clipperton, Diego Garcia, Tristan da Cunha) and the codes of
// countries that no longer exist (the Netherlands Antilles, Burma, Serbia and Montenegro, the
// German Democratic Republic, the Soviet Union, Yugoslavia, Zaire, ...).
var notCountries = map[CountryCode]bool{"AC": true, "CP": true, "DG": true, "TA": true,
	"AN": true, "BU": true, "CS": true, "DD": true, "FX": true, "NT": true, "SU": true, "TP": true, "YD": true, "YU": true, "ZR": true}

// Check refuses (Invalid, R19) a code that is not an ISO 3166-1 alpha-2 code of a country; an
// alpha-3 code is refused with its alpha-2 form, which the act must give.
func (c CountryCode) Check() error {
	r, err := language.ParseRegion(string(c))
	switch {
	case notCountries[c]:
	case err == nil && len(c) == 2 && r.String() == string(c) && r.IsCountry() && r.ISO3() != "ZZZ":
		return nil
	case err == nil && len(c) == 3 && r.IsCountry() && r.ISO3() == string(c):
		return &Error{Kind: Invalid, Rule: "R19", Msg: fmt.Sprintf("country %q: give the ISO 3166-1 alpha-2 code, %q, as IATI's recipient-country does", c, r.String())}
	}
	return &Error{Kind: Invalid, Rule: "R19", Msg: fmt.Sprintf("country %q is not an ISO 3166-1 alpha-2 country code, like \"PS\" (XK for Kosovo)", c)}
}

// Name returns the country's name in lang (en or fr), as StateCode.Name names States, or the
// code itself for a code that names no country.
func (c CountryCode) Name(lang string) string {
	if c == "XK" {
		return StateCode("XKX").Name(lang) // Kosovo: user-assigned codes, XK and XKX by custom
	}
	r, err := language.ParseRegion(string(c))
	if err != nil || !r.IsCountry() {
		return string(c)
	}
	return StateCode(r.ISO3()).Name(lang)
}

// checkPlaces refuses (Invalid, R19) a programme's sectors, countries or planned dates that IATI
// would refuse: a code not of its list, a code given twice, a percentage outside 1 to 100, a
// list whose percentages do not add up to 100, a date that is not a day, an end before the start.
func checkPlaces(sectors []SectorShare, countries []CountryShare, start, end time.Time) error {
	type share struct {
		code       string
		percentage Percent
		check      func() error
	}
	lists := []struct {
		name   string
		shares []share
	}{{"sectors", nil}, {"countries", nil}}
	for _, s := range sectors {
		lists[0].shares = append(lists[0].shares, share{string(s.Code), s.Percentage, s.Code.Check})
	}
	for _, c := range countries {
		lists[1].shares = append(lists[1].shares, share{string(c.Code), c.Percentage, c.Code.Check})
	}
	least, most := Percent(0).Range()
	for _, l := range lists {
		seen := map[string]bool{}
		sum := 0
		for _, s := range l.shares {
			if err := s.check(); err != nil {
				return err
			}
			if seen[s.code] {
				return &Error{Kind: Invalid, Rule: "R19", Msg: fmt.Sprintf("%s: %s is given twice; give each once, with its whole share", l.name, s.code)}
			}
			seen[s.code] = true
			if int(s.percentage) < least || int(s.percentage) > most {
				return &Error{Kind: Invalid, Rule: "R19", Msg: fmt.Sprintf("%s: %s has %d percent; want a whole number from %d to %d", l.name, s.code, s.percentage, least, most)}
			}
			sum += int(s.percentage)
		}
		if len(l.shares) > 0 && sum != 100 {
			return &Error{Kind: Invalid, Rule: "R19", Msg: fmt.Sprintf("%s: the percentages add up to %d; they must add up to 100", l.name, sum)}
		}
	}
	for _, d := range []struct {
		name string
		t    time.Time
	}{{"start", start}, {"end", end}} {
		if !d.t.IsZero() && !d.t.Equal(Day(d.t)) {
			return &Error{Kind: Invalid, Rule: "R19", Msg: fmt.Sprintf("%s %s is not a day: give a date, like %s", d.name, stamp(d.t), date(d.t))}
		}
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		return &Error{Kind: Invalid, Rule: "R19", Msg: fmt.Sprintf("the planned end %s is before the planned start %s", date(end), date(start))}
	}
	return nil
}
