// Package api serves the record over HTTP: the JSON API under /api/v1 and the log itself as
// C2SP tlog-tiles under /log/.
package api

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/peaceboard/peaceboard/internal/engine"
	"github.com/peaceboard/peaceboard/record"
)

// Log serves the public log: /log/checkpoint, /log/key, /log/tile/... (C2SP tlog-tiles).
type Log struct {
	engine *engine.Engine
	log    *slog.Logger
}

// NewLog returns the log's HTTP handler over e.
func NewLog(e *engine.Engine, log *slog.Logger) *Log { return &Log{engine: e, log: log} }

// Register adds the log's routes to mux.
func (l *Log) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /log/checkpoint", l.checkpoint)
	mux.HandleFunc("GET /log/key", l.key)
	mux.HandleFunc("GET /log/tile/", l.tile)
}

func (l *Log) checkpoint(w http.ResponseWriter, r *http.Request) {
	// The checkpoint published: with its witnesses' cosignature lines after the log's
	// signature, when a witness client runs (internal/cosigners).
	cp := l.engine.Published()
	if cp.Note == nil {
		http.Error(w, "the log is empty", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(cp.Note)
}

func (l *Log) key(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(l.engine.Meta().LogKey + "\n"))
}

func (l *Log) tile(w http.ResponseWriter, r *http.Request) {
	p, err := record.ParseTilePath(strings.TrimPrefix(r.URL.Path, "/log/"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	var data []byte
	if p.Entries {
		data, err = l.engine.EntryBundle(r.Context(), p)
	} else {
		data, err = l.engine.HashTile(p)
	}
	if err != nil {
		// The statuses are the API's (StatusOf), in plain text as the rest of the log: a tile
		// not there yet is 404, a busy store or an ended request 503 with Retry-After.
		status := StatusOf(err)
		if status == http.StatusInternalServerError {
			l.log.Error("log tile", "path", r.URL.Path, "err", err)
		}
		if s := problemTypes[problemKind(err)].retryAfter; s != "" {
			w.Header().Set("Retry-After", s)
		}
		http.Error(w, strings.ToLower(http.StatusText(status)), status)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if p.W == record.TileWidth {
		// A full tile never changes.
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Write(data)
}
