package web

// searchMessages are the labels of the search box (layout.html, on every page) and of the page of
// what it found (search.go). init adds them to messages.
var searchMessages = map[string]map[string]string{
	"en": {
		"search.label":               "Search the record",
		"search.button":              "Search",
		"search.title":               "Search",
		"search.lead":                "Type words in the search box: States, people, funds, programmes and acts whose text holds words beginning with each of them are found, accents and capitals ignored.",
		"search.count.one":           "%s result for “%s” on this page, names first, then acts from the latest.",
		"search.count.other":         "%s results for “%s” on this page, names first, then acts from the latest.",
		"search.none":                "Nothing found as of the date shown.",
		"search.more":                "More results",
		"search.first":               "Back to the first results",
		"search.no_words":            "The search needs at least one word of letters or digits.",
		"search.bad":                 "This search cannot be read: start it again from the search box.",
		"search.what.state":          "State",
		"search.what.fund":           "Fund",
		"search.what.programme":      "Programme",
		"search.role.chairman":       "Chairman",
		"search.role.successor":      "Designated successor",
		"search.role.head":           "Head of delegation",
		"search.role.representative": "Representative",
		"search.role.executive":      "Executive Board member",
	},
	"fr": {
		"search.label":               "Rechercher dans le registre",
		"search.button":              "Rechercher",
		"search.title":               "Recherche",
		"search.lead":                "Tapez des mots dans le champ de recherche : les États, personnes, fonds, programmes et actes dont le texte a des mots commençant par chacun d'eux sont trouvés, sans tenir compte des accents ni des majuscules.",
		"search.count.one":           "%s résultat pour « %s » sur cette page, les noms d'abord, puis les actes du plus récent au plus ancien.",
		"search.count.other":         "%s résultats pour « %s » sur cette page, les noms d'abord, puis les actes du plus récent au plus ancien.",
		"search.none":                "Rien n'a été trouvé à la date indiquée.",
		"search.more":                "Plus de résultats",
		"search.first":               "Revenir aux premiers résultats",
		"search.no_words":            "La recherche demande au moins un mot de lettres ou de chiffres.",
		"search.bad":                 "Cette recherche est illisible : recommencez-la depuis le champ de recherche.",
		"search.what.state":          "État",
		"search.what.fund":           "Fonds",
		"search.what.programme":      "Programme",
		"search.role.chairman":       "Président",
		"search.role.successor":      "Successeur désigné",
		"search.role.head":           "Chef de délégation",
		"search.role.representative": "Représentant",
		"search.role.executive":      "Membre du Conseil exécutif",
	},
}

func init() {
	for lang, m := range searchMessages {
		for k, v := range m {
			if lang == "fr" {
				v = frenchSpacing(v)
			}
			messages[lang][k] = v
		}
	}
}
