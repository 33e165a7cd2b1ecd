package api

import (
	"fmt"
	"net/http"

	"github.com/peaceboard/peaceboard/internal/engine"
)

// health answers GET /healthz: "ok N entries", with the server's role in the header
// Peaceboard-Role. A server answers it once it serves (scripts wait for its 200, SPEC §6.1); a
// load balancer sends writes to the one that says "writer" (docs/operations.md).
func (a *API) health(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Peaceboard-Role", role(a.engine))
	_, err := fmt.Fprintf(w, "ok %d entries\n", a.engine.Len())
	return err
}

// role names the part a server plays in its record: "writer", or "follower" while another
// process writes the record it shares (FollowerGate).
func role(e *engine.Engine) string {
	if e.Writer() {
		return "writer"
	}
	return "follower"
}
