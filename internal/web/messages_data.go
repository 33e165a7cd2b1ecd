package web

// dataMessages are the labels of open data (data.go): the "Download the data" block of each page
// and the data dictionary, /data. init adds them to messages.
var dataMessages = map[string]map[string]string{
	"en": {
		"data.title":         "Open data",
		"data.lead":          "Every data set of the record, as CSV and JSON files (and IATI XML for the treasury), with what each field means and its unit. Each file states what it was built from: the log's origin, the number of entries it read and the root of their Merkle tree, and the instant it is as of.",
		"data.verify":        "Anyone can rebuild a file from the public record and compare it byte for byte:",
		"data.sets":          "Data sets",
		"data.files":         "Files:",
		"data.fields_of":     "%s: fields",
		"data.col.field":     "Field",
		"data.col.meaning":   "Meaning",
		"data.col.unit":      "Unit",
		"data.source":        "What every file states it was built from",
		"data.source.fields": "Provenance: fields",
		"data.source.lead":   "In JSON, the top-level source member (and items, the rows); in CSV, the lines starting with # before the header; in IATI XML, the comment after the XML declaration.",
		"data.download":      "Download the data",
		"data.dictionary":    "What each field means: the data dictionary",
		"data.footer":        "Open data",
	},
	"fr": {
		"data.title":         "Données ouvertes",
		"data.lead":          "Chaque jeu de données du registre, en fichiers CSV et JSON (et IATI XML pour la trésorerie), avec le sens et l'unité de chaque champ. Chaque fichier indique ce à partir de quoi il a été construit : l'origine du journal, le nombre d'entrées lues et la racine de leur arbre de Merkle, et l'instant auquel il se rapporte.",
		"data.verify":        "Chacun peut reconstruire un fichier à partir du registre public et le comparer octet par octet :",
		"data.sets":          "Jeux de données",
		"data.files":         "Fichiers :",
		"data.fields_of":     "%s : champs",
		"data.col.field":     "Champ",
		"data.col.meaning":   "Signification",
		"data.col.unit":      "Unité",
		"data.source":        "Ce que chaque fichier indique de sa construction",
		"data.source.fields": "Provenance : champs",
		"data.source.lead":   "En JSON, le membre source en tête (et items, les lignes) ; en CSV, les lignes commençant par # avant l'en-tête ; en IATI XML, le commentaire qui suit la déclaration XML.",
		"data.download":      "Télécharger les données",
		"data.dictionary":    "Ce que signifie chaque champ : le dictionnaire des données",
		"data.footer":        "Données ouvertes",
	},
}

func init() {
	for lang, m := range dataMessages {
		for k, v := range m {
			if lang == "fr" {
				v = frenchSpacing(v)
			}
			messages[lang][k] = v
		}
	}
}
