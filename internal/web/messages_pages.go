package web

// pagesMessages are the labels of the pages added for issue 21 (the page that answers an
// unknown address, the hint on a date outside the record, the participants table, the sorting
// of invitations, the timeline's filters, the fund and contributor pages); init adds them to
// messages, as messages_workspace.go does, so that each group of pages keeps its labels together.
var pagesMessages = map[string]map[string]string{
	"en": {
		"error.no_page": "There is no page at this address. The menu above lists the portal's pages.",

		"hint.after":  "The record's first act is on %s: before it, there is nothing to show.",
		"hint.before": "The record's latest act is on %s: nothing has been recorded since.",
		"hint.see":    "See the organization as of %s",

		"error.filter":           "This list cannot be filtered that way: choose an actor and a kind of act from the form.",
		"filter.heading":         "Filter",
		"filter.actor":           "Actor",
		"filter.kind":            "Kind of act",
		"filter.any_actor":       "Any actor",
		"filter.any_kind":        "Any kind",
		"filter.apply":           "Show",
		"filter.clear":           "Show every act",
		"timeline.lead_filtered": "Acts that match the filter, newest first, up to the date shown: %s.",

		"participants.heading":   "Participants",
		"participants.lead":      "Each State invited and what it did, in the manner of a treaty's status table: a State consents to be bound by the charter by signature or by notification (R2), and the charter enters into force for it on its consent or on the charter's entry into force, whichever is later. F: founding State; P: permanent seat.",
		"participants.founding":  "Founding State",
		"participants.permanent": "Permanent seat",
		"participants.declined":  "Invitation declined",
		"participants.withdrawn": "Invitation withdrawn",
		"col.signature":          "Signature",
		"col.notification":       "Notification of consent",
		"col.in_force_for":       "Entry into force for the State",
		"col.ended":              "End",
	},
	"fr": {
		"error.no_page": "Il n'y a pas de page à cette adresse. Le menu ci-dessus donne les pages du portail.",

		"hint.after":  "Le premier acte du registre date du %s : avant, il n'y a rien à montrer.",
		"hint.before": "Le dernier acte du registre date du %s : rien n'a été enregistré depuis.",
		"hint.see":    "Voir l'organisation au %s",

		"error.filter":           "Cette liste ne peut pas être filtrée ainsi : choisissez un auteur et un type d'acte dans le formulaire.",
		"filter.heading":         "Filtrer",
		"filter.actor":           "Auteur",
		"filter.kind":            "Type d'acte",
		"filter.any_actor":       "Tous les auteurs",
		"filter.any_kind":        "Tous les types",
		"filter.apply":           "Afficher",
		"filter.clear":           "Afficher tous les actes",
		"timeline.lead_filtered": "Actes correspondant au filtre, du plus récent au plus ancien, jusqu'à la date indiquée : %s.",

		"participants.heading":   "Participants",
		"participants.lead":      "Chaque État invité et ce qu'il a fait, à la manière de l'état d'un traité : un État consent à être lié par la charte par signature ou par notification (R2), et la charte entre en vigueur à son égard à la date de son consentement ou à celle de l'entrée en vigueur de la charte, la plus tardive des deux. F : État fondateur ; P : siège permanent.",
		"participants.founding":  "État fondateur",
		"participants.permanent": "Siège permanent",
		"participants.declined":  "Invitation déclinée",
		"participants.withdrawn": "Invitation retirée",
		"col.signature":          "Signature",
		"col.notification":       "Notification du consentement",
		"col.in_force_for":       "Entrée en vigueur à son égard",
		"col.ended":              "Fin",
	},
}

func init() {
	for lang, m := range pagesMessages {
		for k, v := range m {
			if lang == "fr" {
				v = frenchSpacing(v)
			}
			messages[lang][k] = v
		}
	}
}
