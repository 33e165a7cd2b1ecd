package web

// witnessMessages are the labels of the witness policy's act (set-witness-policy, describe_keys.go):
// its kind, its sentence, the count of witnesses and of those that must cosign, and the label of
// the list of witnesses. init adds them to messages.
var witnessMessages = map[string]map[string]string{
	"en": {
		"kind.set-witness-policy":  "Witness policy",
		"act.set-witness-policy":   "%s set the witness policy: %s, of which %s",
		"act.witness_count.one":    "%s witness",
		"act.witness_count.other":  "%s witnesses",
		"act.witness_quorum.one":   "%s must cosign each checkpoint",
		"act.witness_quorum.other": "%s must cosign each checkpoint",
		"act.witnesses":            "Witnesses (name, public key, URL)",
	},
	"fr": {
		"kind.set-witness-policy":  "Politique des témoins",
		"act.set-witness-policy":   "%s : politique des témoins fixée : %s, dont %s",
		"act.witness_count.one":    "%s témoin",
		"act.witness_count.other":  "%s témoins",
		"act.witness_quorum.one":   "%s doit cosigner chaque point de contrôle",
		"act.witness_quorum.other": "%s doivent cosigner chaque point de contrôle",
		"act.witnesses":            "Témoins (nom, clé publique, URL)",
	},
}

func init() {
	for lang, m := range witnessMessages {
		for k, v := range m {
			if lang == "fr" {
				v = frenchSpacing(v)
			}
			messages[lang][k] = v
		}
	}
}
