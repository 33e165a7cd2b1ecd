package web

// messages holds the portal's labels, by language.
var messages = map[string]map[string]string{
	"en": {
		"members": "Members", "as_of": "As of", "show": "Show", "in_force": "In force since",
		"not_in_force": "The charter is not in force", "chairman": "Chairman", "successor": "Successor",
		"none": "none designated", "member_count": "Member States", "state": "State", "status": "Status",
		"founding": "Founding State", "joined": "Joined", "term_end": "Term ends", "permanent": "permanent seat",
		"ended": "Ended", "head": "Represented by", "yes": "yes", "no": "no",
		"invited": "invited", "declined": "declined", "invitation-withdrawn": "invitation withdrawn",
		"signatory": "signatory", "member": "member", "removal-pending": "removal pending", "former": "former member",
		"expired": "term expired", "withdrawn": "withdrew", "removed": "removed", "dissolved": "dissolved",
		"other_lang": "Français", "other_code": "fr",
	},
	"fr": {
		"members": "Membres", "as_of": "À la date du", "show": "Afficher", "in_force": "Charte en vigueur depuis le",
		"not_in_force": "La charte n'est pas en vigueur", "chairman": "Président", "successor": "Successeur",
		"none": "non désigné", "member_count": "États membres", "state": "État", "status": "Statut",
		"founding": "État fondateur", "joined": "Adhésion", "term_end": "Fin du mandat", "permanent": "siège permanent",
		"ended": "Fin", "head": "Représenté par", "yes": "oui", "no": "non",
		"invited": "invité", "declined": "invitation déclinée", "invitation-withdrawn": "invitation retirée",
		"signatory": "signataire", "member": "membre", "removal-pending": "exclusion en cours", "former": "ancien membre",
		"expired": "mandat échu", "withdrawn": "retrait", "removed": "exclu", "dissolved": "dissolution",
		"other_lang": "English", "other_code": "en",
	},
}
