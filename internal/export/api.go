package export

import (
	"context"
	"io"
	"time"

	"github.com/peaceboard/peaceboard/apiv1"
	"github.com/peaceboard/peaceboard/internal/api"
	"github.com/peaceboard/peaceboard/internal/engine"
)

// ForAPI serves the data sets through the JSON API (api.Config.Exports).
type ForAPI struct{}

var _ api.Exporter = ForAPI{}

// FilePath is the URL path of a data set's file in a format.
func FilePath(name, format string) string { return api.Prefix + "/exports/" + name + "." + format }

// DictionaryPath is the URL path of a data set's part of the portal's data dictionary.
func DictionaryPath(name string) string { return "/data#" + name }

// List implements api.Exporter.
func (ForAPI) List(lang string) []apiv1.Export {
	var out []apiv1.Export
	for _, x := range sets {
		e := apiv1.Export{Name: x.Name, Title: x.Title[lang], Formats: x.Formats, Files: map[string]string{}, Dictionary: DictionaryPath(x.Name)}
		for _, f := range x.Formats {
			e.Files[f] = FilePath(x.Name, f)
		}
		out = append(out, e)
	}
	return out
}

// Build implements api.Exporter.
func (ForAPI) Build(ctx context.Context, w io.Writer, e *engine.Engine, name, format string, asOf time.Time) (string, string, error) {
	src, err := Build(ctx, w, e, name, format, asOf)
	if err != nil {
		return "", "", err
	}
	return FileName(name, format, src.AsOf), ContentType(format), nil
}
