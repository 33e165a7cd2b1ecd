package export

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// Source is what an export states it was built from. In JSON it is the top-level "source"
// member; in CSV, comment lines before the header (the "#" comment prefix of the W3C's model
// for tabular data); in XML, a comment right after the XML declaration.
type Source struct {
	Export string    // the data set's name
	Format string    // csv, json or xml
	Origin string    // the log's origin: the first line of its checkpoints
	Size   uint64    // the entries recorded no later than AsOf: the export read these, and only these
	Root   tlog.Hash // the Merkle root (RFC 6962) of the tree of those entries
	AsOf   time.Time // the instant the export is as of
}

// sourceJSON is Source's JSON form: the root in base64, as the checkpoint writes it, and the
// instant in RFC 3339 with as many fractional digits as it has.
type sourceJSON struct {
	Export string `json:"export"`
	Format string `json:"format"`
	Origin string `json:"origin"`
	Size   uint64 `json:"size"`
	Root   string `json:"root"`
	AsOf   string `json:"as_of"`
}

// SourceFields are the names of Source's members in JSON, and of its lines in CSV and XML.
var SourceFields = []string{"export", "format", "origin", "size", "root", "as_of"}

// MarshalJSON implements json.Marshaler.
func (s Source) MarshalJSON() ([]byte, error) {
	return json.Marshal(sourceJSON{s.Export, s.Format, s.Origin, s.Size, base64.StdEncoding.EncodeToString(s.Root[:]), formatInstant(s.AsOf)})
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *Source) UnmarshalJSON(b []byte) error {
	var j sourceJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	out := Source{Export: j.Export, Format: j.Format, Origin: j.Origin, Size: j.Size}
	if err := out.setRoot(j.Root); err != nil {
		return err
	}
	if err := out.setAsOf(j.AsOf); err != nil {
		return err
	}
	*s = out
	return nil
}

func formatInstant(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func (s *Source) setRoot(v string) error {
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(b) != len(s.Root) {
		return fmt.Errorf("root %q: want the base64 of a %d-byte hash", v, len(s.Root))
	}
	copy(s.Root[:], b)
	return nil
}

func (s *Source) setAsOf(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return fmt.Errorf("as_of %q: want an RFC 3339 instant", v)
	}
	s.AsOf = t.UTC()
	return nil
}

// lines returns the provenance as "name: value" lines, in SourceFields' order.
func (s Source) lines() []string {
	return []string{
		"export: " + s.Export,
		"format: " + s.Format,
		"origin: " + s.Origin,
		"size: " + strconv.FormatUint(s.Size, 10),
		"root: " + base64.StdEncoding.EncodeToString(s.Root[:]),
		"as_of: " + formatInstant(s.AsOf),
	}
}

const csvHeadline = "# peaceboard open data: what this file was built from (see the data dictionary, /data)\n"

func (s Source) csvComment() string {
	var b strings.Builder
	b.WriteString(csvHeadline)
	for _, l := range s.lines() {
		b.WriteString("# " + l + "\n")
	}
	return b.String()
}

func (s Source) xmlComment() string {
	// An XML comment may not hold "--": an origin that does is written with it spaced out.
	return "<!-- peaceboard open data\n     " + strings.ReplaceAll(strings.Join(s.lines(), "\n     "), "--", "- -") + "\n-->\n"
}

// ReadSource reads the provenance an export states, whatever its format: JSON (a top-level
// "source" member), CSV (leading "#" lines) or XML (a comment after the declaration).
func ReadSource(file []byte) (Source, error) {
	trimmed := bytes.TrimLeft(file, " \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, []byte("{")):
		// The source is the first member: read it alone, so that a file damaged further on
		// still says what it claims to be, and the comparison says where it differs.
		dec := json.NewDecoder(bytes.NewReader(file))
		var src Source
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return Source{}, fmt.Errorf("not a peaceboard export: the JSON is not an object")
		}
		if tok, err := dec.Token(); err != nil || tok != "source" {
			return Source{}, fmt.Errorf("not a peaceboard export: the JSON does not start with a \"source\" member")
		}
		if err := dec.Decode(&src); err != nil {
			return Source{}, fmt.Errorf("the export's provenance: %v", err)
		}
		return src, nil
	case bytes.HasPrefix(trimmed, []byte("#")):
		var lines []string
		sc := bufio.NewScanner(bytes.NewReader(file))
		for sc.Scan() {
			l, ok := strings.CutPrefix(sc.Text(), "# ")
			if !ok {
				break
			}
			lines = append(lines, l)
		}
		return parseLines(lines)
	case bytes.HasPrefix(trimmed, []byte("<?xml")):
		_, rest, _ := bytes.Cut(file, []byte("<!-- peaceboard open data\n"))
		body, _, ok := bytes.Cut(rest, []byte("\n-->"))
		if !ok {
			return Source{}, fmt.Errorf("not a peaceboard export: the XML has no provenance comment")
		}
		var lines []string
		for l := range strings.SplitSeq(string(body), "\n") {
			lines = append(lines, strings.TrimSpace(l))
		}
		return parseLines(lines)
	}
	return Source{}, fmt.Errorf("not a peaceboard export: neither JSON, CSV with its provenance lines, nor XML")
}

// parseLines reads "name: value" lines, skipping any other, and requires every field.
func parseLines(lines []string) (Source, error) {
	var s Source
	seen := map[string]bool{}
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ": ")
		if !ok {
			continue
		}
		var err error
		switch name {
		case "export":
			s.Export = value
		case "format":
			s.Format = value
		case "origin":
			s.Origin = value
		case "size":
			s.Size, err = strconv.ParseUint(value, 10, 64)
		case "root":
			err = s.setRoot(value)
		case "as_of":
			err = s.setAsOf(value)
		default:
			continue
		}
		if err != nil {
			return Source{}, fmt.Errorf("the export's provenance: %v", err)
		}
		seen[name] = true
	}
	for _, f := range SourceFields {
		if !seen[f] {
			return Source{}, fmt.Errorf("not a peaceboard export: its provenance has no %q", f)
		}
	}
	return s, nil
}
