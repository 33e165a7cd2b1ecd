package web

// witnessPolicyMessages are the labels of the witness policy's act (set-witness-policy, describe_keys.go):
// its kind, its sentence, the count of witnesses and of those that must cosign, and the label of
// the list of witnesses. init adds them to messages.
var witnessPolicyMessages = map[string]map[string]string{
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

// witnessMessages are the labels of the record page's witnesses (record.go): who cosigned the
// published checkpoint and when, whether the policy's quorum is met, and how to check it. init
// adds them to messages.
var witnessMessages = map[string]map[string]string{
	"en": {
		"witness.heading":      "Witnesses",
		"witness.lead":         "Independent witnesses cosign the checkpoint: each one states that it is consistent with every earlier checkpoint of this log it has seen, so that this server cannot show different histories to different readers without being caught.",
		"witness.col.witness":  "Witness",
		"witness.col.cosigned": "Cosigned",
		"witness.none":         "not this checkpoint",
		"witness.quorum.met":   "The cosignatures meet the witness policy's quorum.",
		"witness.quorum.unmet": "The cosignatures do not meet the witness policy's quorum yet.",
		"witness.count.one":    "%s witness of the policy cosigned this checkpoint.",
		"witness.count.other":  "%s witnesses of the policy cosigned this checkpoint.",
		"witness.verify":       "Check the cosignatures yourself: save the policy below as policy.txt, then run:",
		"witness.policy":       "The witness policy (Sigsum policy format):",
		"witness.policy.note":  "Pin the policy as you pin the key: take it from a source you trust, not only from this page.",
	},
	"fr": {
		"witness.heading":      "Témoins",
		"witness.lead":         "Des témoins indépendants cosignent le point de contrôle : chacun atteste qu'il prolonge tous les points de contrôle antérieurs de ce journal qu'il a vus, de sorte que ce serveur ne peut montrer des historiques différents à différents lecteurs sans être pris.",
		"witness.col.witness":  "Témoin",
		"witness.col.cosigned": "Cosigné",
		"witness.none":         "pas ce point de contrôle",
		"witness.quorum.met":   "Les cosignatures atteignent le quorum de la politique des témoins.",
		"witness.quorum.unmet": "Les cosignatures n'atteignent pas encore le quorum de la politique des témoins.",
		"witness.count.one":    "%s témoin de la politique a cosigné ce point de contrôle.",
		"witness.count.other":  "%s témoins de la politique ont cosigné ce point de contrôle.",
		"witness.verify":       "Vérifiez vous-même les cosignatures : enregistrez la politique ci-dessous dans policy.txt, puis lancez :",
		"witness.policy":       "La politique des témoins (format de politique Sigsum) :",
		"witness.policy.note":  "Épinglez la politique comme la clé : prenez-la d'une source de confiance, pas seulement de cette page.",
	},
}

func init() {
	for _, set := range []map[string]map[string]string{witnessPolicyMessages, witnessMessages} {
		for lang, m := range set {
			for k, v := range m {
				if lang == "fr" {
					v = frenchSpacing(v)
				}
				messages[lang][k] = v
			}
		}
	}
}
