package web

// chartMessages are the labels of the charts' scales and of the sentences that stand in for a
// chart or explain its figures (chart.go, treasury.go, overview.go); init adds them to messages.
var chartMessages = map[string]map[string]string{
	"en": {
		"chart.log.title": "%s — logarithmic scale",
		"chart.log.scale": "Logarithmic scale: each gridline is ten times the one before, so that the smallest amounts stay visible beside the largest; every bar is labelled with its amount.",

		"treasury.fund_cash":           "A fund's cash is what it received and has not yet allocated to a programme, in the currencies it was given.",
		"treasury.fund_cash.allocated": "A fund's cash is what it received and has not yet allocated to a programme, in the currencies it was given; the bank accounts also hold the %s allocated to programmes and not yet paid out.",

		"overview.chart.not_in_force":      "The charter was not yet in force on %s: there were no member States to chart.",
		"overview.chart.in_force_later":    "The charter was not yet in force on %s: there were no member States to chart. It entered into force on %s.",
		"office.no_successor.not_in_force": "none designated before the charter is in force",
	},
	"fr": {
		"chart.log.title": "%s — échelle logarithmique",
		"chart.log.scale": "Échelle logarithmique : chaque ligne du quadrillage vaut dix fois la précédente, pour que les plus petits montants restent visibles à côté des plus grands ; chaque barre porte son montant.",

		"treasury.fund_cash":           "Les espèces d'un fonds sont ce qu'il a reçu et pas encore affecté à un programme, dans les monnaies où elles ont été données.",
		"treasury.fund_cash.allocated": "Les espèces d'un fonds sont ce qu'il a reçu et pas encore affecté à un programme, dans les monnaies où elles ont été données ; les comptes bancaires détiennent en outre les %s affectés à des programmes et pas encore versés.",

		"overview.chart.not_in_force":      "La charte n'était pas encore en vigueur le %s : il n'y avait pas d'États membres à représenter.",
		"overview.chart.in_force_later":    "La charte n'était pas encore en vigueur le %s : il n'y avait pas d'États membres à représenter. Elle est entrée en vigueur le %s.",
		"office.no_successor.not_in_force": "aucun successeur désigné avant l'entrée en vigueur de la charte",
	},
}

func init() {
	for lang, m := range chartMessages {
		for k, v := range m {
			if lang == "fr" {
				v = frenchSpacing(v)
			}
			messages[lang][k] = v
		}
	}
}
