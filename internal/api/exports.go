package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// Exporter builds the open-data files. internal/export implements it (export.ForAPI); it
// imports this package, whose wire forms its data sets are, so the server passes it in
// Config.Exports rather than this package importing it.
type Exporter interface {
	// List returns the data sets, titled in lang (fr or en).
	List(lang string) []apiv1.Export
	// Build writes data set name in format as of asOf (zero: the instant of the latest entry)
	// and returns the instant it is as of and the file's name and media type. An unknown set or
	// format is a NotFound error.
	Build(ctx context.Context, w io.Writer, e *engine.Engine, name, format string, asOf time.Time) (file, contentType string, err error)
}

func (a *API) exportList(w http.ResponseWriter, r *http.Request) error {
	if a.cfg.Exports == nil {
		return board.Errorf(board.NotFound, "this server offers no exports")
	}
	lang := r.URL.Query().Get("lang")
	if lang != "fr" {
		lang = "en"
	}
	return writeJSON(w, apiv1.Exports{Items: a.cfg.Exports.List(lang)})
}

// exportFile serves one export file, with the bytes "peaceboard export" writes for the same
// as_of: without as_of, as of the latest entry (not now, so that it can be rebuilt). ?lang= is
// accepted (the portal's links carry it) and changes nothing: the files are the same in every
// language.
func (a *API) exportFile(w http.ResponseWriter, r *http.Request) error {
	if a.cfg.Exports == nil {
		return board.Errorf(board.NotFound, "this server offers no exports")
	}
	name, format, ok := strings.Cut(r.PathValue("file"), ".")
	if !ok {
		return board.Errorf(board.NotFound, "%q: want NAME.FORMAT, like contributions.csv", r.PathValue("file"))
	}
	var t time.Time
	if r.URL.Query().Get("as_of") != "" {
		var err error
		if t, err = a.asOf(r); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	file, ctype, err := a.cfg.Exports.Build(r.Context(), &buf, a.engine, name, format, t)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	_, err = w.Write(buf.Bytes())
	return err
}
