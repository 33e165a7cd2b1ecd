package apiv1

// SearchItem is one thing a search found (GET /search): a State, a person, a fund or a
// programme known as of the instant asked, by its name; or an act recorded by then, by the words
// of its text. Names come first, then acts, the latest first.
type SearchItem struct {
	// Type is act, state, person, fund or programme.
	Type string `json:"type"`
	// Index, Recorded, Kind and Actor are an act's: its entry's index, its recorded instant
	// (RFC 3339), its kind and who made it.
	Index    *uint64 `json:"index,omitempty"`
	Recorded string  `json:"recorded,omitempty"`
	Kind     string  `json:"kind,omitempty"`
	Actor    string  `json:"actor,omitempty"`
	// ID is a name's: a State's code, a fund's or a programme's id, and for a head of delegation
	// or a representative the State's code.
	ID string `json:"id,omitempty"`
	// Role is a person's: chairman, successor, head, representative or executive.
	Role string `json:"role,omitempty"`
	// Title is the act's title (a proposal's, a directive's, the name of what it creates), or its
	// kind when it has none; or the name, a State's in the language asked.
	Title string `json:"title"`
	// Snippet is the line of the text found that matches the most words asked.
	Snippet string `json:"snippet"`
	// URL is where this API says more of it: the entry, the State's membership, the status (of
	// the Chairman and the Executive Board), the funds, the treasury.
	URL string `json:"url"`
}
