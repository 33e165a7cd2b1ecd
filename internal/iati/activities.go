// Package iati writes the treasury as IATI 2.03 XML (iatistandard.org/en/iati-standard/203/), the
// standard aid agencies, the UN's pooled funds and d-portal read: one activity per fund and per
// programme, with the transactions the ledger holds in their original currencies.
//
// It reads board views and the rules, and writes XML; it neither opens a store nor reads a clock:
// the caller gives the instant, so that one record and one instant always give the same bytes.
package iati

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/money"
)

// Version is the IATI standard version the files declare and the schemas they are valid against.
const Version = "2.03"

// Codes from IATI's code lists (iatistandard.org/en/iati-standard/203/codelists/) that the files
// use. Named here so that a reader of the XML can find why each number is there.
const (
	orgTypeGovernment   = "10" // OrganisationType: a State's government
	orgTypeMultilateral = "40" // OrganisationType: the Board, an organization of States

	roleFunding      = "1" // OrganisationRole
	roleExtending    = "3"
	roleImplementing = "4"

	statusImplementation = "2" // ActivityStatus: under way
	datePlannedStart     = "1" // ActivityDateType
	dateActualStart      = "2"
	datePlannedEnd       = "3"

	vocabularyDAC = "1" // SectorVocabulary: OECD DAC CRS purpose codes, 5 digits

	txIncomingFunds      = "1"  // TransactionType
	txDisbursement       = "3"  //
	txIncomingCommitment = "11" //
	txIncomingPledge     = "13" //

	relatedParent = "1" // RelatedActivityType
	relatedChild  = "2"
)

// Activities is the iati-activities document.
type Activities struct {
	XMLName   xml.Name   `xml:"iati-activities"`
	Version   string     `xml:"version,attr"`
	Generated string     `xml:"generated-datetime,attr"`
	List      []Activity `xml:"iati-activity"`
}

// Activity is one iati-activity: a fund or a programme. The fields are in the order the schema's
// sequence requires.
type Activity struct {
	Lang          string        `xml:"xml:lang,attr"`
	Hierarchy     int           `xml:"hierarchy,attr"`
	Identifier    string        `xml:"iati-identifier"`
	ReportingOrg  Org           `xml:"reporting-org"`
	Title         Text          `xml:"title"`
	Description   Text          `xml:"description"`
	Participating []Org         `xml:"participating-org"`
	Status        Code          `xml:"activity-status"`
	Dates         []Date        `xml:"activity-date"`
	Countries     []Country     `xml:"recipient-country"`
	Sectors       []Sector      `xml:"sector"`
	Transactions  []Transaction `xml:"transaction"`
	Related       []Related     `xml:"related-activity"`
}

// Text is an element holding narratives, one per language.
type Text struct {
	Narratives []Narrative `xml:"narrative"`
}

// Narrative is a text in one language; Lang empty means the activity's own.
type Narrative struct {
	Lang string `xml:"xml:lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

// Org is an organisation named in an activity: reporting-org, participating-org, provider-org,
// receiver-org (each uses the attributes it has).
type Org struct {
	Ref                string      `xml:"ref,attr,omitempty"`
	Type               string      `xml:"type,attr,omitempty"`
	Role               string      `xml:"role,attr,omitempty"`
	ProviderActivityID string      `xml:"provider-activity-id,attr,omitempty"`
	Narratives         []Narrative `xml:"narrative"`
}

// Code is an element whose only content is a code attribute.
type Code struct {
	Code string `xml:"code,attr"`
}

// Date is an activity-date.
type Date struct {
	Type    string `xml:"type,attr"`
	ISODate string `xml:"iso-date,attr"`
}

// Country is a recipient-country: an ISO 3166-1 alpha-2 code and the activity's share in it.
type Country struct {
	Code       string `xml:"code,attr"`
	Percentage int    `xml:"percentage,attr"`
}

// Sector is a sector of a vocabulary (here always 1, DAC purpose codes) and the activity's share
// in it.
type Sector struct {
	Vocabulary string `xml:"vocabulary,attr"`
	Code       string `xml:"code,attr"`
	Percentage int    `xml:"percentage,attr"`
}

// Transaction is one transaction of an activity.
type Transaction struct {
	Ref         string  `xml:"ref,attr,omitempty"` // the ledger entry or disbursement it reports
	Type        Code    `xml:"transaction-type"`
	Date        ISODate `xml:"transaction-date"`
	Value       Value   `xml:"value"`
	Description *Text   `xml:"description"`
	Provider    *Org    `xml:"provider-org"`
	Receiver    *Org    `xml:"receiver-org"`
}

// ISODate is an element whose only content is an iso-date attribute.
type ISODate struct {
	ISODate string `xml:"iso-date,attr"`
}

// Value is an amount in its ISO 4217 currency, as a decimal, with the date its exchange rate is
// taken on.
type Value struct {
	Currency  string `xml:"currency,attr"`
	ValueDate string `xml:"value-date,attr"`
	Amount    string `xml:",chardata"`
}

// Related is a related-activity: type 1 parent, 2 child (RelatedActivityType).
type Related struct {
	Ref  string `xml:"ref,attr"`
	Type string `xml:"type,attr"`
}

// Names returns the name of a contributor (a State, an organization), for provider-org; the
// export falls back to the actor's identifier where it returns "".
type Names func(board.ActorID) string

// FundID returns the IATI identifier of a fund's activity under rules r.
func FundID(r *charter.Rules, f board.FundID) string {
	return r.Organization.IATIRef + "-FUND-" + string(f)
}

// ProgrammeID returns the IATI identifier of a programme's activity under rules r.
func ProgrammeID(r *charter.Rules, p board.ProgrammeID) string {
	return r.Organization.IATIRef + "-PROG-" + string(p)
}

// ErrNoRef is returned when the rules file gives no organization.iati_ref: IATI identifiers are
// the publisher's to choose and must never change once published, so none is made up.
var ErrNoRef = fmt.Errorf("the rules file gives no organization.iati_ref, the IATI organisation identifier the export's identifiers start with")

// BuildActivities returns the activities of s as of t under rules r: one per fund, then one per
// programme, each with the transactions recorded by t and not reversed by t. Reversed entries
// are left out rather than reported with their reversal, so that each activity's incoming funds
// add up to the cash the treasury counts as received.
func BuildActivities(s *board.State, r *charter.Rules, t time.Time, names Names) (*Activities, error) {
	if r.Organization.IATIRef == "" {
		return nil, ErrNoRef
	}
	reporting := Org{Ref: r.Organization.IATIRef, Type: orgTypeMultilateral, Narratives: orgNames(r)}
	lang := "en"
	if len(r.Organization.Languages) > 0 {
		lang = r.Organization.Languages[0]
	}
	// generated-datetime is the as-of instant, not the wall clock: the same record and instant
	// then give the same bytes, which is what lets anyone rebuild an export and compare.
	doc := &Activities{Version: Version, Generated: t.UTC().Format(time.RFC3339)}

	// Transactions by fund and by programme, from one pass over the ledger in recording order.
	fundTx := map[board.FundID][]Transaction{}
	progTx := map[board.ProgrammeID][]Transaction{}
	for _, line := range s.Contributions("", t) {
		e := line.Entry
		if line.ReversedBy != "" || e.Type == board.EntryReversal || e.Fund == "" {
			continue
		}
		var code string
		switch {
		case e.Type == board.EntryPledge:
			code = txIncomingPledge
		case e.Type == board.EntryReceipt && e.Form != "in-kind":
			code = txIncomingFunds
		default:
			// In-kind support is goods and services at a declared value, not money: IATI has no
			// transaction type for it, and reporting it as incoming funds would overstate cash.
			continue
		}
		name := names(e.Contributor)
		if name == "" {
			name = string(e.Contributor)
		}
		provider := &Org{Narratives: []Narrative{{Text: name}}}
		if _, ok := e.Contributor.State(); ok {
			provider.Type = orgTypeGovernment
		}
		fundTx[e.Fund] = append(fundTx[e.Fund], Transaction{
			Ref: string(e.ID), Type: Code{code}, Date: ISODate{date(txDate(e))},
			Value: value(e.Amount, rateDate(e)), Provider: provider,
		})
	}
	reversed := map[board.EntryID]bool{}
	var allocations []*board.Entry
	for e := range s.Treasury.Ledger.EntriesAt(t) {
		switch e.Type {
		case board.EntryReversal:
			reversed[e.Reverses] = true
		case board.EntryAllocation:
			if e.Programme != "" && e.Fund != "" {
				allocations = append(allocations, e)
			}
		}
	}
	// Funds and the programmes they gave to, for related-activity: IATI readers follow the
	// money from a fund to the programmes it finances by these links.
	children := map[board.FundID][]board.ProgrammeID{}
	parents := map[board.ProgrammeID][]board.FundID{}
	for _, e := range allocations {
		if reversed[e.ID] {
			continue
		}
		if !slices.Contains(children[e.Fund], e.Programme) {
			children[e.Fund] = append(children[e.Fund], e.Programme)
			parents[e.Programme] = append(parents[e.Programme], e.Fund)
		}
		// An allocation moves money the Board holds from one of its funds to one of its
		// programmes: for the programme, a commitment from the fund's activity, not new money
		// (reporting it as incoming funds would count the same cash twice).
		progTx[e.Programme] = append(progTx[e.Programme], Transaction{
			Ref: string(e.ID), Type: Code{txIncomingCommitment}, Date: ISODate{date(txDate(e))},
			Value: value(e.Amount, rateDate(e)),
			Provider: &Org{Ref: r.Organization.IATIRef, Type: orgTypeMultilateral,
				ProviderActivityID: FundID(r, e.Fund), Narratives: orgNames(r)[:1]},
		})
	}
	for _, d := range s.DisbursementList(t) {
		if d.Status != board.DisbursementPaid {
			continue
		}
		progTx[d.Programme] = append(progTx[d.Programme], Transaction{
			Ref: string(d.ID), Type: Code{txDisbursement}, Date: ISODate{date(d.Paid)},
			Value:       value(d.Pay, d.Paid),
			Description: textOf(d.Purpose),
			Receiver:    &Org{Narratives: []Narrative{{Text: d.Payee}}},
		})
	}

	for _, f := range s.FundList(r, t) {
		start := f.Opened
		if start.IsZero() {
			// A fund of the rules file exists from the day the rules take effect.
			start = r.EffectiveFrom
		}
		desc := f.Purpose
		if desc == "" {
			desc = f.Name
		}
		doc.List = append(doc.List, Activity{
			Lang: lang, Hierarchy: 1, Identifier: FundID(r, f.ID), ReportingOrg: reporting,
			Title: Text{[]Narrative{{Text: f.Name}}}, Description: *textOf(desc),
			Participating: []Org{{Ref: reporting.Ref, Type: reporting.Type, Role: roleExtending, Narratives: reporting.Narratives[:1]}},
			Status:        Code{statusImplementation},
			Dates:         []Date{{Type: dateActualStart, ISODate: date(start)}},
			Transactions:  fundTx[f.ID],
			Related:       related(r, children[f.ID], ProgrammeID, relatedChild),
		})
	}
	for _, p := range s.ProgrammeList(t) {
		participating := []Org{{Ref: reporting.Ref, Type: reporting.Type, Role: roleFunding, Narratives: reporting.Narratives[:1]}}
		if p.Subsidiary != "" {
			participating = append(participating, Org{Role: roleImplementing, Narratives: []Narrative{{Text: subsidiaryName(s, p.Subsidiary)}}})
		}
		desc := p.Name
		if p.Area != "" {
			desc += " (" + p.Area + ")"
		}
		doc.List = append(doc.List, Activity{
			Lang: lang, Hierarchy: 2, Identifier: ProgrammeID(r, p.ID), ReportingOrg: reporting,
			Title: Text{[]Narrative{{Text: p.Name}}}, Description: *textOf(desc),
			Participating: participating,
			Status:        Code{statusImplementation},
			Dates:         programmeDates(p),
			Countries:     countries(p.Countries),
			Sectors:       sectors(p.Sectors),
			Transactions:  progTx[p.ID],
			Related:       related(r, parents[p.ID], FundID, relatedParent),
		})
	}
	return doc, nil
}

// programmeDates returns a programme's activity dates: its planned start where the programme
// gives one, its actual start (the day it was created: money can reach it from then on), its
// planned end where given.
func programmeDates(p board.ProgrammeView) []Date {
	var out []Date
	if !p.Start.IsZero() {
		out = append(out, Date{Type: datePlannedStart, ISODate: date(p.Start)})
	}
	out = append(out, Date{Type: dateActualStart, ISODate: date(p.Created)})
	if !p.End.IsZero() {
		out = append(out, Date{Type: datePlannedEnd, ISODate: date(p.End)})
	}
	return out
}

// countries returns a programme's recipient countries, as given (board checked that their
// percentages add up to 100).
func countries(shares []board.CountryShare) []Country {
	var out []Country
	for _, c := range shares {
		out = append(out, Country{Code: string(c.Code), Percentage: int(c.Percentage)})
	}
	return out
}

// sectors returns a programme's sectors in the DAC vocabulary, as given.
func sectors(shares []board.SectorShare) []Sector {
	var out []Sector
	for _, s := range shares {
		out = append(out, Sector{Vocabulary: vocabularyDAC, Code: string(s.Code), Percentage: int(s.Percentage)})
	}
	return out
}

// WriteActivities writes the activities of s as of t under rules r as an IATI activities file.
func WriteActivities(w io.Writer, s *board.State, r *charter.Rules, t time.Time, names Names) error {
	doc, err := BuildActivities(s, r, t, names)
	if err != nil {
		return err
	}
	return encode(w, doc)
}

func encode(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("iati: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// orgNames returns the organization's name in each of its languages, the first without a
// language attribute (it is the activity's own).
func orgNames(r *charter.Rules) []Narrative {
	var out []Narrative
	for i, l := range r.Organization.Languages {
		n := Narrative{Lang: l, Text: r.Organization.Name[l]}
		if i == 0 {
			n.Lang = ""
		}
		out = append(out, n)
	}
	return out
}

func subsidiaryName(s *board.State, id board.SubsidiaryID) string {
	if sub, ok := s.Subsidiaries[id]; ok && sub.Name != "" {
		return sub.Name
	}
	return string(id)
}

// related returns the related-activity links of type typ to the activities of ids.
func related[ID any](r *charter.Rules, ids []ID, activity func(*charter.Rules, ID) string, typ string) []Related {
	var out []Related
	for _, id := range ids {
		out = append(out, Related{Ref: activity(r, id), Type: typ})
	}
	return out
}

func textOf(s string) *Text {
	if s == "" {
		return nil
	}
	return &Text{[]Narrative{{Text: s}}}
}

// txDate is the day a contribution or allocation took place: its value date where the act gave
// one, else the day it was recorded.
func txDate(e *board.Entry) time.Time {
	if !e.ValueDate.IsZero() {
		return e.ValueDate
	}
	return e.Recorded
}

// rateDate is the day an entry's US dollar rate is of (IATI's value-date): the rate's date where
// the ledger took a dated rate, else the transaction's own date.
func rateDate(e *board.Entry) time.Time {
	if !e.RateDate.IsZero() {
		return e.RateDate
	}
	return txDate(e)
}

func value(a money.Amount, on time.Time) Value {
	return Value{Currency: string(a.Currency), ValueDate: date(on), Amount: a.Decimal()}
}

func date(t time.Time) string { return t.UTC().Format(time.DateOnly) }
