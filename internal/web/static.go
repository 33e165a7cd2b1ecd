package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed static
var staticFiles embed.FS

// assets are the portal's static files: its style sheet, its one small script, the workspace's script, its icon. Each is
// served under a name that carries a digest of its content (/static/portal.1a2b3c4d5e.css), so
// that a browser may keep it for a year: a new version has a new name.
type assets struct {
	byName map[string]asset // by served name, digest included
	plain  map[string]asset // by file name, served without long caching
	urls   assetURLs
}

type asset struct {
	data  []byte
	ctype string
}

// assetURLs are the URLs the layout links to.
type assetURLs struct {
	CSS, JS, Icon string
	Workspace     string // the signing workspace's script
}

var contentTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
}

func newAssets() *assets {
	a := &assets{byName: map[string]asset{}, plain: map[string]asset{}}
	urls := map[string]string{}
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		file := path.Base(p)
		ext := path.Ext(file)
		sum := sha256.Sum256(data)
		name := strings.TrimSuffix(file, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		f := asset{data: data, ctype: contentTypes[ext]}
		a.byName[name], a.plain[file] = f, f
		urls[file] = "/static/" + name
		return nil
	})
	if err != nil {
		panic("web: static files: " + err.Error())
	}
	a.urls = assetURLs{CSS: urls["portal.css"], JS: urls["sort.js"], Icon: urls["icon.svg"], Workspace: urls["workspace.js"]}
	return a
}

// serve answers GET /static/{file}.
func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	f, immutable := a.byName[name]
	if !immutable {
		var ok bool
		if f, ok = a.plain[name]; !ok {
			http.NotFound(w, r)
			return
		}
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(f.data)))
	if immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	w.Write(f.data)
}
