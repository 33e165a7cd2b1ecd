package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/peaceboard/peaceboard/internal/export"
)

// Open data on the portal: each page offers the data sets it shows as files of the API
// (/api/v1/exports/NAME.FORMAT, internal/export), as of the page's date; the data dictionary,
// /data, lists every data set with its files and, for each field, its meaning and unit, from
// internal/export's one table.

// pageData says which data sets each page offers, by path: a path is matched as itself, then
// as a prefix ending in "/". A page that shows no one data set (the overview, the record, the
// timeline) offers a link to the data dictionary only; the workspace and the dictionary itself
// offer nothing.
var pageData = []struct {
	path string
	sets []string
}{
	{"/members", []string{"members"}},
	{"/members/", []string{"members", "contributions"}},
	{"/invitations", []string{"invitations"}},
	{"/decisions", []string{"decisions", "votes"}},
	{"/decisions/", []string{"decisions", "votes"}},
	{"/executive", []string{"popolo"}},
	{"/treasury", []string{"funds", "contributions", "disbursements", "iati", "iati-organisation"}},
	{"/treasury/", []string{"funds", "contributions", "disbursements", "iati", "iati-organisation"}},
	{"/", nil}, {"/record", nil}, {"/timeline", nil},
}

// downloads is the "Download the data" block of a page.
type downloads struct {
	Sets       []downloadSet
	Dictionary string // the data dictionary's URL
}

// A downloadSet is one data set's files.
type downloadSet struct {
	Name, Title, Dictionary string
	Files                   []downloadFile
}

// A downloadFile is one format of a data set: its label (CSV, JSON, IATI XML), its URL and its
// media type.
type downloadFile struct {
	Label, URL, Type string
}

// offerData sets p's downloads from pageData, for the page at path; the IATI files only if the
// organization publishes them (its rules file gives its IATI reference).
func (p *page) offerData(path string, iatiFiles bool) {
	for _, d := range pageData {
		if d.path == path || strings.HasSuffix(d.path, "/") && d.path != "/" && strings.HasPrefix(path, d.path) {
			p.Downloads = &downloads{Dictionary: p.Link("/data")}
			for _, name := range d.sets {
				if x, ok := export.Find(name); ok && (iatiFiles || x.Formats[0] != export.XML) {
					p.Downloads.Sets = append(p.Downloads.Sets, p.downloadSet(x))
				}
			}
			return
		}
	}
}

// downloadSet returns the files of data set x as of the page's date: the API's files take the
// same as_of (a date: the end of that day); as of today, they are as of the latest entry, which
// can be rebuilt later (docs/open-data.md).
func (p *page) downloadSet(x export.Set) downloadSet {
	d := downloadSet{Name: x.Name, Title: x.Title[p.Lang], Dictionary: p.Link("/data") + "#" + x.Name}
	for _, f := range x.Formats {
		q := url.Values{}
		q.Set("lang", p.Lang)
		if p.AsOf != "" {
			q.Set("as_of", p.AsOf)
		}
		label := strings.ToUpper(f)
		if f == export.XML {
			label = "IATI XML"
		}
		d.Files = append(d.Files, downloadFile{Label: label, URL: export.FilePath(x.Name, f) + "?" + q.Encode(), Type: export.ContentType(f)})
	}
	return d
}

// dataPage is the data dictionary.
type dataPage struct {
	*page
	Sets   []dataSet
	Source []dataField
}

type dataSet struct {
	downloadSet
	Fields []dataField
}

type dataField struct {
	Name, Meaning, Unit string
}

func (p *page) dataFields(fields []export.Field) []dataField {
	out := make([]dataField, len(fields))
	for i, f := range fields {
		out[i] = dataField{Name: f.Name, Meaning: f.Meaning[p.Lang], Unit: export.UnitTexts[f.Unit][p.Lang]}
	}
	return out
}

func (s *Server) data(w http.ResponseWriter, r *http.Request) {
	rq := s.read(r)
	data := &dataPage{page: s.newPage(rq, "data.title")}
	for _, x := range export.Sets() {
		data.Sets = append(data.Sets, dataSet{downloadSet: data.downloadSet(x), Fields: data.dataFields(export.Dictionary(x.Name))})
	}
	data.Source = data.dataFields(export.SourceDictionary)
	var err error
	if rq.bad != nil {
		err = rq.bad
	}
	s.render(w, rq, "data", data, err)
}
