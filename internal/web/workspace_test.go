package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

var workspaceDataRE = regexp.MustCompile(`(?s)<script type="application/json" id="ws-data">(.*?)</script>`)

// TestWorkspaceShell checks what the server gives the signing workspace's script: its labels in
// the page's language, the names of actors, the server's public URL, and the script itself,
// under the portal's Content-Security-Policy. The page itself is driven in a browser by
// cmd/peaceboard's TestWorkspace.
func TestWorkspaceShell(t *testing.T) {
	h := portal(t, demoEngine(t))
	for _, c := range []struct {
		lang, label, kaz, consent string
	}{
		{"en", "Generate my key", "Kazakhstan", "The delegation of {state}"},
		{"fr", "Créer ma clé", "Kazakhstan", "{state} (délégation)"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/workspace?lang="+c.lang+"&as_of=2026-01-21", nil))
		body := rec.Body.String()
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", c.lang, rec.Code)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: Content-Security-Policy %q, want the portal's", c.lang, csp)
		}
		if strings.Contains(body, `class="asof"`) {
			t.Errorf("%s: the workspace shows the as-of picker; one acts now", c.lang)
		}
		if !regexp.MustCompile(`<script src="/static/workspace\.[0-9a-f]{10}\.js" defer></script>`).MatchString(body) {
			t.Errorf("%s: the page does not load its script from /static", c.lang)
		}
		if !strings.Contains(body, c.label) {
			t.Errorf("%s: no %q button", c.lang, c.label)
		}
		m := workspaceDataRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s: no ws-data block", c.lang)
		}
		var data struct {
			Lang   string            `json:"lang"`
			Server string            `json:"server"`
			Text   map[string]string `json:"text"`
			Names  map[string]string `json:"names"`
		}
		if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
			t.Fatalf("%s: the ws-data block is not JSON: %v\n%.500s", c.lang, err, m[1])
		}
		if data.Lang != c.lang || data.Server != strings.TrimSuffix(publicURL, "/") {
			t.Errorf("%s: data says lang %q, server %q", c.lang, data.Lang, data.Server)
		}
		if data.Names["state:KAZ"] != c.kaz || data.Names["state:NOR"] == "" || data.Names["chairman"] == "" {
			t.Errorf("%s: names: state:KAZ %q, state:NOR %q, chairman %q; want every State named", c.lang, data.Names["state:KAZ"], data.Names["state:NOR"], data.Names["chairman"])
		}
		if got := data.Text["ws.say.delegation"]; got != c.consent {
			t.Errorf("%s: ws.say.delegation = %q, want %q", c.lang, got, c.consent)
		}
		for _, k := range []string{"ws.receipt.checked", "kind.consent", "choice.yes", "instrument.signature"} {
			if data.Text[k] == "" {
				t.Errorf("%s: the script has no label %s", c.lang, k)
			}
		}
		if !strings.Contains(body, `<option value="state:KAZ">`+html.EscapeString(c.kaz)+`</option>`) {
			t.Errorf("%s: the actor field does not suggest state:KAZ", c.lang)
		}
	}
}
