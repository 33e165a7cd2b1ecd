package board

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// stateNames overrides the names that the CLDR region data gives differently from the usage of
// international organizations.
var stateNames = map[string]map[StateCode]string{
	"en": {"VAT": "Holy See", "XKX": "Kosovo", "PSE": "Palestine"},
	"fr": {"VAT": "Saint-Siège", "XKX": "Kosovo", "PSE": "Palestine"},
}

// Name returns the State's short name in lang (en or fr), as the portal and the CLI write it:
// "Kazakhstan", « Émirats arabes unis ». A code the region data does not know is returned as it
// is.
func (c StateCode) Name(lang string) string {
	if n, ok := stateNames[lang][c]; ok {
		return n
	}
	r, err := language.ParseRegion(string(c))
	if err != nil || !r.IsCountry() {
		return string(c)
	}
	namer := display.English.Regions()
	if lang == "fr" {
		namer = display.French.Regions()
	}
	if n := namer.Name(r); n != "" {
		return n
	}
	return string(c)
}
