package iati

import (
	"encoding/xml"
	"io"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// Organisations is the iati-organisations document: the organisation file, the publisher's own
// record beside its activities.
type Organisations struct {
	XMLName   xml.Name       `xml:"iati-organisations"`
	Version   string         `xml:"version,attr"`
	Generated string         `xml:"generated-datetime,attr"`
	List      []Organisation `xml:"iati-organisation"`
}

// Organisation is one iati-organisation; the fields are in the schema's order.
type Organisation struct {
	Lang         string        `xml:"xml:lang,attr"`
	Currency     string        `xml:"default-currency,attr"`
	Identifier   string        `xml:"organisation-identifier"`
	Name         Text          `xml:"name"`
	ReportingOrg Org           `xml:"reporting-org"`
	Expenditure  []Expenditure `xml:"total-expenditure"`
}

// Expenditure is a total-expenditure: what the organisation paid out in one period.
type Expenditure struct {
	Start ISODate `xml:"period-start"`
	End   ISODate `xml:"period-end"`
	Value Value   `xml:"value"`
}

// BuildOrganisation returns the organisation file of s as of t under rules r: the organisation,
// and for each calendar year with a payment by t its disbursements paid that year, in US dollars
// at the rates they were paid at. The year of t ends at t: the file reports what was paid, never
// a year not yet over as if it were.
func BuildOrganisation(s *board.State, r *charter.Rules, t time.Time) (*Organisations, error) {
	if r.Organization.IATIRef == "" {
		return nil, ErrNoRef
	}
	reporting := Org{Ref: r.Organization.IATIRef, Type: orgTypeMultilateral, Narratives: orgNames(r)}
	o := Organisation{Lang: "en", Currency: "USD", Identifier: r.Organization.IATIRef,
		Name: Text{orgNames(r)}, ReportingOrg: reporting}
	if len(r.Organization.Languages) > 0 {
		o.Lang = r.Organization.Languages[0]
	}
	byYear := map[int]int64{}
	var years []int
	for _, d := range s.DisbursementList(t) {
		if d.Status != board.DisbursementPaid {
			continue
		}
		y := d.Paid.UTC().Year()
		if _, ok := byYear[y]; !ok {
			years = append(years, y)
		}
		byYear[y] += d.USD.Minor
	}
	slices.Sort(years)
	for _, y := range years {
		start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		end := time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
		if end.After(t) {
			end = t
		}
		o.Expenditure = append(o.Expenditure, Expenditure{Start: ISODate{date(start)}, End: ISODate{date(end)},
			Value: value(money.Amount{Currency: "USD", Minor: byYear[y]}, end)})
	}
	return &Organisations{Version: Version, Generated: t.UTC().Format(time.RFC3339), List: []Organisation{o}}, nil
}

// WriteOrganisation writes the organisation file of s as of t under rules r.
func WriteOrganisation(w io.Writer, s *board.State, r *charter.Rules, t time.Time) error {
	doc, err := BuildOrganisation(s, r, t)
	if err != nil {
		return err
	}
	return encode(w, doc)
}
