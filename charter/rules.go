// Package charter reads the rules file: the charter of an organization as data. Every threshold,
// period and power that the domain enforces comes from a Rules value, never from a constant in
// code. The Board of Peace charter is embedded as the default (Default).
package charter

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/money"
)

// Rules is a validated rules file.
type Rules struct {
	// ID names the rules file ("board-of-peace"); Version and EffectiveFrom say which text it is.
	ID            string
	Version       string
	EffectiveFrom time.Time

	Organization   Organization
	Membership     Membership
	Renewal        Renewal
	PermanentSeat  PermanentSeat
	Withdrawal     Withdrawal
	Removal        Removal
	EntryIntoForce EntryIntoForce
	Subsidiaries   Subsidiaries
	ExecutiveBoard ExecutiveBoard
	Meetings       Meetings
	Agenda         Agenda
	Decisions      Decisions
	Controls       Controls
	Treasury       Treasury
	Amendments     Amendments
	Dissolution    Dissolution
	States         States

	Funds         []Fund
	Accounts      []Account
	Mandates      []Mandate
	Organizations []Org

	// Source is the text the rules were read from, kept so that a database records exactly which
	// rules it was built under.
	Source string
}

// Organization names the organization and its inaugural office holders.
type Organization struct {
	Name      map[string]string // by language: "en" → "Board of Peace"
	Languages []string          // official languages, first is the default
	Chairman  string            // the inaugural Chairman (R16)
	// IATIRef is the organization's IATI organisation identifier ({agency}-{number}, e.g.
	// "XI-IATI-EXAMPLE"), the prefix of every activity identifier in its IATI exports. Empty
	// when the rules file gives none: rules files written before it still load, and the IATI
	// exports refuse to run without it rather than invent one.
	IATIRef string
}

// TermFrom says what a member's term is counted from (R4).
type TermFrom string

// The values of membership.term_from.
const (
	TermFromEntryIntoForce TermFrom = "entry-into-force"
	TermFromJoining        TermFrom = "joining"
)

// Membership holds R2 and R4.
type Membership struct {
	Starts   string // only "max(consent, entry_into_force)" is defined
	Term     Period
	TermFrom TermFrom
}

// Renewal holds R4's renewal length: a renewal moves the term end by Length.
type Renewal struct{ Length Period }

// Comparison says how a sum is compared with the permanent-seat threshold (R5).
type Comparison string

// The values of permanent_seat.comparison.
const (
	MoreThan Comparison = "more-than"
	AtLeast  Comparison = "at-least"
)

// PermanentSeat holds R5.
type PermanentSeat struct {
	Threshold  money.Amount
	Comparison Comparison
	Window     Period
	Counts     string // only "cash-received" is defined
}

// Withdrawal holds R6.
type Withdrawal struct{ Notice Period }

// Removal holds R7.
type Removal struct {
	VetoFraction Fraction
	VetoBase     string // only "members-excluding-subject" is defined
	VetoWindow   Period
}

// EntryIntoForce holds R8.
type EntryIntoForce struct{ Consents int }

// Subsidiaries holds R9/R14: who creates subsidiary entities.
type Subsidiaries struct{ CreatedBy string }

// ExecutiveBoard holds R17.
type ExecutiveBoard struct {
	Term Period
	Vote string
}

// Meetings holds R10 and R12.
type Meetings struct {
	VotingMinPer    Period
	ReportingMinPer Period
}

// Agenda holds R10's comment period.
type Agenda struct{ CommentPeriod Period }

// Decisions holds R11.
type Decisions struct {
	Quorum           string // "none"
	ApprovalDeadline string // "none" or a period
	ApprovalDefault  string // "pending", "approved" or "not-approved": what a majority not approved by the deadline becomes
}

// Controls holds R18.
type Controls struct {
	DisbursementApprovals []ApprovalTier
}

// An ApprovalTier requires Approvals distinct approvers for a disbursement above Above.
type ApprovalTier struct {
	Above     money.Amount
	Approvals int
}

// Treasury holds the bounds of the ledger, outside R1–R20: they guard against a mistake or a
// flood, not a rule of the charter.
type Treasury struct {
	// MaxPerAct is the most one pledge or receipt may be worth, in US dollars at the rate the act
	// is recorded with (R18): an act worth more is refused. The acts that bring money into the
	// ledger are capped; every other movement is bounded by what they brought. Zero: no cap, as
	// for a rules file that names none (the key is not taken from the default: records made
	// before the cap existed verify as they were decided).
	MaxPerAct money.Amount
}

// Amendments holds R20.
type Amendments struct{ Rule string }

// Dissolution says who may dissolve the organization: "unknown" (refused, R20) or "chairman".
type Dissolution struct{ By string }

// States says which codes name States (acts naming a State, actors state:ISO3).
type States struct{ Codes StateCodes }

// A Fund is a fund declared by the rules file.
type Fund struct {
	ID, Name, Purpose string
	// Translations gives the name and purpose in the organization's other languages (name_fr,
	// purpose_fr): optional, for rules files written before them still load, and their records
	// still verify, the rules being data inside the record.
	Translations Translations
}

// Translations holds a text of the rules file written in other languages than the file's own: a
// key name_fr = "Fonds général" beside name = "General fund" is Translations["name"]["fr"].
type Translations map[string]map[string]string

// In returns the text key in lang, or def when the rules file gives none.
func (t Translations) In(key, lang, def string) string {
	if s := t[key][lang]; s != "" {
		return s
	}
	return def
}

// An Org is an organization that may act or contribute (actor org:ID), named by the rules file so
// that readers see a name rather than an identifier. The list is optional: an organization it
// does not name acts all the same, shown by its identifier.
type Org struct {
	ID, Name     string
	Translations Translations // name_fr
}

// An Account is a bank account declared by the rules file.
type Account struct {
	ID, Institution string
	Currency        money.Currency
	Translations    Translations // institution_fr: optional, like a fund's
}

// A Mandate is an outside authorization with a reporting duty (UN Security Council resolution
// 2803: a written progress report every 6 months until 31 December 2027).
type Mandate struct {
	ID, Name     string
	From, Until  time.Time
	ReportEvery  Period
	Translations Translations // name_fr: optional, like a fund's
}

//go:embed board-of-peace.toml
var boardOfPeace string

// DefaultID is the ID of the embedded default rules file.
const DefaultID = "board-of-peace"

// Default returns the embedded Board of Peace rules.
func Default() *Rules {
	r, err := parse(DefaultID+".toml", boardOfPeace, nil)
	if err != nil {
		panic("charter: the embedded rules file is invalid: " + err.Error())
	}
	return r
}

// Parse reads and validates a rules file. Parameters the file leaves out take the embedded
// Board of Peace values; the organization, its funds, accounts and mandates never do. The error,
// if any, is a *Problems listing every problem found.
func Parse(name, text string) (*Rules, error) {
	return parse(name, text, Default())
}

// Name returns the organization's name in lang, or in its first official language.
func (r *Rules) Name(lang string) string {
	if n, ok := r.Organization.Name[lang]; ok {
		return n
	}
	if len(r.Organization.Languages) > 0 {
		return r.Organization.Name[r.Organization.Languages[0]]
	}
	return r.ID
}

// HasFund reports whether id is a fund the rules file declares.
func (r *Rules) HasFund(id string) bool {
	return slices.ContainsFunc(r.Funds, func(f Fund) bool { return f.ID == id })
}

// A Problem is one thing wrong in a rules file.
type Problem struct {
	Key  string
	Line int // 0 when unknown
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("line %d: %s: %s", p.Line, p.Key, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.Key, p.Msg)
}

// Problems is the error of a rules file with one or more problems.
type Problems struct {
	File string
	List []Problem
}

func (e *Problems) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problem", e.File, len(e.List))
	if len(e.List) != 1 {
		b.WriteString("s")
	}
	for _, p := range e.List {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}
