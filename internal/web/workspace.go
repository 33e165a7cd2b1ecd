package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
)

// workspacePage is the signing workspace (/workspace): the page where an actor keeps its key in
// its browser and signs its own acts. The server only renders the shell, the labels and the
// names of actors; workspace.js does the rest in the browser, so that the private key never
// leaves it. The page shows the present (no as-of picker): one acts now or not at all.
type workspacePage struct {
	*page
	Server string        // the public URL, for the secretariat's register-key command
	Actors []actorOption // who may act, for the actor field's suggestions
	Data   workspaceData // what workspace.js reads, as JSON in the page
}

// An actorOption is one suggestion of the actor field: "state:KAZ", "Kazakhstan".
type actorOption struct{ ID, Name string }

// workspaceData is given to workspace.js in a <script type="application/json"> element, which
// the Content-Security-Policy allows since it is never run: the labels the script writes, in the
// page's language, and the names that make its sentences read as a person would say them.
type workspaceData struct {
	Lang   string            `json:"lang"`
	Server string            `json:"server"`
	Text   map[string]string `json:"text"`
	Names  map[string]string `json:"names"` // by actor id: "state:KAZ" is "Kazakhstan"
}

// workspaceLabels are the prefixes of the labels workspace.js writes: its own (ws.), and the
// portal's names of act kinds, vote choices, consent instruments and offices.
var workspaceLabels = []string{"ws.", "kind.", "choice.", "instrument.", "actor."}

func (s *Server) workspace(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	rq.at, rq.asOf = rq.now, "" // the workspace acts now: an as_of in the URL is ignored
	p := s.newPage(rq, "ws.title")
	p.Live, p.Script = true, s.assets.urls.Workspace
	data := &workspacePage{page: p, Server: s.origin()}
	err := s.view(rq, func(st *board.State, rules *charter.Rules) error {
		data.Actors = workspaceActors(p.L, st)
		return nil
	})
	if err == nil {
		data.Data = workspaceData{Lang: rq.lang, Server: data.Server, Text: map[string]string{}, Names: map[string]string{}}
		for k, v := range p.L.msgs {
			for _, prefix := range workspaceLabels {
				if strings.HasPrefix(k, prefix) {
					data.Data.Text[k] = v
				}
			}
		}
		for _, a := range data.Actors {
			data.Data.Names[a.ID] = a.Name
		}
	}
	s.render(w, rq, "workspace", data, err)
}

// workspaceActors lists who may act: the offices, the Executive Board members the record
// knows, then every State by name (any State may be invited later, while the page is open).
func workspaceActors(l *locale, st *board.State) []actorOption {
	out := []actorOption{}
	for _, a := range []board.ActorID{board.Chairman, board.Secretariat, board.ChiefExecutive} {
		out = append(out, actorOption{string(a), l.Actor(a)})
	}
	var execs []actorOption
	for id, x := range st.Executives {
		execs = append(execs, actorOption{"executive:" + string(id), x.Person})
	}
	slices.SortFunc(execs, func(a, b actorOption) int { return collate(a.Name, b.Name) })
	out = append(out, execs...)
	var states []actorOption
	for _, code := range isoStates() {
		states = append(states, actorOption{"state:" + string(code), l.State(code)})
	}
	slices.SortFunc(states, func(a, b actorOption) int { return cmp.Or(collate(a.Name, b.Name), strings.Compare(a.ID, b.ID)) })
	return append(out, states...)
}

// isoStates returns every ISO 3166-1 alpha-3 code of a country that the region data knows, with
// Kosovo's user-assigned XKX, which the portal names; computed once.
var isoStates = sync.OnceValue(func() []board.StateCode {
	var codes []board.StateCode
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			for c := 'A'; c <= 'Z'; c++ {
				code := string([]rune{a, b, c})
				r, err := language.ParseRegion(code)
				// ParseRegion also reads deprecated and private codes; keep a code only if it is
				// the region's own ISO 3166-1 alpha-3 code.
				if err == nil && r.IsCountry() && r.ISO3() == code {
					codes = append(codes, board.StateCode(code))
				}
			}
		}
	}
	return append(codes, "XKX")
})
