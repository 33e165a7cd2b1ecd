package web

import (
	"maps"
	"strings"
	"time"

	"github.com/peaceboard/peaceboard/board"
	"github.com/peaceboard/peaceboard/charter"
	"github.com/peaceboard/peaceboard/record"
)

// An actView is one act of the record, described for a reader: the timeline, a State's history
// and the feed show it.
type actView struct {
	Index    uint64
	At       time.Time
	By       string // who acted, by name
	Kind     board.Kind
	KindName string // the kind's label: "Invitation"
	Summary  string // one sentence: "The Chairman invited Kazakhstan…"
	Texts    []quote
	Link     string // the page about what the act concerns, "" if none
}

// A quote is a free text of an act (a reason, a comment, a note), shown as the actor wrote it.
type quote struct{ Label, Text string }

// names resolves the identifiers that acts refer to into the names readers know: Executive Board
// members' names, decisions' titles, subsidiary entities', funds' and programmes' names.
type names struct {
	people       map[board.ExecutiveID]string
	decisions    map[board.DecisionID]string
	subsidiaries map[board.SubsidiaryID]string
	funds        map[board.FundID]string
	programmes   map[board.ProgrammeID]string
}

// namesOf copies the names a state knows; it runs inside a view, the copy outlives it.
func namesOf(st *board.State, r *charter.Rules) *names {
	n := &names{
		people:       map[board.ExecutiveID]string{},
		decisions:    make(map[board.DecisionID]string, len(st.Decisions)),
		subsidiaries: map[board.SubsidiaryID]string{},
		funds:        map[board.FundID]string{},
		programmes:   map[board.ProgrammeID]string{},
	}
	for id, x := range st.Executives {
		n.people[id] = x.Person
	}
	for id, x := range st.Decisions {
		n.decisions[id] = x.Title
	}
	for id, x := range st.Subsidiaries {
		n.subsidiaries[id] = x.Name
	}
	for _, f := range r.Funds {
		n.funds[board.FundID(f.ID)] = f.Name
	}
	for id, f := range st.Treasury.Funds {
		n.funds[id] = f.Name
	}
	for id, p := range st.Treasury.Programmes {
		n.programmes[id] = p.Name
	}
	return n
}

func orID[K ~string](m map[K]string, id K) string {
	if v, ok := m[id]; ok && v != "" {
		return v
	}
	return string(id)
}

// withPeople returns the page's locale, naming Executive Board members as n knows them.
func (p *page) withPeople(n *names) *locale {
	l := *p.L
	l.people = maps.Clone(n.people)
	p.L = &l
	return p.L
}

// describe describes one entry of the record. An entry whose act cannot be read (which verify
// would report) is described by its kind alone.
func (p *page) describe(n *names, en record.Entry) actView {
	l := p.L
	v := actView{Index: en.Index, At: en.At, By: l.Actor(board.ActorID(en.Actor)), Kind: board.Kind(en.Kind)}
	v.KindName = l.t("kind." + en.Kind)
	a, err := board.ParseCanonical(en.Act)
	if err != nil {
		v.Summary = v.KindName
		return v
	}
	by := l.Actor(a.By)
	self, _ := a.By.State()
	say := func(args ...any) { v.Summary = l.f("act."+en.Kind, args...) + v.Summary }
	add := func(label, text string) {
		if strings.TrimSpace(text) != "" {
			v.Texts = append(v.Texts, quote{Label: l.t(label), Text: text})
		}
	}
	dec := func(id board.DecisionID) string { v.Link = p.DecisionLink(id); return orID(n.decisions, id) }
	switch b := a.Body.(type) {
	case *board.Establish:
		say()
	case *board.RegisterKey:
		if b.Development {
			v.Summary = l.t("act.development_key")
		}
		say(l.Actor(b.Actor))
	case *board.RevokeKey:
		say(b.KeyID, l.Actor(b.Actor))
	case *board.Invite:
		if b.Founding {
			v.Summary = l.t("act.invite.founding")
		}
		if b.Head != "" {
			v.Summary = l.f("act.invite.head", b.Head) + v.Summary
		}
		say(l.State(b.State))
		v.Link = p.StateLink(b.State)
	case *board.WithdrawInvitation:
		say(l.State(b.State))
		v.Link = p.StateLink(b.State)
	case *board.Decline, *board.Withdraw:
		say(by)
		v.Link = p.StateLink(self)
	case *board.Consent:
		how := l.t("instrument." + b.Instrument)
		if b.Place != "" {
			how += ", " + b.Place
		}
		say(by, how)
		v.Link = p.StateLink(self)
	case *board.RenewTerm:
		say(l.State(b.State))
		v.Link = p.StateLink(b.State)
	case *board.ProposeRemoval:
		say(l.State(b.State))
		add("text.reason", b.Reason)
		v.Link = p.StateLink(b.State)
	case *board.VetoRemoval:
		say(by, string(b.Removal))
	case *board.Dissolve:
		say()
		add("text.reason", b.Reason)
	case *board.DesignateSuccessor:
		say(b.Person)
		v.Link = p.Link("/executive")
	case *board.Resign:
		say()
		v.Link = p.Link("/executive")
	case *board.FindIncapacity:
		say(by)
		v.Link = p.Link("/executive")
	case *board.AppointExecutive:
		say(b.Person)
		v.Link = p.Link("/executive")
	case *board.RenewExecutive:
		say(orID(n.people, b.ID))
		v.Link = p.Link("/executive")
	case *board.RemoveExecutive:
		say(orID(n.people, b.ID))
		v.Link = p.Link("/executive")
	case *board.CreateSubsidiary:
		say(b.Name)
		add("text.mandate", b.Mandate)
		add("text.members", strings.Join(b.Members, ", "))
		v.Link = p.Link("/executive")
	case *board.ModifySubsidiary:
		say(orID(n.subsidiaries, b.ID))
		add("text.name", b.Name)
		add("text.mandate", b.Mandate)
		add("text.members", strings.Join(b.Members, ", "))
		v.Link = p.Link("/executive")
	case *board.DissolveSubsidiary:
		say(orID(n.subsidiaries, b.ID))
		v.Link = p.Link("/executive")
	case *board.Accredit:
		if a.By == board.Chairman {
			v.Summary = l.f("act.accredit.approved", b.Person, l.State(b.State))
			v.Link = p.StateLink(b.State)
			break
		}
		say(by, b.Person, l.t("role."+b.Role))
		v.Link = p.StateLink(self)
	case *board.Convene:
		say(by, l.t("meeting."+string(b.Type)), l.Date(b.Date), b.Place)
		v.Link = p.Link("/decisions")
	case *board.Propose:
		say(by, b.Title, l.t("dkind."+string(b.Type)))
		add("text.text", b.Text)
		v.Link = p.DecisionLink(b.ID)
	case *board.Comment:
		say(by, dec(b.Proposal))
		add("text.comment", b.Text)
	case *board.SetAgenda:
		titles := make([]string, len(b.Proposals))
		for i, id := range b.Proposals {
			titles[i] = orID(n.decisions, id)
		}
		say(by, string(b.Meeting), strings.Join(titles, " ; "))
		v.Link = p.Link("/decisions")
	case *board.ApproveAgenda:
		say(string(b.Meeting))
		v.Link = p.Link("/decisions")
	case *board.OpenVote:
		say(dec(b.Proposal))
	case *board.Vote:
		say(by, l.t("choice."+string(b.Choice)), dec(b.Proposal))
	case *board.CloseVote:
		say(dec(b.Proposal))
	case *board.CastingVote:
		say(l.t("choice."+string(b.Choice)), dec(b.Proposal))
	case *board.Approve:
		say(dec(b.Proposal))
		add("text.reason", b.Reason)
	case *board.WithholdApproval:
		say(dec(b.Proposal))
		add("text.reason", b.Reason)
	case *board.Directive:
		say(b.Title)
		add("text.text", b.Text)
		v.Link = p.DecisionLink(b.ID)
	case *board.Recommend:
		say(by, string(b.Meeting))
		add("text.text", b.Text)
	case *board.Report:
		say(by, string(b.Meeting))
		add("text.text", b.Text)
	case *board.ReportMandate:
		say(by, b.Mandate)
		add("text.text", b.Text)
	case *board.Pledge:
		who := by
		if b.Contributor != "" {
			who = l.Actor(b.Contributor)
		}
		fund := b.Fund
		if fund == "" {
			fund = board.DefaultFund
		}
		say(who, l.Money(b.Amount), orID(n.funds, fund))
		add("text.note", b.Note)
		v.Link = p.Link("/treasury")
	case *board.Receive:
		fund := b.Fund
		if fund == "" {
			fund = board.DefaultFund
		}
		say(l.Money(b.Amount), l.Actor(b.Contributor), l.t("form."+b.Form), orID(n.funds, fund), l.Date(b.ValueDate))
		add("text.note", b.Note)
		v.Link = p.Link("/treasury")
	case *board.SetRate:
		say(string(b.Currency), b.USDRate, l.Date(b.Date))
		add("text.source", b.Source)
	case *board.OpenFund:
		say(by, b.Name)
		add("text.purpose", b.Purpose)
		v.Link = p.Link("/treasury")
	case *board.OpenAccount:
		say(by, string(b.ID), b.Institution, string(b.Currency))
		v.Link = p.Link("/treasury")
	case *board.SetControls:
		say(by)
		v.Link = p.Link("/treasury")
	case *board.Allocate:
		say(by, l.Money(b.Amount), orID(n.funds, b.Fund), orID(n.programmes, b.Programme))
		v.Link = p.Link("/treasury")
	case *board.Disburse:
		say(l.Money(b.Amount), b.Payee, orID(n.programmes, b.Programme))
		add("text.purpose", b.Purpose)
		v.Link = p.Link("/treasury")
	case *board.ApproveDisbursement:
		say(by, string(b.Disbursement))
		v.Link = p.Link("/treasury")
	case *board.Reverse:
		say(string(b.Entry))
		add("text.reason", b.Reason)
		v.Link = p.Link("/treasury")
	case *board.CreateProgramme:
		say(b.Name, l.Money(b.Budget), orID(n.subsidiaries, b.Subsidiary))
		add("text.area", b.Area)
		v.Link = p.Link("/treasury")
	case *board.ReportProgress:
		say(by, orID(n.programmes, b.Programme))
		add("text.text", b.Text)
		v.Link = p.Link("/treasury")
	default:
		v.Summary = v.KindName
	}
	return v
}
