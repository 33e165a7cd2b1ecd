package web

// feedsMessages are the labels of the feeds that follow one State or one decision (feed.go): the
// feeds' titles, and the links to them on the State's and the decision's pages. init adds them
// to messages.
var feedsMessages = map[string]map[string]string{
	"en": {
		"feeds.state.heading":    "%s: acts concerning %s",
		"feeds.state.title":      "Acts concerning this State (Atom)",
		"feeds.state.link":       "Follow the acts concerning this State (Atom feed)",
		"feeds.decision.heading": "%s: acts on “%s”",
		"feeds.decision.title":   "Acts on this decision (Atom)",
		"feeds.decision.link":    "Follow the acts on this decision (Atom feed)",
	},
	"fr": {
		"feeds.state.heading":    "%s : actes concernant %s",
		"feeds.state.title":      "Actes concernant cet État (Atom)",
		"feeds.state.link":       "Suivre les actes concernant cet État (flux Atom)",
		"feeds.decision.heading": "%s : actes sur « %s »",
		"feeds.decision.title":   "Actes sur cette décision (Atom)",
		"feeds.decision.link":    "Suivre les actes sur cette décision (flux Atom)",
	},
}

func init() {
	for lang, m := range feedsMessages {
		for k, v := range m {
			if lang == "fr" {
				v = frenchSpacing(v)
			}
			messages[lang][k] = v
		}
	}
}
