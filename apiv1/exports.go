package apiv1

// Export is one open-data set the server offers as files (GET /api/v1/exports): the files are
// those "peaceboard export NAME" writes, each stating the record it was built from.
type Export struct {
	Name    string   `json:"name"`  // stable and lowercase: members, contributions, iati, …
	Title   string   `json:"title"` // in the language asked for (?lang=fr|en)
	Formats []string `json:"formats"`
	// Files are the URL paths of the set's files, by format; each takes ?as_of=.
	Files map[string]string `json:"files"`
	// Dictionary is the URL path of the portal's data dictionary of the set: every field, its
	// meaning and its unit.
	Dictionary string `json:"dictionary"`
}

// Exports is the list of GET /api/v1/exports.
type Exports struct {
	Items []Export `json:"items"`
}
