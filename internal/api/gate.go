package api

import (
	"net/http"

	"github.com/peaceboard/peaceboard/internal/engine"
)

// FollowerGate answers writes (any method but GET, HEAD and OPTIONS) with the problem
// "unavailable" (503, with Retry-After) while e follows a record that another process writes:
// only the writer may accept acts, and a follower that forwarded them would hide from the
// client which server acknowledged them. Clients retry, on this server (which may be the writer
// by then) or on the writer. Reads pass to next on every process. A server on a shared
// (PostgreSQL) record wraps its whole mux in it, inside Observe, which gives the request id.
func FollowerGate(e *engine.Engine, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			if !e.Writer() {
				writeProblem(w, r, errorf(Unavailable, "this server follows the record: another peaceboard process is its writer; retry shortly"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
